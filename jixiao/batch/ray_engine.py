"""The cluster engine: the batch's per-source function (`work.read_one`) run as Ray tasks.

Same interface as the local pool (`pool.Engine`): tasks in, outcomes out as each source finishes;
the batch (`runner.py`) keeps the manifest, the names, the output files and the database, all on
this machine. What differs is who reads:

- a cluster started on this machine for the batch (`address=None`, one CPU a core, no dashboard,
  no usage stats, logs in a temporary folder) and shut down at the end; an existing cluster by
  address (`auto`, `HOST:PORT`, `ray://HOST:PORT`), left running; or the cluster this process is
  already connected to (a notebook), left connected;
- a worker process that dies (killed, out of memory, a crash in C code) is retried by Ray
  (`MAX_RETRIES`), so it costs no record; a source that kills every attempt is recorded failed;
- at most `IN_FLIGHT_PER_CPU` tasks a cluster CPU are submitted at once, and each result is taken
  as it finishes (`ray.wait`), so the driver's memory stays flat however many sources;
- each running task tells a small actor (`_Watch`) its page and resident memory; the driver stops
  (`ray.cancel(force=True)`: its worker is killed) a task past the wall-time or memory bound and
  records it timed out / failed with its page, and the batch goes on.

The workers read the paths themselves: on an existing cluster every node must see the sources at
the same path (a shared file system) and have this jixiao installed (`pip install jixiao[cluster]`).
File bytes are not shipped through the object store: sources run to hundreds of MB, and the office
readers hand paths to LibreOffice. Where every node is this machine the workers also write each
output file's temporary and the JSONL the driver loads (as the local pool's do); elsewhere the records come
back to the driver.
"""

from __future__ import annotations

import logging
import os
import shutil
import socket
import tempfile
import time
import uuid
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from itertools import chain
from typing import Any

from jixiao.batch.bounds import Bounds, peak_memory, reset_peak_memory, usable_cores
from jixiao.batch.work import SourceOutcome, SourceTask, read_one, stopped_outcome
from jixiao.errors import ClusterError

MAX_RETRIES = 3  # attempts after a worker died (Ray's system failures); a reader's own errors are outcomes
IN_FLIGHT_PER_CPU = 2  # tasks submitted ahead: a CPU never waits for the driver, memory stays bounded
POLL_SECONDS = 0.5  # how often the bounds are checked
REPORT_SECONDS = 0.5  # how often a running task tells its page and memory
# Set before Ray is imported: no usage statistics sent, no import-time warnings.
QUIET_ENVIRONMENT = {"RAY_USAGE_STATS_ENABLED": "0", "RAY_DISABLE_IMPORT_WARNING": "1"}
PROBE_SECONDS = 5.0  # Ray itself retries an address where nothing listens for minutes
TEST_DELAYS_VARIABLE = "JIXIAO_TEST_RAY_DELAYS"  # tests only: a folder with delays.json, see `_test_delay`


def import_ray() -> Any:
    for name, value in QUIET_ENVIRONMENT.items():
        os.environ.setdefault(name, value)
    try:
        import ray
    except ImportError as error:
        raise ClusterError("--ray needs Ray: pip install 'jixiao[cluster]'") from error
    return ray


def probe_address(address: str) -> None:
    """Fail fast when nothing listens at HOST:PORT (or ray://HOST:PORT); `auto` is Ray's to find."""
    host, _, port = address.removeprefix("ray://").rpartition(":")
    if not host or not port.isdigit():
        return
    try:
        socket.create_connection((host.strip("[]"), int(port)), timeout=PROBE_SECONDS).close()
    except OSError as error:
        raise ClusterError(f"cannot reach the Ray cluster: nothing answers at {host}:{port} "
                           f"({error.strerror or error})", address) from error


def _first_line(error: BaseException) -> str:
    text = str(error).strip()
    return text.splitlines()[0] if text else type(error).__name__


class RayCluster:
    """The cluster a batch runs on, as a context: started here, reached by address, or already connected."""

    def __init__(self, address: str | None = None, cpus: int | None = None) -> None:
        self.address = address  # None: start one on this machine
        self.cpus = cpus or usable_cores()
        self.temp_dir: str | None = None
        self.connected_here = False  # this context connected (and so disconnects, or shuts down what it started)

    def __enter__(self) -> RayCluster:
        ray = import_ray()
        if ray.is_initialized():
            return self
        try:
            if self.address is None:
                self.temp_dir = tempfile.mkdtemp(prefix="jixiao-ray-")
                ray.init(num_cpus=self.cpus, include_dashboard=False, log_to_driver=False,
                         logging_level=logging.ERROR, _temp_dir=self.temp_dir)
            else:
                probe_address(self.address)
                ray.init(address=self.address, log_to_driver=False, logging_level=logging.ERROR)
        except ClusterError:
            raise
        except Exception as error:  # Ray raises ConnectionError, RuntimeError, ValueError …
            self._remove_temp_dir()
            where = "cannot start a Ray cluster here" if self.address is None else "cannot reach the Ray cluster"
            raise ClusterError(f"{where}: {_first_line(error)}", self.address) from error
        self.connected_here = True
        return self

    def on_this_host(self) -> bool:
        """Every node of the cluster runs on this machine (so its workers see this file system)."""
        if self.temp_dir is not None:
            return True  # started here, for this batch
        nodes = [n for n in import_ray().nodes() if n.get("Alive")]
        return bool(nodes) and all(n.get("NodeManagerHostname") == socket.gethostname() for n in nodes)

    def total_cpus(self) -> int:
        ray = import_ray()
        return max(1, int(ray.cluster_resources().get("CPU", 1)))

    def __exit__(self, *exc: object) -> None:
        if self.connected_here:
            import_ray().shutdown()  # a cluster started here stops with it; one reached by address stays up
            self.connected_here = False
        self._remove_temp_dir()

    def _remove_temp_dir(self) -> None:
        if self.temp_dir is not None:
            shutil.rmtree(self.temp_dir, ignore_errors=True)
            self.temp_dir = None


class _Watch:
    """A Ray actor: the page and memory each running task last told, by source path."""

    def __init__(self) -> None:
        self.running: dict[str, tuple[str, int, int]] = {}  # manifest row: (attempt token, page, rss)

    def report(self, path: str, token: str, page: int, rss: int) -> None:
        self.running[path] = (token, page, rss)

    def finished(self, path: str, token: str) -> None:
        if self.running.get(path, ("",))[0] == token:
            del self.running[path]

    def snapshot(self) -> dict[str, tuple[str, int, int]]:
        return dict(self.running)


class _Reporter:
    """A running task's side thread: tells the watch its page and memory every REPORT_SECONDS."""

    def __init__(self, watch: Any, path: str) -> None:
        import threading

        import psutil

        self.watch, self.path = watch, path
        self.token = uuid.uuid4().hex  # one per attempt: a retry starts its clock anew
        self.page = 0
        self.process = psutil.Process()
        self.stopping = threading.Event()
        self.thread = threading.Thread(target=self._loop, daemon=True)

    def on_page(self, page: int) -> None:
        self.page = page

    def rss(self) -> int:
        import psutil

        try:
            return sum(p.memory_info().rss for p in [self.process, *self.process.children(recursive=True)])
        except psutil.Error:
            return 0

    def _loop(self) -> None:
        while True:
            self.watch.report.remote(self.path, self.token, self.page, self.rss())
            if self.stopping.wait(REPORT_SECONDS):
                return

    def __enter__(self) -> _Reporter:
        self.thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stopping.set()
        self.thread.join()
        self.watch.finished.remote(self.path, self.token)  # after its last report: same caller, same order


def _test_delay(task: SourceTask) -> None:
    """Tests only: sleep before reading a source named in `$JIXIAO_TEST_RAY_DELAYS/delays.json`
    ({stem: seconds}), after adding this worker's pid to `<stem>.pids` (one line an attempt)."""
    folder = os.environ.get(TEST_DELAYS_VARIABLE)
    if not folder:
        return
    import json
    from pathlib import Path

    stem = Path(task.path).stem
    seconds = json.loads((Path(folder) / "delays.json").read_text()).get(stem)
    if seconds is None:
        return
    with open(Path(folder) / f"{stem}.pids", "a") as pids:
        pids.write(f"{os.getpid()}\n")
    time.sleep(seconds)


def read_on_worker(task: SourceTask, watch: Any) -> SourceOutcome:
    """One source on a Ray worker: `read_one`, with its page and memory told to the driver's watch."""
    from jixiao.extract.page_progress import set_page_listener
    from jixiao.extract.scan.threads import THREADS_VARIABLE

    os.environ[THREADS_VARIABLE] = "1"  # one CPU a task: the OCR should not fight the other tasks
    with _Reporter(watch, task.row_path) as reporter:
        set_page_listener(reporter.on_page)
        try:
            _test_delay(task)
            if not os.path.exists(task.path):
                return stopped_outcome(task, "failed", f"{task.path}: not found on the Ray worker on "
                                       f"{socket.gethostname()} (the workers read the paths themselves: "
                                       "a shared file system, same path on every node)")
            reset_peak_memory()
            outcome = read_one(task)
            outcome.entry.peak_memory = peak_memory()
            return outcome
        finally:
            set_page_listener(None)


@dataclass(slots=True)
class _Flight:
    task: SourceTask
    token: str | None = None  # the running attempt's, once it told the watch
    started: float = 0.0  # when the driver first saw that attempt run
    page: int = 0
    peak: int = 0


class RayEngine:
    """Ray tasks on a cluster: a local one started for the batch (`address=None`) or one reached by address."""

    def __init__(self, bounds: Bounds, address: str | None = None, cpus: int | None = None,
                 in_flight: int | None = None, max_retries: int = MAX_RETRIES,
                 workers_write: bool | None = None) -> None:
        self.bounds, self.address, self.cpus = bounds, address, cpus
        self.in_flight, self.max_retries = in_flight, max_retries
        self.workers_write = workers_write  # None: when every node is on this machine (see `_Driver`)

    def run(self, tasks: Iterable[SourceTask]) -> Iterator[SourceOutcome]:
        pending = iter(tasks)
        first = next(pending, None)
        if first is None:  # nothing to read (a finished batch resumed): no cluster started
            return
        ray = import_ray()
        with RayCluster(self.address, self.cpus) as cluster:
            try:
                yield from _Driver(self, cluster).run(chain([first], pending))
            except ray.exceptions.RayError as error:  # the cluster itself failed: what finished is recorded
                raise ClusterError(f"the Ray cluster failed mid-batch: {_first_line(error)}", self.address) from error


class _Driver:
    def __init__(self, engine: RayEngine, cluster: RayCluster) -> None:
        self.ray = import_ray()
        self.bounds = engine.bounds
        self.limit = engine.in_flight or IN_FLIGHT_PER_CPU * cluster.total_cpus()
        self.attempts = 1 + engine.max_retries
        self.read = self.ray.remote(max_retries=engine.max_retries, retry_exceptions=False)(read_on_worker)
        self.watch = self.ray.remote(num_cpus=0, max_restarts=-1)(_Watch).remote()
        self.flights: dict[Any, _Flight] = {}
        self.checked = 0.0
        # Workers write a source's output file to a temporary of the output folder (the batch renames it into
        # place) only where they see that folder; elsewhere the records come back to be written here.
        self.workers_write = cluster.on_this_host() if engine.workers_write is None else engine.workers_write

    def run(self, pending: Iterator[SourceTask]) -> Iterator[SourceOutcome]:
        try:
            while True:
                self._fill(pending)
                if not self.flights:
                    return
                yield from self._take_finished()
                if time.monotonic() - self.checked >= POLL_SECONDS:
                    yield from self._enforce_bounds()
        finally:
            for ref in self.flights:  # interrupted: nothing left running on the cluster
                self.ray.cancel(ref, force=True)

    def _fill(self, pending: Iterator[SourceTask]) -> None:
        while len(self.flights) < self.limit:
            task = next(pending, None)
            if task is None:
                return
            if not self.workers_write and (task.write_to is not None or task.jsonl_to is not None):
                task = replace(task, write_to=None, jsonl_to=None)
            self.flights[self.read.remote(task, self.watch)] = _Flight(task)

    def _take_finished(self) -> list[SourceOutcome]:
        refs = list(self.flights)
        ready, rest = self.ray.wait(refs, num_returns=1, timeout=POLL_SECONDS)
        if ready and rest:
            more, _ = self.ray.wait(rest, num_returns=len(rest), timeout=0)
            ready += more
        return [self._outcome(ref, self.flights.pop(ref)) for ref in ready]

    def _outcome(self, ref: Any, flight: _Flight) -> SourceOutcome:
        try:
            outcome: SourceOutcome = self.ray.get(ref)
        except self.ray.exceptions.RayError as error:
            task = flight.task
            where = f" on page {flight.page}" if flight.page else ""
            if isinstance(error, self.ray.exceptions.WorkerCrashedError | self.ray.exceptions.OutOfMemoryError):
                said = f"its Ray worker died{where} on each of {self.attempts} attempts: {_first_line(error)}"
            else:
                said = f"the Ray task failed{where}: {_first_line(error)}"
            return stopped_outcome(task, "failed", f"{task.path}: {said}", page=flight.page or None,
                                   peak_memory=flight.peak or None)
        outcome.entry.peak_memory = max(outcome.entry.peak_memory or 0, flight.peak) or None
        return outcome

    def _enforce_bounds(self) -> list[SourceOutcome]:
        self.checked = now = time.monotonic()
        try:
            running = self.ray.get(self.watch.snapshot.remote())
        except self.ray.exceptions.RayActorError:  # the watch is restarting: the tasks tell it again soon
            return []
        stopped = []
        for ref, flight in list(self.flights.items()):
            told = running.get(flight.task.row_path)
            if told is None:
                continue  # queued, or between attempts
            token, flight.page, rss = told
            if token != flight.token:
                flight.token, flight.started, flight.peak = token, now, 0
            flight.peak = max(flight.peak, rss)
            outcome = self._past_bound(flight, now - flight.started)
            if outcome is not None:
                self.ray.cancel(ref, force=True)
                del self.flights[ref]
                stopped.append(outcome)
        return stopped

    def _past_bound(self, flight: _Flight, elapsed: float) -> SourceOutcome | None:
        task, page = flight.task, flight.page or None
        where = f" on page {page}" if page else ""
        if elapsed > self.bounds.timeout:
            return stopped_outcome(task, "timed_out", f"{task.path}: stopped after {self.bounds.timeout:g} s{where} "
                                   "(--timeout)", page=page, seconds=round(elapsed, 3), peak_memory=flight.peak or None)
        if flight.peak > self.bounds.memory:
            return stopped_outcome(task, "failed", f"{task.path}: stopped at {flight.peak / 2**20:.0f} MiB{where}, "
                                   f"over the memory bound of {self.bounds.memory / 2**20:.0f} MiB (--max-memory)",
                                   page=page, seconds=round(elapsed, 3), peak_memory=flight.peak)
        return None
