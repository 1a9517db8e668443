"""Bytes of a text dump → str, with the encodings Chinese government files use."""

from __future__ import annotations

import codecs
import unicodedata

from jixiao.errors import BinarySourceError, EmptySourceError, EncodingError

# Tried in order; UTF-8 first because valid UTF-8 is almost never valid by accident.
CANDIDATE_ENCODINGS: tuple[str, ...] = ("utf-8", "gb18030", "big5")
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
)
MAX_CONTROL_RATIO = 0.01
MIN_READABLE_RATIO = 0.85


def decode_dump(data: bytes, path: str) -> tuple[str, str]:
    """The text and the encoding it was read with; a typed error otherwise."""
    if not data.strip():
        raise EmptySourceError("the file is empty", path)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return _checked(data.decode(encoding, errors="strict"), path), encoding
            except UnicodeDecodeError as error:
                raise EncodingError(f"starts with a {encoding} byte-order mark but is not {encoding}: {error.reason}",
                                    path) from error
    if b"\x00" in data:
        raise BinarySourceError("binary data (NUL bytes), not a text dump", path)
    for encoding in CANDIDATE_ENCODINGS:
        try:
            text = data.decode(encoding, errors="strict")
        except UnicodeDecodeError:
            continue
        if _readable_ratio(text) >= MIN_READABLE_RATIO:
            return _checked(text, path), encoding
    raise EncodingError(
        f"cannot decode as {' / '.join(CANDIDATE_ENCODINGS)}: binary data or an unknown encoding", path
    )


def _checked(text: str, path: str) -> str:
    if not text.strip():
        raise EmptySourceError("the file holds only white space", path)
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f")
    if controls > MAX_CONTROL_RATIO * len(text):
        raise BinarySourceError("binary data (control characters), not a text dump", path)
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _readable_ratio(text: str) -> float:
    """Share of characters that are letters, digits, CJK, punctuation or space."""
    if not text:
        return 0.0
    good = sum(1 for ch in text if unicodedata.category(ch)[0] in "LNPSZ" or ch in "\t\n\r\f")
    return good / len(text)
