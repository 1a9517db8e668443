"""Batch engines: sources/s of the Ray engine (a local cluster) beside the local process pool,
on the same generated files (tests/batchgen.py: text dumps in three notations and born-digital PDFs),
the same number of CPUs, writing the same outputs and manifest.

    .venv/bin/python bench/bench_ray.py [DUMPS] [PDFS]     (make bench has the Ray row of bench_batch.py)

Ray's figure is given twice: with the cluster's start-up (what `jixiao extract --ray` costs on one
machine) and without it (a cluster already up, as on a real one).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(ROOT / "tests"), str(ROOT)]

from batchgen import write_dumps, write_pdfs  # noqa: E402

from jixiao.batch.bounds import Bounds, usable_cores  # noqa: E402
from jixiao.batch.ray_engine import RayCluster, RayEngine  # noqa: E402
from jixiao.batch.runner import BatchConfig, run_batch  # noqa: E402

DUMPS, PDFS = 300, 12


def _run(sources: list[Path], out: Path, cpus: int, engine: RayEngine | None) -> tuple[float, int]:
    config = BatchConfig(sources=sources, output=str(out), named=set(sources), jobs=cpus, bounds=Bounds(), quiet=True)
    started = time.perf_counter()
    totals = run_batch(config, engine)
    return time.perf_counter() - started, totals.records


def main() -> None:
    dumps = int(sys.argv[1]) if len(sys.argv) > 1 else DUMPS
    pdfs = int(sys.argv[2]) if len(sys.argv) > 2 else PDFS
    cpus = usable_cores()
    with tempfile.TemporaryDirectory(prefix="bench-ray-") as scratch:
        folder = Path(scratch)
        sources = write_dumps(folder / "in", dumps) + write_pdfs(folder / "in", pdfs)
        rows = [("local process pool", *_run(sources, folder / "local", cpus, None))]
        started = time.perf_counter()
        with RayCluster(None, cpus) as cluster:
            start_up = time.perf_counter() - started
            seconds, records = _run(sources, folder / "ray", cpus, RayEngine(Bounds(), cpus=cpus))
            rows.append(("ray, cluster up", seconds, records))
            rows.append(("ray, with start-up", seconds + start_up, records))
            cluster_cpus = cluster.total_cpus()
    print(f"batch engines: {len(sources)} sources ({dumps} text dumps, {pdfs} PDFs), {cpus} CPUs "
          f"(ray cluster: {cluster_cpus}), ray start-up {start_up:.1f} s")
    print(f"{'':24} {'seconds':>9} {'sources/s':>10} {'records':>8} {'vs local':>9}")
    local = rows[0][1]
    for name, seconds, records in rows:
        print(f"{name:24} {seconds:9.2f} {len(sources) / seconds:10.1f} {records:8d} {seconds / local:8.2f}x")


if __name__ == "__main__":
    main()
