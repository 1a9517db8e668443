"""Readers by source kind: a registry, so that adding a source kind is adding a file here.

Each module in this package defines `READER`, a `SourceReader`: the suffixes it takes,
a cheap test of a file's first bytes, and the function that reads it into an
`ExtractedDocument`. Modules import their heavy libraries inside `read`, so that
listing the readers (and `jixiao --help`) stays fast.

A file is offered to the readers whose content test says yes first, then to the
reader its suffix names, and last to the text reader; a reader that finds the file
is not of its kind after all (`SourceError`) hands it to the next candidate, and when
none can read it the first candidate's error is the one raised.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from jixiao.errors import SourceError

from ..model import ExtractedDocument, PageTable
from ..options import ReadOptions

SNIFF_BYTES = 4096


@dataclass(frozen=True, slots=True)
class SourceReader:
    kind: str  # a short name: text, pdf, image, office …
    suffixes: frozenset[str]  # lower-case, with the dot
    sniff: Callable[[bytes], bool]  # does the file's first SNIFF_BYTES say it is of this kind?
    read: Callable[[Path, ReadOptions], ExtractedDocument]
    fallback: bool = False  # tried last for any file (the text reader)
    priority: int = 50  # among readers whose sniff says yes, lower first


_REGISTERED: list[SourceReader] = []  # readers added by `register_reader` (tests, plug-ins), not by a module here


def register_reader(reader: SourceReader) -> None:
    """Add a reader beside this package's own (a test reader, a plug-in)."""
    _REGISTERED.append(reader)
    all_readers.cache_clear()


def registered_reader_names() -> list[tuple[str, str]]:
    """(module, attribute) of each registered reader bound to a module's name, so that a process
    started afresh (a spawned worker) can register the same readers; readers with no such name are left out."""
    names = []
    for reader in _REGISTERED:
        module = sys.modules.get(getattr(reader.read, "__module__", ""))
        name = next((k for k, v in vars(module).items() if v is reader), None) if module else None
        if module is not None and name is not None:
            names.append((module.__name__, name))
    return names


def register_readers_named(names: list[tuple[str, str]]) -> None:
    """The readers `registered_reader_names` listed, registered in this process (where they are not yet)."""
    for module, name in names:
        reader = getattr(importlib.import_module(module), name)
        if reader not in _REGISTERED:
            register_reader(reader)


@lru_cache(maxsize=1)
def all_readers() -> tuple[SourceReader, ...]:
    """Every reader of this package, in priority order."""
    found: list[SourceReader] = list(_REGISTERED)
    for module in pkgutil.iter_modules(__path__):
        reader = getattr(importlib.import_module(f"{__name__}.{module.name}"), "READER", None)
        if isinstance(reader, SourceReader):
            found.append(reader)
    return tuple(sorted(found, key=lambda r: (r.priority, r.kind)))


def supported_suffixes() -> frozenset[str]:
    return frozenset().union(*(r.suffixes for r in all_readers()))


def candidate_readers(path: Path, head: bytes) -> list[SourceReader]:
    """The readers to try on a file, most likely first."""
    suffix = path.suffix.lower()
    readers = all_readers()
    ordered = [r for r in readers if r.sniff(head)]
    ordered += [r for r in readers if suffix in r.suffixes and r not in ordered]
    ordered += [r for r in readers if r.fallback and r not in ordered]
    return ordered


def first_reader_kind(path: Path) -> str | None:
    """The kind of the reader a file is offered to first (the one whose error stands when none can read it)."""
    try:
        with path.open("rb") as handle:
            head = handle.read(SNIFF_BYTES)
    except OSError:
        return None
    candidates = candidate_readers(path, head)
    return candidates[0].kind if candidates else None


def read_with_readers(path: Path, options: ReadOptions) -> ExtractedDocument:
    """The source read by the first candidate reader that can; the first one's error otherwise."""
    with path.open("rb") as handle:
        head = handle.read(SNIFF_BYTES)
    first_error: SourceError | None = None
    for reader in candidate_readers(path, head):
        try:
            document = reader.read(path, options)
        except SourceError as error:
            if not error.retry_elsewhere:
                raise
            first_error = first_error or error
            continue
        if first_error is not None and not any(isinstance(b, PageTable) for b in document.blocks):
            raise first_error  # the next reader read it, but found nothing: the first verdict stands
        document.reader = reader.kind
        return document
    assert first_error is not None  # the text reader is always a candidate
    raise first_error
