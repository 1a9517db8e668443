"""Labels, text normalisation, row reading and audit checks, each on small exact cases."""

from __future__ import annotations

import pytest

from jixiao import records_from_text
from jixiao.extract.model import Cell
from jixiao.normalize.checks import check_cost_total, check_funds_sum, check_years
from jixiao.normalize.labels import match_level1, match_level2, strip_decorations
from jixiao.normalize.rows import BodyColumns, read_body
from jixiao.normalize.text import clean_cell_text

COLS = BodyColumns(level1=1, level2=2, level3=3, target=4)


@pytest.mark.parametrize(
    ("printed", "stripped"),
    [
        ("数量指标 (必填硬性指标)", "数量指标"),
        ("质量指标（必填）", "质量指标"),
        ("产出指标(50分)", "产出指标"),
        ("绩 效 指 标", "绩效指标"),
        ("时效指标\n（选填）", "时效指标"),
        ("其中: 财政拨款", "财政拨款"),
        ("项目资金 (万元)", "项目资金"),
        ("年度资金总额:", "年度资金总额"),
        ("产出指标（40%）", "产出指标"),
        ("一、产出指标", "产出指标"),
        ("2.效益指标", "效益指标"),
    ],
)
def test_decorations_stripped(printed: str, stripped: str) -> None:
    assert strip_decorations(printed) == stripped


@pytest.mark.parametrize(
    ("printed", "canonical", "exact"),
    [
        ("进度指标", "时效指标", True),
        ("产出数量指标", "数量指标", True),
        ("环境效益指标", "生态效益指标", True),
        ("社会公众或服务对象满意度指标（必填）", "服务对象满意度指标", True),
        ("经济效益", "经济效益指标", True),
        ("数量目标", "数量指标", True),
        ("服务对象满竟度指标", "服务对象满意度指标", False),  # one OCR slip in nine characters
        ("数重指标", None, False),  # one slip in four: too close to 质量指标 to guess
        ("项目完成情况", None, False),
    ],
)
def test_level2_matching(printed: str, canonical: str | None, exact: bool) -> None:
    match = match_level2(printed)
    assert match.canonical == canonical
    assert match.exact is exact
    assert match.raw == printed


def test_level1_variants() -> None:
    assert match_level1("效果指标").canonical == "效益指标"
    assert match_level1("投入指标").canonical == "投入指标"
    assert match_level1("产 出 指 标").canonical == "产出指标"


@pytest.mark.parametrize(
    ("printed", "clean"),
    [
        ("经费 100 万元，每人每年 2.5 万元", "经费100万元，每人每年2.5万元"),
        ("２０２２ 年 全年", "2022年全年"),
        ("作用和 in 人民群众", "作用和 in 人民群众"),
        ("实行网格化管理, 网格员走访", "实行网格化管理, 网格员走访"),
        ("≥ 95%", "≥ 95%"),
        ("恶性案 (事)\n件", "恶性案 (事)件"),
        ("Annual\nreport", "Annual report"),
        ("ＡＢＣ１２３", "ABC123"),
    ],
)
def test_text_normalisation(printed: str, clean: str) -> None:
    assert clean_cell_text(printed) == clean


def _row(*texts: str, line: int = 1) -> list[Cell]:
    return [Cell(text=t, row=line, col=c, line=line) for c, t in enumerate(texts)]


def _read(rows: list[list[Cell]]) -> list[tuple]:
    drafts = read_body(rows, COLS).drafts
    return [
        (d.level1.canonical if d.level1 else None, d.level2.canonical if d.level2 else None,
         d.name.text if d.name else None, d.value.text if d.value else None)
        for d in drafts
    ]


def test_rows_realigned_by_content_not_position() -> None:
    rows = [
        _row("绩效指标", "产出指标", "数量指标", "a", "1"),
        _row("", "成本指标", "b", "2"),  # lost a leading empty cell: 成本指标 is level 2 here
        _row("效益指标", "社会效益指标", "c", "3"),  # lost one: level 1 in column 0
        _row("", "", "d", "4", ""),  # shifted left, trailing empty
    ]
    assert _read(rows) == [
        ("产出指标", "数量指标", "a", "1"),
        ("产出指标", "成本指标", "b", "2"),
        ("效益指标", "社会效益指标", "c", "3"),
        ("效益指标", "社会效益指标", "d", "4"),
    ]


def test_cost_as_level_one_in_the_2021_framework() -> None:
    rows = [
        _row("绩效指标", "成本指标", "经济成本指标", "a", "1"),
        _row("", "产出指标", "数量指标", "b", "2"),
        _row("", "", "成本指标", "c", "3"),  # classic 成本指标 under 产出指标 in the same table
    ]
    assert _read(rows) == [
        ("成本指标", "经济成本指标", "a", "1"),
        ("产出指标", "数量指标", "b", "2"),
        ("产出指标", "成本指标", "c", "3"),
    ]


def test_a_name_that_reads_like_a_label_stays_a_name() -> None:
    rows = [_row("绩效指标", "满意度指标", "服务对象满意度指标", "服务对象满意度", "≥95%")]
    assert _read(rows) == [("满意度指标", "服务对象满意度指标", "服务对象满意度", "≥95%")]


def test_names_and_values_on_different_rows_are_re_paired_in_order() -> None:
    rows = [
        _row("绩效指标", "产出指标", "时效指标", "n1", "n2", "v1", line=1),
        _row("", "", "", "", "n3", "v2", line=2),
        _row("", "", "", "", "", "v3", line=3),
    ]
    reading = read_body(rows, COLS)
    assert [(d.name.text, d.value.text, d.repaired) for d in reading.drafts] == [
        ("n1", "v1", False), ("n2", "v2", True), ("n3", "v3", True),
    ]
    [finding] = reading.findings
    assert finding.code == "row_shifted" and "counts agree" in finding.message


def test_funds_sum() -> None:
    assert check_funds_sum({"unit": "元", "total": 100, "fiscal": 60, "other": 40}) == []
    assert check_funds_sum({"unit": "元", "total": 100, "fiscal": 100, "other": None}) == []
    [finding] = check_funds_sum({"unit": "元", "total": 100, "fiscal": 60, "other": 30})
    assert finding.code == "funds_sum_mismatch"


def _cost(level3: str, target: str) -> dict:
    return {"level1": "产出指标", "level2": "成本指标", "level3": level3, "target": target}


def test_cost_total_checks() -> None:
    funds = {"unit": "元", "total": 65000}
    assert check_cost_total(funds, [_cost("经费补助标准", "6.5万元")]) == []
    assert check_cost_total(funds, [_cost("经费补助标准", "3万/个")]) == []  # a rate: no sum
    [suspect] = check_cost_total({"unit": "元", "total": 6.5}, [_cost("经费", "6.5万元")])
    assert suspect.code == "funds_unit_suspect"
    [mismatch] = check_cost_total(funds, [_cost("经费", "5万元"), _cost("运行经费（万元）", "2")])
    assert mismatch.code == "cost_sum_mismatch" and "7 万元" in mismatch.message
    assert check_cost_total(funds, [_cost("经费", "5万元"), _cost("其他", "按需")]) == []  # not all stated


def test_cost_total_checked_past_rows_that_state_no_money() -> None:
    funds = {"unit": "元", "total": 65000}
    social = {"level1": "成本指标", "level2": "社会成本指标", "level3": "对周边群众生活的影响", "target": "较小"}
    nil = _cost("其他成本", "无")
    [mismatch] = check_cost_total(funds, [_cost("经费", "5万元"), social, nil])
    assert mismatch.code == "cost_sum_mismatch" and "5 万元" in mismatch.message
    assert check_cost_total(funds, [_cost("经费", "6.5万元"), social, nil]) == []
    [suspect] = check_cost_total({"unit": "元", "total": 6.5}, [_cost("经费", "6.5万元"), social])
    assert suspect.code == "funds_unit_suspect"


def test_years_written_as_years_only() -> None:
    record = {"year": 2022, "project": {"name": None}, "overall_goal": "依据宁财发[2020]517号，2021-2023年规划，保障2022年工作", "indicators": []}
    assert check_years(record) == []
    record["overall_goal"] = "保障 2021 年工作"
    [finding] = check_years(record)
    assert (finding.code, finding.field) == ("year_mismatch", "overall_goal")


def test_unknown_label_is_warned_not_guessed() -> None:
    text = "\n".join([
        "## 项目支出绩效目标表", "(2022年度)",
        "\t".join(["项目名称", "甲"]), "\t".join(["项目资金(元)", "年度资金总额", "10"]),
        "\t".join(["一级指标", "二级指标", "三级指标", "指标值"]),
        "\t".join(["产出指标", "完成度指标", "甲", "1"]),
    ])
    [record] = records_from_text(text)
    indicator = record["indicators"][0]
    assert (indicator["level1"], indicator["level2"], indicator["source"]["level2_raw"]) == ("产出指标", None, "完成度指标")
    assert [w["code"] for w in record["warnings"]] == ["label_unmatched"]
