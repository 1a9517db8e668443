"""`jixiao load OUTDIR --db URL` and `jixiao export DB --table indicators --csv FILE | --parquet FILE`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from jixiao.db.export import EXPORT_TABLES
from jixiao.errors import DatabaseError, DatabaseVersionError, DatabaseWriteError, OutputError

EXIT_DATABASE = 3  # the database cannot be reached, opened or read (refused, credentials, no such database)
EXIT_DATABASE_VERSION = 4  # made by a newer jixiao, or not a jixiao database: refused, left untouched
EXIT_DATABASE_WRITE = 5  # a write failed (full disk, lost connection): rolled back, nothing of it kept


def database_exit_code(error: DatabaseError) -> int:
    if isinstance(error, DatabaseVersionError):
        return EXIT_DATABASE_VERSION
    if isinstance(error, DatabaseWriteError):
        return EXIT_DATABASE_WRITE
    return EXIT_DATABASE


def add_parsers(commands: Any) -> None:
    load = commands.add_parser("load", help="load the JSONL files of `jixiao extract -o OUTDIR` into a database")
    load.add_argument("outdir", type=Path, help="the output folder of jixiao extract (or one .jsonl file); "
                      "its batch manifest too, when there is one")
    load.add_argument("--db", required=True, help="sqlite:///FILE, a plain path (SQLite), or postgresql://…")
    load.add_argument("--no-sizes", action="store_true",
                      help="do not hash the sources again to fill documents.size")
    export = commands.add_parser("export", help="write a table of a jixiao database as CSV or Parquet")
    export.add_argument("db", help="sqlite:///FILE, a plain path (SQLite), or postgresql://…")
    export.add_argument("--table", choices=EXPORT_TABLES, default="indicators",
                        help="indicators (default; with their record's header), warnings, records, documents, "
                             "sources (the batch manifest)")
    target = export.add_mutually_exclusive_group(required=True)
    target.add_argument("--csv", type=Path, help="CSV file (UTF-8 with BOM; formulas escaped)")
    target.add_argument("--parquet", type=Path, help="Parquet file (pyarrow)")


def _manifest(outdir: Path) -> list[Any]:
    """The folder's batch manifest rows (none for a single .jsonl file or a folder without one)."""
    import sqlite3

    from jixiao.batch.entry import MANIFEST_NAME, read_manifest
    from jixiao.errors import InputRecordError

    if not outdir.is_dir():
        return []
    try:
        return read_manifest(outdir)
    except (sqlite3.Error, TypeError) as error:
        raise InputRecordError(f"not a batch manifest: {error}", str(outdir / MANIFEST_NAME)) from error


def run_load(args: argparse.Namespace) -> int:
    """Check every line first, then load all files (and the manifest) in one transaction."""
    from jixiao.db.engine import engine_where, open_database, write_error
    from jixiao.db.jsonl import check_files, jsonl_files, read_jsonl
    from jixiao.db.load import LoadSummary, load_into
    from jixiao.db.sink import say_on_stderr
    from jixiao.db.sources import load_sources

    files = jsonl_files(args.outdir)
    check_files(files)
    entries = _manifest(args.outdir)
    engine = open_database(args.db, say=say_on_stderr)
    summary = LoadSummary()
    try:
        with engine.begin() as connection:
            for path in files:
                summary.add(load_into(connection, list(read_jsonl(path)), sizes=not args.no_sizes))
            sources = load_sources(connection, entries)
    except Exception as error:
        from sqlalchemy.exc import SQLAlchemyError

        if not isinstance(error, SQLAlchemyError):
            raise
        raise write_error(error, engine_where(engine)) from error
    finally:
        engine.dispose()
    print(f"jixiao: loaded {len(files)} files: {summary.documents} documents ({summary.replaced} replaced), "
          f"{summary.records} records, {summary.indicators} indicators, {summary.warnings} warnings"
          + (f", {sources} manifest rows" if entries else ""), file=sys.stderr)
    return 0


def run_export(args: argparse.Namespace) -> int:
    from jixiao.db.engine import open_database
    from jixiao.db.export import table_frame, write_csv, write_parquet
    from jixiao.db.sink import say_on_stderr

    engine = open_database(args.db, say=say_on_stderr)
    try:
        frame = table_frame(engine, args.table)
    finally:
        engine.dispose()
    target = args.csv if args.csv is not None else args.parquet
    if target is None:
        raise OutputError("give --csv FILE or --parquet FILE")
    (write_csv if args.csv is not None else write_parquet)(frame, target)
    print(f"jixiao: wrote {len(frame)} {args.table} rows to {target}", file=sys.stderr)
    return 0
