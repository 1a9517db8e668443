"""Records into a relational database (SQLite by default; PostgreSQL by URL), through SQLAlchemy 2 and Alembic.

    from jixiao.db import open_database, load_records
    engine = open_database("sqlite:///out/jixiao.db")   # created or upgraded to the newest schema
    load_records(engine, records)                        # idempotent, keyed by (sha256, table index)

SQLAlchemy and Alembic are imported by the functions that use them, so importing
this package (and `jixiao --help`) stays fast.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from collections.abc import Callable, Iterable

    from sqlalchemy.engine import Engine

    from jixiao.db.load import LoadSummary

__all__ = ["load_records", "open_database"]


def open_database(url: str, say: Callable[[str], None] | None = None) -> Engine:
    """An engine on the database at `url` (a URL or a plain SQLite path), its schema upgraded to the newest;
    `say` is told, in one line, when an older schema was upgraded in place."""
    from jixiao.db.engine import open_database as _open

    return _open(url, say)


def load_records(engine: Engine, records: Iterable[dict[str, Any]], sizes: bool = True) -> LoadSummary:
    """Load records in one transaction; each source's old rows are replaced (see jixiao.db.load).
    `sizes`: hash each source again, where it still is, to fill documents.size."""
    from jixiao.db.load import load_records as _load

    return _load(engine, records, sizes)
