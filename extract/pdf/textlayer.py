"""Is a page's text layer usable? Checked per page before any table is read.

A page fails when it has no text at all, when its glyphs come out as
`(cid:N)` codes (a font without a ToUnicode map), or when the decoded text is
nonsense (private-use or control characters, or Latin-1 mojibake on a page
that should be Chinese). Such pages go to OCR (the scans reader); until then
they are a per-page error, never records of garbage.

A page whose text no one sees over an image of the whole page is a scan with
another program's OCR layer: it is OCR'd again when that layer is poor or when the
scan's rules are only in its image (`judge_ocr_layer`).
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

MIN_CHARS = 1
MAX_CID_SHARE = 0.05
MAX_JUNK_SHARE = 0.10
MAX_MOJIBAKE_SHARE = 0.30


@dataclass(frozen=True, slots=True)
class TextLayerVerdict:
    usable: bool
    reason: str | None = None


def _is_junk(ch: str) -> bool:
    if ch == "\ufffd":
        return True
    category = unicodedata.category(ch)
    return category in ("Co", "Cs", "Cn") or (category == "Cc" and ch not in "\t\n\r")


def _is_mojibake(ch: str) -> bool:
    return "\u00c0" <= ch <= "\u024f"  # Latin-1 supplement letters and Latin Extended: GBK read as Latin-1


def judge_text_layer(texts: Iterable[str], unmapped: int = 0) -> TextLayerVerdict:
    """Judge a page from the text of its chars (one string a char; `(cid:12)` counts as one)
    and the count of glyphs its reader found no Unicode mapping for."""
    glyphs = [t for t in texts if t and not t.isspace()]
    if len(glyphs) < MIN_CHARS:
        return TextLayerVerdict(False, "no text layer (an image-only page?)")
    cids = max(unmapped, sum(t.startswith("(cid:") for t in glyphs))
    if cids > MAX_CID_SHARE * len(glyphs):
        return TextLayerVerdict(False, f"{cids} of {len(glyphs)} glyphs have no Unicode mapping (a font without a ToUnicode map)")
    counts = Counter(ch for t in glyphs if not t.startswith("(cid:") for ch in t)  # each character judged once
    n_chars = sum(counts.values())
    junk = sum(n for ch, n in counts.items() if _is_junk(ch))
    if junk > MAX_JUNK_SHARE * n_chars:
        return TextLayerVerdict(False, f"{junk} of {n_chars} characters are private-use or control codes")
    mojibake = sum(n for ch, n in counts.items() if _is_mojibake(ch))
    cjk = sum(n for ch, n in counts.items() if "\u3400" <= ch <= "\u9fff")
    if mojibake > MAX_MOJIBAKE_SHARE * n_chars and cjk < mojibake:
        return TextLayerVerdict(False, f"{mojibake} of {n_chars} characters look like mis-decoded text")
    return TextLayerVerdict(True)


# --- a scan's own OCR layer ----------------------------------------------------------------------

MIN_HIDDEN_SHARE = 0.9  # of a page's glyphs no one sees, for its text to be a scan's OCR layer
MIN_IMAGE_COVER = 0.8  # of the page its image covers
MAX_LOOKALIKE_SHARE = 0.05  # of the numbers, read with a letter for a digit (20I5, ZOq5, l8)
MIN_LOOKALIKES = 2
_LOOKALIKES = frozenset("IlOoZzSsBqgti|")  # letters OCR takes for digits, and back
_ALNUM_RUN = re.compile(r"[0-9A-Za-z|]+")


def is_ocr_layer(glyphs: int, hidden: int, image_cover: float) -> bool:
    """Is a page's text the invisible layer an OCR program wrote over a scan?"""
    return glyphs > 0 and hidden >= MIN_HIDDEN_SHARE * glyphs and image_cover >= MIN_IMAGE_COVER


def judge_ocr_layer(texts: Iterable[str], has_rules: bool) -> TextLayerVerdict:
    """Should a scan's OCR layer be read as it is? Not when the scan's ruling lines are only in
    its image (the table can be found only there), nor when its numbers read badly: an OCR
    layer that takes letters for digits has misread the text around them as well."""
    text = "".join(texts)
    numbers = [run for run in _ALNUM_RUN.findall(text) if any(ch.isdigit() for ch in run)]
    misread = [run for run in numbers if any(ch in _LOOKALIKES for ch in run)]
    if len(misread) >= MIN_LOOKALIKES and len(misread) > MAX_LOOKALIKE_SHARE * len(numbers):
        return TextLayerVerdict(False, f"a poor OCR text layer over a page image: {len(misread)} of {len(numbers)} "
                                       f"numbers hold letters ({', '.join(misread[:3])})")
    if not has_rules:
        return TextLayerVerdict(False, "an OCR text layer over a page image whose rules are only in the image")
    return TextLayerVerdict(True)
