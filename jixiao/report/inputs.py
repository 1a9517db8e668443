"""What a report is made from: the records of an extract's output folder or of a database, and the batch's sources."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from jixiao.batch.entry import SourceEntry, read_manifest
from jixiao.errors import DatabaseError, InputRecordError

_SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass(slots=True)
class ReportInput:
    records: list[dict[str, Any]]
    sources: list[SourceEntry] | None  # None: the input keeps no batch manifest, failed sources are unknown
    base: Path  # the folder a relative source.path may also be found under
    origin: str  # what was read, as the overview names it


def _is_database(text: str) -> bool:
    if "://" in text:
        return True
    path = Path(text)
    if not path.is_file() or path.suffix == ".jsonl":
        return False
    with path.open("rb") as handle:
        return handle.read(len(_SQLITE_MAGIC)) == _SQLITE_MAGIC


def read_input(text: str) -> ReportInput:
    """An output folder (or one .jsonl file) of `jixiao extract`, or a database by URL or SQLite path."""
    if _is_database(text):
        return _from_database(text)
    return _from_folder(Path(text))


def _from_folder(path: Path) -> ReportInput:
    from jixiao.db.jsonl import jsonl_files, read_jsonl

    files = jsonl_files(path)
    folder = path if path.is_dir() else path.parent
    records = [record for file in files for record in read_jsonl(file)]
    manifest = read_manifest(folder)
    return ReportInput(records, manifest or None, folder, str(path))


def _from_database(text: str) -> ReportInput:
    from jixiao.db.engine import database_url, describe, open_database, redact

    url = database_url(text)
    if url.get_backend_name() == "sqlite" and not (url.database and Path(url.database).is_file()):
        raise InputRecordError("no such database file", url.database or text)
    engine = open_database(text)
    try:
        records, sources = _database_rows(engine)
    except DatabaseError:
        raise
    except Exception as error:
        from sqlalchemy.exc import SQLAlchemyError

        if not isinstance(error, SQLAlchemyError):
            raise
        raise DatabaseError(f"cannot read the database: {describe(error)}", redact(text)) from error
    finally:
        engine.dispose()
    base = Path(url.database).parent if url.get_backend_name() == "sqlite" and url.database else Path.cwd()
    return ReportInput(records, sources, base, redact(text))


def _database_rows(engine: Any) -> tuple[list[dict[str, Any]], list[SourceEntry] | None]:
    import sqlalchemy as sa

    from jixiao.db.tables import documents, records

    query = (sa.select(records.c.record_json).join(documents, documents.c.id == records.c.document_id)
             .order_by(documents.c.path, records.c.table_index))
    with engine.connect() as connection:
        found = [_as_dict(row[0]) for row in connection.execute(query)]
        sources = _database_sources(connection)
    return found, sources


def _as_dict(value: Any) -> dict[str, Any]:
    if isinstance(value, str):  # a driver that hands JSON back as text
        import json

        value = json.loads(value)
    return dict(value)


def _database_sources(connection: Any) -> list[SourceEntry] | None:
    """The batch's `sources` table where the database keeps one (loaded from a manifest); None otherwise."""
    import sqlalchemy as sa

    if not sa.inspect(connection).has_table("sources"):
        return None
    table = sa.Table("sources", sa.MetaData(), autoload_with=connection)
    known = [name for name in SourceEntry.columns() if name in table.c]
    if "path" not in known:
        return None
    rows = connection.execute(sa.select(*[table.c[name] for name in known]).order_by(table.c.path))
    return [SourceEntry(**dict(zip(known, row, strict=True))) for row in rows] or None
