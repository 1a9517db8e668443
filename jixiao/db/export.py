"""Exports of a table (the indicators with their record's header by default) to CSV or Parquet."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from jixiao.errors import OutputError
from jixiao.spreadsheet import FORMULA_START, escape_formula  # noqa: F401 - one rule for every CSV jixiao writes

if TYPE_CHECKING:
    import pandas as pd
    from sqlalchemy.engine import Engine
    from sqlalchemy.sql import Select

EXPORT_TABLES = ("indicators", "warnings", "records", "documents", "sources")


def _select(table: str) -> Select:
    from sqlalchemy import select

    from jixiao.db.tables import TABLES, documents, records

    context = [documents.c.path.label("source"), documents.c.sha256, records.c.table_index, records.c.form,
               records.c.year, records.c.project_name, records.c.project_department,
               records.c.project_department_code]
    if table in ("indicators", "warnings"):
        child = TABLES[table]
        own = [c for c in child.c if c.name not in ("id", "record_id")]
        joined = child.join(records, child.c.record_id == records.c.id).join(
            documents, records.c.document_id == documents.c.id)
        return select(*context, *own).select_from(joined).order_by(
            documents.c.path, records.c.table_index, child.c.position)
    if table == "records":
        own = [c for c in records.c if c.name not in ("id", "document_id", "table_index", "form", "year")
               and not c.name.startswith("project_")]
        joined = records.join(documents, records.c.document_id == documents.c.id)
        return select(*context, *own).select_from(joined).order_by(documents.c.path, records.c.table_index)
    plain = TABLES[table]
    return select(*[c for c in plain.c if c.name != "id"]).order_by(plain.c.path)


def table_frame(engine: Engine, table: str) -> pd.DataFrame:
    import pandas as pd
    from sqlalchemy.exc import SQLAlchemyError

    from jixiao.db.engine import describe, engine_where
    from jixiao.errors import DatabaseConnectError

    if table not in EXPORT_TABLES:
        raise OutputError(f"unknown table {table!r} (one of {', '.join(EXPORT_TABLES)})")
    try:
        with engine.connect() as connection:
            result = connection.execute(_select(table))
            frame = pd.DataFrame(result.fetchall(), columns=list(result.keys()), dtype=object)
    except SQLAlchemyError as error:
        raise DatabaseConnectError(f"cannot read the database: {describe(error)}",
                            engine_where(engine)) from error
    if "record_json" in frame:
        import json

        frame["record_json"] = [json.dumps(v, ensure_ascii=False) if not isinstance(v, str) else v
                                for v in frame["record_json"]]
    return frame


def _atomic(target: Path, write: Any) -> None:
    """`write(tmp_path)` then rename into place: a failed export leaves no half file."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", dir=target.parent)
        os.close(fd)
        try:
            write(tmp)
            os.replace(tmp, target)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)
    except OSError as error:
        raise OutputError(f"cannot write: {error.strerror or error}", str(target)) from error


def write_csv(frame: pd.DataFrame, target: Path) -> None:
    """UTF-8 with BOM (spreadsheets show the Chinese), formulas escaped, None as an empty cell."""
    import pandas as pd

    # Column by column with dtype object: DataFrame.map would turn an integer column with gaps into floats (7.0).
    safe = pd.DataFrame({name: pd.Series([escape_formula(v) for v in frame[name]], index=frame.index, dtype=object)
                         for name in frame.columns}, columns=frame.columns)
    _atomic(target, lambda tmp: safe.to_csv(tmp, index=False, encoding="utf-8-sig", lineterminator="\n"))


def write_parquet(frame: pd.DataFrame, target: Path) -> None:
    """Typed columns: numbers as numbers (nullable), text as strings."""
    import pandas as pd

    typed = frame.copy()
    for column in typed.columns:
        values = typed[column].dropna()
        if len(values) and all(isinstance(v, int | float) and not isinstance(v, bool) for v in values):
            typed[column] = pd.to_numeric(typed[column])
        elif len(values) and all(isinstance(v, str) for v in values):
            typed[column] = typed[column].astype("string")
    _atomic(target, lambda tmp: typed.to_parquet(tmp, engine="pyarrow", index=False))
