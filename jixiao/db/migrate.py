"""Migrations run programmatically: `command.upgrade(config, "head")` on the engine's connection."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from jixiao.errors import DatabaseConnectError, DatabaseError, DatabaseVersionError, DatabaseWriteError

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine import Connection, Engine

SCRIPTS = Path(__file__).with_name("alembic")
OUR_TABLES = ("documents", "records", "indicators", "warnings", "sources")
SQLITE_NOTADB = 26
MIGRATION_LOCK = 0x6A69786961  # "jixia": the advisory lock key of our migrations on PostgreSQL


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(SCRIPTS))
    config.attributes["connection"] = connection
    return config


def head_revision() -> str:
    from alembic.script import ScriptDirectory

    return ScriptDirectory.from_config(alembic_config()).get_current_head() or ""


def current_revisions(connection: Connection) -> tuple[str, ...]:
    from alembic.runtime.migration import MigrationContext

    return tuple(MigrationContext.configure(connection).get_current_heads())


@dataclass(frozen=True, slots=True)
class Upgrade:
    before: tuple[str, ...]  # the revisions found; none for a new database
    after: str

    @property
    def note(self) -> str | None:
        """What an in-place upgrade did, to be said; None for a new database or one already at head."""
        if not self.before or self.before == (self.after,):
            return None
        return f"schema upgraded in place from revision {', '.join(self.before)} to {self.after}"


def check_revisions(connection: Connection, where: str) -> tuple[str, ...]:
    """The database's revisions; refused when this version does not know one, or for our tables with none."""
    from alembic.script import ScriptDirectory
    from sqlalchemy import inspect

    script = ScriptDirectory.from_config(alembic_config())
    current = current_revisions(connection)
    known = {revision.revision for revision in script.walk_revisions()}
    unknown = [revision for revision in current if revision not in known]
    if unknown:
        raise DatabaseVersionError(
            f"schema revision {', '.join(unknown)} was made by a newer jixiao (this one knows revisions up to "
            f"{script.get_current_head()}); upgrade jixiao to use this database", where)
    if not current:
        present = set(inspect(connection).get_table_names()) & set(OUR_TABLES)
        if present:
            raise DatabaseVersionError(
                f"holds tables {', '.join(sorted(present))} but no jixiao schema revision; not a jixiao database",
                where)
    return current


def _connect_check(engine: Engine, where: str) -> None:
    """Connect once, so a refused connection or wrong credentials is said as such."""
    from sqlalchemy.exc import SQLAlchemyError

    from jixiao.db.engine import describe

    verb = "open" if engine.dialect.name == "sqlite" else "connect to"
    try:
        with engine.connect():
            pass
    except SQLAlchemyError as error:
        raise DatabaseConnectError(f"cannot {verb} the database: {describe(error)}", where) from error


def _opening_error(error: BaseException, where: str) -> DatabaseError:
    from jixiao.db.engine import describe, is_disk_full

    if is_disk_full(error):
        return DatabaseWriteError("cannot create or upgrade the schema: the disk is full", where)
    original = getattr(error, "orig", None)
    if (getattr(original, "sqlite_errorcode", None) or 0) & 0xFF == SQLITE_NOTADB:
        return DatabaseConnectError(f"not an SQLite database ({describe(error)})", where)
    return DatabaseConnectError(f"cannot open or upgrade the database: {describe(error)}", where)


def upgrade(engine: Engine, where: str) -> Upgrade:
    """Create or upgrade the schema to head in one transaction (DDL included, on SQLite and PostgreSQL)."""
    from alembic import command
    from sqlalchemy import text
    from sqlalchemy.exc import SQLAlchemyError

    _connect_check(engine, where)
    try:
        with engine.begin() as connection:
            if connection.dialect.name == "postgresql":  # two jixiao opening one new database: one migrates
                connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": MIGRATION_LOCK})
            before = check_revisions(connection, where)
            command.upgrade(alembic_config(connection), "head")
    except DatabaseError:
        raise
    except SQLAlchemyError as error:
        raise _opening_error(error, where) from error
    return Upgrade(before, head_revision())
