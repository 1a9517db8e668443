"""What a piece of notation-free text is in a form (a label, a column name, a value …), and a glued cell
cut where the form's labels start inside it: the word knowledge the free-text anchors are made of."""

from __future__ import annotations

import re
from functools import lru_cache

from jixiao.extract.free_model import SENTENCE_ENDS, TokenKind

from . import vocabulary as vocab
from .chinese import label_key, matchable, matchable_key
from .grids import names_a_grid_column
from .labels import is_section_label, match_column, match_field, match_level1, match_level2, strip_decorations
from .layout import is_sign_off, is_title_or_year
from .targets import parse_target
from .text import clean_cell_text, compact, fold_fullwidth_alnum
from .trailers import trailer_kind

_VALUE_KINDS = frozenset({"number", "range", "date", "date_range"})
_NUMBER = re.compile(r"^[-+]?\d[\d,]*(?:\.\d+)?(?:分)?$")
# Every label a glued cell may start with, longest first (so 年度资金总额 wins over 资金总额).
_LABEL_WORDS: tuple[str, ...] = tuple(sorted({
    *(v for f in vocab.HEADER_FIELDS for v in f.variants),
    *(v for variants in vocab.COLUMN_ROLES.values() for v in variants if len(v) >= 3),
    *(v for kinds in vocab.GRID_COLUMNS.values() for variants in kinds.values() for v in variants if len(v) >= 3),
    *(v for variants in vocab.LEVEL1.values() for v in variants if v.endswith("指标")),
    *(v for variants in vocab.LEVEL2.values() for v in variants if v.endswith(("指标", "目标"))),
    *(v for variants in vocab.TRAILER_LABELS.values() for v in variants if len(v) >= 2),
    *vocab.SECTION_LABELS,
}, key=len, reverse=True))
LABEL_AT_START = re.compile("|".join(re.escape(w) for w in _LABEL_WORDS))
ANNOTATION = re.compile(r"^(?:[(（][^()（）]{0,12}[)）])+")
# The level-2 labels' short forms (社会效益, 服务对象满意度), which words of a name may start with as well: looked
# for only at the start of a glued row's name, where a merged level-2 cell is printed.
_SHORT_LEVEL2 = re.compile("|".join(re.escape(w) for w in sorted(
    {v for variants in vocab.LEVEL2.values() for v in variants if len(v) >= 2 and v not in _LABEL_WORDS},
    key=len, reverse=True)))


# Every character of every label a piece of text is matched against, and the lowest score a match is taken at.
_LABEL_LETTERS = frozenset("".join([
    *(v for f in vocab.HEADER_FIELDS for v in f.variants), *vocab.SECTION_LABELS,
    *(v for table in (vocab.LEVEL1, vocab.LEVEL2, vocab.COLUMN_ROLES, vocab.TRAILER_LABELS)
      for variants in table.values() for v in variants),
    *(v for kinds in vocab.GRID_COLUMNS.values() for variants in kinds.values() for v in variants),
]))
_LOWEST_ACCEPT = min(vocab.LABEL_ACCEPT_SCORE, vocab.FIELD_ACCEPT_SCORE, vocab.COLUMN_ACCEPT_SCORE)


def _may_be_label(label: str) -> bool:
    """Whether a stripped label may match any of the form's labels, exactly or fuzzily: fuzz.ratio is
    200·LCS / (len a + len b), with the LCS no longer than the query's characters found in any label (s), so
    no score reaches 200·s / (len + s) (False: no label matcher can accept it; a hair of slack for rounding).
    A level label is also matched without its 值 suffix."""
    queries = (label, label[: -len(vocab.VALUE_STYLE_SUFFIX)]) if label.endswith(vocab.VALUE_STYLE_SUFFIX) else (label,)
    for query in queries:
        if not query or len(query) > vocab.LABEL_LIKE_MAX_CHARS:
            continue
        shared = sum(map(_LABEL_LETTERS.__contains__, query))
        if 200.0 * shared / (len(query) + shared) >= _LOWEST_ACCEPT - 1e-6:
            return True
    return False


@lru_cache(maxsize=16384)
def token_kind(text: str) -> TokenKind:
    """What a piece of text is in a form."""
    plain = compact(text)
    if not plain:
        return "empty"
    if plain.endswith(SENTENCE_ENDS) or not _may_be_label(strip_decorations(text)):
        return _unlabelled_kind(text, plain)
    if is_section_label(text):
        return "section"
    if trailer_kind(text) is not None:
        return "trailer"
    if is_sign_off(text):
        return "sign_off"
    role = match_column(text)
    if role == "section" and plain not in vocab.AMBIGUOUS_SECTION_NAMES:
        return "section"  # 名称, 绩效指标 over the leftmost column (a bare 指标 is as likely a label's tail)
    if role in ("level1", "level2", "level3", "target"):
        return "core_column"
    if role in vocab.INDICATOR_FIELD_ROLES:
        return "column"
    if names_a_grid_column(text):
        return "grid_column"
    if match_field(text) is not None:
        return "field"
    if match_level1(text).canonical is not None:
        return "level1"
    if match_level2(text).canonical is not None:
        return "level2"
    return _unlabelled_kind(text, plain, signed=False)


@lru_cache(maxsize=32768)  # asked of every cell of every table a text dump prints in notation
def is_label_kind(text: str, kinds: frozenset[str]) -> bool:
    """token_kind(text) in kinds, where kinds are labels' kinds: text that can match no label is not
    classified further (only a transfer payment's authority is a field that is no fuzzy match)."""
    if not compact(text):
        return "empty" in kinds
    return is_stripped_label_kind(text, strip_decorations(text), kinds)


def is_stripped_label_kind(text: str, label: str, kinds: frozenset[str]) -> bool:
    """is_label_kind of a text that is not empty, `label` its strip_decorations."""
    if _may_be_label(label):
        return token_kind(text) in kinds
    if kinds.isdisjoint(("sign_off", "title", "number", "value", "text")):
        return "field" in kinds and vocab.AUTHORITY_PATTERN.match(label) is not None and not is_sign_off(text)
    return token_kind(text) in kinds


def _unlabelled_kind(text: str, plain: str, signed: bool = True) -> TokenKind:
    """token_kind of a text that matches none of the form's labels: a sign-off (`signed`: not yet ruled out),
    a transfer payment's authority (中央主管部门 …), a title, a number, a value or text."""
    if signed and is_sign_off(text):
        return "sign_off"
    if signed and vocab.AUTHORITY_PATTERN.match(strip_decorations(text)):
        return "field"  # match_field's authority.…, which is no fuzzy match
    if is_title_or_year(text):
        return "title"
    if _NUMBER.match(plain):
        return "number"
    if parse_target(clean_cell_text(label_key(text))).kind in _VALUE_KINDS:  # 12個(gè)月 reads as 12个月
        return "value"
    return "text"


_NUMBERING = re.compile(r"(?:^|[(（])(?:[一二三四五六七八九十]+|\d{1,2})[)）、.．]?$|(?:^|(?<=[^\u4e00-\u9fff]))其中[:：]?$")
_SENTENCE = re.compile(r"[、，。；：《》（）“”,;]")
_CODE_NOTE = re.compile(r"[(（\[［【]\d{2,}[)）\]］】]$")  # 农业农村局（540370）: a code in brackets, no sentence
_MAX_GLUED_VALUE = 30  # a value glued before the next label is a name or a short text, not a sentence
_ROW_OPENING_KINDS = frozenset({"section", "level1", "level2"})  # printed first on a line, never after words
_MIN_REST = 3  # a label glued to less than this is one cell (财政拨款小计), unless the rest is a value


def _splits_here(before: str, rest: str, short_rest: bool = False) -> bool:
    """Whether a label found inside a glued cell starts a cell of its own."""
    if before and (_NUMBERING.search(before) or len(before) < 2):
        return False  # (一)财政拨款, 其中：财政拨款: one label, printed with its numbering
    if before and (_SENTENCE.search(_CODE_NOTE.sub("", before)) or len(before) > _MAX_GLUED_VALUE):
        return False  # a sentence that mentions a label (根据《关于加强项目资金管理…》)
    if not rest:
        return bool(before)
    # 项目期一年 inside a glued row (a field after another, its value short); 财政拨款小计 at a cell's start
    shortest = 2 if before or short_rest else _MIN_REST
    return len(rest) >= shortest or token_kind(rest) in ("number", "value")


def segment(text: str) -> list[str]:
    """A glued cell split where a form label starts inside it (项目名称XX → 项目名称 | XX); a traditional
    copy with inserted pinyin is cut where its simplified, pinyin-free reading is, and kept as printed."""
    return list(_segment_of(text))


@lru_cache(maxsize=32768)  # pure, and every line of a text is segmented more than once
def _segment_of(text: str) -> tuple[str, ...]:
    plain = compact(text)
    if len(plain) <= 3 or not _may_be_cut(text):
        return (text,)
    key = matchable_key(plain)
    parts = _segment_key(key)
    if len(parts) <= 1:
        return (text,)
    index = matchable(plain)[1]
    printed = fold_fullwidth_alnum(text)
    visible = [k for k, ch in enumerate(printed) if not ch.isspace()]  # plain[i] is printed[visible[i]]
    out: list[str] = []
    pos = 0
    for part in parts:
        begin = visible[index[pos]]
        pos += len(part)
        out.append(printed[begin: visible[index[pos]] if pos < len(key) else len(printed)].strip())
    return tuple(out)


_CUT_KINDS = frozenset({"text", "value", "number", "field", "level1", "level2"})  # the kinds of text segment cuts
# No label (nor an authority, which is shorter) is longer than this, stripped: a level label's 值-style form.
LONGEST_LABEL = vocab.LABEL_LIKE_MAX_CHARS + len(vocab.VALUE_STYLE_SUFFIX)


def _may_be_cut(text: str) -> bool:
    """token_kind(text) in _CUT_KINDS. A text longer than any label is matched against none of them
    (token_kind's _unlabelled_kind): only a sign-off or a title is not cut, and its other kinds (a value
    or a number, read off the whole of a glued row) need not be worked out."""
    if len(strip_decorations(text)) > LONGEST_LABEL:
        return not is_sign_off(text) and not is_title_or_year(text)
    return token_kind(text) in _CUT_KINDS


def _in_a_sentence(label: str, after: str) -> bool:
    """A label that names a block (项目资金, 年度主要任务: no value of its own) with words right after it, words
    before it too (the caller's): the label's words are a sentence's."""
    if match_field(label) not in vocab.BLOCK_LABEL_FIELDS:
        return False
    following = LABEL_AT_START.search(after)
    words = after[:following.start()] if following else after
    return bool(words) and token_kind(words) == "text"


def _segment_key(plain: str) -> list[str]:
    parts: list[str] = []
    rest = plain
    while rest:
        found = LABEL_AT_START.search(rest)
        if found is None:
            parts.append(rest)
            break
        start, end = found.start(), found.end()
        annotation = ANNOTATION.match(rest[end:])  # 项目资金（万元）, 产出指标（50分）
        if annotation:
            end += annotation.end()
        if rest[end:end + 1] in (":", "："):
            end += 1  # 年度资金总额: 818100
        lead_in = _NUMBERING.search(rest[:start]) if start else None
        if lead_in and lead_in.end() == start:
            start = lead_in.start()  # 其中:财政拨款, (一)财政拨款: the label with its lead-in
        before, after = rest[:start], rest[end:]
        if before and _in_a_sentence(rest[start:end], after):
            parts.append(rest)  # 确保项目资金专款专用: a block's label between words is a word of a sentence
            break
        label_kind = token_kind(rest[start:end])
        if before and label_kind in _ROW_OPENING_KINDS and token_kind(before) == "text":
            parts.append(rest)  # 各项绩效指标基本达到预期: words that mention a label opening a block's rows
            break
        if not _splits_here(before, after, short_rest=bool(parts) and label_kind == "field"):
            parts.append(rest)
            break
        if before:
            parts.append(before)
        parts.append(rest[start:end])
        rest = after
    return [p for p in parts if p]


def short_level2(text: str) -> tuple[str, str] | None:
    """A level-2 label in a short form opening a glued name (社会效益受益人口 → 社会效益 | 受益人口), with its
    annotation: (label, rest) as printed, or None (the rest would be too short to be a name)."""
    key, index = matchable(compact(text))
    found = _SHORT_LEVEL2.match(key)
    if found is None:
        return None
    end = found.end() + (note.end() if (note := ANNOTATION.match(key[found.end():])) else 0)
    if len(key) - end < _MIN_REST:
        return None
    plain = compact(text)
    cut = index[end] if end < len(key) else len(plain)
    return plain[:cut], plain[cut:]


def level2_key(text: str) -> str | None:
    """The canonical level-2 label a text is, if any."""
    return match_level2(text).canonical
