"""Pairing self-evaluations with their target forms (issue 12) on generated batches whose pairs are known.

    python bench/bench_pairing.py [BATCHES] [PROJECTS]

BATCHES batches (seeds 9000 on) of PROJECTS base projects each, plus their near-named siblings in the
same department and namesakes in another (tests/pairgen.py): every form printed as a text dump and read
by the pipeline, then paired by `pair_batch`. Prints pairing precision and recall, the share of
self-evaluations left unpaired rightly, `achieved` accuracy per indicator and the share of
self-evaluations whose pairing findings are exactly the truth; once with the default plan of
changes and once with a heavier one (more indicators dropped, added and changed).
"""

from __future__ import annotations

import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]

from pairgen import EvalPlan, PairBatch, make_pair_batch  # noqa: E402

from jixiao import records_from_text  # noqa: E402
from jixiao.normalize.pairing import pair_batch  # noqa: E402

SEED0 = 9000
PLANS = {"default": EvalPlan(), "heavy": EvalPlan(drop=0.3, add=0.8, change=0.3)}


def _records(batch: PairBatch) -> list[dict]:
    records = []
    for source in batch.sources:
        found = records_from_text(source.text, path=source.path)
        records.append(found[0])
    return records


def _tally(batch: PairBatch, tally: Counter) -> None:
    result = pair_batch(_records(batch))
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


def main() -> None:
    n_batches = int(sys.argv[1]) if len(sys.argv) > 1 else 25
    n_projects = int(sys.argv[2]) if len(sys.argv) > 2 else 12
    print(f"pairing: {n_batches} batches of {n_projects} base projects (+ near names, namesakes)")
    for name, plan in PLANS.items():
        tally: Counter = Counter()
        started = time.perf_counter()
        for seed in range(SEED0, SEED0 + n_batches):
            _tally(make_pair_batch(seed, n_projects, plan), tally)
        seconds = time.perf_counter() - started
        print(f"  {name:8s} pairs {tally['true_pairs']:4d}  precision {_share(tally['tp'], tally['predicted'])}  "
              f"recall {_share(tally['tp'], tally['true_pairs'])}  "
              f"unpaired right {tally['no_partner_right']}/{tally['no_partner']}  "
              f"achieved {_share(tally['achieved_right'], tally['indicators'])}  "
              f"findings exact {_share(tally['findings_right'], tally['tp'])}  ({seconds:.1f} s)")


if __name__ == "__main__":
    main()
