"""Loading records: idempotent, keyed by (sha256, table index); a re-read source replaces its old rows.

All of one call happens in one transaction: either every document of the batch is
replaced by its new rows, or (on any error) the database is left as it was.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from jixiao.chunks import chunked
from jixiao.db.rows import document_row, rows_of
from jixiao.errors import InputRecordError
from jixiao.paths import filesystem_path

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

CHUNK = 500  # keys per IN (…) list: well under SQLite's limit of bound parameters


@dataclass(slots=True)
class LoadSummary:
    documents: int = 0
    records: int = 0
    indicators: int = 0
    warnings: int = 0
    replaced: int = 0  # documents whose old rows were deleted first

    def add(self, other: LoadSummary) -> None:
        for name in ("documents", "records", "indicators", "warnings", "replaced"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


def group_by_source(records: Iterable[dict[str, Any]]) -> dict[str, list[dict[str, Any]]]:
    """Records by their source's sha256, in order; the position in its group is the table index (from 1)."""
    groups: dict[str, list[dict[str, Any]]] = {}
    for record in records:
        source = record.get("source") if isinstance(record, dict) else None
        sha = source.get("sha256") if isinstance(source, dict) else None
        if not isinstance(sha, str) or not sha:
            raise InputRecordError("a record without source.sha256 cannot be loaded")
        groups.setdefault(sha, []).append(record)
    return groups


def known_size(path: str, sha256: str) -> int | None:
    """The source's size when the file is still there with the same content, else None (unknown)."""
    file = filesystem_path(path)  # a record's path shows bytes that are not UTF-8 as \xNN
    try:
        if not file.is_file():
            return None
        digest = hashlib.sha256()
        with file.open("rb") as handle:
            for block in iter(lambda: handle.read(1 << 20), b""):
                digest.update(block)
        return file.stat().st_size if digest.hexdigest() == sha256 else None
    except OSError:
        return None


def delete_documents(connection: Connection, keys: list[tuple[str, str]]) -> int:
    """Delete the rows of the sources with these contents or at these paths ((sha256, path) pairs)."""
    from sqlalchemy import delete, or_, select

    from jixiao.db.tables import documents, indicators, records, warnings

    ids: set[int] = set()
    for chunk in chunked(keys, CHUNK):
        ids.update(connection.scalars(select(documents.c.id).where(or_(
            documents.c.sha256.in_([sha for sha, _ in chunk]), documents.c.path.in_([path for _, path in chunk])))))
    for chunk in chunked(sorted(ids), CHUNK):
        record_ids = select(records.c.id).where(records.c.document_id.in_(chunk))
        connection.execute(delete(indicators).where(indicators.c.record_id.in_(record_ids)))
        connection.execute(delete(warnings).where(warnings.c.record_id.in_(record_ids)))
        connection.execute(delete(records).where(records.c.document_id.in_(chunk)))
        connection.execute(delete(documents).where(documents.c.id.in_(chunk)))
    return len(ids)


def _insert_documents(connection: Connection, groups: list[list[dict[str, Any]]], sizes: list[int | None]
                      ) -> LoadSummary:
    """Every document, then every record, then every indicator and warning: a few bulk statements per load."""
    from jixiao.db.bulk import insert_returning_ids, insert_rows
    from jixiao.db.tables import documents, indicators, records, warnings

    now = datetime.now(UTC)
    document_ids = insert_returning_ids(
        connection, documents, [document_row(group, size) | {"loaded_at": now} for group, size in
                                zip(groups, sizes, strict=True)])
    record_rows, children = [], []
    for document_id, group in zip(document_ids, groups, strict=True):
        for table_index, record in enumerate(group, 1):
            rows = rows_of(table_index, record)
            record_rows.append(rows.record | {"document_id": document_id})
            children.append(rows)
    record_ids = insert_returning_ids(connection, records, record_rows)
    indicator_rows = [row | {"record_id": record_id} for record_id, rows in zip(record_ids, children, strict=True)
                      for row in rows.indicators]
    warning_rows = [row | {"record_id": record_id} for record_id, rows in zip(record_ids, children, strict=True)
                    for row in rows.warnings]
    insert_rows(connection, indicators, indicator_rows)
    insert_rows(connection, warnings, warning_rows)
    return LoadSummary(documents=len(groups), records=len(record_rows), indicators=len(indicator_rows),
                       warnings=len(warning_rows))


def load_into(connection: Connection, records: Iterable[dict[str, Any]], sizes: bool = True) -> LoadSummary:
    """Replace each source's rows by these records, on a connection inside the caller's transaction."""
    by_path: dict[str, list[dict[str, Any]]] = {}
    for group in group_by_source(records).values():
        by_path[group[0]["source"]["path"]] = group  # the same path twice with other content: the last one wins
    groups = list(by_path.values())
    replaced = delete_documents(connection, [(group[0]["source"]["sha256"], path) for path, group in by_path.items()])
    found = [known_size(group[0]["source"]["path"], group[0]["source"]["sha256"]) if sizes else None
             for group in groups]
    summary = _insert_documents(connection, groups, found)
    summary.replaced = replaced
    return summary


def load_records(engine: Engine, records: Iterable[dict[str, Any]], sizes: bool = True) -> LoadSummary:
    """Load records in one transaction (all of them, or none on error). `sizes`: stat and hash the sources."""
    from sqlalchemy.exc import SQLAlchemyError

    from jixiao.db.engine import engine_where, write_error

    try:
        with engine.begin() as connection:
            return load_into(connection, records, sizes)
    except SQLAlchemyError as error:
        raise write_error(error, engine_where(engine)) from error
