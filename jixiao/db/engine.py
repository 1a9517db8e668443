"""Opening a database by URL or path: the engine, SQLite's transaction fix-ups, errors made one line."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from jixiao.errors import DatabaseError

if TYPE_CHECKING:
    from sqlalchemy.engine import URL, Engine

_SCHEMES = ("sqlite", "postgresql", "postgres")


def database_url(text: str) -> URL:
    """`sqlite:///x.db`, `postgresql://…` (psycopg 3), or a plain path of an SQLite file."""
    from sqlalchemy.engine import make_url
    from sqlalchemy.exc import ArgumentError

    if "://" not in text:
        return make_url("sqlite://").set(database=str(Path(text).expanduser()))
    try:
        url = make_url(text)
    except ArgumentError as error:
        raise DatabaseError(f"not a database URL: {error}", redact(text)) from error
    backend = url.get_backend_name()
    if backend not in _SCHEMES:
        raise DatabaseError(f"unsupported database {backend!r} (sqlite:///FILE or postgresql://…)", redact(text))
    if backend in ("postgresql", "postgres") and "+" not in url.drivername:
        url = url.set(drivername="postgresql+psycopg")
    return url


def redact(text: str) -> str:
    """The URL without its password, for messages."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(text).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - a URL we cannot parse is shown as given, minus anything after a colon-at
        return text.split("@")[-1]


def _sqlite_setup(engine: Engine) -> None:
    """pysqlite runs DDL outside transactions and leaves foreign keys off; make SQLite transactional."""
    from sqlalchemy import event

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None  # we emit BEGIN ourselves, below
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA busy_timeout = 30000")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(connection: Any) -> None:
        connection.exec_driver_sql("BEGIN")


def make_engine(text: str) -> Engine:
    """An engine, not yet connected; an SQLite file's folder is created."""
    from sqlalchemy import create_engine

    url = database_url(text)
    if url.get_backend_name() == "sqlite":
        if url.database and url.database != ":memory:":
            try:
                Path(url.database).parent.mkdir(parents=True, exist_ok=True)
            except OSError as error:
                raise DatabaseError(f"cannot create the database's folder: {error.strerror or error}",
                                    url.database) from error
        engine = create_engine(url)
        _sqlite_setup(engine)
        return engine
    try:
        return create_engine(url, pool_pre_ping=True)
    except ModuleNotFoundError as error:
        raise DatabaseError(f"the driver for {url.drivername} is not installed ({error.name})", redact(text)) from error


def describe(error: BaseException) -> str:
    """A database error in one line (the driver's message, without SQLAlchemy's SQL dump and link)."""
    original = getattr(error, "orig", None)
    text = str(original if original is not None else error)
    return " ".join(text.split()) or type(error).__name__


def open_database(text: str) -> Engine:
    """An engine on the database, its schema upgraded to head (created when new)."""
    from jixiao.db.migrate import upgrade

    engine = make_engine(text)
    upgrade(engine, where=redact(text))
    return engine
