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

from jixiao.db.rows import document_row, rows_of
from jixiao.errors import DatabaseError, InputRecordError
from jixiao.paths import filesystem_path

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine


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


def _delete_document(connection: Connection, sha256: str, path: str) -> int:
    """Delete the rows of the source with this content or at this path (children first; no cascade needed)."""
    from sqlalchemy import delete, or_, select

    from jixiao.db.tables import documents, indicators, records, warnings

    ids = list(connection.scalars(select(documents.c.id).where(
        or_(documents.c.sha256 == sha256, documents.c.path == path))))
    if not ids:
        return 0
    record_ids = select(records.c.id).where(records.c.document_id.in_(ids))
    connection.execute(delete(indicators).where(indicators.c.record_id.in_(record_ids)))
    connection.execute(delete(warnings).where(warnings.c.record_id.in_(record_ids)))
    connection.execute(delete(records).where(records.c.document_id.in_(ids)))
    connection.execute(delete(documents).where(documents.c.id.in_(ids)))
    return len(ids)


def _insert_document(connection: Connection, group: list[dict[str, Any]], size: int | None) -> LoadSummary:
    from sqlalchemy import insert

    from jixiao.db.tables import documents, indicators, records, warnings

    row = document_row(group, size) | {"loaded_at": datetime.now(UTC)}
    document_id = connection.execute(insert(documents).returning(documents.c.id), row).scalar_one()
    summary = LoadSummary(documents=1, records=len(group))
    for table_index, record in enumerate(group, 1):
        rows = rows_of(table_index, record)
        record_id = connection.execute(insert(records).returning(records.c.id),
                                       rows.record | {"document_id": document_id}).scalar_one()
        if rows.indicators:
            connection.execute(insert(indicators), [r | {"record_id": record_id} for r in rows.indicators])
        if rows.warnings:
            connection.execute(insert(warnings), [r | {"record_id": record_id} for r in rows.warnings])
        summary.indicators += len(rows.indicators)
        summary.warnings += len(rows.warnings)
    return summary


def load_into(connection: Connection, records: Iterable[dict[str, Any]], sizes: bool = True) -> LoadSummary:
    """Replace each source's rows by these records, on a connection inside the caller's transaction."""
    summary = LoadSummary()
    for sha256, group in group_by_source(records).items():
        path = group[0]["source"]["path"]
        summary.replaced += _delete_document(connection, sha256, path) > 0
        summary.add(_insert_document(connection, group, known_size(path, sha256) if sizes else None))
    return summary


def load_records(engine: Engine, records: Iterable[dict[str, Any]], sizes: bool = True) -> LoadSummary:
    """Load records in one transaction (all of them, or none on error). `sizes`: stat and hash the sources."""
    from sqlalchemy.exc import SQLAlchemyError

    from jixiao.db.engine import describe

    try:
        with engine.begin() as connection:
            return load_into(connection, records, sizes)
    except SQLAlchemyError as error:
        raise DatabaseError(f"cannot write the database, nothing of this load was kept: {describe(error)}",
                            engine.url.render_as_string(hide_password=True)) from error
