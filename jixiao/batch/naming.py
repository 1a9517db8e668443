"""Output file names: one per source, from the manifest once given, never colliding, never outside the folder.

A source's name is its file stem made safe (no separators, no control characters, no leading
dot, at most `STEM_BYTES` bytes); a stem another source holds gets a short digest of the
source's path (`报告-3f9a1c2e`). Names are compared case-folded, so that two sources never share
a file on a case-insensitive file system. A name is given once and kept in the manifest, so
it never depends on which source finished first.
"""

from __future__ import annotations

import hashlib
import unicodedata
from collections.abc import Iterable
from pathlib import Path

from jixiao.paths import display_text

STEM_BYTES = 120  # room left for the digest, the suffix and a temporary's prefix within 255 bytes
FALLBACK_STEM = "source"


def safe_stem(path: str) -> str:
    """The file stem of `path` as a name that stays inside one folder on any file system."""
    stem = display_text(Path(path).stem)  # a byte that is not UTF-8 as \xNN (its backslash made _)
    kept = "".join(_safe_char(c) for c in stem).strip(" .")
    kept = kept.encode("utf-8", "replace").decode("utf-8")
    while len(kept.encode("utf-8")) > STEM_BYTES:
        kept = kept[:-1]
    return kept.strip(" .") or FALLBACK_STEM


def _safe_char(char: str) -> str:
    if char in '/\\:*?"<>|' or unicodedata.category(char) in ("Cc", "Cf", "Cs", "Zl", "Zp"):
        return "_"
    return char


def path_digest(path: str) -> str:
    return hashlib.sha256(path.encode("utf-8", "surrogateescape")).hexdigest()[:8]


def assign_names(paths: Iterable[str], held: dict[str, str]) -> dict[str, str]:
    """A stem for each path: the one the manifest holds for it, else a free one (paths in the order given)."""
    taken = {stem.casefold() for stem in held.values()}
    names: dict[str, str] = {}
    for path in paths:
        if path in held:
            names[path] = held[path]
            continue
        stem = safe_stem(path)
        if stem.casefold() in taken:
            stem = f"{stem}-{path_digest(path)}"
        n = 1
        while stem.casefold() in taken:  # a digest clash, or a source whose own stem looks like one
            n += 1
            stem = f"{safe_stem(path)}-{path_digest(path)}-{n}"
        taken.add(stem.casefold())
        names[path] = stem
    return names
