"""The table layer on the ICDAR 2013 table competition, beside camelot lattice and pdfplumber, in one run.

    make bench                                    # all three engines
    .venv/bin/python bench/bench_icdar.py --only jixiao -v   # jixiao alone, per document

The set and its cell-adjacency scorer live in ../shared/bench/icdar2013 (or --icdar DIR).
Every engine reads every page of the 67 PDFs in this process (no subprocess per file, so
imports are paid once), the engines side by side on each file so that the load of a shared
machine falls on all alike (--repeat N: the best of N runs per engine and file); the scorer
is the set's own (`adjacency.py`). Printed per engine: micro F1 over all documents and over the ruled subset, tables found, false tables (tables
matched to no truth table) and wall seconds. Targets: jixiao's ruled F1 ≥ camelot lattice's
and its wall time ≤ 0.2× camelot lattice's.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
# shared/ beside the checkout (or beside a folder of worktrees)
SHARED = next((d / "shared" for d in ROOT.parents if (d / "shared").is_dir()), ROOT.parent / "shared")
ICDAR = SHARED / "bench" / "icdar2013"
TIME_RATIO = 0.2

Table = dict[str, Any]  # {page, cells: [{row, col, rowspan, colspan, text}]}


def jixiao_tables(pdf: Path) -> list[Table]:
    from jixiao.extract.model import PageTable
    from jixiao.pipeline import read_source

    document = read_source(pdf)  # as `jixiao tables` reads it
    return [{"page": b.page, "cells": [{"row": c.row, "col": c.col, "rowspan": c.rowspan, "colspan": c.colspan,
                                        "text": c.text} for row in b.rows for c in row if not c.is_empty]}
            for b in document.blocks if isinstance(b, PageTable)]


def _grid_cells(rows: list[list[str | None]]) -> list[dict[str, Any]]:
    return [{"row": r, "col": c, "rowspan": 1, "colspan": 1, "text": text or ""}
            for r, row in enumerate(rows) for c, text in enumerate(row) if text]


def camelot_tables(pdf: Path) -> list[Table]:
    import camelot

    found = camelot.read_pdf(str(pdf), pages="all", flavor="lattice", suppress_stdout=True)
    return [{"page": int(t.page), "cells": _grid_cells(t.df.values.tolist())} for t in found]


def pdfplumber_tables(pdf: Path) -> list[Table]:
    import pdfplumber

    with pdfplumber.open(pdf) as document:
        return [{"page": page.page_number, "cells": _grid_cells(rows)}
                for page in document.pages for rows in page.extract_tables()]


ENGINES: dict[str, Callable[[Path], list[Table]]] = {
    "jixiao": jixiao_tables, "camelot lattice": camelot_tables, "pdfplumber": pdfplumber_tables,
}


@dataclass(frozen=True, slots=True)
class Score:
    f1: float
    ruled_f1: float
    ruled_found: int
    ruled_truth: int
    false_tables: int
    seconds: float


def _f1(results: list[dict[str, Any]]) -> float:
    from adjacency import prf

    return prf(*(sum(r[k] for r in results) for k in ("correct", "det", "gt")))[2]


def run_engines(engines: dict[str, Callable[[Path], list[Table]]], pdfs: dict[str, Path],
                repeat: int) -> tuple[dict[str, dict[str, list[Table]]], dict[str, float]]:
    """Every engine on every file, file by file, the engines side by side on each (so that the
    load of a shared machine falls on all of them alike); per engine and file the best of
    `repeat` runs counts. The tables found, and the seconds, per engine."""
    predicted: dict[str, dict[str, list[Table]]] = {name: {} for name in engines}
    seconds = dict.fromkeys(engines, 0.0)
    for stem, pdf in pdfs.items():
        for name, run in engines.items():
            best = float("inf")
            for _ in range(repeat):
                start = time.perf_counter()
                try:
                    predicted[name][stem] = run(pdf)
                except Exception as error:  # a peer that fails on a file scores nothing there
                    print(f"  {name}: {pdf.name}: {type(error).__name__}: {error}", file=sys.stderr)
                    predicted[name][stem] = []
                best = min(best, time.perf_counter() - start)
            seconds[name] += best
    return predicted, seconds


def score_engine(predicted: dict[str, list[Table]], seconds: float, truths: dict[str, dict[str, Any]],
                 ruled: set[str], verbose: bool) -> Score:
    from adjacency import prf, score_with_alternatives

    results = {stem: score_with_alternatives(truths[stem], found) for stem, found in predicted.items()}
    if verbose:
        for stem, r in results.items():
            f = prf(r["correct"], r["det"], r["gt"])[2]
            print(f"  {stem:8s} F1={f:.3f} found={r['found']}/{r['n_truth']} false={r['fp_tables']}"
                  f"{' ruled' if stem in ruled else ''}")
    subset = [r for stem, r in results.items() if stem in ruled]
    return Score(_f1(list(results.values())), _f1(subset), sum(r["found"] for r in subset),
                 sum(r["n_truth"] for r in subset), sum(r["fp_tables"] for r in results.values()), seconds)


def load_set(icdar: Path) -> tuple[dict[str, dict[str, Any]], dict[str, Path], set[str]]:
    sys.path.insert(0, str(icdar))
    from icdar_truth import convert

    with tempfile.TemporaryDirectory() as tmp:
        with contextlib.redirect_stdout(sys.stderr):
            convert(str(icdar), tmp)
        truths = {p.stem: json.loads(p.read_text()) for p in sorted(Path(tmp).glob("*.json"))}
    pdfs = {p.stem: p for p in sorted(icdar.glob("competition-dataset-*/*.pdf")) if p.stem in truths}
    ruled = {line.split()[0] for line in (icdar / "ruled_subset.txt").read_text().splitlines()
             if line.strip() and not line.startswith("#")}
    return truths, pdfs, ruled


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--icdar", type=Path, default=ICDAR)
    parser.add_argument("--only", choices=sorted(ENGINES), action="append")
    parser.add_argument("-v", "--verbose", action="store_true")
    parser.add_argument("--repeat", type=int, default=1, help="runs per engine and file; the best counts")
    args = parser.parse_args(argv)
    if not (args.icdar / "ruled_subset.txt").exists():
        print(f"ICDAR 2013: {args.icdar} not found, skipped")
        return 0
    truths, pdfs, ruled = load_set(args.icdar)
    jixiao_tables(next(iter(pdfs.values())))  # imports paid once, as for the peers' first file
    engines = {name: ENGINES[name] for name in args.only or ENGINES}
    print(f"{', '.join(engines)} side by side on each file, best of {args.repeat} …", file=sys.stderr)
    predicted, seconds = run_engines(engines, pdfs, args.repeat)
    scores = {name: score_engine(predicted[name], seconds[name], truths, ruled, args.verbose) for name in engines}
    print(f"ICDAR 2013 table competition: {len(pdfs)} PDFs, {len(ruled)} with ruled tables only, one process, "
          f"engines side by side file by file, best of {args.repeat} per file")
    print(f"{'engine':16} {'F1 all':>7} {'F1 ruled':>9} {'ruled found':>12} {'false tables':>13} {'wall s':>7}")
    for name, s in scores.items():
        print(f"{name:16} {s.f1:7.3f} {s.ruled_f1:9.3f} {s.ruled_found:>7}/{s.ruled_truth:<4} {s.false_tables:13d} "
              f"{s.seconds:7.1f}")
    if "jixiao" in scores and "camelot lattice" in scores:
        ours, peer = scores["jixiao"], scores["camelot lattice"]
        ratio = ours.seconds / peer.seconds
        print(f"target: ruled F1 ≥ camelot lattice's: {'meets' if ours.ruled_f1 >= peer.ruled_f1 else 'MISSES'} "
              f"({ours.ruled_f1:.3f} vs {peer.ruled_f1:.3f}); time ≤ {TIME_RATIO}× camelot lattice's: "
              f"{'meets' if ratio <= TIME_RATIO else 'MISSES'} ({ratio:.2f}×)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
