"""One row of a batch's manifest: what happened to one source.

The manifest is an SQLite file in the output folder (`MANIFEST_NAME`), table `sources`,
one column per field below. The database loader copies these rows into its own
`sources` table, so the field names are a contract: add freely, rename none.
"""

from __future__ import annotations

import sqlite3
from dataclasses import asdict, dataclass, fields
from pathlib import Path

MANIFEST_NAME = "jixiao-manifest.sqlite"
STATUSES = ("done", "failed", "no_form", "timed_out", "skipped")


@dataclass(slots=True)
class SourceEntry:
    path: str  # as the file system holds it; bytes that are not UTF-8 shown as \xNN
    sha256: str | None = None
    size: int | None = None
    reader: str | None = None  # the source kind's reader (text, pdf, scan, office …)
    status: str = "failed"  # one of STATUSES
    records: int = 0
    warnings: int = 0
    error: str | None = None
    seconds: float | None = None
    peak_memory: int | None = None  # bytes, the worker's peak resident set while reading this source
    version: str | None = None  # jixiao's version that read it
    output: str | None = None  # the output file's name inside the output folder
    page: int | None = None  # the page being read when the source was stopped (timed out)
    finished_at: str | None = None  # ISO 8601, UTC
    mtime_ns: int | None = None  # the file's modification time when read: with `size`, the quick check on a re-run
    pages: int | None = None  # pages (sheets) the source has
    warning_codes: str | None = None  # JSON object, warning code → count
    options: str | None = None  # the read options that shape the output (format, engine, OCR), as a key

    @classmethod
    def columns(cls) -> list[str]:
        return [f.name for f in fields(cls)]

    def as_dict(self) -> dict[str, object]:
        return asdict(self)


def read_manifest(folder: Path) -> list[SourceEntry]:
    """The manifest rows of a batch's output folder; none when the folder has no manifest."""
    target = folder / MANIFEST_NAME
    if not target.exists():
        return []
    with sqlite3.connect(f"file:{target}?mode=ro", uri=True) as connection:
        names = [row[1] for row in connection.execute("PRAGMA table_info(sources)")]
        known = [n for n in SourceEntry.columns() if n in names]
        rows = connection.execute(f"SELECT {', '.join(known)} FROM sources ORDER BY path").fetchall()
    return [SourceEntry(**dict(zip(known, row, strict=True))) for row in rows]
