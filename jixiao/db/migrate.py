"""Migrations run programmatically: `command.upgrade(config, "head")` on the engine's connection."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from jixiao.errors import DatabaseError, DatabaseVersionError

if TYPE_CHECKING:
    from alembic.config import Config
    from sqlalchemy.engine import Connection, Engine

SCRIPTS = Path(__file__).with_name("alembic")
OUR_TABLES = ("documents", "records", "indicators", "warnings")


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


def check_revisions(connection: Connection, where: str) -> None:
    """Refuse a database whose revision this version does not know, or tables of ours with no revision."""
    from alembic.script import ScriptDirectory
    from sqlalchemy import inspect

    script = ScriptDirectory.from_config(alembic_config())
    current = current_revisions(connection)
    known = {revision.revision for revision in script.walk_revisions()}
    unknown = [revision for revision in current if revision not in known]
    if unknown:
        raise DatabaseVersionError(
            f"schema revision {', '.join(unknown)} is unknown to this jixiao (newest known: "
            f"{script.get_current_head()}); it was made by a newer version — upgrade jixiao", where)
    if not current:
        present = set(inspect(connection).get_table_names()) & set(OUR_TABLES)
        if present:
            raise DatabaseVersionError(
                f"holds tables {', '.join(sorted(present))} but no jixiao schema revision; not a jixiao database",
                where)


def upgrade(engine: Engine, where: str) -> None:
    """Create or upgrade the schema to head in one transaction (DDL included, on SQLite and PostgreSQL)."""
    from alembic import command
    from sqlalchemy.exc import SQLAlchemyError

    try:
        with engine.begin() as connection:
            check_revisions(connection, where)
            command.upgrade(alembic_config(connection), "head")
    except DatabaseError:
        raise
    except SQLAlchemyError as error:
        from jixiao.db.engine import describe

        raise DatabaseError(f"cannot open or upgrade the database: {describe(error)}", where) from error
