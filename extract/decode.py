"""Bytes of a text dump → str, with the encodings Chinese government files use.

A damaged byte costs its character, not the file: where a few byte sequences do not
decode, they are read as U+FFFD and counted (`DecodedText.replaced`), so the reader can
warn. Files that are no text at all (images, archives, mostly control bytes) are refused.
"""

from __future__ import annotations

import codecs
import unicodedata
from dataclasses import dataclass

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
# Signatures of files that are never text, whatever their name says.
BINARY_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"\x89PNG\r\n\x1a\n", "a PNG image"),
    (b"\xff\xd8\xff", "a JPEG image"),
    (b"GIF87a", "a GIF image"),
    (b"GIF89a", "a GIF image"),
    (b"II*\x00", "a TIFF image"),
    (b"MM\x00*", "a TIFF image"),
    (b"PK\x03\x04", "a zip archive"),
    (b"\x1f\x8b", "a gzip archive"),
    (b"7z\xbc\xaf\x27\x1c", "a 7z archive"),
    (b"Rar!\x1a\x07", "a RAR archive"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "an OLE file (old office format)"),
)
MAX_CONTROL_RATIO = 0.01  # control bytes / characters beyond this share: binary
CONTROL_ALLOWANCE = 8  # a handful of stray control bytes never make a file binary
MIN_READABLE_RATIO = 0.85
MAX_REPLACED_RATIO = 0.02  # undecodable sequences per non-ASCII character, at most, to read a damaged file
UTF16_MIN_NUL_SHARE = 0.05  # share of 2-byte units with a NUL byte for UTF-16 without a BOM
UTF16_MAX_OFF_PARITY = 0.05  # share of NULs allowed on the other byte of the unit
_TEXT_CONTROLS = frozenset(b"\t\n\r\f\v\x1b")


@dataclass(frozen=True, slots=True)
class DecodedText:
    text: str  # line ends as the file has them; the text reader normalises them
    encoding: str
    replaced: int = 0  # byte sequences that did not decode, each read as U+FFFD


def decode_dump(data: bytes, path: str) -> DecodedText:
    """The text, the encoding it was read with and the sequences that did not decode; a typed error otherwise."""
    if not data.strip():
        raise EmptySourceError("the file is empty", path)
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            return _decode_with_bom(data, encoding, path)
    for signature, what in BINARY_SIGNATURES:
        if data.startswith(signature):
            raise BinarySourceError(f"binary data ({what}), not a text dump", path)
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return _checked(utf16, path)
    _refuse_control_bytes(data, path)
    for encoding in CANDIDATE_ENCODINGS:
        try:
            text = data.decode(encoding, errors="strict")
        except UnicodeDecodeError:
            continue
        if _readable_ratio(text) >= MIN_READABLE_RATIO:
            return _checked(DecodedText(text, encoding), path)
    damaged = _least_damaged(data)
    if damaged is not None:
        return _checked(damaged, path)
    raise EncodingError(
        f"cannot decode as {' / '.join(CANDIDATE_ENCODINGS)}: binary data or an unknown encoding", path
    )


def _decode_with_bom(data: bytes, encoding: str, path: str) -> DecodedText:
    try:
        return _checked(DecodedText(data.decode(encoding, errors="strict"), encoding), path)
    except UnicodeDecodeError as error:
        damaged = _lenient(data, encoding)
        if damaged is not None:
            return _checked(damaged, path)
        raise EncodingError(f"starts with a {encoding} byte-order mark but is not {encoding}: {error.reason}",
                            path) from error


def _lenient(data: bytes, encoding: str) -> DecodedText | None:
    """`data` read with U+FFFD for what does not decode, when that is a few characters of a readable text."""
    text = data.decode(encoding, errors="replace")
    replaced = text.count("\ufffd") - _own_replacement_chars(data, encoding)
    non_ascii = sum(1 for ch in text if ord(ch) > 0x7F)
    if replaced <= 0 or replaced > MAX_REPLACED_RATIO * non_ascii + 1:
        return None
    if _readable_ratio(text) < MIN_READABLE_RATIO:
        return None
    return DecodedText(text, encoding, replaced)


def _own_replacement_chars(data: bytes, encoding: str) -> int:
    """U+FFFD characters the file itself holds (a tool before us lost those), where the encoding can say."""
    if encoding.startswith("utf-8"):
        return data.count("\ufffd".encode("utf-8"))
    return 0


def _least_damaged(data: bytes) -> DecodedText | None:
    for encoding in CANDIDATE_ENCODINGS:
        found = _lenient(data, encoding)
        if found is not None:
            return found
    return None


def _utf16_without_bom(data: bytes) -> DecodedText | None:
    """UTF-16 LE or BE told by its NUL bytes: ASCII (digits, spaces, line ends) has one on the same side of every unit."""
    units = len(data) // 2
    if units < 2:
        return None
    even = data[0::2].count(0)
    odd = data[1::2].count(0)
    high, low, encoding = (odd, even, "utf-16-le") if odd >= even else (even, odd, "utf-16-be")
    if high < UTF16_MIN_NUL_SHARE * units or low > UTF16_MAX_OFF_PARITY * high:
        return None
    body = data[: units * 2]
    try:
        found = DecodedText(body.decode(encoding, errors="strict"), encoding)
    except UnicodeDecodeError:
        found = _lenient(body, encoding)
    if found is None or _readable_ratio(found.text) < MIN_READABLE_RATIO:
        return None
    return found


def _refuse_control_bytes(data: bytes, path: str) -> None:
    """Control bytes never occur inside the multi-byte sequences of UTF-8, GB18030 or Big5: many of them is binary."""
    controls = sum(data.count(b) for b in range(0x20) if b not in _TEXT_CONTROLS) + data.count(0x7F)
    if controls > max(CONTROL_ALLOWANCE, MAX_CONTROL_RATIO * len(data)):
        nul = " (NUL bytes)" if data.count(0) * 2 > controls else " (control bytes)"
        raise BinarySourceError(f"binary data{nul}, not a text dump", path)


def _checked(decoded: DecodedText, path: str) -> DecodedText:
    text = decoded.text
    if not text.strip():
        raise EmptySourceError("the file holds only white space", path)
    controls = sum(1 for ch in text if unicodedata.category(ch) == "Cc" and ch not in "\t\n\r\f\v\x1b\x85")
    if controls > max(CONTROL_ALLOWANCE, MAX_CONTROL_RATIO * len(text)):
        raise BinarySourceError("binary data (control characters), not a text dump", path)
    return decoded


def _readable_ratio(text: str) -> float:
    """Share of characters that are letters, digits, CJK, punctuation or space."""
    if not text:
        return 0.0
    good = sum(1 for ch in text if unicodedata.category(ch)[0] in "LNPSZ" or ch in "\t\n\r\f")
    return good / len(text)
