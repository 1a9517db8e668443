"""Text-dump benchmark: tables/s on one core, with peers measured in the same run.

    make bench

Prints, for the same text (the sample's twelve tables, repeated):
- jixiao parse + normalise (text → records, no schema validation) — the target: ≥ 1,000 tables/s;
- jixiao end to end (also validating every record with jsonschema);
- peers: pandas.read_csv of the same tab-separated text (tokenising only), and a bare
  str.split over lines and tabs — the floor of any reader of this format.
Then jixiao end to end per notation on generated documents (tests/generator.py: the same forms
printed as tab-separated rows, markdown pipe tables and HTML, clean, with page breaks and with
OCR spacing): records read, validated and written as a JSONL file, each against the same target.

    .venv/bin/python bench/bench_text.py --notations [--repeat N]   # only that part, best of N (default 5)
"""

from __future__ import annotations

import argparse
import io
import resource
import sys
import tempfile
import time
from pathlib import Path

import pandas as pd
from jixiao.extract.merge import merge_fragments
from jixiao.extract.text_dump import read_text_dump_text
from jixiao.normalize.layout import merge_rules
from jixiao.normalize.record import SourceInfo, document_info, read_record
from jixiao.output import rendered, write_atomically
from timing import best_seconds

from jixiao.pipeline import records_from_text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))
GENERATED_SEEDS = range(20)
GENERATED_DISTORTIONS = ("clean", "page_breaks", "ocr_spacing")
SAMPLE = ROOT / "samples" / "pingluo-chengguan-2022-targets.txt"
TABLES_PER_COPY = 12
TARGET_TABLES_PER_S = 1000.0


def parse_and_normalise(text: str) -> int:
    document = read_text_dump_text(text, "bench.txt", "0" * 64)
    merged = merge_fragments(document, merge_rules())
    info = document_info(merged.tables[0])
    source = SourceInfo(document.path, document.sha256, document.method)
    return sum(read_record(t, info, source) is not None for t in merged.tables)


def end_to_end(text: str) -> int:
    return len(records_from_text(text, "bench.txt"))


def end_to_end_written(text: str, folder: Path) -> int:
    """Records read, validated and written as the batch writes them (a JSONL file, renamed into place)."""
    records = records_from_text(text, "bench.txt")
    write_atomically(folder / "bench.jsonl", *rendered(records, "jsonl"))
    return len(records)


def pandas_read_csv(text: str) -> int:
    frame = pd.read_csv(io.StringIO(text), sep="\t", header=None, names=range(8), dtype=str,
                        skip_blank_lines=False, engine="c", on_bad_lines="skip")
    return len(frame)


def str_split(text: str) -> int:
    return sum(len(line.split("\t")) for line in text.split("\n"))


def generated_dump(notation: str) -> str:
    """Documents of tests/generator.py in one notation, one after another."""
    from generator import make_case

    return "\n\n".join(make_case(seed, notation, distortion).text
                        for seed in GENERATED_SEEDS for distortion in GENERATED_DISTORTIONS)


def per_notation(repeat: int = 5) -> list[tuple[str, float, float]]:
    """(notation, tables/s end to end and written in wall time, in CPU time) on generated documents."""
    rates = []
    with tempfile.TemporaryDirectory() as folder:
        def work(text: str) -> int:
            return end_to_end_written(text, Path(folder))

        for notation in ("tsv", "markdown", "html"):
            text = generated_dump(notation)
            tables = work(text)
            wall = best_seconds(work, text, repeat=repeat, warm=True)
            cpu = best_seconds(work, text, repeat=repeat, clock=time.process_time)
            rates.append((notation, tables / wall, tables / cpu))
    return rates


def print_per_notation(repeat: int) -> None:
    print(f"\ngenerated documents ({len(GENERATED_SEEDS)} seeds × {', '.join(GENERATED_DISTORTIONS)}), "
          f"end to end (validated, written as JSONL), best of {repeat}; wall time, and this process's CPU time "
          "(steadier on a shared machine)")
    for notation, notation_rate, cpu_rate in per_notation(repeat):
        verdict = "meets" if cpu_rate >= TARGET_TABLES_PER_S else "MISSES"
        print(f"{notation:40} {notation_rate:10.0f} tables/s   CPU time: {cpu_rate:5.0f} tables/s  "
              f"{verdict} ≥ {TARGET_TABLES_PER_S:.0f}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--notations", action="store_true", help="only the per-notation end-to-end figures")
    parser.add_argument("--repeat", type=int, default=5, help="best of this many runs (default 5)")
    args = parser.parse_args()
    if args.notations:
        print_per_notation(args.repeat)
        return 0
    copies = 50
    sample = SAMPLE.read_text(encoding="utf-8")
    text = "\n\n".join([sample] * copies)
    tables = TABLES_PER_COPY * copies
    assert parse_and_normalise(text) == tables
    rows = [
        ("jixiao parse + normalise", parse_and_normalise),
        ("jixiao end to end (validated)", end_to_end),
        ("peer: pandas.read_csv (tokenise only)", pandas_read_csv),
        ("peer: str.split (floor)", str_split),
    ]
    print(f"text dumps: {tables} tables ({len(text.encode()) / 1e6:.2f} MB), one process, one core, best of 5")
    print(f"{'':40} {'seconds':>9} {'tables/s':>10} {'vs pandas':>10}")
    results = {name: best_seconds(work, text, repeat=5, warm=True) for name, work in rows}
    peer = results["peer: pandas.read_csv (tokenise only)"]
    for name, seconds in results.items():
        print(f"{name:40} {seconds:9.4f} {tables / seconds:10.0f} {seconds / peer:9.1f}x")
    rate = tables / results["jixiao parse + normalise"]
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak memory: {peak:.0f} MB")
    verdict = "meets" if rate >= TARGET_TABLES_PER_S else "MISSES"
    print(f"target ≥ {TARGET_TABLES_PER_S:.0f} tables/s for parse + normalise: {verdict} ({rate:.0f} tables/s)")
    print_per_notation(args.repeat)
    return 0


if __name__ == "__main__":
    sys.exit(main())
