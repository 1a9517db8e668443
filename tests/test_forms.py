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
    assert found.exact  # a template's own way of printing the label, not a misprint: no label_fuzzy


def _record(name: str, text: str) -> dict:
    from jixiao import records_from_text

    (record,) = records_from_text(text, name)
    return record


MID_BLOCK = """项目支出绩效目标表
（2023年度）
项目名称\t乡村道路养护
主管部门\t交通运输局\t实施单位\t公路站
项目资金（万元）\t年度资金总额\t100
\t其中：财政拨款\t100
\t其他资金\t0
年度总体目标\t完成道路养护
一级指标\t二级指标\t三级指标\t指标值
\t数量指标\t养护里程\t≥20公里
产出指标\t质量指标\t验收合格率\t100%
\t时效指标\t完成时间\t2023年12月底前
\t社会效益指标\t通行条件\t明显改善
效益指标\t可持续影响指标\t长效管护\t长期
满意度指标\t服务对象满意度指标\t群众满意度\t≥95%
"""


def test_a_level1_label_printed_mid_block_heads_the_rows_above_it() -> None:
    record = _record("mid.tsv", MID_BLOCK)
    assert [i["level1"] for i in record["indicators"]] == ["产出指标"] * 3 + ["效益指标"] * 2 + ["满意度指标"]
    assert record["warnings"] == []


LONG_TERM = """项目支出绩效目标申报表
（2024年度）
项目名称\t河道综合治理
主管部门\t水务局\t实施单位\t水利站
项目资金（万元）\t年度资金总额\t300
\t其中：财政拨款\t300
\t其他资金\t0
总体目标\t中长期目标\t\t年度目标
\t三年内完成全流域治理\t\t完成上游5公里治理
一级指标\t二级指标\t三级指标\t中长期指标值\t年度指标值
产出值\t数量值\t治理河道长度\t15公里\t5公里
\t质量值\t验收合格率\t100%\t100%
效益值\t生态效益值\t水质达标率\t≥90%\t≥85%
满意度值\t服务对象满意度值\t沿岸群众满意度\t≥95%\t≥90%
"""


def test_long_term_and_annual_columns_and_value_style_labels() -> None:
    record = _record("long.tsv", LONG_TERM)
    assert (record["overall_goal"], record["overall_goal_long_term"]) == ("完成上游5公里治理", "三年内完成全流域治理")
    got = [(i["level1"], i["level2"], i["level3"], i["target"], i["target_long"]) for i in record["indicators"]]
    assert got == [
        ("产出指标", "数量指标", "治理河道长度", "5公里", "15公里"),
        ("产出指标", "质量指标", "验收合格率", "100%", "100%"),
        ("效益指标", "生态效益指标", "水质达标率", "≥85%", "≥90%"),
        ("满意度指标", "服务对象满意度指标", "沿岸群众满意度", "≥90%", "≥95%"),
    ]
    assert record["indicators"][0]["source"]["level1_raw"] == "产出值"
    assert [w["code"] for w in record["warnings"]] == []


@pytest.mark.parametrize("seed", range(4))
def test_a_traditional_copy_with_inserted_pinyin_reads_as_its_simplified_original(seed: int) -> None:
    """Labels are matched after conversion; the texts stay as printed (traditional)."""
    import re

    import opencc

    from jixiao import records_from_text
    from tests.generator import make_case

    to_traditional = opencc.OpenCC("s2t").convert
    case = make_case(seed, "tsv", "clean")
    # pinyin after some characters of the labels, as web mirrors insert it
    text = re.sub(r"(指)(标)", r"\1(zhǐ)\2(biāo)", to_traditional(case.text))
    simplified = records_from_text(case.text, "s.tsv")
    traditional = records_from_text(text, "t.tsv")
    assert [r["form"] for r in traditional] == [r["form"] for r in simplified]
    for got, want in zip(traditional, simplified, strict=True):
        assert [(i["level1"], i["level2"]) for i in got["indicators"]] == \
            [(i["level1"], i["level2"]) for i in want["indicators"]]
        assert [i["level3"] for i in got["indicators"]] == [to_traditional(i["level3"] or "") or None
                                                            for i in want["indicators"]]
        assert got["funds"] == want["funds"] and got["year"] == want["year"]
