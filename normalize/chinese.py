"""Chinese text as labels are matched on: simplified characters, inserted pinyin removed.

Some copies of a form are printed in traditional characters (預算項目績效目標),
some carry pinyin inserted after characters (財(cái)政). Records keep labels as
printed; `label_key` gives the text a label is *matched* on.

Runs on every cell label, so both functions have a fast path: text that holds no
traditional character (ASCII, ordinary simplified text) and no bracket is
returned as it is, decided by one set lookup in C. OpenCC is loaded on first
need, once.
"""

from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

OPENCC_CONFIG = "t2s"  # traditional → simplified, characters and phrases (OpenCC's own tables)
# Where OpenCC's tables are probed for the characters it converts: CJK Unified
# Ideographs, Extension A and the compatibility ideographs.
_PROBED_BLOCKS: tuple[tuple[int, int], ...] = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))

_TONE_MARKED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ"
_PINYIN_LETTERS = f"a-zü{_TONE_MARKED}"
# One bracketed lowercase syllable with at least one tone mark, after a CJK character:
# 財(cái)政, 績（jī）效. Units such as (kg), (min) or words such as (raw) carry no tone mark.
_OPENING_BRACKET = "[(（]"
_INSERTED_PINYIN = re.compile(
    rf"(?<=[\u3400-\u9fff\uf900-\ufaff])\s?{_OPENING_BRACKET}\s?"
    rf"[{_PINYIN_LETTERS}]{{0,6}}[{_TONE_MARKED}][{_PINYIN_LETTERS}]{{0,6}}\s?[)）]"
)
_ANY_OPENING_BRACKET = re.compile(_OPENING_BRACKET)  # what every _INSERTED_PINYIN match holds
_CACHE_SIZE = 65536  # labels repeat across every form of an archive


@lru_cache(maxsize=1)
def _converter() -> Any:
    import opencc  # deferred: most text never needs it

    return opencc.OpenCC(OPENCC_CONFIG)


@lru_cache(maxsize=1)
def traditional_characters() -> frozenset[str]:
    """The characters OpenCC converts on their own: one conversion of every probed character."""
    probed = [chr(cp) for first, last in _PROBED_BLOCKS for cp in range(first, last + 1)]
    converted = _converter().convert("\n".join(probed)).split("\n")
    if len(converted) != len(probed):  # a table mapped a character to several: probe one by one
        converted = [_converter().convert(ch) for ch in probed]
    return frozenset(ch for ch, simplified in zip(probed, converted) if ch != simplified)


@lru_cache(maxsize=1)
def _traditional_pattern() -> re.Pattern[str]:
    """One character class of every traditional character: a search in C (a set's isdisjoint hashes every
    character of the text in turn, several times slower on the text that holds none, which is most)."""
    return re.compile("[" + "".join(re.escape(ch) for ch in sorted(traditional_characters())) + "]")


def has_traditional(text: str) -> bool:
    return not text.isascii() and _traditional_pattern().search(text) is not None


@lru_cache(maxsize=_CACHE_SIZE)
def _converted(text: str) -> str:
    try:
        return _converter().convert(text)
    except UnicodeEncodeError:  # a lone surrogate (OpenCC takes UTF-8): read as U+FFFD, one for one
        return _converter().convert("".join("\ufffd" if 0xD800 <= ord(c) <= 0xDFFF else c for c in text))


def to_simplified(text: str) -> str:
    """Traditional characters (and OpenCC's traditional phrases) in simplified form; other text unchanged."""
    if not has_traditional(text):
        return text
    return _converted(text)


def strip_inserted_pinyin(text: str) -> str:
    """財(cái)政 → 財政: bracketed tone-marked pinyin after a character removed."""
    if text.isascii() or _ANY_OPENING_BRACKET.search(text) is None:
        return text
    return _INSERTED_PINYIN.sub("", text)


@lru_cache(maxsize=_CACHE_SIZE)
def _key(text: str) -> str:
    """label_key of a text that is not ASCII: strip_inserted_pinyin then to_simplified, their tests once."""
    if _ANY_OPENING_BRACKET.search(text) is not None:
        text = _INSERTED_PINYIN.sub("", text)
    return text if _traditional_pattern().search(text) is None else _converted(text)


def label_key(text: str) -> str:
    """What a label is matched on: pinyin stripped, then simplified (the raw label stays as printed)."""
    if text.isascii():
        return text
    return _key(text)


def matchable_key(text: str) -> str:
    """matchable(text)[0], without the index (for text that may not be cut at all)."""
    return _simplified_in_place(_INSERTED_PINYIN.sub("", text) if _ANY_OPENING_BRACKET.search(text) is not None
                                else text)


def _simplified_in_place(plain: str) -> str:
    """Pinyin-free text simplified, where that keeps every character in its place; else as it is."""
    simplified = to_simplified(plain)
    return simplified if len(simplified) == len(plain) else plain


@lru_cache(maxsize=_CACHE_SIZE)
def matchable(text: str) -> tuple[str, tuple[int, ...]]:
    """`text` as labels are matched on (inserted pinyin removed, simplified), and for each of its
    characters the index of the printed character it comes from (to cut the printed text where the
    matchable one is cut). Where conversion changes the length, the pinyin-free text is kept unconverted."""
    kept: list[str] = []
    index: list[int] = []
    cursor = 0
    for found in _INSERTED_PINYIN.finditer(text) if _ANY_OPENING_BRACKET.search(text) is not None else ():
        kept.append(text[cursor:found.start()])
        index.extend(range(cursor, found.start()))
        cursor = found.end()
    kept.append(text[cursor:])
    index.extend(range(cursor, len(text)))
    return _simplified_in_place("".join(kept)), tuple(index)
