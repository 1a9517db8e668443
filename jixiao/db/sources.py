"""The batch manifest in the database: one `sources` row per source path (jixiao.batch.entry.SourceEntry).

A path has one row, its latest read: loading a manifest again, or a source read again (same
content or changed), replaces the row of that path.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection

    from jixiao.batch.entry import SourceEntry

CHUNK = 500


def source_row(entry: SourceEntry, loaded_at: datetime) -> dict[str, Any]:
    """The entry's fields that the table has (all of them, as of revision 0002)."""
    from jixiao.db.tables import sources

    return {name: value for name, value in entry.as_dict().items() if name in sources.c} | {"loaded_at": loaded_at}


def load_sources(connection: Connection, entries: Iterable[SourceEntry]) -> int:
    """Replace the rows of these entries' paths, inside the caller's transaction; the number of rows written."""
    from sqlalchemy import delete

    from jixiao.db.bulk import insert_rows
    from jixiao.db.tables import sources

    now = datetime.now(UTC)
    latest = {entry.path: source_row(entry, now) for entry in entries}  # a path listed twice: the last row wins
    paths = list(latest)
    for start in range(0, len(paths), CHUNK):
        connection.execute(delete(sources).where(sources.c.path.in_(paths[start:start + CHUNK])))
    insert_rows(connection, sources, list(latest.values()))
    return len(latest)
