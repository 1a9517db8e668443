"""Pairing self-evaluations with their target forms (issue 12) on generated batches whose pairs are known.

    python bench/bench_pairing.py [BATCHES] [PROJECTS]

BATCHES batches (seeds 9000 on) of PROJECTS base projects each, plus their near-named siblings in the
same department and namesakes in another (tests/pairgen.py): every form printed as a text dump and read
by the pipeline, then paired by `pair_batch`. Prints pairing precision and recall, the share of
self-evaluations left unpaired rightly, `achieved` accuracy per indicator and the share of
self-evaluations whose pairing findings are exactly the truth; once with the default plan of
changes and once with a heavier one (more indicators dropped, added and changed).

Then the same records as an output folder (a JSONL file a source, as `jixiao extract` writes them), the
folder repeated COPIES times in years of its own: `pair_folder` (a group at a time) beside pairing the
whole folder at once (every record in memory, `pair_batch` over all of them, as before the streaming):
peak traced memory (tracemalloc) and CPU seconds, and whether the two wrote the same files.

    python bench/bench_pairing.py [BATCHES] [PROJECTS] [COPIES]
"""

from __future__ import annotations

import copy
import hashlib
import json
import shutil
import sys
import tempfile
import time
import tracemalloc
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]

from pairgen import EvalPlan, PairBatch, make_pair_batch  # noqa: E402

from jixiao import records_from_text  # noqa: E402
from jixiao.normalize.pairing import pair_batch  # noqa: E402
from jixiao.review.folder import pair_folder, read_folder  # noqa: E402

SEED0 = 9000
PLANS = {"default": EvalPlan(), "heavy": EvalPlan(drop=0.3, add=0.8, change=0.3)}


def _records(batch: PairBatch) -> list[dict]:
    records = []
    for source in batch.sources:
        found = records_from_text(source.text, path=source.path)
        records.append(found[0])
    return records


def _tally(batch: PairBatch, tally: Counter, records: list[dict]) -> None:
    result = pair_batch(records)
    got = {p.self_eval: p.target for p in result.pairs}
    for truth in batch.truths:
        predicted = got.get(truth.self_eval)
        tally["true_pairs"] += truth.target is not None
        tally["predicted"] += predicted is not None
        tally["tp"] += predicted is not None and predicted == truth.target
        tally["no_partner"] += truth.target is None
        tally["no_partner_right"] += truth.target is None and predicted is None
        record = result.records[truth.self_eval]
        achieved = [i.get("achieved") for i in record["indicators"]]
        tally["indicators"] += len(truth.achieved)
        tally["achieved_right"] += sum(a == b for a, b in zip(achieved, truth.achieved, strict=False))
        if truth.target is not None and predicted == truth.target:
            findings = Counter((w["code"], w["field"]) for w in record["warnings"] if w.get("origin") == "pairing")
            tally["findings_right"] += findings == truth.findings
        tally["self_evals"] += 1


def _share(a: int, b: int) -> str:
    return f"{a / b:.4f}" if b else "n/a"


def _write_folder(folder: Path, records: list[dict], copies: int) -> int:
    """The records as one JSONL file a source, `copies` times (each copy in a year of its own); files written."""
    folder.mkdir()
    for copy_no in range(copies):
        for k, record in enumerate(records):
            if copy_no:
                record = copy.deepcopy(record)
                record["year"] = 1900 + copy_no
                record["source"]["sha256"] = hashlib.sha256(f"{copy_no}/{k}".encode()).hexdigest()
            (folder / f"c{copy_no:03d}-{k:05d}.jsonl").write_text(json.dumps(record, ensure_ascii=False) + "\n",
                                                                   encoding="utf-8")
    return copies * len(records)


def _whole_folder_at_once(folder: Path) -> None:
    """Pairing as it was before the streaming: every record of the folder in memory, one pair_batch."""
    files = read_folder(folder)
    result = pair_batch([r for _, records in files for r in records])
    start = 0
    for path, records in files:
        new = result.records[start:start + len(records)]
        start += len(records)
        if new != records:
            path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in new), encoding="utf-8")


def _peak(pairing, folder: Path) -> float:
    """Peak traced MiB of one pairing of the folder."""
    tracemalloc.start()
    try:
        pairing(folder)
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def _cpu(pairing, original: Path, work: Path, runs: int = 3) -> float:
    """CPU seconds of one pairing of a fresh copy of the folder (untraced), best of `runs`."""
    best = float("inf")
    for run in range(runs):
        folder = work / f"timed{run}"
        shutil.copytree(original, folder)
        started = time.process_time()
        pairing(folder)
        best = min(best, time.process_time() - started)
        shutil.rmtree(folder)
    return best


def folder_memory(records: list[dict], copies: int) -> None:
    from jixiao.schema.validate import validate_record

    validate_record(records[0])  # the schema compiled before either is measured
    work = Path(tempfile.mkdtemp(prefix="bench-pairing-"))
    try:
        for n in sorted({1, copies}):
            original = work / f"original{n}"
            sources = _write_folder(original, records, n)
            streamed, whole = work / "streamed", work / "whole"
            shutil.copytree(original, streamed)
            shutil.copytree(original, whole)
            stream_mib, whole_mib = _peak(pair_folder, streamed), _peak(_whole_folder_at_once, whole)
            same = all(p.read_bytes() == (whole / p.name).read_bytes() for p in streamed.glob("*.jsonl"))
            stream_s, whole_s = _cpu(pair_folder, original, work), _cpu(_whole_folder_at_once, original, work)
            print(f"  folder of {sources:6d} sources: a group at a time {stream_mib:7.1f} MiB {stream_s:6.2f} s CPU   "
                  f"whole folder at once {whole_mib:7.1f} MiB {whole_s:6.2f} s CPU   same files: {same}")
            for folder in (original, streamed, whole):
                shutil.rmtree(folder)
    finally:
        shutil.rmtree(work, ignore_errors=True)


def main() -> None:
    n_batches = int(sys.argv[1]) if len(sys.argv) > 1 else 25
    n_projects = int(sys.argv[2]) if len(sys.argv) > 2 else 12
    copies = int(sys.argv[3]) if len(sys.argv) > 3 else 4
    print(f"pairing: {n_batches} batches of {n_projects} base projects (+ near names, namesakes)")
    default_records: list[dict] = []
    for name, plan in PLANS.items():
        tally: Counter = Counter()
        started = time.perf_counter()
        for seed in range(SEED0, SEED0 + n_batches):
            batch = make_pair_batch(seed, n_projects, plan)
            records = _records(batch)
            _tally(batch, tally, records)
            if name == "default":
                default_records += records
        seconds = time.perf_counter() - started
        print(f"  {name:8s} pairs {tally['true_pairs']:4d}  precision {_share(tally['tp'], tally['predicted'])}  "
              f"recall {_share(tally['tp'], tally['true_pairs'])}  "
              f"unpaired right {tally['no_partner_right']}/{tally['no_partner']}  "
              f"achieved {_share(tally['achieved_right'], tally['indicators'])}  "
              f"findings exact {_share(tally['findings_right'], tally['tp'])}  ({seconds:.1f} s)")
    folder_memory(default_records, copies)


if __name__ == "__main__":
    main()
