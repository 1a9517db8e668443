"""A big dump's bytes → text a piece at a time, with the verdict `decode.decode_dump` gives on the
whole bytes: the same encoding, the same count of undecodable sequences, the same refusals.

`plan_decoding` reads the file in chunks (its digest, its byte counts, then one incremental decode
per candidate encoding, as `decode_dump` tries them) and says how to decode it; `decoded_segments`
then decodes it again, a segment of whole lines at a time. Files whose verdict needs the whole bytes
in a way these passes do not follow (UTF-16/32, binary, empty) give None: they are read whole, where
the refusal they earn is cheap.
"""

from __future__ import annotations

import codecs
import hashlib
import unicodedata
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .decode import (_TEXT_CONTROLS, BINARY_SIGNATURES, CANDIDATE_ENCODINGS, CONTROL_ALLOWANCE, MAX_CONTROL_RATIO,
                     MAX_REPLACED_RATIO, MIN_READABLE_RATIO, UTF16_MAX_OFF_PARITY, UTF16_MIN_NUL_SHARE)

_ASCII_SPACE = frozenset(b" \t\n\r\x0b\x0c")
_CONTROL_BYTES = bytes(b for b in range(0x20) if b not in _TEXT_CONTROLS) + b"\x7f"
_OWN_REPLACEMENT = "\ufffd".encode("utf-8")
_OTHER_BOMS = (codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE, codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


class _ReadWhole(Exception):
    """The whole-file verdict is a refusal: let `decode_dump` give it."""


@dataclass(frozen=True, slots=True)
class StreamDecoding:
    encoding: str
    errors: str  # "strict", or "replace" for a damaged file read leniently
    replaced: int  # undecodable sequences read as U+FFFD
    sha256: str
    size: int


@dataclass(slots=True)
class _ByteCounts:
    sha256: str = ""
    size: int = 0
    head: bytes = b""
    only_space: bool = True
    nul_even: int = 0
    nul_odd: int = 0
    controls: int = 0
    own_replacements: int = 0  # U+FFFD the file holds in UTF-8


def byte_chunks(path: Path, size: int) -> Iterator[bytes]:
    with path.open("rb") as handle:
        while chunk := handle.read(size):
            yield chunk


def _count_bytes(path: Path, chunk_size: int) -> _ByteCounts:
    counts, digest, tail = _ByteCounts(), hashlib.sha256(), b""
    for chunk in byte_chunks(path, chunk_size):
        digest.update(chunk)
        if not counts.head:
            counts.head = chunk[:16]
        if counts.only_space and chunk.strip():
            counts.only_space = False
        start_odd = counts.size % 2
        even, odd = chunk[0::2].count(0), chunk[1::2].count(0)
        counts.nul_even += odd if start_odd else even
        counts.nul_odd += even if start_odd else odd
        counts.controls += sum(chunk.count(b) for b in _CONTROL_BYTES)
        counts.own_replacements += (tail + chunk).count(_OWN_REPLACEMENT)  # a 2-byte tail holds no whole one
        tail = chunk[-2:]
        counts.size += len(chunk)
    counts.sha256 = digest.hexdigest()
    return counts


@dataclass(slots=True)
class _TextCounts:
    chars: int = 0
    readable: int = 0
    non_ascii: int = 0
    replacements: int = 0
    controls: int = 0  # control characters _checked counts
    only_space: bool = True

    def add(self, text: str) -> None:
        self.chars += len(text)
        for ch, n in Counter(text).items():
            category = unicodedata.category(ch)
            if category[0] in "LNPSZ" or ch in "\t\n\r\f":
                self.readable += n
            if ord(ch) > 0x7F:
                self.non_ascii += n
            if ch == "\ufffd":
                self.replacements += n
            if category == "Cc" and ch not in "\t\n\r\f\v\x1b\x85":
                self.controls += n
            if self.only_space and not ch.isspace():
                self.only_space = False

    @property
    def readable_ratio(self) -> float:
        return self.readable / self.chars if self.chars else 0.0

    @property
    def checked(self) -> bool:
        """What `decode._checked` asks of the text: not only white space, few control characters."""
        return not self.only_space and self.controls <= max(CONTROL_ALLOWANCE, MAX_CONTROL_RATIO * self.chars)


def decoded_chunks(path: Path, encoding: str, errors: str, chunk_size: int) -> Iterator[str]:
    decoder = codecs.getincrementaldecoder(encoding)(errors)
    for chunk in byte_chunks(path, chunk_size):
        text = decoder.decode(chunk)
        if text:
            yield text
    rest = decoder.decode(b"", final=True)
    if rest:
        yield rest


def _text_counts(path: Path, encoding: str, errors: str, chunk_size: int) -> _TextCounts | None:
    counts = _TextCounts()
    try:
        for text in decoded_chunks(path, encoding, errors, chunk_size):
            counts.add(text)
    except UnicodeDecodeError:
        return None
    return counts


def _lenient(path: Path, encoding: str, own: int, chunk_size: int) -> StreamDecoding | None:
    """As `decode._lenient`: replacement characters for a few sequences of a readable text."""
    counts = _text_counts(path, encoding, "replace", chunk_size)
    assert counts is not None
    replaced = counts.replacements - (own if encoding.startswith("utf-8") else 0)
    if replaced <= 0 or replaced > MAX_REPLACED_RATIO * counts.non_ascii + 1:
        return None
    if counts.readable_ratio < MIN_READABLE_RATIO:
        return None
    if not counts.checked:
        raise _ReadWhole  # decode_dump takes this one and refuses it
    return StreamDecoding(encoding, "replace", replaced, "", 0)


def _may_be_utf16(counts: _ByteCounts) -> bool:
    units = counts.size // 2
    high, low = max(counts.nul_even, counts.nul_odd), min(counts.nul_even, counts.nul_odd)
    return units >= 2 and high >= UTF16_MIN_NUL_SHARE * units and low <= UTF16_MAX_OFF_PARITY * high


def plan_decoding(path: Path, chunk_size: int) -> StreamDecoding | None:
    """How to decode `path` a piece at a time to the text `decode_dump` gives; None: read it whole."""
    counts = _count_bytes(path, chunk_size)
    head = counts.head
    if counts.only_space or head.startswith(_OTHER_BOMS) or any(head.startswith(s) for s, _ in BINARY_SIGNATURES):
        return None
    if head.startswith(codecs.BOM_UTF8):
        candidates: tuple[str, ...] = ("utf-8-sig",)
    else:
        if _may_be_utf16(counts) or counts.controls > max(CONTROL_ALLOWANCE, MAX_CONTROL_RATIO * counts.size):
            return None
        candidates = CANDIDATE_ENCODINGS
    try:
        found = _strict(path, candidates, chunk_size) or _least_damaged(path, candidates, counts, chunk_size)
    except _ReadWhole:
        return None
    if found is None:
        return None
    return StreamDecoding(found.encoding, found.errors, found.replaced, counts.sha256, counts.size)


def _strict(path: Path, candidates: tuple[str, ...], chunk_size: int) -> StreamDecoding | None:
    for encoding in candidates:
        counts = _text_counts(path, encoding, "strict", chunk_size)
        if counts is None:
            continue
        bom = encoding == "utf-8-sig"  # a BOM's encoding that decodes is taken whatever it reads like
        if bom or counts.readable_ratio >= MIN_READABLE_RATIO:
            if not counts.checked:
                raise _ReadWhole
            return StreamDecoding(encoding, "strict", 0, "", 0)
    return None


def _least_damaged(path: Path, candidates: tuple[str, ...], counts: _ByteCounts, chunk_size: int
                   ) -> StreamDecoding | None:
    for encoding in candidates:
        found = _lenient(path, encoding, counts.own_replacements, chunk_size)
        if found is not None:
            return found
    return None


_LINE_ENDS = ("\n", "\r", "\x85", "\u2028", "\u2029")  # as clean_text._LINE_BREAKS breaks lines


def _after_last_line_end(text: str) -> int:
    """Where the text's whole lines end; a "\r" that ends the text may be half of a "\r\n": not taken."""
    end = len(text) - 1 if text.endswith("\r") else len(text)
    return max(text.rfind(ch, 0, end) for ch in _LINE_ENDS) + 1


def decoded_segments(path: Path, decoding: StreamDecoding, segment_bytes: int) -> Iterator[tuple[str, bool]]:
    """The text in pieces of whole lines, each with whether it is the last (the only one that may end
    inside a line). Any line end cuts, an old Mac file's lone "\r" too."""
    carry = ""
    for text in decoded_chunks(path, decoding.encoding, decoding.errors, segment_bytes):
        text = carry + text
        cut = _after_last_line_end(text)
        if cut:
            yield text[:cut], False
        carry = text[cut:]
    yield carry, True
