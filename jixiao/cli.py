"""`jixiao extract PATH... -o OUTDIR`: a batch never stops at a bad source."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

from tqdm import tqdm

from jixiao import __version__
from jixiao.batch.discover import Discovery, discover
from jixiao.batch.skips import say_skipped, skipped_summary
from jixiao.db.commands import database_exit_code, run_export, run_load
from jixiao.db.commands import add_parsers as add_db_parsers
from jixiao.errors import DatabaseError, JixiaoError
from jixiao.extract.pdf.settings import ENGINES, OCR_MODES
from jixiao.extract.scan.ocr import THREADS_VARIABLE
from jixiao.output import FORMATS, ResultWriter, write_stdout
from jixiao.paths import display_path, display_text
from jixiao.password import add_password_arguments, resolve_password
from jixiao.pipeline import ReadOptions, SourceResult, extract_source, read_source
from jixiao.report import commands as report_commands
from jixiao.review.commands import COMMANDS as REVIEW_COMMANDS, add_parsers as add_review_parsers
from jixiao.tables import document_json, draw_tables, parse_pages


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
    extract.add_argument("--jobs", type=int, default=os.cpu_count() or 1,
                         help="worker processes for several sources (default: one a core)")
    extract.add_argument("--quiet", action="store_true", help="no progress bar and no per-source errors")
    extract.add_argument("--db", help="also write the records into this database as each source is read "
                                      "(sqlite:///FILE, a plain path, or postgresql://…)")
    add_db_parsers(commands)
    report_commands.add_parsers(commands)
    add_review_parsers(commands)
    return parser


def _read(path: Path, options: ReadOptions, named: bool = True) -> SourceResult:
    try:
        return extract_source(path, options, named)
    except Exception as error:  # a bug must not cost the rest of the batch
        shown = display_path(path)
        return SourceResult(shown, error=display_text(f"{shown}: internal error, please report: "
                                                      f"{type(error).__name__}: {error}"))


def _read_all(sources: list[Path], options: ReadOptions, jobs: int, named: set[Path]) -> Iterator[SourceResult]:
    """Results in source order; several sources are read by `jobs` worker processes."""
    workers = min(jobs, len(sources))
    flags = [path in named for path in sources]
    if workers <= 1:
        yield from (_read(path, options, flag) for path, flag in zip(sources, flags, strict=True))
        return
    with ProcessPoolExecutor(max_workers=workers, initializer=_one_thread_per_worker) as pool:
        yield from pool.map(_read, sources, [options] * len(sources), flags)


def _one_thread_per_worker() -> None:
    os.environ[THREADS_VARIABLE] = "1"  # the workers share the cores; the OCR should not fight over them


def _say(result: SourceResult, quiet: bool) -> None:
    if quiet:
        return
    for message in ([result.error] if result.error else []) + result.page_errors:
        tqdm.write(f"jixiao: error: {message}", file=sys.stderr)
    if result.note:
        tqdm.write(f"jixiao: note: {result.note}", file=sys.stderr)


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
    writer = ResultWriter(args.output, args.format)
    sinks: list[Any] = [writer]
    if args.db:
        from jixiao.db.sink import DatabaseSink

        sinks.append(DatabaseSink(args.db))
    results: list[SourceResult] = []
    options = ReadOptions(password=password, engine=args.engine, ocr=args.ocr)
    named = {p for p in args.paths if p.is_file()}  # a file found in a folder may be no form at all (a README)
    stream = _read_all(sources, options, args.jobs, named)
    bar = tqdm(stream, total=len(sources), unit="source", disable=args.quiet or len(sources) < 2 or None,
               file=sys.stderr)
    for result in bar:
        results.append(result)
        _say(result, args.quiet)
        if result.error is not None or not result.records:
            continue
        for sink in sinks:
            try:
                sink.write(result)
            except JixiaoError as error:
                result.error = str(error)
                tqdm.write(f"jixiao: error: {error}", file=sys.stderr)
                break
    for sink in sinks:
        sink.close()
    errors = sum(r.error is not None for r in results) + sum(len(r.page_errors) for r in results)
    errors += len(discovery.errors)  # unreadable folders and files, named paths that are not there
    empty = sum(r.note is not None for r in results)
    print(
        f"jixiao: {len(results)} sources, {sum(len(r.records) for r in results)} records, "
        f"{sum(r.n_warnings for r in results)} warnings, {errors} errors"
        + (f", {empty} without a form table" if empty else "") + skipped_summary(discovery),
        file=sys.stderr,
    )
    return 1 if errors else 0


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
             "report": report_commands.run_report, **REVIEW_COMMANDS}


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
    except JixiaoError as error:
        print(f"jixiao: error: {display_text(str(error))}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("jixiao: interrupted", file=sys.stderr)
        return 130
