"""Batch benchmark: a synthetic archive read by today's engine beside the one before it, on 2 workers.

    make bench        (or: .venv/bin/python bench/bench_batch.py [N])

The archive (`batch_archive.py`, N sources, default 2,000): text dumps, PDFs, xlsx/docx from the
test generators, 12 broken files, and 4 `.probe` files that hang (a test reader, installed only by
this bench and the tests). Figures:
- CPU seconds (user + system of the batch and its workers) beside wall time: on a shared machine
  wall time follows the other jobs, CPU time much less;
- the previous engine (the newest commit before this one, `jixiao extract` of that tree, which
  keeps every result until the end and writes in input order) and this one on the same files (the
  hanging ones left out: the previous engine would wait on them for ever): wall seconds,
  sources/s, pages/s, peak memory of the whole batch (PSS of the batch and its workers, sampled);
- the Ray engine (`--ray`: a local cluster of 2 CPUs started for the batch, its start-up included) on the
  same files as the two above;
- this engine on the whole archive with `--timeout 10`: the hanging sources recorded, the batch done;
- `kill -9` of a batch once half the sources are done, then the same command again: time to
  finish, sources redone (read again though done), sources lost (done before, missing after).
"""

from __future__ import annotations

import os
import resource
import signal
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import psutil

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))

from batch_archive import make_archive  # noqa: E402

from jixiao.batch.entry import read_manifest  # noqa: E402

JOBS = 2
TIMEOUT = 10
LAUNCH = ("import sys, probe_reader; probe_reader.install(); "
          "from jixiao.cli import main; sys.exit(main(sys.argv[1:]))")


@dataclass
class Run:
    seconds: float
    peak: int  # bytes
    status: int
    cpu: float = 0.0  # user + system seconds of the batch and its workers (steadier than wall time under load)


def _tree_memory(root: psutil.Process) -> int:
    total = 0
    for process in [root, *root.children(recursive=True)]:
        try:
            info = process.memory_full_info()
            total += getattr(info, "pss", info.rss)
        except psutil.Error:
            pass
    return total


def timed(command: list[str], env: dict[str, str] | None = None, kill_when=None) -> Run:
    """Run a batch, sampling its memory; `kill_when()` true: SIGKILL it there."""
    started, used = time.monotonic(), resource.getrusage(resource.RUSAGE_CHILDREN)
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    peak, watch = 0, psutil.Process(process.pid)
    stop = threading.Event()

    def sample() -> None:
        nonlocal peak
        while not stop.is_set():
            peak = max(peak, _tree_memory(watch))
            if kill_when is not None and kill_when():
                os.kill(process.pid, signal.SIGKILL)
                return
            stop.wait(0.2)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    status = process.wait()
    stop.set()
    sampler.join()
    now = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = now.ru_utime + now.ru_stime - used.ru_utime - used.ru_stime
    return Run(time.monotonic() - started, peak, status, cpu)


def baseline_tree(where: Path) -> tuple[str, Path]:
    """The previous engine's tree (the parent of the commit that took ProcessPoolExecutor out of cli.py)."""
    changed = subprocess.run(["git", "-C", str(ROOT), "log", "--format=%H", "-S", "ProcessPoolExecutor", "--",
                              "jixiao/cli.py"], capture_output=True, text=True, check=True).stdout.split()
    revision = os.environ.get("BENCH_BATCH_BASELINE") or f"{changed[0]}~1"
    archive = subprocess.run(["git", "-C", str(ROOT), "archive", revision, "jixiao", "extract", "normalize",
                              "schema"], capture_output=True, check=True).stdout
    where.mkdir(parents=True)
    subprocess.run(["tar", "-x", "-C", str(where)], input=archive, check=True)
    for package in ("extract", "normalize", "schema"):  # the package layout the install maps
        (where / "jixiao" / package).symlink_to(where / package)
    return revision, where


def _env(**extra: str) -> dict[str, str]:
    return {**os.environ, **extra}


def _pages(out: Path) -> int:
    return sum(e.pages or 0 for e in read_manifest(out))


def _line(name: str, run: Run, sources: int, pages: int) -> str:
    return (f"  {name:<34} {run.seconds:8.1f} s {sources / run.seconds:9.2f} {pages / run.seconds:9.2f} "
            f"{run.cpu:8.1f} s {sources / run.cpu:9.2f} {run.peak / 2**20:10.0f} MiB   exit {run.status}")


def _kill_and_resume(main: Path, hang: Path, work: Path, total: int, env: dict[str, str]) -> str:
    out = work / "killed"
    command = [sys.executable, "-c", LAUNCH, "extract", str(main), str(hang), "-o", str(out), "--jobs", str(JOBS),
               "--timeout", str(TIMEOUT), "--quiet"]

    def half_done() -> bool:
        try:
            return len(read_manifest(out)) >= total // 2
        except Exception:
            return False

    first = timed(command, env, kill_when=half_done)
    before = {e.path: (e.finished_at, e.seconds, e.peak_memory, e.status) for e in read_manifest(out)}
    outputs = {e.path: (out / e.output).read_bytes() for e in read_manifest(out) if e.output}
    resumed = timed(command, env)
    after = {e.path: e for e in read_manifest(out)}
    redone = sum(1 for p, seen in before.items() if p in after and
                 (after[p].finished_at, after[p].seconds, after[p].peak_memory, after[p].status) != seen)
    lost = sum(1 for p in before if p not in after) + sum(
        1 for p, data in outputs.items() if not (out / after[p].output).exists()
        or (out / after[p].output).read_bytes() != data)
    temporaries = len(list(out.glob(".jixiao-tmp-*")))
    return (f"  killed (SIGKILL) after {first.seconds:.1f} s with {len(before)} of {total} sources recorded; "
            f"resumed in {resumed.seconds:.1f} s (exit {resumed.status}): {len(after)} recorded, {redone} redone, "
            f"{lost} lost, {temporaries} temporaries left")


def main() -> None:
    n = int(sys.argv[1]) if len(sys.argv) > 1 else int(os.environ.get("BENCH_BATCH_SOURCES", "2000"))
    cache = Path(tempfile.gettempdir()) / f"jixiao-bench-batch-{n}"
    print(f"batch ({n} sources: text, PDF, xlsx/docx, 12 broken, 4 hanging; {JOBS} workers on "
          f"{psutil.cpu_count()} cores)", flush=True)
    made = time.monotonic()
    main_dir, hang_dir = make_archive(cache / "archive", n)
    regular = sum(1 for p in main_dir.iterdir() if p.is_file())
    print(f"  archive ready in {time.monotonic() - made:.0f} s: {cache / 'archive'}", flush=True)
    env = _env(PYTHONPATH=str(ROOT / "tests"))
    with tempfile.TemporaryDirectory(prefix="jixiao-bench-batch-") as scratch:
        work = Path(scratch)
        revision, old_tree = baseline_tree(work / "baseline")
        old = timed([sys.executable, "-m", "jixiao", "extract", str(main_dir), "-o", str(work / "old"), "--jobs",
                     str(JOBS), "--quiet"], _env(PYTHONPATH=str(old_tree)))
        new = timed([sys.executable, "-m", "jixiao", "extract", str(main_dir), "-o", str(work / "new"), "--jobs",
                     str(JOBS), "--quiet"])
        ray = timed([sys.executable, "-m", "jixiao", "extract", str(main_dir), "-o", str(work / "ray"), "--jobs",
                     str(JOBS), "--quiet", "--ray"])
        pages = _pages(work / "new")
        full = timed([sys.executable, "-c", LAUNCH, "extract", str(main_dir), str(hang_dir), "-o",
                      str(work / "full"), "--jobs", str(JOBS), "--timeout", str(TIMEOUT), "--quiet"], env)
        statuses: dict[str, int] = {}
        for entry in read_manifest(work / "full"):
            statuses[entry.status] = statuses.get(entry.status, 0) + 1
        print(f"  {'':<34} {'wall':>10} {'sources/s':>9} {'pages/s':>9} {'CPU':>10} {'src/CPU-s':>9} "
              f"{'peak memory':>14}")
        print(_line(f"previous engine ({revision[:10]})", old, regular, pages))
        print(_line("this engine", new, regular, pages))
        print(_line("ray engine (with its start-up)", ray, regular, pages))
        print(_line(f"this engine + hanging, --timeout {TIMEOUT}", full, n, pages))
        print(f"  whole archive: {', '.join(f'{k} {v}' for k, v in sorted(statuses.items()))}")
        print(_kill_and_resume(main_dir, hang_dir, work, n, env))


if __name__ == "__main__":
    main()
