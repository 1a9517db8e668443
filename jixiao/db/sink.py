"""`jixiao extract … --db URL` and the batch engine: each source goes into the database as it finishes."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

from jixiao.db.engine import open_database, redact

if TYPE_CHECKING:
    from jixiao.batch.entry import SourceEntry
    from jixiao.pipeline import SourceResult


def say_on_stderr(note: str) -> None:
    print(f"jixiao: note: {note}", file=sys.stderr)


class DatabaseSink:
    """One transaction per source: a source is in the database whole, or not at all."""

    def __init__(self, url: str) -> None:
        self.where = redact(url)
        self.engine = open_database(url, say=say_on_stderr)  # a database that cannot be opened stops the batch

    def write(self, result: SourceResult) -> None:
        from jixiao.db.load import load_records

        load_records(self.engine, result.records)

    def write_file(self, output: Path, entry: SourceEntry) -> None:
        """A source's records from its JSONL output file, a chunk at a time (a big source's records
        never travel to the batch whole)."""
        from jixiao.db.load_file import load_source_file

        load_source_file(self.engine, output, entry.records or 0, entry.size)

    def write_source(self, entry: SourceEntry) -> None:
        """The source's manifest row (replacing the row of its path), in its own transaction."""
        from sqlalchemy.exc import SQLAlchemyError

        from jixiao.db.engine import write_error
        from jixiao.db.sources import load_sources

        try:
            with self.engine.begin() as connection:
                load_sources(connection, [entry])
        except SQLAlchemyError as error:
            raise write_error(error, self.where) from error

    def close(self) -> None:
        self.engine.dispose()
