"""Office files: workbooks (.xlsx .xlsm .xls .et .ods) and Word documents (.docx .docm .doc .wps .odt).

A zip package or an OLE2 compound file is sniffed as office by content; a file with an
office suffix that is neither (an `.xls` exported as HTML or CSV) is handed on to the
text reader by a `CorruptSourceError` (retry_elsewhere).
"""

from __future__ import annotations

from pathlib import Path

from ..model import ExtractedDocument
from ..options import ReadOptions
from . import SourceReader

SUFFIXES = frozenset({".xlsx", ".xlsm", ".xls", ".et", ".ods", ".docx", ".docm", ".doc", ".wps", ".odt"})


def _sniff(head: bytes) -> bool:
    from ..office.container import sniff_office

    return sniff_office(head)


def _read(path: Path, options: ReadOptions) -> ExtractedDocument:
    from ..office import read_office

    return read_office(path, options.password)


READER = SourceReader(kind="office", suffixes=SUFFIXES, sniff=_sniff, read=_read, priority=20)
