"""`jixiao report OUTDIR|DB -o report.html`."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from jixiao.password import add_password_arguments, resolve_password


def add_parsers(commands: Any) -> None:
    report = commands.add_parser("report", help="write a static HTML review report of an output folder or database")
    report.add_argument("input", help="output folder of jixiao extract (or one .jsonl file), or a database "
                                      "(sqlite:///FILE, a plain SQLite path, postgresql://…)")
    report.add_argument("-o", "--output", required=True, type=Path, help="the HTML file (its page crops go to "
                                                                         "NAME_files/ beside it)")
    report.add_argument("--dpi", type=float, default=110.0, help="resolution of the page crops (default 110)")
    report.add_argument("--no-images", action="store_true", help="no page crops: tables and warnings only")
    add_password_arguments(report, "encrypted PDFs, to render their pages")


def run_report(args: argparse.Namespace) -> int:
    from jixiao.normalize.across_years import compare_rows
    from jixiao.report.build import build_report
    from jixiao.report.inputs import read_input

    found = read_input(args.input)
    summary = build_report(found.records, args.output, sources=found.sources, origin=found.origin,
                           bases=[found.base, found.base.parent], dpi=args.dpi, with_images=not args.no_images,
                           comparisons=compare_rows(found.records), password=resolve_password(args))
    beside = f", {summary.images} page crops in {summary.images_folder}" if summary.images_folder else ""
    print(f"jixiao: wrote {summary.target}: {summary.records} records, {summary.warnings} warnings{beside}",
          file=sys.stderr)
    return 0
