"""The Ray engine (`jixiao extract --ray`) on a local Ray cluster of 2 CPUs, one for the whole module
(its start-up takes 10–30 s on loaded cores): the same records, manifest rows and database rows as
the local process pool; a worker killed mid-batch costs no record; a source past its time bound is
recorded timed out and the batch goes on; the cluster leaves no process behind.

    .venv/bin/python -m pytest -q tests/test_ray_engine.py      # or deselect with -m "not ray"
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import psutil
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from batchgen import write_dumps, write_pdfs  # noqa: E402

from jixiao.batch.bounds import Bounds  # noqa: E402
from jixiao.batch.entry import read_manifest  # noqa: E402
from jixiao.batch.ray_engine import TEST_DELAYS_VARIABLE, RayCluster, RayEngine  # noqa: E402
from jixiao.batch.runner import BatchConfig, BatchTotals, run_batch  # noqa: E402
from jixiao.cli import main  # noqa: E402
from jixiao.pipeline import extract_source  # noqa: E402

pytestmark = pytest.mark.ray

DELAYS = {"slow-kill": 6, "hang": 600}  # seconds a source named so sleeps on the worker before it is read
VOLATILE = ("seconds", "peak_memory", "finished_at")  # manifest fields that differ between two runs


@pytest.fixture(scope="module")
def hooks(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("ray-hooks")
    (folder / "delays.json").write_text(json.dumps(DELAYS))
    return folder


@pytest.fixture(scope="module")
def cluster(hooks: Path) -> Iterator[RayCluster]:
    os.environ[TEST_DELAYS_VARIABLE] = str(hooks)  # the workers inherit the environment the cluster starts with
    try:
        with RayCluster(None, cpus=2) as started:
            yield started
    finally:
        del os.environ[TEST_DELAYS_VARIABLE]


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    folder = tmp_path_factory.mktemp("ray-sources")
    made = write_dumps(folder, 6) + write_pdfs(folder, 1)
    (folder / "empty.txt").write_bytes(b"")  # a bad source: failed in both runs, the same way
    return [*made, folder / "empty.txt"]


def _batch(sources: list[Path], out: Path, engine: RayEngine | None, timeout: float = 600) -> BatchTotals:
    config = BatchConfig(sources=sources, output=str(out), named=set(sources), jobs=2, bounds=Bounds(timeout=timeout),
                         quiet=True)
    return run_batch(config, engine)


def _manifest(out: Path) -> dict[str, dict[str, object]]:
    rows = {}
    for entry in read_manifest(out):
        row = entry.as_dict()
        rows[entry.path] = {k: v for k, v in row.items() if k not in VOLATILE}
    return rows


def _outputs(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(out.glob("*.jsonl"))}


def _db_rows(db: Path) -> set[tuple[object, ...]]:
    with sqlite3.connect(db) as connection:
        return set(connection.execute(
            "SELECT d.sha256, d.path, r.table_index, r.record_json, r.indicators_count, r.warnings_count "
            "FROM records r JOIN documents d ON d.id = r.document_id"))


def _records(out: Path, path: Path) -> list[dict]:
    lines = (out / f"{path.stem}.jsonl").read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines]


def test_cluster_has_the_cpus_asked(cluster: RayCluster) -> None:
    assert cluster.total_cpus() == 2


def test_same_records_manifest_and_database_as_the_local_pool(cluster: RayCluster, sources: list[Path],
                                                             tmp_path: Path) -> None:
    args = [*map(str, sources), "--quiet", "--jobs", "2"]
    local, ray = tmp_path / "local", tmp_path / "ray"
    assert main(["extract", *args, "-o", str(local), "--db", str(tmp_path / "local.db")]) == 1  # empty.txt
    assert main(["extract", *args, "-o", str(ray), "--db", str(tmp_path / "ray.db"), "--ray"]) == 1
    assert _outputs(ray) == _outputs(local)
    assert len(_outputs(local)) == len(sources) - 1
    assert _manifest(ray) == _manifest(local)
    assert {e["status"] for e in _manifest(ray).values()} == {"done", "failed"}
    assert _db_rows(tmp_path / "ray.db") == _db_rows(tmp_path / "local.db")
    pdf = next(p for p in sources if p.suffix == ".pdf")
    assert _records(ray, pdf) == extract_source(pdf).records


def test_database_of_csv_files_and_of_standard_output_as_the_local_pool(cluster: RayCluster, sources: list[Path],
                                                                       tmp_path: Path, capsys) -> None:
    """The workers write the JSONL the driver loads (beside CSV files; in a scratch folder for -o -)."""
    import tempfile

    from jixiao.batch.scratch import SCRATCH_PREFIX

    args = [*map(str, sources), "--quiet", "--jobs", "2"]
    runs = {}
    for name, engine in (("local", []), ("ray", ["--ray"])):
        assert main(["extract", *args, *engine, "-o", str(tmp_path / name), "--format", "csv",
                     "--db", str(tmp_path / f"{name}-csv.db")]) == 1
        capsys.readouterr()
        assert main(["extract", *args, *engine, "-o", "-", "--format", "json",
                     "--db", str(tmp_path / f"{name}-stdout.db")]) == 1
        runs[name] = sorted(json.dumps(r, sort_keys=True) for r in json.loads(capsys.readouterr().out))
    assert runs["ray"] == runs["local"] and runs["local"]
    csv_files = {p.name: p.read_bytes() for p in sorted((tmp_path / "local").glob("*.csv"))}
    assert csv_files and csv_files == {p.name: p.read_bytes() for p in sorted((tmp_path / "ray").glob("*.csv"))}
    local_rows = _db_rows(tmp_path / "local-csv.db")
    assert len(local_rows) == len(runs["local"])
    for db in ("ray-csv.db", "local-stdout.db", "ray-stdout.db"):
        assert _db_rows(tmp_path / db) == local_rows, db
    assert not list((tmp_path / "ray").glob(".jixiao-tmp-*"))
    assert not list(Path(tempfile.gettempdir()).glob(f"{SCRATCH_PREFIX}{os.getpid()}-*"))


@pytest.mark.parametrize("workers_write", [True, False], ids=["workers-write", "driver-writes"])
def test_same_outputs_whether_the_workers_or_the_driver_write(cluster: RayCluster, sources: list[Path],
                                                              tmp_path: Path, workers_write: bool) -> None:
    """Workers write each output's temporary where they see the output folder (every node on this machine);
    on a remote cluster the records come back and the driver writes them."""
    _batch(sources, tmp_path / "local", None)
    _batch(sources, tmp_path / "ray", RayEngine(Bounds(), workers_write=workers_write))
    assert _outputs(tmp_path / "ray") == _outputs(tmp_path / "local")
    assert _manifest(tmp_path / "ray") == _manifest(tmp_path / "local")


def test_a_cluster_started_here_is_on_this_host(cluster: RayCluster) -> None:
    assert cluster.on_this_host()
    assert RayCluster("auto").on_this_host()  # not started by it: told by the nodes' host names


def _wait_for_pids(file: Path, count: int, seconds: float = 120) -> list[int]:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if file.exists():
            pids = [int(line) for line in file.read_text().split()]
            if len(pids) >= count:
                return pids
        time.sleep(0.1)
    raise AssertionError(f"no worker read {file.stem} within {seconds} s")


def test_a_worker_killed_mid_batch_costs_no_record(cluster: RayCluster, sources: list[Path], hooks: Path,
                                                   tmp_path: Path) -> None:
    slow = tmp_path / "in" / "slow-kill.txt"
    slow.parent.mkdir()
    shutil.copy(sources[0], slow)
    batch = [slow, *sources[:3]]
    out = tmp_path / "out"
    done: list[BatchTotals] = []
    runner = threading.Thread(target=lambda: done.append(_batch(batch, out, RayEngine(Bounds()))))
    runner.start()
    first = _wait_for_pids(hooks / "slow-kill.pids", 1)[0]
    os.kill(first, signal.SIGKILL)  # the worker dies while it holds the source
    runner.join(timeout=300)
    assert done and done[0].errors == 0 and done[0].read == len(batch)
    pids = _wait_for_pids(hooks / "slow-kill.pids", 2)
    assert len(pids) == 2 and pids[1] != first  # Ray read it again on another worker
    assert _records(out, slow) == extract_source(slow).records
    assert {e["status"] for e in _manifest(out).values()} == {"done"}


def _gone(pid: int, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if psutil.Process(pid).status() == psutil.STATUS_ZOMBIE:
                return True
        except psutil.NoSuchProcess:
            return True
        time.sleep(0.2)
    return False


def test_a_source_past_its_time_bound_is_recorded_and_the_batch_goes_on(cluster: RayCluster, sources: list[Path],
                                                                      hooks: Path, tmp_path: Path) -> None:
    hang = tmp_path / "in" / "hang.txt"
    hang.parent.mkdir()
    shutil.copy(sources[1], hang)
    batch = [hang, *sources[:4]]
    out = tmp_path / "out"
    started = time.monotonic()
    totals = _batch(batch, out, RayEngine(Bounds(timeout=3)), timeout=3)
    assert time.monotonic() - started < 120
    assert totals.timed_out == 1 and totals.read == len(batch)
    rows = _manifest(out)
    assert rows[str(hang)]["status"] == "timed_out"
    assert str(rows[str(hang)]["error"]).startswith(f"{hang}: stopped after 3 s")
    assert all(rows[str(p)]["status"] == "done" for p in sources[:4])
    assert not (out / "hang.jsonl").exists()
    assert _gone(_wait_for_pids(hooks / "hang.pids", 1)[0])  # its worker was killed, not left sleeping


def test_a_source_past_its_memory_bound_is_recorded_failed(cluster: RayCluster, sources: list[Path], hooks: Path,
                                                           tmp_path: Path) -> None:
    hang = tmp_path / "in" / "hang.txt"  # sleeps on its worker: it is still running when the bound is checked
    hang.parent.mkdir()
    shutil.copy(sources[1], hang)
    totals = _batch([hang], tmp_path / "out", RayEngine(Bounds(memory=1)))
    assert totals.read == 1 and totals.errors == 1
    row = _manifest(tmp_path / "out")[str(hang)]
    assert row["status"] == "failed"
    assert str(row["error"]).startswith(f"{hang}: stopped at ") and "over the memory bound" in str(row["error"])


def test_without_ray_installed_the_error_says_what_to_install(monkeypatch: pytest.MonkeyPatch) -> None:
    from jixiao.batch.ray_engine import import_ray
    from jixiao.errors import ClusterError

    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` raises ImportError
    with pytest.raises(ClusterError, match=r"pip install 'jixiao\[cluster\]'"):
        import_ray()


def test_an_empty_batch_starts_no_cluster() -> None:
    assert list(RayEngine(Bounds(), address="ray://127.0.0.1:9").run([])) == []


def _ray_processes() -> list[psutil.Process]:
    found = []
    for child in psutil.Process().children(recursive=True):
        try:
            if "ray" in " ".join(child.cmdline()) or child.name() in ("raylet", "gcs_server"):
                found.append(child)
        except psutil.Error:
            pass
    return found


def test_the_cluster_shuts_down_with_no_process_left(cluster: RayCluster) -> None:
    processes = _ray_processes()
    temp_dir = cluster.temp_dir
    assert processes and temp_dir is not None and Path(temp_dir).is_dir()
    cluster.__exit__(None, None, None)  # what the engine does at the end of a batch it started the cluster for
    assert all(_gone(p.pid) for p in processes)
    assert not Path(temp_dir).exists()
    left = []
    for process in psutil.process_iter(["cmdline"]):
        if temp_dir in " ".join(process.info["cmdline"] or []):
            left.append(process.pid)
    assert left == []


def test_an_address_where_no_cluster_listens_is_a_one_line_error(tmp_path: Path) -> None:
    source = write_dumps(tmp_path / "in", 1)[0]
    run = subprocess.run([sys.executable, "-m", "jixiao", "extract", str(source), "-o", str(tmp_path / "out"),
                          "--ray", "127.0.0.1:9"], capture_output=True, text=True, timeout=120)
    assert run.returncode == 2
    assert run.stderr.splitlines() == [
        "jixiao: error: 127.0.0.1:9: cannot reach the Ray cluster: nothing answers at 127.0.0.1:9 (Connection refused)"]
