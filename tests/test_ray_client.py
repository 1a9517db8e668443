"""`jixiao extract --ray ray://HOST:PORT` (Ray Client) against a head started here for the test with
its Ray Client server (`ray start --head --block --ray-client-server-port=…`, every port chosen free,
its files in a temporary folder): the same output files, manifest rows and database rows as the local
process pool. The head is stopped by its own process (not `ray stop`, which would stop every cluster
of this user), and no process of it is left.

    .venv/bin/python -m pytest -q tests/test_ray_client.py      # or deselect with -m "not ray"
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from batchgen import write_dumps  # noqa: E402
from test_ray_engine import _db_rows, _manifest, _outputs  # noqa: E402

from jixiao.batch.ray_engine import QUIET_ENVIRONMENT  # noqa: E402

pytestmark = pytest.mark.ray

START_SECONDS = 150  # a head on two cores loaded by the rest of the suite answers within this (seen: 60 s too few)
PORT_OPTIONS = ("--port", "--ray-client-server-port", "--node-manager-port", "--object-manager-port",
                "--dashboard-agent-listen-port", "--dashboard-agent-grpc-port", "--metrics-export-port",
                "--runtime-env-agent-port")
WORKER_PORTS = 40  # --min-worker-port … --max-worker-port: a free stretch for the workers


@dataclass
class Head:
    process: subprocess.Popen
    temp_dir: str
    client_port: int

    @property
    def address(self) -> str:
        return f"ray://127.0.0.1:{self.client_port}"


def _free_ports(count: int) -> list[int]:
    sockets = []
    try:
        for _ in range(count):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            sockets.append(s)
        return [s.getsockname()[1] for s in sockets]
    finally:
        for s in sockets:
            s.close()


def _free_stretch(length: int) -> int:
    """The first port of `length` consecutive ports nothing listens on (from a high random start)."""
    start = _free_ports(1)[0]
    for first in range(min(start, 60000 - length), 1024, -length):
        try:
            held = []
            for port in range(first, first + length):
                s = socket.socket()
                held.append(s)
                s.bind(("127.0.0.1", port))
            return first
        except OSError:
            continue
        finally:
            for s in held:
                s.close()
    raise RuntimeError("no free stretch of ports")


def _answers(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
        return True
    except OSError:
        return False


def _client_connects(head: Head) -> str | None:
    """None when a Ray Client session opens and sees the head's CPUs, else why not (a fresh head's client
    server may refuse the first sessions while the cluster finishes starting)."""
    probe = ("import ray, sys; ray.init(sys.argv[1], logging_level='ERROR'); "
             "assert ray.cluster_resources().get('CPU') == 2; ray.shutdown()")
    try:
        run = subprocess.run([sys.executable, "-c", probe, head.address], capture_output=True, timeout=60,
                             env=os.environ | QUIET_ENVIRONMENT)
    except subprocess.TimeoutExpired:
        return "the probe session took over 60 s"
    return None if run.returncode == 0 else run.stderr.decode(errors="replace")[-1500:]


def _wait_until_ready(head: Head) -> None:
    log = Path(head.temp_dir) / "ray-start.log"
    deadline = time.monotonic() + START_SECONDS
    while "Ray runtime started" not in log.read_text(errors="replace") or not _answers(head.client_port):
        if head.process.poll() is not None or time.monotonic() > deadline:
            pytest.fail(f"the Ray head did not start within {START_SECONDS} s:\n"
                        + log.read_text(errors="replace")[-2000:])
        time.sleep(0.5)
    while (refused := _client_connects(head)) is not None:
        if time.monotonic() > deadline:
            pytest.fail(f"no Ray Client session opened at {head.address} within {START_SECONDS} s:\n{refused}")
        time.sleep(1)


def _cluster_processes(head: Head) -> list[psutil.Process]:
    """The head's processes: its `ray start` and what runs with its temporary folder."""
    found = {head.process.pid: psutil.Process(head.process.pid)} if psutil.pid_exists(head.process.pid) else {}
    try:
        found.update({p.pid: p for p in psutil.Process(head.process.pid).children(recursive=True)})
    except psutil.Error:
        pass
    for process in psutil.process_iter(["cmdline"]):
        if head.temp_dir in " ".join(process.info["cmdline"] or []):
            found[process.pid] = process
    return list(found.values())


def _stop(head: Head) -> list[int]:
    """Stop the head through its own process (ray start --block stops its cluster on SIGTERM); the pids
    of any of its processes still running afterwards (then killed)."""
    processes = _cluster_processes(head)
    if head.process.poll() is None:
        head.process.send_signal(signal.SIGTERM)
        try:
            head.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            head.process.kill()
    _, alive = psutil.wait_procs(processes, timeout=15)
    for process in alive:
        try:
            process.kill()
        except psutil.Error:
            pass
    return [p.pid for p in alive]


@pytest.fixture(scope="module")
def head() -> Iterator[Head]:
    ray = shutil.which("ray", path=str(Path(sys.executable).parent))
    if ray is None:
        pytest.skip("Ray is not installed (the cluster extra): no ray command beside this Python")
    temp_dir = tempfile.mkdtemp(prefix="jixiao-rayc-")  # short: Ray's socket paths must fit in 107 bytes
    ports = dict(zip(PORT_OPTIONS, _free_ports(len(PORT_OPTIONS)), strict=True))
    first_worker = _free_stretch(WORKER_PORTS)
    command = [ray, "start", "--head", "--block", "--num-cpus=2", "--include-dashboard=false",
               "--disable-usage-stats", f"--temp-dir={temp_dir}", "--node-ip-address=127.0.0.1",
               f"--min-worker-port={first_worker}", f"--max-worker-port={first_worker + WORKER_PORTS - 1}",
               *(f"{option}={port}" for option, port in ports.items())]
    log = open(Path(temp_dir) / "ray-start.log", "w")
    process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT,
                               env=os.environ | QUIET_ENVIRONMENT | HEAD_ENVIRONMENT)
    started = Head(process, temp_dir, ports["--ray-client-server-port"])
    try:
        _wait_until_ready(started)
        yield started
    finally:
        left = _stop(started)
        log.close()
        shutil.rmtree(temp_dir, ignore_errors=True)
        assert left == [], f"processes of the Ray head left after it stopped: {left}"


# The client server starts a server process of its own for each client and gives it 30 s to answer: on two
# cores the rest of the suite loads, a fresh Python importing Ray may take longer ("Initialization failure
# from server" once, with two suites running at once).
HEAD_ENVIRONMENT = {"RAY_CLIENT_SERVER_CHECK_CHANNEL_TIMEOUT_S": "150"}


def _extract(args: list[str]) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "jixiao", "extract", *args], capture_output=True, text=True,
                          timeout=180, env=os.environ | QUIET_ENVIRONMENT)


def test_ray_client_gives_the_records_of_the_local_run(head: Head, tmp_path: Path) -> None:
    sources = write_dumps(tmp_path / "in", 4)
    (tmp_path / "in" / "empty.txt").write_bytes(b"")  # a bad source: failed in both runs, the same way
    args = [str(tmp_path / "in"), "--quiet", "--jobs", "2"]
    local = _extract([*args, "-o", str(tmp_path / "local"), "--db", str(tmp_path / "local.db")])
    client = _extract([*args, "-o", str(tmp_path / "ray"), "--db", str(tmp_path / "ray.db"), "--ray", head.address])
    assert (local.returncode, client.returncode) == (1, 1), client.stderr  # empty.txt
    assert client.stderr.splitlines()[-1] == local.stderr.splitlines()[-1]  # the summary line
    assert _outputs(tmp_path / "ray") == _outputs(tmp_path / "local")
    assert len(_outputs(tmp_path / "local")) == len(sources)
    assert _manifest(tmp_path / "ray") == _manifest(tmp_path / "local")
    assert _db_rows(tmp_path / "ray.db") == _db_rows(tmp_path / "local.db")
