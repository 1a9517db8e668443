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
    export = commands.add_parser("export", help="write a table of a jixiao database, or of an output folder's "
                                                "JSONL, as CSV or Parquet")
    export.add_argument("db", help="sqlite:///FILE, a plain path (SQLite), postgresql://…, or an output folder of "
                                   "jixiao extract (or one .jsonl file): the same columns")
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


def _load_folder(outdir: Path, url: str, sizes: bool) -> tuple[int, Any, int, bool]:
    """Check every line first, then load all files (and the manifest) in one transaction: (files, summary,
    manifest rows, whether the folder had a manifest)."""
    from jixiao.db.engine import engine_where, open_database, write_error
    from jixiao.db.jsonl import check_files, jsonl_files, read_jsonl
    from jixiao.db.load import LoadSummary, load_into
    from jixiao.db.sink import say_on_stderr
    from jixiao.db.sources import load_sources

    files = jsonl_files(outdir)
    check_files(files)
    entries = _manifest(outdir)
    engine = open_database(url, say=say_on_stderr)
    summary = LoadSummary()
    try:
        with engine.begin() as connection:
            for path in files:
                summary.add(load_into(connection, list(read_jsonl(path)), sizes=sizes))
            sources = load_sources(connection, entries)
    except Exception as error:
        from sqlalchemy.exc import SQLAlchemyError

        if not isinstance(error, SQLAlchemyError):
            raise
        raise write_error(error, engine_where(engine)) from error
    finally:
        engine.dispose()
    return len(files), summary, sources, bool(entries)


def run_load(args: argparse.Namespace) -> int:
    files, summary, sources, had_manifest = _load_folder(args.outdir, args.db, sizes=not args.no_sizes)
    print(f"jixiao: loaded {files} files: {summary.documents} documents ({summary.replaced} replaced), "
          f"{summary.records} records, {summary.indicators} indicators, {summary.warnings} warnings"
          + (f", {sources} manifest rows" if had_manifest else ""), file=sys.stderr)
    return 0


def is_output_folder(place: str) -> bool:
    """An output folder of jixiao extract or one .jsonl file, not a database."""
    path = Path(place)
    return "://" not in place and (path.is_dir() or path.suffix == ".jsonl")


def _frame(url: str, table: str, say: Any) -> Any:
    from jixiao.db.engine import open_database
    from jixiao.db.export import table_frame

    engine = open_database(url, say=say)
    try:
        return table_frame(engine, table)
    finally:
        engine.dispose()


def run_export(args: argparse.Namespace) -> int:
    from jixiao.db.export import write_csv, write_parquet
    from jixiao.db.sink import say_on_stderr

    if is_output_folder(args.db):  # JSONL: the same tables, through a database of the moment
        import tempfile

        with tempfile.TemporaryDirectory(prefix="jixiao-export-") as scratch:
            url = str(Path(scratch) / "export.db")
            _load_folder(Path(args.db), url, sizes=False)
            frame = _frame(url, args.table, say=None)
    else:
        frame = _frame(args.db, args.table, say=say_on_stderr)
    target = args.csv if args.csv is not None else args.parquet
    if target is None:
        raise OutputError("give --csv FILE or --parquet FILE")
    (write_csv if args.csv is not None else write_parquet)(frame, target)
    print(f"jixiao: wrote {len(frame)} {args.table} rows to {target}", file=sys.stderr)
    return 0
