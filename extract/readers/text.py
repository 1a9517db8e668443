"""Text dumps: tab-separated rows, markdown and HTML tables, CSV exports. The last resort for any file."""

from __future__ import annotations

from pathlib import Path

from ..model import ExtractedDocument
from ..options import ReadOptions
from . import SourceReader


def _read(path: Path, options: ReadOptions) -> ExtractedDocument:
    from jixiao.collection import collector_paused

    from ..text_dump import read_text_dump

    with collector_paused():
        return read_text_dump(path)


READER = SourceReader(
    kind="text",
    suffixes=frozenset({".txt", ".text", ".tsv", ".csv", ".md", ".markdown", ".html", ".htm"}),
    sniff=lambda head: False,
    read=_read,
    fallback=True,
    priority=90,
)
