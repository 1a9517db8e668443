"""The real document: twelve 部门项目支出预算绩效目标表, every flaw of its dump kept.

The expected records in tests/expected/ were checked by hand against the
sample, table by table; the explicit tests below spell out the flaws.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jixiao import records_from_path

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "pingluo-chengguan-2022-targets.txt"
EXPECTED = ROOT / "tests" / "expected" / "pingluo-chengguan-2022-targets.json"


@pytest.fixture(scope="module")
def records() -> list[dict]:
    found = records_from_path(SAMPLE)
    for record in found:
        record["source"]["path"] = "samples/pingluo-chengguan-2022-targets.txt"
    return found


@pytest.fixture(scope="module")
def expected() -> list[dict]:
    return json.loads(EXPECTED.read_text(encoding="utf-8"))


def test_sample_is_byte_identical_to_shared_copy() -> None:
    shared = ROOT.parent / "shared" / "samples" / SAMPLE.name
    if not shared.exists():
        pytest.skip("shared/ not beside the checkout")
    assert SAMPLE.read_bytes() == shared.read_bytes()


@pytest.mark.parametrize("index", range(12))
def test_each_record_exactly(records: list[dict], expected: list[dict], index: int) -> None:
    assert records[index] == expected[index]


def test_twelve_records(records: list[dict]) -> None:
    assert [r["project"]["name"] for r in records] == [
        "城关镇老旧小区治安管理",
        "平罗县城新区生态治理工程康家湖南湖项目",
        "村级办公经费",
        "村级创新社会管理经费",
        "社区创新社会管理经费",
        "社区党组织建设经费",
        "社区工作经费",
        "社区人员公积金",
        "社区运转经费",
        "乡镇和两个“中心”创新社会管理经费",
        "政府临聘人员经费",
        "助力乡村振兴驻村工作队经费",
    ]
    assert {r["year"] for r in records} == {2022}
    assert all(r["document"] == {"title": "平罗县城关镇人民政府项目支出预算绩效目标表", "attachment": "附件2"} for r in records)
    assert [r["funds"]["total"] for r in records] == [
        106, 150000, 480000, 320000, 400000, 400000, 1000000, 82800, 600000, 65000, 60000, 10000,
    ]
    assert all(r["funds"]["unit"] == "元" and r["funds"]["other"] is None for r in records)


def _rows(record: dict) -> list[tuple]:
    return [(i["level1"], i["level2"], i["level3"], i["target"]) for i in record["indicators"]]


def test_first_table_shifted_rows_flagged_and_nothing_lost(records: list[dict]) -> None:
    first = records[0]
    rows = _rows(first)
    assert rows[6:12] == [
        ("产出指标", "时效指标", "上岗后购买意外伤害保险和缴纳工伤保险", "入职手续办理后缴纳"),
        ("产出指标", "时效指标", "配发统一保安服装及相应装备", "入职手续办理后配发"),
        ("产出指标", "时效指标", "保安培训后上岗时间", "合格后即可上岗"),
        ("产出指标", "成本指标", "水暖电", "水电费各1万元"),
        ("产出指标", "成本指标", "聘请保安40名", "经费100万元，每人每年2.5万元"),
        ("产出指标", "成本指标", "设备维护设施维修", "经费5万元"),
    ]
    codes = [w["code"] for w in first["warnings"]]
    assert codes == ["row_shifted", "cell_unplaced", "funds_unit_suspect"]
    assert "镇政府对小区管理的满意度" in first["warnings"][1]["message"]
    assert [i["source"]["repaired"] for i in first["indicators"]][6:] == [False] + [True] * 9
    printed = {c for line in SAMPLE.read_text(encoding="utf-8").splitlines()[21:31] for c in line.split("\t") if c}
    kept = {i[k] for i in first["indicators"] for k in ("level3", "target") if i[k]}
    kept |= {i["source"]["level1_raw"] for i in first["indicators"]} | {i["source"]["level2_raw"] for i in first["indicators"]}
    unplaced = " ".join(w["message"] for w in first["warnings"])
    from jixiao.normalize.text import clean_cell_text

    assert all(clean_cell_text(c) in kept or c in kept or c in unplaced for c in printed)


def test_unit_suspect_matches_the_contract_example(records: list[dict]) -> None:
    warning = records[0]["warnings"][-1]
    assert warning == {
        "code": "funds_unit_suspect",
        "field": "funds.total",
        "message": "总额 106 元 but cost indicators add up to 106 万元",
    }


def test_split_cell_joined_across_page_break(records: list[dict]) -> None:
    rows = _rows(records[4])
    assert rows[3] == ("产出指标", "质量指标", "全年不发生较大影响的恶性案 (事)件", "0起")
    assert [w["code"] for w in records[4]["warnings"]] == ["cell_joined"]


def test_rows_that_lost_leading_cells_are_realigned_silently(records: list[dict]) -> None:
    rows = _rows(records[2])
    assert rows[5:] == [
        ("产出指标", "成本指标", "经费补助标准", "3万/个"),
        ("效益指标", "社会效益指标", "村级治理规范有序，基层治理能力不断提升", "明显"),
        ("效益指标", "可持续影响指标", "村干部队伍稳定、乡村振兴战略持续推进", "明显"),
        ("满意度指标", "服务对象满意度指标", "群众满意度", "≥95%"),
    ]
    assert records[2]["warnings"] == []


def test_year_mismatches_but_not_a_cited_document_number(records: list[dict]) -> None:
    flagged = {(n, w["field"]) for n, r in enumerate(records) for w in r["warnings"] if w["code"] == "year_mismatch"}
    assert flagged == {(3, "overall_goal"), (6, "overall_goal"), (8, "overall_goal"), (9, "overall_goal"), (11, "indicators[3].level3")}


def test_duplicate_row_kept_and_flagged(records: list[dict]) -> None:
    record = records[10]
    assert _rows(record)[1] == _rows(record)[4] == ("产出指标", "质量指标", "保障政府大院安保工作", "有效保障")
    assert [w["code"] for w in record["warnings"]] == ["duplicate_row"]


def test_cost_sum_mismatch_on_the_second_table(records: list[dict]) -> None:
    assert records[1]["warnings"] == [{
        "code": "cost_sum_mismatch",
        "field": "funds.total",
        "message": "总额 150000 元 but cost indicators add up to 15.96 万元",
    }]


def test_unit_in_the_name_applies_to_a_bare_number(records: list[dict]) -> None:
    indicator = records[7]["indicators"][3]
    assert indicator["level3"] == "落实社区工作者公积金 (万元)"
    assert (indicator["parsed"]["value"], indicator["parsed"]["unit"]) == (8.28, "万元")


def test_no_warning_on_the_clean_tables(records: list[dict]) -> None:
    assert [len(r["warnings"]) for r in records] == [3, 1, 0, 1, 1, 0, 1, 0, 1, 1, 1, 1]
