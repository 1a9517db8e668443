"""`jixiao extract PATH... -o OUTDIR`: a batch never stops at a bad source."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from jixiao import __version__
from jixiao.batch.bounds import DEFAULT_MEMORY_MB, DEFAULT_TIMEOUT
from jixiao.db.commands import EXIT_DATABASE, run_export, run_load
from jixiao.db.commands import add_parsers as add_db_parsers
from jixiao.errors import DatabaseError, JixiaoError, ManifestError, OutputError
from jixiao.extract.pdf.settings import ENGINES, OCR_MODES
from jixiao.output import FORMATS
from jixiao.pipeline import ReadOptions, iter_sources, read_source
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
    return parser


def run_extract(args: argparse.Namespace) -> int:
    from jixiao.batch.bounds import Bounds, cap_jobs
    from jixiao.batch.runner import BatchConfig, run_batch

    missing = [p for p in args.paths if not p.exists()]
    for path in missing:
        print(f"jixiao: {path}: no such file or directory", file=sys.stderr)
    sources = list(iter_sources([p for p in args.paths if p.exists()]))
    if not sources and not missing:
        print("jixiao: no readable sources (.txt .tsv .csv .md .html …) found", file=sys.stderr)
        return 1
    jobs = cap_jobs(args.jobs)
    if args.jobs is not None and args.jobs > jobs:
        print(f"jixiao: note: --jobs {args.jobs}: {jobs} workers, one a core this machine gives", file=sys.stderr)
    config = BatchConfig(
        sources=sources, output=args.output, format=args.format,
        options=ReadOptions(password=args.password, engine=args.engine, ocr=args.ocr),
        named={p for p in args.paths if p.is_file()},  # a file found in a folder may be no form at all (a README)
        jobs=jobs, bounds=Bounds(timeout=args.timeout, memory=args.max_memory * 2**20),
        retry_failed=args.retry_failed, db=args.db, quiet=args.quiet,
    )
    totals = run_batch(config, _engine(args.ray, config))
    errors = totals.errors + len(missing)
    print(
        f"jixiao: {totals.read} sources, {totals.records} records, {totals.warnings} warnings, {errors} errors"
        + (f", {totals.no_form} without a form table" if totals.no_form else "")
        + (f", {totals.timed_out} timed out" if totals.timed_out else "")
        + (f", {totals.unchanged} unchanged since the last run (not read again)" if totals.unchanged else "")
        + (f", {totals.failed_before} failed before (--retry-failed reads them again)" if totals.failed_before
           else ""),
        file=sys.stderr,
    )
    return 1 if errors or totals.failed_before else 0


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
             "status": run_status}
EXIT_OUTPUT = 4  # results or the manifest cannot be written (a full disk, no permission)
EXIT_MANIFEST = 5  # the output folder's manifest is refused (newer version, not a manifest) or held by another batch


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
        return EXIT_DATABASE
    except ManifestError as error:
        print(f"jixiao: error: {error}", file=sys.stderr)
        return EXIT_MANIFEST
    except OutputError as error:
        print(f"jixiao: error: {error}", file=sys.stderr)
        return EXIT_OUTPUT
    except JixiaoError as error:
        print(f"jixiao: error: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("jixiao: interrupted", file=sys.stderr)
        return 130
