"""Keys that tell whether two records name the same project, and two indicators the same indicator.

Records keep names as printed; these keys are what they are *compared* on: simplified characters,
no inserted pinyin, no spaces or punctuation, no year prefix (2022年村道路硬化工程 is 村道路硬化工程),
and for indicators no year at all (2022年全年 and 2023年全年 are the same indicator).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from rapidfuzz import fuzz

from . import review_vocab as rv
from .chinese import label_key
from .labels import strip_decorations


@lru_cache(maxsize=16384)
def name_key(text: str | None) -> str:
    """A project (or transfer-payment) name as it is compared: 2022年…项目 → …."""
    if not text:
        return ""
    key = rv.KEY_DROP.sub("", label_key(text))
    key = rv.NAME_YEAR_PREFIX.sub("", key)
    stripped = True
    while stripped:
        stripped = False
        for suffix in rv.NAME_NOISE_SUFFIXES:
            if key.endswith(suffix) and len(key) > len(suffix) + 1:
                key, stripped = key[: -len(suffix)], True
    return key


@lru_cache(maxsize=16384)
def department_key(text: str | None) -> str:
    return rv.KEY_DROP.sub("", label_key(text)) if text else ""


@lru_cache(maxsize=65536)
def level3_key(text: str | None) -> str:
    if not text:
        return ""
    key = strip_decorations(text) or label_key(text)
    return rv.KEY_DROP.sub("", rv.YEAR_IN_LABEL.sub("#", key))


def similarity(a: str, b: str) -> float:
    """0–100; equal keys 100, an empty key 0."""
    if not a or not b:
        return 0.0
    return 100.0 if a == b else float(fuzz.ratio(a, b))


@dataclass
class IndicatorMatch:
    """Indicators of two lists that are the same: (index in a, index in b), and those left over."""

    pairs: list[tuple[int, int]] = field(default_factory=list)
    only_a: list[int] = field(default_factory=list)
    only_b: list[int] = field(default_factory=list)

    def union(self) -> int:
        return len(self.pairs) + len(self.only_a) + len(self.only_b)

    def overlap(self) -> float:
        """Share of the shorter list that found its counterpart (0–1)."""
        smaller = min(len(self.pairs) + len(self.only_a), len(self.pairs) + len(self.only_b))
        return len(self.pairs) / smaller if smaller else 0.0


def _level2_compatible(a: dict[str, Any], b: dict[str, Any]) -> bool:
    la, lb = a.get("level2"), b.get("level2")
    return la is None or lb is None or la == lb


def match_indicators(a: Sequence[dict[str, Any]], b: Sequence[dict[str, Any]]) -> IndicatorMatch:
    """One-to-one, best first: same key and level 2, then same key, then a near key under the same level 2."""
    keys_a = [level3_key(i.get("level3")) for i in a]
    keys_b = [level3_key(i.get("level3")) for i in b]
    candidates: list[tuple[int, float, int, int]] = []  # (tier, -score, i, j): sorted, best first
    for i, (ka, ia) in enumerate(zip(keys_a, a, strict=True)):
        for j, (kb, ib) in enumerate(zip(keys_b, b, strict=True)):
            if not ka or not kb:
                continue
            same_level2 = _level2_compatible(ia, ib)
            if ka == kb:
                candidates.append((0 if same_level2 else 1, -100.0, i, j))
            elif same_level2 and (score := similarity(ka, kb)) >= rv.INDICATOR_FUZZY_SCORE:
                candidates.append((2, -score, i, j))
    used_a: set[int] = set()
    used_b: set[int] = set()
    match = IndicatorMatch()
    for _, _, i, j in sorted(candidates):
        if i in used_a or j in used_b:
            continue
        used_a.add(i)
        used_b.add(j)
        match.pairs.append((i, j))
    match.pairs.sort()
    match.only_a = [i for i in range(len(a)) if i not in used_a]
    match.only_b = [j for j in range(len(b)) if j not in used_b]
    return match
