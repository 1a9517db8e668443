"""`jixiao extract … --db URL`: each source's records go into the database as the source finishes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from jixiao.db.engine import open_database, redact

if TYPE_CHECKING:
    from jixiao.pipeline import SourceResult


class DatabaseSink:
    """One transaction per source: a source is in the database whole, or not at all."""

    def __init__(self, url: str) -> None:
        self.where = redact(url)
        self.engine = open_database(url)  # a database that cannot be opened stops the batch before it starts

    def write(self, result: SourceResult) -> None:
        from jixiao.db.load import load_records

        load_records(self.engine, result.records)

    def close(self) -> None:
        self.engine.dispose()
