"""`jixiao extract PATH... -o OUTDIR`: a batch never stops at a bad source."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from jixiao import __version__
from jixiao.batch.bounds import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT
from jixiao.batch.discover import Discovery, discover
from jixiao.batch.skips import say_skipped, skipped_summary
from jixiao.db.commands import database_exit_code, run_export, run_load
from jixiao.db.commands import add_parsers as add_db_parsers
from jixiao.errors import DatabaseError, JixiaoError, ManifestError, OutputError
from jixiao.extract.pdf.settings import ENGINES, OCR_MODES
from jixiao.output import FORMATS, write_stdout
from jixiao.paths import display_path, display_text
from jixiao.password import add_password_arguments, resolve_password
from jixiao.pipeline import ReadOptions, read_source
from jixiao.report import commands as report_commands
from jixiao.review.commands import COMMANDS as REVIEW_COMMANDS, add_parsers as add_review_parsers
from jixiao.tables import document_json, draw_tables, parse_pages

if TYPE_CHECKING:
    from jixiao.batch.pool import Engine
    from jixiao.batch.runner import BatchConfig


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="jixiao", description="绩效目标表 → schema-checked JSON records")
    parser.add_argument("--version", action="version", version=f"jixiao {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    extract = commands.add_parser("extract", help="read sources into records")
    extract.add_argument("paths", nargs="+", type=Path, help="files or directories (searched recursively)")
    extract.add_argument("-o", "--output", required=True, help="output directory, or - for standard output")
    extract.add_argument("--format", choices=FORMATS, default="jsonl",
                         help="jsonl: a record a line (default); json: an array per source (with -o -: one array of "
                              "all); csv: one row per indicator")
    add_password_arguments(extract, "encrypted PDFs and office files")
    extract.add_argument("--list-skipped", action="store_true",
                         help="name each file left out as routine (kinds no reader takes, hidden names), not a count")
    extract.add_argument("--engine", choices=ENGINES, default="pdfplumber",
                         help="PDF table engine: pdfplumber's finder on the PDF's own rules (default), or camelot lattice")
    tables = commands.add_parser("tables", help="print the page tables of one source as JSON, before form reading")
    tables.add_argument("path", type=Path)
    tables.add_argument("--pages", help="PDF pages to read, e.g. 1-3,5")
    add_password_arguments(tables, "an encrypted PDF or office file")
    tables.add_argument("--engine", choices=ENGINES, default="pdfplumber", help="PDF table engine")
    tables.add_argument("--ocr", choices=OCR_MODES, default="auto", help="when PDF pages are read by OCR")
    tables.add_argument("--debug-dir", type=Path, help="write a PNG per PDF page with the detected cells drawn")
    extract.add_argument("--ocr", choices=OCR_MODES, default="auto",
                         help="auto: OCR the PDF pages with no usable text layer (default); always; never")
    extract.add_argument("--jobs", type=int, default=None,
                         help="worker processes (default and at most: one a core)")
    extract.add_argument("--timeout", type=float, default=DEFAULT_TIMEOUT,
                         help=f"seconds one source may take before it is stopped and recorded as timed out "
                              f"(default {DEFAULT_TIMEOUT:g})")
    extract.add_argument("--max-memory", type=int, default=DEFAULT_MEMORY_MB, metavar="MB",
                         help=f"memory one source may take (MiB, default {DEFAULT_MEMORY_MB}); over it, it is stopped "
                              "and recorded as failed")
    extract.add_argument("--retry-failed", action="store_true",
                         help="read again the sources an earlier run of this output folder failed on or timed out")
    extract.add_argument("--quiet", action="store_true", help="no progress bar and no per-source errors")
    extract.add_argument("--ray", nargs="?", const="local", metavar="ADDRESS",
                         help="read on a Ray cluster: one started here for the batch (no ADDRESS), or an existing one "
                              "(auto, HOST:PORT, ray://HOST:PORT); its workers read the paths themselves")
    extract.add_argument("--db", help="also write the records into this database as each source is read "
                                      "(sqlite:///FILE, a plain path, or postgresql://…)")
    status = commands.add_parser("status", help="summarise a batch's output folder (its manifest)")
    status.add_argument("outdir", type=Path)
    status.add_argument("--slowest", type=int, default=5, help="how many of the slowest sources to list")
    add_db_parsers(commands)
    report_commands.add_parsers(commands)
    add_review_parsers(commands)
    return parser


def _discover(args: argparse.Namespace) -> Discovery:
    """The sources to read; what is left out said on stderr (errors and unusual skips a line each)."""
    discovery = discover(args.paths)
    say_skipped(discovery, args.list_skipped, args.quiet)
    if not discovery.sources and not discovery.errors:
        print("jixiao: no readable sources (.txt .tsv .csv .md .html …) found", file=sys.stderr)
    return discovery


def run_extract(args: argparse.Namespace) -> int:
    password = resolve_password(args)  # a bad password file stops the batch before it starts
    discovery = _discover(args)
    sources = discovery.sources
    if not sources and not discovery.errors:
        return 1
    from jixiao.batch.bounds import Bounds, cap_jobs
    from jixiao.batch.runner import BatchConfig, run_batch

    jobs = cap_jobs(args.jobs)
    if args.jobs is not None and args.jobs > jobs:
        print(f"jixiao: note: --jobs {args.jobs}: {jobs} workers, one a core this machine gives", file=sys.stderr)
    config = BatchConfig(
        sources=sources, output=args.output, format=args.format,
        options=ReadOptions(password=password, engine=args.engine, ocr=args.ocr),
        named={p for p in args.paths if p.is_file()},  # a file found in a folder may be no form at all (a README)
        jobs=jobs, bounds=Bounds(timeout=args.timeout, memory=args.max_memory * 2**20),
        retry_failed=args.retry_failed, db=args.db, quiet=args.quiet,
    )
    totals = run_batch(config, _engine(args.ray, config))
    _pair_batch(args)
    errors = totals.errors + len(discovery.errors)  # unreadable folders and files, named paths that are not there
    print(
        f"jixiao: {totals.read} sources, {totals.records} records, {totals.warnings} warnings, {errors} errors"
        + (f", {totals.no_form} without a form table" if totals.no_form else "")
        + (f", {totals.timed_out} timed out" if totals.timed_out else "")
        + (f", {totals.unchanged} unchanged since the last run (not read again)" if totals.unchanged else "")
        + (f", {totals.failed_before} failed before (--retry-failed reads them again)" if totals.failed_before
           else "")
        + skipped_summary(discovery),
        file=sys.stderr,
    )
    return 1 if errors or totals.failed_before else 0


def _pair_batch(args: argparse.Namespace) -> None:
    """Self-evaluations paired with their target forms across the whole output folder (jixiao pair), the
    files that changed loaded again into `--db`; said in one line when the batch holds self-evaluations."""
    if args.output == "-" or args.format != "jsonl" or not any(Path(args.output).glob("*.jsonl")):
        return
    from jixiao.review.folder import pair_folder

    summary = pair_folder(Path(args.output))
    if args.db and summary.rewritten:
        from jixiao.db.engine import open_database
        from jixiao.db.load_file import load_output_file

        engine = open_database(args.db)
        try:
            for path in summary.rewritten:
                load_output_file(engine, path)
        finally:
            engine.dispose()
    if summary.self_evaluations and not args.quiet:
        print(f"jixiao: paired {summary.paired} of {summary.self_evaluations} self-evaluations with their target "
              f"forms", file=sys.stderr)


def _engine(ray: str | None, config: BatchConfig) -> Engine | None:
    """The engine that reads the sources: None for the local process pool, a Ray engine for --ray."""
    if ray is None:
        return None
    from jixiao.batch.ray_engine import RayEngine

    return RayEngine(config.bounds, address=None if ray == "local" else ray, cpus=config.jobs)


def run_status(args: argparse.Namespace) -> int:
    from jixiao.batch.status import batch_status

    print(batch_status(args.outdir, slowest=args.slowest))
    return 0


def run_tables(args: argparse.Namespace) -> int:
    options = ReadOptions(password=resolve_password(args), pages=parse_pages(args.pages) if args.pages else None,
                          engine=args.engine, ocr=args.ocr)
    document = read_source(args.path, options)
    write_stdout(json.dumps(document_json(document), ensure_ascii=False, indent=1) + "\n")
    if args.debug_dir is not None:
        if document.method == "text":
            raise JixiaoError("--debug-dir draws PDF pages; this source is a text dump", str(args.path))
        for written in draw_tables(args.path, document, args.debug_dir):
            print(f"jixiao: wrote {display_path(written)}", file=sys.stderr)
    for error in document.page_errors:
        print(f"jixiao: error: {display_text(str(error))}", file=sys.stderr)
    return 1 if document.page_errors else 0


_COMMANDS = {"extract": run_extract, "tables": run_tables, "load": run_load, "export": run_export,
             "status": run_status, "report": report_commands.run_report, **REVIEW_COMMANDS}
EXIT_OUTPUT = 6  # results or the manifest cannot be written (a full disk, no permission)
EXIT_MANIFEST = 7  # the output folder's manifest is refused (newer version, not a manifest) or held by another batch


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    try:
        return _COMMANDS[args.command](args)
    except BrokenPipeError:  # the reader of our output went away (| head)
        sys.stderr.close()
        return 0
    except OSError as error:
        where = display_text(str(getattr(error, "filename", "") or ""))
        print(f"jixiao: error: {where}: {error.strerror or error}", file=sys.stderr)
        return 2
    except DatabaseError as error:
        print(f"jixiao: error: {display_text(str(error))}", file=sys.stderr)
        return database_exit_code(error)
    except ManifestError as error:
        print(f"jixiao: error: {display_text(str(error))}", file=sys.stderr)
        return EXIT_MANIFEST
    except OutputError as error:
        print(f"jixiao: error: {display_text(str(error))}", file=sys.stderr)
        return EXIT_OUTPUT
    except JixiaoError as error:
        print(f"jixiao: error: {display_text(str(error))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("jixiao: interrupted", file=sys.stderr)
        return 130
