"""Big text dump benchmark: one generated dump of many forms through `jixiao extract`, read a segment
at a time, beside the whole-file reader on a smaller dump.

    .venv/bin/python bench/bench_bigdump.py [MB]      (default 200; make bench runs it)

Figures: peak resident memory of the whole batch (the batch and its workers: the largest of them, from
getrusage of the children, in a measuring process of each run's own) and CPU seconds (user + system of batch and workers), wall seconds, records;
for the stream path (a MB-dump, streamed as every dump of 8 MB or more is) and the whole-file path
(a smaller dump, JIXIAO_STREAM_MIN_BYTES set past it), with peak MiB per MB of dump.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "tests"))

from bigdump import write_big_dump  # noqa: E402

WHOLE_MB = 10  # the whole-file path's dump: its memory grows with the file


_MEASURE = ("import resource, subprocess, sys; s = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, "
            "stderr=subprocess.DEVNULL).returncode; u = resource.getrusage(resource.RUSAGE_CHILDREN); "
            "print(s, u.ru_maxrss, u.ru_utime + u.ru_stime)")


def _run(source: Path, out: Path, env: dict[str, str]) -> tuple[float, float, int, int]:
    """(wall seconds, CPU seconds, peak bytes of its largest process, exit status) of one batch, measured
    from a process of its own (getrusage's peak of the children is the largest child that process waited for)."""
    command = [str(ROOT / ".venv" / "bin" / "jixiao"), "extract", str(source), "-o", str(out), "--quiet", "--jobs", "1"]
    started = time.monotonic()
    said = subprocess.run([sys.executable, "-c", _MEASURE, *command], env=env, capture_output=True, text=True,
                          check=True).stdout.split()
    status, peak_kib, cpu = int(said[0]), int(said[1]), float(said[2])
    return time.monotonic() - started, cpu, peak_kib * 1024, status


def _records(out: Path) -> int:
    return sum(1 for path in out.glob("*.jsonl") for _ in path.open(encoding="utf-8"))


def main(mb: int) -> None:
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        small, big = work / "small" / "whole.txt", work / "big" / "years.txt"
        small.parent.mkdir()
        big.parent.mkdir()
        forms_small = write_big_dump(small, "tsv", WHOLE_MB * 1_000_000, seed=1)
        forms_big = write_big_dump(big, "tsv", mb * 1_000_000, seed=2)
        whole_env = {**os.environ, "JIXIAO_STREAM_MIN_BYTES": str(1 << 40)}
        rows = [("whole file", small, forms_small, _run(small, work / "out-small", whole_env), work / "out-small"),
                ("streamed", big, forms_big, _run(big, work / "out-big", dict(os.environ)), work / "out-big")]
        print(f"{'path':<11} {'MB':>6} {'records':>8} {'expected':>8} {'status':>6} {'wall s':>7} {'CPU s':>7} "
              f"{'peak MiB':>9} {'MiB/MB':>7}")
        for name, source, forms, (wall, cpu, peak, status), out in rows:
            size = source.stat().st_size / 1e6
            print(f"{name:<11} {size:>6.1f} {_records(out):>8} {forms:>8} {status:>6} {wall:>7.1f} {cpu:>7.1f} "
                  f"{peak / 2**20:>9.0f} {peak / 2**20 / size:>7.1f}")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 200)
