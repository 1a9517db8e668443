"""One source's records loaded from its JSONL output file, a chunk of records at a time, in one
transaction: the rows `load.load_records` gives for the same records, never all of them in memory."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from jixiao.chunks import chunked
from jixiao.db.jsonl import jsonl_lines, read_jsonl
from jixiao.db.load import LoadSummary, delete_documents
from jixiao.db.rows import document_row, rows_of

if TYPE_CHECKING:
    from sqlalchemy.engine import Connection, Engine

RECORDS_A_CHUNK = 500


def _load(connection: Connection, path: Path, count: int, size: int | None) -> LoadSummary:
    from jixiao.db.bulk import insert_returning_ids, insert_rows
    from jixiao.db.tables import documents, indicators, records, warnings

    summary = LoadSummary()
    first = next(read_jsonl(path), None)
    if first is None:
        return summary
    source = first["source"]
    summary.replaced = delete_documents(connection, [(source["sha256"], source["path"])])
    row = document_row([first], size) | {"records_count": count, "loaded_at": datetime.now(UTC)}
    document_id = insert_returning_ids(connection, documents, [row])[0]
    summary.documents = 1
    table_index = 0
    for chunk in chunked(read_jsonl(path), RECORDS_A_CHUNK):
        children = [rows_of(table_index + k, record) for k, record in enumerate(chunk, 1)]
        table_index += len(chunk)
        ids = insert_returning_ids(connection, records, [rows.record | {"document_id": document_id}
                                                         for rows in children])
        indicator_rows = [r | {"record_id": i} for i, rows in zip(ids, children, strict=True) for r in rows.indicators]
        warning_rows = [r | {"record_id": i} for i, rows in zip(ids, children, strict=True) for r in rows.warnings]
        insert_rows(connection, indicators, indicator_rows)
        insert_rows(connection, warnings, warning_rows)
        summary.records += len(chunk)
        summary.indicators += len(indicator_rows)
        summary.warnings += len(warning_rows)
    return summary


def load_source_file(engine: Engine, path: Path, count: int, size: int | None) -> LoadSummary:
    """The records of one source's JSONL file (`count` of them; `size`: its source's bytes), replacing
    that source's old rows, in one transaction (all of them, or none on error)."""
    from sqlalchemy.exc import SQLAlchemyError

    from jixiao.db.engine import engine_where, write_error

    try:
        with engine.begin() as connection:
            return _load(connection, path, count, size)
    except SQLAlchemyError as error:
        raise write_error(error, engine_where(engine)) from error


def load_output_file(engine: Engine, path: Path) -> LoadSummary:
    """One source's JSONL output file loaded again (rewritten by pairing), a chunk at a time: the rows
    `load.load_records` gives for its records, with the source's size when the file is still there."""
    from jixiao.db.load import known_size

    count, first = 0, None
    for _, record in jsonl_lines(path, checked=False):  # checked as it was written
        count += 1
        first = first or record["source"]
    size = known_size(first["path"], first["sha256"]) if first is not None else None
    return load_source_file(engine, path, count, size)
