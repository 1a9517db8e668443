"""`jixiao pair OUTDIR` and `jixiao compare OUTDIR|DB [--csv FILE]`."""

from __future__ import annotations

import argparse
import sys
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

CELL_WIDTH = 12  # the widest cell printed in the table; longer targets are cut with …


def add_parsers(commands: Any) -> None:
    pair = commands.add_parser("pair", help="pair the self-evaluations of an output folder with their target forms "
                                            "(rewrites the JSONL files that change)")
    pair.add_argument("outdir", type=Path, help="the output folder of jixiao extract (or one .jsonl file)")
    compare = commands.add_parser("compare", help="the same projects across years: targets kept, raised, "
                                                  "lowered, dropped, added; funds by year")
    compare.add_argument("source", help="an output folder of jixiao extract, a .jsonl file, or a database")
    compare.add_argument("--csv", type=Path, help="also write the rows as CSV (UTF-8 with BOM)")
    compare.add_argument("--project", help="only projects whose name holds this text")
    compare.add_argument("--quiet", action="store_true", help="no table on standard output")


def run_pair(args: argparse.Namespace) -> int:
    from jixiao.review.folder import pair_folder

    summary = pair_folder(args.outdir)
    print(f"jixiao: paired {summary.paired} of {summary.self_evaluations} self-evaluations with their target forms; "
          f"{len(summary.rewritten)} of {summary.files} files rewritten", file=sys.stderr)
    return 0


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def _cut(text: str, limit: int) -> str:
    if _width(text) <= limit:
        return text
    while _width(text) > limit - 1:
        text = text[:-1]
    return text + "…"


def _table(rows: list[list[str]]) -> str:
    widths = [max(_width(r[c]) for r in rows) for c in range(len(rows[0]))]
    return "\n".join("  ".join(cell + " " * (w - _width(cell)) for cell, w in zip(row, widths, strict=True)).rstrip()
                     for row in rows)


def format_compare(rows: list[dict[str, Any]]) -> str:
    """The compare rows as text: a heading per project, a line per indicator and pair of years."""
    from jixiao.normalize.review_vocab import CHANGE_WORDS

    out: list[str] = []
    project = None
    block: list[list[str]] = []
    for row in rows:
        key = (row["project"], row["department"])
        if key != project:
            if block:
                out += [_table(block), ""]
            project = key
            out.append(f"{row['project'] or '（无名称）'}" + (f" — {row['department']}" if row["department"] else ""))
            block = [["年度", "指标", "上年指标值", "本年指标值", "变化"]]
        block.append([f"{row['year_from']}→{row['year_to']}", _cut(str(row["level3"] or ""), 2 * CELL_WIDTH),
                      _cut(str(row["target_from"] or "—"), CELL_WIDTH), _cut(str(row["target_to"] or "—"), CELL_WIDTH),
                      f"{CHANGE_WORDS[row['change']]} ({row['change']})"])
    if block:
        out.append(_table(block))
    return "\n".join(out)


def run_compare(args: argparse.Namespace) -> int:
    from jixiao.normalize.across_years import COLUMNS, EXTRA_COLUMNS, compare_rows
    from jixiao.review.folder import read_records

    rows = compare_rows(read_records(args.source))
    if args.project:
        rows = [r for r in rows if args.project in str(r["project"] or "")]
    if args.csv is not None:
        import pandas as pd

        from jixiao.db.export import write_csv

        write_csv(pd.DataFrame(rows, columns=[*COLUMNS, *EXTRA_COLUMNS], dtype=object), args.csv)
    if not args.quiet and rows:
        print(format_compare(rows))
    projects = len({(r["project"], r["department"], r["form"]) for r in rows})
    print(f"jixiao: {projects} projects found in two or more years, {len(rows)} rows"
          + (f"; wrote {args.csv}" if args.csv is not None else ""), file=sys.stderr)
    return 0


COMMANDS: dict[str, Callable[[argparse.Namespace], int]] = {"pair": run_pair, "compare": run_compare}
