from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.normalize.targets import ParsedTarget, money_amounts, parse_target

FAST = settings(max_examples=200, deadline=None, database=None)


def n(value, unit=None, cmp="=", subject=None):
    return ParsedTarget("number", cmp, value, None, unit, None, subject=subject)


def rng(a, b, unit=None):
    return ParsedTarget("range", "range", a, b, unit, None)


def date(cmp, date_from, date_to):
    return ParsedTarget("date", cmp, None, None, None, None, date_from=date_from, date_to=date_to)


def drange(date_from, date_to):
    return ParsedTarget("date_range", "range", None, None, None, None, date_from=date_from, date_to=date_to)


def qual(text):
    return ParsedTarget("qualitative", None, None, None, None, text)


TEXT = ParsedTarget("text", None, None, None, None, None)
EMPTY = ParsedTarget("empty", None, None, None, None, None)

EXAMPLES = [
    # pure numbers
    ("18", n(18)),
    ("8.28", n(8.28)),
    ("2.5", n(2.5)),
    ("1,000", n(1000)),
    ("560亩", n(560, "亩")),
    ("12个月", n(12, "个月")),
    ("80人次", n(80, "人次")),
    ("1441人", n(1441, "人")),
    ("0起", n(0, "起")),
    ("6.5万元", n(6.5, "万元")),
    ("3万/个", n(3, "万/个")),
    ("2万元/个", n(2, "万元/个")),
    ("95%", n(95, "%")),
    ("95％", n(95, "%")),
    # comparators
    ("≥95%", n(95, "%", "≥")),
    ("≧95%", n(95, "%", "≥")),
    (">=95%", n(95, "%", "≥")),
    ("＞=95%", n(95, "%", "≥")),
    ("＞90%", n(90, "%", ">")),
    ("＝12个月", n(12, "个月", "=")),
    ("≤30万元", n(30, "万元", "≤")),
    ("≦30万元", n(30, "万元", "≤")),
    ("不低于90%", n(90, "%", "≥")),
    ("不少于10次", n(10, "次", "≥")),
    ("不小于10次", n(10, "次", "≥")),
    ("大于等于10次", n(10, "次", "≥")),
    ("至少10次", n(10, "次", "≥")),
    ("95%以上", n(95, "%", "≥")),
    ("≥250天", n(250, "天", "≥")),
    ("不高于5%", n(5, "%", "≤")),
    ("不超过5万元", n(5, "万元", "≤")),
    ("不多于3次", n(3, "次", "≤")),
    ("不大于3次", n(3, "次", "≤")),
    ("小于等于3次", n(3, "次", "≤")),
    ("30天以内", n(30, "天", "≤")),
    ("5%以下", n(5, "%", "≤")),
    ("大于90%", n(90, "%", ">")),
    ("高于90%", n(90, "%", ">")),
    ("超过90%", n(90, "%", ">")),
    ("多于9人", n(9, "人", ">")),
    ("<5%", n(5, "%", "<")),
    ("＜5%", n(5, "%", "<")),
    ("小于5%", n(5, "%", "<")),
    ("低于5%", n(5, "%", "<")),
    ("少于5人", n(5, "人", "<")),
    ("等于12个月", n(12, "个月", "=")),
    ("≥ 95 %", n(95, "%", "≥")),
    # subject + quantity
    ("建设创业园1个", n(1, "个", subject="建设创业园")),
    ("经费5万元", n(5, "万元", subject="经费")),
    ("水电费各1万元", n(1, "万元", subject="水电费各")),
    ("经费不超过5万元", n(5, "万元", "≤", subject="经费")),
    # ranges
    ("4月—9月", rng(4, 9, "月")),
    ("1-12月", rng(1, 12, "月")),
    ("90%-95%", rng(90, 95, "%")),
    ("90%～95%", rng(90, 95, "%")),
    ("3~5个", rng(3, 5, "个")),
    ("3–5个", rng(3, 5, "个")),
    ("3至5个", rng(3, 5, "个")),
    ("3到5个", rng(3, 5, "个")),
    ("2.5-3.5万元", rng(2.5, 3.5, "万元")),
    # dates
    ("2022年12月底之前", date("≤", None, "2022-12")),
    ("2022年12月31日前", date("≤", None, "2022-12-31")),
    ("2023年6月", date("=", "2023-06", "2023-06")),
    ("2022年", date("=", "2022", "2022")),
    ("2023年1月起", date("≥", "2023-01", None)),
    ("不晚于2022年12月", date("≤", None, "2022-12")),
    ("2023.07-2024.01", drange("2023-07", "2024-01")),
    ("2023年7月-2024年1月", drange("2023-07", "2024-01")),
    ("2023.7—2024.1", drange("2023-07", "2024-01")),
    ("2023年7月至2024年1月", drange("2023-07", "2024-01")),
    ("2022年1-12月", drange("2022-01", "2022-12")),
    ("2023年7月-12月", drange("2023-07", "2023-12")),
    ("2023-2025年", drange("2023", "2025")),
    ("2023-07", date("=", "2023-07", "2023-07")),
    ("2023.07前", date("≤", None, "2023-07")),
    ("截至2022年12月31日", date("≤", None, "2022-12-31")),
    # a dotted year-month alone reads as well as a number: no guess
    ("2023.07", n(2023.07)),
    ("≥2023.07", n(2023.07, cmp="≥")),
    ("11月—3月", rng(11, 3, "月")),
    # qualitative
    *[(w, qual(w)) for w in ("合格", "良好", "明显", "显著", "不断提高", "有效保障", "达到预期目标",
                             "持续提高", "是", "按时缴纳", "有利于", "每日一次")],  # fmt: skip
    ("  合格 ", qual("合格")),
    # text: several quantities, prose, or inconsistent comparators
    ("经费100万元，每人每年2.5万元", TEXT),
    ("水电费各1万元、保养维修4.54万元", TEXT),
    ("费3.58万元、保养维修4.54万元、看护费7.84万元", TEXT),
    ("经费40万元，每个社区每年2万元", TEXT),
    ("12月底前", TEXT),
    ("100%完成", TEXT),
    ("1 2", TEXT),
    ("≤95%以上", TEXT),
    ("-5", TEXT),
    ("2022年13月", TEXT),
    # empty
    ("", EMPTY),
    ("   ", EMPTY),
    ("\u3000", EMPTY),
]


@pytest.mark.parametrize(("text", "expected"), EXAMPLES, ids=[e[0] or "<blank>" for e in EXAMPLES])
def test_examples(text: str, expected: ParsedTarget) -> None:
    got = parse_target(text)
    assert got == expected
    assert type(got.value) is type(expected.value)
    assert type(got.upper) is type(expected.upper)


def test_as_dict_has_every_field() -> None:
    d = parse_target("建设创业园1个").as_dict()
    assert d == {
        "kind": "number", "comparator": "=", "value": 1, "upper": None, "unit": "个",
        "qualitative": None, "subject": "建设创业园", "date_from": None, "date_to": None,
    }  # fmt: skip


MONEY = [
    ("6.5万元", None, [65000.0]),
    ("经费40万元，每个社区每年2万元", None, [400000.0]),
    ("费3.58万元、保养维修4.54万元、看护费7.84万元", None, [35800.0, 45400.0, 78400.0]),
    ("3万/个", None, []),
    ("2万元/个", None, []),
    ("1万元/个", None, []),
    ("经费100万元，每人每年2.5万元", None, [1000000.0]),
    ("水电费各1万元", None, [10000.0]),
    ("500元", None, [500.0]),
    ("1.2亿元", None, [120000000.0]),
    ("3千元", None, [3000.0]),
    ("1,000元", None, [1000.0]),
    ("8.28", "万元", [82800.0]),
    ("60", "万元", [600000.0]),
    ("6", "元", [6.0]),
    ("6", "千元", [6000.0]),
    ("8.28", "（万元）", [82800.0]),
    ("8.28", None, []),
    ("60", None, []),
    ("95%", "万元", []),
    ("≥95%", None, []),
    ("1441人", "万元", []),
    ("10次", "万元", []),
    ("16个", "万元", []),
    ("1万人", None, []),
    ("2022年12月底之前", "万元", []),
    ("合格", "万元", []),
]


@pytest.mark.parametrize(("text", "hint", "expected"), MONEY)
def test_money_amounts(text: str, hint: str | None, expected: list[float]) -> None:
    got = money_amounts(text, hint)
    assert got == expected
    assert all(isinstance(x, float) for x in got)


# --- properties ---------------------------------------------------------------

PREFIXES = {
    "≥": "≥", "≧": "≥", ">=": "≥", "＞=": "≥", "不低于": "≥", "不少于": "≥", "不小于": "≥", "大于等于": "≥",
    "至少": "≥", "≤": "≤", "≦": "≤", "<=": "≤", "不高于": "≤", "不超过": "≤", "不多于": "≤", "不大于": "≤",
    "小于等于": "≤", ">": ">", "＞": ">", "大于": ">", "高于": ">", "超过": ">", "多于": ">", "<": "<",
    "＜": "<", "小于": "<", "低于": "<", "少于": "<", "=": "=", "＝": "=", "等于": "=", "": "=",
}  # fmt: skip
SUFFIXES = {"以上": "≥", "以内": "≤", "以下": "≤"}
UNITS = ["", "%", "％", "亩", "个", "个月", "人次", "万元", "元", "天", "次", "人", "万/个", "万元/个", "起", "km"]

ints = st.integers(min_value=0, max_value=10**9)
# floats with 1–2 decimals whose str() round-trips exactly; 2023.07 and the like
# are left out, since "2023.07起" or "2023.07以内" is a date
floats = st.builds(lambda k, d: round(k / 10**d, d), st.integers(0, 10**9), st.sampled_from([1, 2])).filter(
    lambda x: not 1900 <= x < 2100
)
numbers = st.one_of(ints, floats)


@FAST
@given(st.text())
def test_never_raises(text: str) -> None:
    parse_target(text)
    money_amounts(text)
    money_amounts(text, "万元")


@FAST
@given(st.text(alphabet="0123456789.,-~至年月日%万元个≥≤<>= 　每/、，"))
def test_never_raises_on_numeric_soup(text: str) -> None:
    got = parse_target(text)
    assert got.kind in {"number", "range", "date", "date_range", "qualitative", "text", "empty"}
    money_amounts(text, "元")


@FAST
@given(st.sampled_from(sorted(PREFIXES)), numbers, st.sampled_from(UNITS))
def test_prefix_comparator_round_trips(prefix: str, value: int | float, unit: str) -> None:
    got = parse_target(f"{prefix}{value}{unit}")
    assert (got.kind, got.comparator, got.value, got.unit) == ("number", PREFIXES[prefix], value, _unit(unit))
    assert type(got.value) is type(value)


@FAST
@given(numbers, st.sampled_from(UNITS), st.sampled_from(sorted(SUFFIXES)))
def test_suffix_comparator_round_trips(value: int | float, unit: str, suffix: str) -> None:
    got = parse_target(f"{value}{unit}{suffix}")
    assert (got.kind, got.comparator, got.value, got.unit) == ("number", SUFFIXES[suffix], value, _unit(unit))


@FAST
@given(
    st.integers(0, 1000),
    st.integers(1, 1000),
    st.sampled_from(["-", "—", "–", "~", "～", "至", "到"]),
    st.sampled_from(UNITS),
    st.booleans(),
)
def test_range_round_trips(a: int, gap: int, sep: str, unit: str, unit_on_both: bool) -> None:
    b = a + gap
    left = f"{a}{unit}" if unit_on_both else str(a)
    got = parse_target(f"{left}{sep}{b}{unit}")
    assert (got.kind, got.comparator, got.value, got.upper, got.unit) == ("range", "range", a, b, _unit(unit))


@FAST
@given(st.sampled_from(["建设创业园", "经费", "配备保安", "培训"]), numbers, st.sampled_from(UNITS[1:]))
def test_subject_round_trips(subject: str, value: int | float, unit: str) -> None:
    got = parse_target(f"{subject}{value}{unit}")
    assert (got.kind, got.subject, got.value, got.unit) == ("number", subject, value, _unit(unit))


@FAST
@given(st.text().filter(lambda s: not re.search(r"\d", s)))
def test_digit_free_text_is_qualitative(text: str) -> None:
    got = parse_target(text)
    if text.strip():
        assert got == ParsedTarget("qualitative", None, None, None, None, text.strip())
    else:
        assert got == EMPTY


@FAST
@given(numbers)
def test_money_wan_yuan(x: int | float) -> None:
    assert money_amounts(f"{x}万元") == [round(x * 10000, 2)]


def _unit(unit: str) -> str | None:
    return {"": None, "％": "%"}.get(unit, unit)
