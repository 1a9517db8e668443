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
from jixiao.db.commands import database_exit_code, run_export, run_load
from jixiao.db.commands import add_parsers as add_db_parsers
from jixiao.errors import DatabaseError, JixiaoError
from jixiao.extract.pdf.settings import ENGINES, OCR_MODES
from jixiao.extract.scan.ocr import THREADS_VARIABLE
from jixiao.output import FORMATS, ResultWriter
from jixiao.report import commands as report_commands
from jixiao.review.commands import COMMANDS as REVIEW_COMMANDS, add_parsers as add_review_parsers
from jixiao.pipeline import ReadOptions, SourceResult, extract_source, iter_sources, read_source
from jixiao.tables import document_json, draw_tables, parse_pages


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="jixiao", description="绩效目标表 → schema-checked JSON records")
    parser.add_argument("--version", action="version", version=f"jixiao {__version__}")
    commands = parser.add_subparsers(dest="command", required=True)
    extract = commands.add_parser("extract", help="read sources into records")
    extract.add_argument("paths", nargs="+", type=Path, help="files or directories (searched recursively)")
    extract.add_argument("-o", "--output", required=True, help="output directory, or - for standard output")
    extract.add_argument("--format", choices=FORMATS, default="jsonl",
                         help="jsonl: a record a line (default); json: an array per source; csv: one row per indicator")
    extract.add_argument("--password", help="password of encrypted PDFs")
    extract.add_argument("--engine", choices=ENGINES, default="pdfplumber",
                         help="PDF table engine: pdfplumber's finder on the PDF's own rules (default), or camelot lattice")
    tables = commands.add_parser("tables", help="print the page tables of one source as JSON, before form reading")
    tables.add_argument("path", type=Path)
    tables.add_argument("--pages", help="PDF pages to read, e.g. 1-3,5")
    tables.add_argument("--password", help="password of an encrypted PDF")
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
        return SourceResult(str(path), error=f"{path}: internal error, please report: {type(error).__name__}: {error}")


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


def run_extract(args: argparse.Namespace) -> int:
    missing = [p for p in args.paths if not p.exists()]
    for path in missing:
        print(f"jixiao: {path}: no such file or directory", file=sys.stderr)
    sources = list(iter_sources([p for p in args.paths if p.exists()]))
    if not sources and not missing:
        print("jixiao: no readable sources (.txt .tsv .csv .md .html …) found", file=sys.stderr)
        return 1
    writer = ResultWriter(args.output, args.format)
    sinks: list[Any] = [writer]
    if args.db:
        from jixiao.db.sink import DatabaseSink

        sinks.append(DatabaseSink(args.db))
    results: list[SourceResult] = []
    options = ReadOptions(password=args.password, engine=args.engine, ocr=args.ocr)
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
    errors = sum(r.error is not None for r in results) + sum(len(r.page_errors) for r in results) + len(missing)
    empty = sum(r.note is not None for r in results)
    print(
        f"jixiao: {len(results)} sources, {sum(len(r.records) for r in results)} records, "
        f"{sum(r.n_warnings for r in results)} warnings, {errors} errors"
        + (f", {empty} without a form table" if empty else ""),
        file=sys.stderr,
    )
    return 1 if errors else 0


def run_tables(args: argparse.Namespace) -> int:
    options = ReadOptions(password=args.password, pages=parse_pages(args.pages) if args.pages else None,
                          engine=args.engine, ocr=args.ocr)
    document = read_source(args.path, options)
    json.dump(document_json(document), sys.stdout, ensure_ascii=False, indent=1)
    sys.stdout.write("\n")
    if args.debug_dir is not None:
        if document.method == "text":
            raise JixiaoError("--debug-dir draws PDF pages; this source is a text dump", str(args.path))
        for written in draw_tables(args.path, document, args.debug_dir):
            print(f"jixiao: wrote {written}", file=sys.stderr)
    for error in document.page_errors:
        print(f"jixiao: error: {error}", file=sys.stderr)
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
        print(f"jixiao: error: {getattr(error, 'filename', '') or ''}: {error.strerror or error}", file=sys.stderr)
        return 2
    except DatabaseError as error:
        print(f"jixiao: error: {error}", file=sys.stderr)
        return database_exit_code(error)
    except JixiaoError as error:
        print(f"jixiao: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("jixiao: interrupted", file=sys.stderr)
        return 130
