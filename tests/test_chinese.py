from __future__ import annotations

import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao.normalize import chinese
from jixiao.normalize.chinese import label_key, strip_inserted_pinyin, to_simplified

FAST = settings(max_examples=200, deadline=None, database=None)
HANDAN_DUMP = Path("/work/shared/real-dumps/text/handan_2019_jiuzhu.txt")


@pytest.mark.parametrize(("printed", "simplified"), [
    ("項目支出績效自評表", "项目支出绩效自评表"),
    ("年度資金總額", "年度资金总额"),
    ("其中：當年財政撥款", "其中：当年财政拨款"),
    ("數量指標", "数量指标"),
    ("滿意度指標", "满意度指标"),
    ("預算執行率", "预算执行率"),
])  # fmt: skip
def test_traditional_labels_simplified(printed, simplified):
    assert to_simplified(printed) == simplified


@pytest.mark.parametrize("text", ["", "abc 123", "≥95%", "年度资金总额", "产出指标（50分）", "其中：当年财政拨款"])
def test_text_without_traditional_characters_is_returned_as_is(text):
    assert to_simplified(text) is text
    assert label_key(text) == text


def test_converter_is_loaded_only_when_needed():
    chinese._converter.cache_clear()
    chinese.traditional_characters.cache_clear()
    chinese._traditional_pattern.cache_clear()
    assert to_simplified("abc") == "abc" and strip_inserted_pinyin("财政") == "财政"
    assert chinese._converter.cache_info().currsize == 0
    assert to_simplified("財政") == "财政"
    assert chinese._converter.cache_info().currsize == 1


@pytest.mark.parametrize(("printed", "stripped"), [
    ("財(cái)政", "財政"),
    ("績（jī）效目標(biāo)", "績效目標"),
    ("預(yù)算項(xiàng)目", "預算項目"),
    ("財 (cái) 政", "財 政"),
    ("重量(kg)", "重量(kg)"),  # a unit has no tone mark
    ("响应时间(min)", "响应时间(min)"),
    ("全年预算数(A)", "全年预算数(A)"),
    ("执行率(B/A)", "执行率(B/A)"),
    ("(cái)", "(cái)"),  # no character before it: not inserted pinyin
    ("产出指标（50分）", "产出指标（50分）"),
])  # fmt: skip
def test_inserted_pinyin_stripped(printed, stripped):
    assert strip_inserted_pinyin(printed) == stripped


def test_label_key_applies_both():
    assert label_key("年度資(zī)金總額") == "年度资金总额"
    assert label_key("2019年預(yù)算項(xiàng)目績(jī)效目標(biāo)_第1頁") == "2019年预算项目绩效目标_第1页"


@pytest.mark.skipif(not HANDAN_DUMP.exists(), reason="shared real dumps not present")
def test_real_pinyin_copy_reads_as_simplified_text():
    """handan_2019_jiuzhu is a traditional copy with pinyin after many characters."""
    text = HANDAN_DUMP.read_text(encoding="utf-8")
    key = label_key(text)
    assert "(biāo)" in text and "(biāo)" not in key and "(jī)" not in key
    assert "绩效目标" in key and "績" not in key


@FAST
@given(st.text(max_size=40))
def test_never_raises_and_keeps_ascii(text):
    for out in (to_simplified(text), strip_inserted_pinyin(text), label_key(text)):
        assert isinstance(out, str)
    if text.isascii():
        assert label_key(text) == text


def test_fast_enough_for_every_cell_label():
    labels = [f"{word}{k}" for k in range(2000)
              for word in ("产出指标", "数量指标", "年度资金总额", "≥95%", "項目名稱", "財(cái)政")]
    label_key("預算")  # the one-time load is not what is timed
    start = time.perf_counter()
    for label in labels:
        label_key(label)
    per_label = (time.perf_counter() - start) / len(labels)
    assert per_label < 50e-6, f"{per_label * 1e6:.1f} µs per label"
