"""Opening a database by URL or path: the engine, SQLite's transaction fix-ups, errors made one line."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from jixiao.errors import DatabaseConnectError, DatabaseError, DatabaseWriteError

if TYPE_CHECKING:
    from collections.abc import Callable

    from sqlalchemy.engine import URL, Engine

_SCHEMES = ("sqlite", "postgresql", "postgres")
CONNECT_TIMEOUT = 10  # seconds; libpq waits forever by default
SQLITE_FULL = 13
PG_DISK_FULL = "53100"


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


def engine_where(engine: Engine) -> str:
    """The engine's database for messages: its URL as a user writes it (no driver name), password hidden."""
    url = engine.url.set(drivername=engine.url.get_backend_name())
    return url.render_as_string(hide_password=True)


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
                raise DatabaseConnectError(f"cannot create the database's folder: {error.strerror or error}",
                                           url.database) from error
        engine = create_engine(url)
        _sqlite_setup(engine)
        return engine
    connect_args = {} if "connect_timeout" in url.query else {"connect_timeout": CONNECT_TIMEOUT}
    try:
        return create_engine(url, pool_pre_ping=True, connect_args=connect_args)
    except ModuleNotFoundError as error:
        raise DatabaseError(f"the driver for {url.drivername} is not installed ({error.name})", redact(text)) from error


def describe(error: BaseException) -> str:
    """A database error in one line (the driver's message, without SQLAlchemy's SQL dump and link)."""
    original = getattr(error, "orig", None)
    text = str(original if original is not None else error)
    text = text.removeprefix("connection failed: ")
    return " ".join(text.split()) or type(error).__name__


def is_disk_full(error: BaseException) -> bool:
    """SQLite's SQLITE_FULL, PostgreSQL's disk_full (SQLSTATE 53100), or an OS-level ENOSPC."""
    import errno

    original = getattr(error, "orig", None) or error
    code = getattr(original, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF == SQLITE_FULL
    if getattr(original, "sqlstate", None) == PG_DISK_FULL:
        return True
    return isinstance(original, OSError) and original.errno == errno.ENOSPC


def write_error(error: BaseException, where: str) -> DatabaseWriteError:
    """A failed load, said in one line; the caller's transaction is rolled back."""
    cause = "the disk is full" if is_disk_full(error) else describe(error)
    return DatabaseWriteError(f"cannot write the database, nothing of this load was kept: {cause}", where)


def open_database(text: str, say: Callable[[str], None] | None = None) -> Engine:
    """An engine on the database, its schema upgraded to head (created when new); `say` hears of an upgrade."""
    from jixiao.db.migrate import upgrade

    engine = make_engine(text)
    try:
        done = upgrade(engine, where=redact(text))
    except BaseException:
        engine.dispose()
        raise
    if say is not None and done.note:
        say(f"{redact(text)}: {done.note}")
    return engine
