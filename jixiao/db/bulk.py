"""Bulk inserts: PostgreSQL through COPY (ids drawn from the table's sequence first), others by executemany.

On PostgreSQL, psycopg's executemany sends one INSERT per row (pipelined) and a multi-row
INSERT … RETURNING spends its time building the statement; COPY into the same
transaction is several times faster (bench/bench_db.py). SQLite's executemany is already
a tight loop in C.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sqlalchemy import Table
    from sqlalchemy.engine import Connection


def _is_postgresql(connection: Connection) -> bool:
    return connection.dialect.name == "postgresql"


def _copy_value(value: Any) -> Any:
    """COPY's text form: a dict or list (the JSONB column) as JSON text; psycopg dumps the rest."""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False)
    return value


def _copy(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """COPY on the psycopg connection of our transaction; its errors raised as SQLAlchemy's (DBAPIError)."""
    from sqlalchemy.exc import DBAPIError

    columns = list(rows[0])
    names = ", ".join(f'"{name}"' for name in columns)
    statement = f'COPY "{table.name}" ({names}) FROM STDIN'
    driver_error = connection.dialect.loaded_dbapi.Error
    cursor = connection.connection.driver_connection.cursor()
    try:
        with cursor.copy(statement) as copy:
            for row in rows:
                copy.write_row([_copy_value(row.get(name)) for name in columns])
    except driver_error as error:
        raise DBAPIError.instance(statement, None, error, driver_error) from error
    finally:
        cursor.close()


def _next_ids(connection: Connection, table: Table, count: int) -> list[int]:
    from sqlalchemy import text

    result = connection.execute(
        text("SELECT nextval(pg_get_serial_sequence(:table, 'id')) FROM generate_series(1, :count)"),
        {"table": table.name, "count": count})
    return list(result.scalars())


def insert_rows(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert every row (all rows with the same keys), inside the caller's transaction."""
    from sqlalchemy import insert

    if not rows:
        return
    if _is_postgresql(connection):
        _copy(connection, table, rows)
    else:
        connection.execute(insert(table), rows)


def insert_returning_ids(connection: Connection, table: Table, rows: list[dict[str, Any]]) -> list[int]:
    """Insert every row; their new ids, in the order of `rows`."""
    from sqlalchemy import insert

    if not rows:
        return []
    if _is_postgresql(connection):
        ids = _next_ids(connection, table, len(rows))
        _copy(connection, table, [{"id": id_} | row for id_, row in zip(ids, rows, strict=True)])
        return ids
    result = connection.execute(insert(table).returning(table.c.id, sort_by_parameter_order=True), rows)
    return list(result.scalars())
