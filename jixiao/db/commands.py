"""`jixiao load OUTDIR --db URL` and `jixiao export DB --table indicators --csv FILE | --parquet FILE`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from jixiao.db.export import EXPORT_TABLES
from jixiao.errors import DatabaseError, OutputError

EXIT_DATABASE = 3  # the database could not be opened, upgraded, read or written


def add_parsers(commands: Any) -> None:
    load = commands.add_parser("load", help="load the JSONL files of `jixiao extract -o OUTDIR` into a database")
    load.add_argument("outdir", type=Path, help="the output folder of jixiao extract (or one .jsonl file)")
    load.add_argument("--db", required=True, help="sqlite:///FILE, a plain path (SQLite), or postgresql://…")
    load.add_argument("--no-sizes", action="store_true",
                      help="do not hash the sources again to fill documents.size")
    export = commands.add_parser("export", help="write a table of a jixiao database as CSV or Parquet")
    export.add_argument("db", help="sqlite:///FILE, a plain path (SQLite), or postgresql://…")
    export.add_argument("--table", choices=EXPORT_TABLES, default="indicators",
                        help="indicators (default; with their record's header), warnings, records, documents")
    target = export.add_mutually_exclusive_group(required=True)
    target.add_argument("--csv", type=Path, help="CSV file (UTF-8 with BOM; formulas escaped)")
    target.add_argument("--parquet", type=Path, help="Parquet file (pyarrow)")


def run_load(args: argparse.Namespace) -> int:
    """Check every line first, then load all files in one transaction."""
    from jixiao.db.engine import open_database
    from jixiao.db.jsonl import check_files, jsonl_files, read_jsonl
    from jixiao.db.load import LoadSummary, load_into

    files = jsonl_files(args.outdir)
    check_files(files)
    engine = open_database(args.db)
    summary = LoadSummary()
    try:
        with engine.begin() as connection:
            for path in files:
                summary.add(load_into(connection, list(read_jsonl(path)), sizes=not args.no_sizes))
    except DatabaseError:
        raise
    except Exception as error:
        from sqlalchemy.exc import SQLAlchemyError

        from jixiao.db.engine import describe, redact

        if not isinstance(error, SQLAlchemyError):
            raise
        raise DatabaseError(f"cannot write the database, nothing of this load was kept: {describe(error)}",
                            redact(args.db)) from error
    finally:
        engine.dispose()
    print(f"jixiao: loaded {len(files)} files: {summary.documents} documents ({summary.replaced} replaced), "
          f"{summary.records} records, {summary.indicators} indicators, {summary.warnings} warnings",
          file=sys.stderr)
    return 0


def run_export(args: argparse.Namespace) -> int:
    from jixiao.db.engine import open_database
    from jixiao.db.export import table_frame, write_csv, write_parquet

    engine = open_database(args.db)
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
