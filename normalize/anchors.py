"""The form's own labels as anchors for text that prints no table notation.

extract/free_text.py rebuilds tables from such text; what a piece of text is
(a header label, a column name, a level label, a value …) is form knowledge,
so it comes from here, through the `TextAnchors` object, as `merge_rules`
does for the merge stage.
"""

from __future__ import annotations

import re
from functools import lru_cache

from jixiao.extract.free_text import TextAnchors

from . import vocabulary as vocab
from .columns import fit
from .labels import (
    is_exact_level,
    is_exact_level_label,
    joins_undecorated,
    match_column,
    match_field,
    match_level1,
    match_level2,
    strip_decorations,
)
from .layout import is_title_or_year, starts_table_label
from .run_together import cut_run_together, split_rows
from .text import compact
from .token_kinds import (
    LONGEST_LABEL,
    is_label_kind,
    is_stripped_label_kind,
    level2_key,
    segment,
    short_level2,
    token_kind,
)

__all__ = ["segment", "text_anchors", "token_kind"]

# A target glued to the end of its name: 开展实用技术培训不少于59次, 受益人口3908人, 群众满意度≥95%.
_TRAILING_VALUE = re.compile(
    r"^(?P<name>.*?[^\d.,:：\-—~至])(?P<value>(?:[≥≤＞＜><=≧≦═＝]|不少于|不低于|不高于|不超过|大于|小于|达到)?"
    r"\d[\d.,]*(?:%|％|[\u4e00-\u9fff]{1,3}(?:/[\u4e00-\u9fff]{1,2})?)?)$")


def split_value(part: str) -> list[str]:
    """A glued name and its quantitative target, parted (a CJK target after a CJK name cannot be)."""
    return list(_split_value(part))


@lru_cache(maxsize=16384)
def _split_value(part: str) -> tuple[str, ...]:
    if token_kind(part) not in ("text", "value"):
        return (part,)
    found = _TRAILING_VALUE.match(part)
    if found is None or len(found.group("name")) < 2 or token_kind(found.group("value")) not in ("value", "number"):
        return (part,)
    return (found.group("name"), found.group("value"))


@lru_cache(maxsize=65536)  # pure, and asked of every pair of neighbouring tokens
def joins_into_label(first: str, second: str) -> bool:
    """Two pieces that are no label alone but one joined (项目完成 | 指标, 总体 | 目标), or a label whose
    head was cut off (中央 | 主管部门 → 中央主管部门): a label broken over lines."""
    second_kind = token_kind(second)
    if second_kind == "number":
        return False  # 上年结转资金 | 0: a figure is a label's value, never its tail
    if _is_nature(second):
        return False  # 社会公众满意度 | ≥ (or | 定量): a 指标性质 is a cell of its own, never a label's tail
    head, tail = compact(first), compact(second)
    joined = head + tail
    label = joined if joins_undecorated(head, tail) else strip_decorations(joined)
    if len(label) > LONGEST_LABEL:
        return False  # no label, field or column name is as long (an authority neither)
    if not is_exact_level(first) and strip_decorations(first) and is_exact_level_label(label):  # the new text last
        return True  # 社会公众或服务对象满意 | 度指标: pieces matched fuzzily, the label whole
    first_kind = token_kind(first)
    if first_kind in _JOINED_LABEL_KINDS:  # 社会效益 | 指标: a label whose suffix went onto the next line
        return second_kind not in _JOINED_LABEL_KINDS and len(tail) <= vocab.LABEL_TAIL_MAX_CHARS \
            and token_kind(joined) == first_kind
    if second_kind in _JOINED_LABEL_KINDS:
        if first_kind != "text" or len(head) > vocab.LABEL_HEAD_MAX_CHARS:
            return False
        field = match_field(joined)
        return field is not None and field != match_field(second)
    return bool(joined) and is_stripped_label_kind(joined, label, _JOINED_LABEL_KINDS)


_JOINED_LABEL_KINDS = frozenset({"field", "level1", "level2", "core_column", "grid_column", "section"})


@lru_cache(maxsize=16384)  # asked of the second piece of every pair
def _is_nature(text: str) -> bool:
    plain = compact(text)
    return plain in vocab.NATURE_WORDS or (bool(plain) and all(ch in vocab.COMPARATOR_SIGNS for ch in plain))


def column_role(text: str) -> str | None:
    role = match_column(text)
    return role if role in vocab.CORE_COLUMN_ROLES + vocab.INDICATOR_FIELD_ROLES else None


def label_key(text: str) -> str:
    return strip_decorations(text)


def continues_grid(text: str) -> bool:
    """A funds row label (年度资金总额, 其中：财政拨款, 其他资金 …): a row of the funds grid above it."""
    key = match_field(text)
    return key is not None and key in vocab.FUNDS_ROW_FIELDS


def exact_level(text: str) -> bool:
    return is_exact_level(text)


def qualitative(text: str) -> bool:
    return vocab.QUALITATIVE_VALUE_PATTERN.match(compact(text)) is not None


@lru_cache(maxsize=4096)
def unpaired(level1: str, level2: str) -> bool:
    """A level-2 label that the taxonomy puts under other level-1 labels than this one (质量指标 under 成本指标)."""
    one, two = match_level1(level1).canonical, match_level2(level2).canonical
    parents = vocab.LEVEL2_PARENTS.get(two or "", ())
    return bool(one and parents) and one not in parents


def text_anchors() -> TextAnchors:
    return TextAnchors(kind=token_kind, segment=segment, column_role=column_role, fit=fit,
                       continues_grid=continues_grid, joins_into_label=joins_into_label, split_value=split_value,
                       split_rows=split_rows, cut_run=cut_run_together, short_level2=short_level2,
                       level2_key=level2_key, exact_level=exact_level, qualitative=qualitative,
                       starts_table=starts_table_label, heading=is_title_or_year, kind_in=is_label_kind,
                       unpaired=unpaired)
