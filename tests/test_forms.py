"""Form knowledge as data: the form files, detection by title and by printed labels."""

from __future__ import annotations

import pytest

from jixiao.normalize.detect import detect_form
from jixiao.normalize.forms import FormDataError, _form_def, all_forms, form_def
from jixiao.normalize.labels import match_level1, match_level2
from jixiao.schema.validate import load_schema


def test_every_form_file_loads_and_the_schema_knows_its_code() -> None:
    codes = [f.form for f in all_forms()]
    assert len(codes) == len(set(codes))
    assert set(codes) == set(load_schema()["properties"]["form"]["enum"])
    assert form_def("transfer_target").authorities


def test_a_malformed_form_file_is_a_typed_error() -> None:
    with pytest.raises(FormDataError, match="unknown keys"):
        _form_def("x.toml", {"form": "x", "name": "x", "titles": [["x"]], "colour": "red"})
    with pytest.raises(FormDataError, match="x.toml"):
        _form_def("x.toml", {"name": "x"})


@pytest.mark.parametrize(("title", "form"), [
    ("2022年度项目支出绩效目标表", "project_target"),
    ("项目支出绩效目标申报表", "project_target"),
    ("XX项目支出绩效自评表", "project_self_eval"),
    ("部门整体支出绩效目标表", "department_target"),
    ("2021年部门整体支出绩效自评表", "department_self_eval"),
    ("农村环境整治资金专项转移支付区域绩效目标表", "transfer_target"),
])
def test_the_title_names_the_form(title: str, form: str) -> None:
    guess = detect_form(title, set(), set())
    assert (guess.form, guess.confidence, guess.doubt) == (form, 1.0, None)


def test_printed_labels_decide_without_a_title() -> None:
    assert detect_form(None, {"department.name", "department.tasks"}, set()).form == "department_target"
    assert detect_form(None, {"transfer.name", "authority.中央主管部门"}, set()).form == "transfer_target"
    assert detect_form(None, {"project.name"}, {"actual", "score", "weight"}).form == "project_self_eval"
    assert detect_form(None, {"department.name"}, {"actual", "score"}).form == "department_self_eval"
    plain = detect_form(None, {"project.name"}, set())
    assert (plain.form, plain.doubt) == ("project_target", None)


def test_a_title_the_columns_contradict_is_doubted() -> None:
    guess = detect_form("项目支出绩效目标表", {"project.name"}, {"actual", "score"})
    assert guess.form == "project_self_eval" and guess.confidence < 1 and "自评表" in (guess.doubt or "")


@pytest.mark.parametrize(("printed", "level1", "level2"), [
    ("产出值", "产出指标", None), ("效益值", "效益指标", None), ("数量值", None, "数量指标"), ("质量值", None, "质量指标"),
])
def test_value_style_level_labels(printed: str, level1: str | None, level2: str | None) -> None:
    assert match_level1(printed).canonical == level1
    assert match_level2(printed).canonical == level2
    found = match_level1(printed) if level1 else match_level2(printed)
    assert not found.exact  # warned as label_fuzzy: the printed label is not the canonical one
