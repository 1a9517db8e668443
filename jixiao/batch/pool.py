"""The local engine: worker processes on this machine, each source under its time and memory bound.

An engine takes tasks and gives back outcomes as each source finishes, in any order; the batch
(`runner.py`) does everything else (manifest, names, writing, progress). A worker is one
process reading one source at a time; a worker that passes a bound is killed (with the processes
it started) and its source recorded as timed out / failed with the page it was on, and a fresh
worker takes its place.

Another engine (a cluster) needs only `run`: submit `work.read_one` for each task (remotely,
e.g. `ray.remote(max_retries=0)(read_one)`, with `SourceTask.write_to` and `jsonl_to` None unless the output folder
is shared), wait on the results with a poll timeout, cancel (force) a task past `Bounds.timeout` and
turn it into `stopped_outcome(task, "timed_out", …)`, and yield each outcome as it lands; naming,
the manifest, resume, retries and writing stay in `runner.Batch`, unchanged.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from multiprocessing.connection import Connection, wait
from typing import Any, Protocol

import psutil

from jixiao.batch.bounds import Bounds, die_with_parent, peak_memory, reset_peak_memory
from jixiao.batch.work import SourceOutcome, SourceTask, read_one, stopped_outcome
from jixiao.extract.readers import register_readers_named, registered_reader_names

POLL_SECONDS = 0.2  # how often the bounds are checked


class Engine(Protocol):
    def run(self, tasks: Iterable[SourceTask]) -> Iterator[SourceOutcome]:
        """Outcomes as sources finish, in any order; one for every task."""
        ...


def _context() -> Any:
    # fork starts a worker in milliseconds; the batch starts no threads of its own, so forking it is
    # safe. A program that calls the batch while it runs threads (an OCR pool, a server) may hold a
    # lock that a forked child would wait on for ever: its workers are spawned instead.
    methods = multiprocessing.get_all_start_methods()
    safe_to_fork = "fork" in methods and threading.active_count() == 1
    return multiprocessing.get_context("fork" if safe_to_fork else "spawn")


def _worker_main(conn: Connection, page: Any, parent_pid: int, readers: list[tuple[str, str]]) -> None:
    die_with_parent(parent_pid)
    register_readers_named(readers)  # a spawned worker: the readers the batch's program registered
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the batch's to handle
    from jixiao.extract.page_progress import set_page_listener
    from jixiao.extract.scan.threads import THREADS_VARIABLE

    os.environ[THREADS_VARIABLE] = "1"  # the workers share the cores; the OCR should not fight over them

    def on_page(page_no: int) -> None:
        page.value = page_no

    set_page_listener(on_page)
    while True:
        try:
            task = conn.recv()
        except (EOFError, OSError):
            os._exit(0)
        if task is None:
            os._exit(0)
        page.value = 0
        reset_peak_memory()
        outcome = read_one(task)
        outcome.entry.peak_memory = peak_memory()
        conn.send(outcome)


@dataclass(slots=True)
class _Worker:
    process: Any
    conn: Connection
    page: Any  # shared int: the page the worker's reader is on
    watch: psutil.Process
    task: SourceTask | None = None
    started: float = 0.0
    peak: int = 0
    used: list[int] = field(default_factory=list)

    def rss(self) -> int:
        try:
            return sum(p.memory_info().rss for p in [self.watch, *self.watch.children(recursive=True)])
        except psutil.Error:
            return 0

    def kill(self) -> None:
        try:
            for child in self.watch.children(recursive=True):  # a converter it started (LibreOffice)
                child.kill()
        except psutil.Error:
            pass
        self.process.kill()
        self.process.join()
        self.conn.close()


class LocalEngine:
    """`jobs` worker processes on this machine."""

    def __init__(self, jobs: int, bounds: Bounds) -> None:
        self.jobs = max(1, jobs)
        self.bounds = bounds
        self.context = _context()
        self.readers = registered_reader_names()

    def _start(self) -> _Worker:
        ours, theirs = self.context.Pipe()
        page = self.context.RawValue("i", 0)
        process = self.context.Process(target=_worker_main, args=(theirs, page, os.getpid(), self.readers),
                                       daemon=True)
        process.start()
        theirs.close()
        return _Worker(process, ours, page, psutil.Process(process.pid))

    def run(self, tasks: Iterable[SourceTask]) -> Iterator[SourceOutcome]:
        pending = iter(tasks)
        workers: list[_Worker] = []
        try:
            while True:
                self._feed(workers, pending)
                busy = [w for w in workers if w.task is not None]
                if not busy:
                    return
                ready = wait([w.conn for w in busy], timeout=POLL_SECONDS)
                finished = [self._receive(w, workers) for w in busy if w.conn in ready]
                finished += self._enforce_bounds([w for w in busy if w.conn not in ready], workers)
                yield from finished
        finally:
            for worker in workers:
                worker.kill()

    def _feed(self, workers: list[_Worker], pending: Iterator[SourceTask]) -> None:
        """Give every idle worker a task; start workers (up to `jobs`) only for tasks there are."""
        while True:
            idle = next((w for w in workers if w.task is None), None)
            if idle is None and len(workers) >= self.jobs:
                return
            task = next(pending, None)
            if task is None:
                return
            if idle is None:
                idle = self._start()
                workers.append(idle)
            idle.task, idle.started, idle.peak = task, time.monotonic(), 0
            idle.conn.send(task)

    def _receive(self, worker: _Worker, workers: list[_Worker]) -> SourceOutcome:
        task = worker.task
        assert task is not None
        try:
            outcome: SourceOutcome = worker.conn.recv()
        except (EOFError, OSError):  # the reader crashed the process (a segfault in C code)
            code = worker.process.exitcode
            said = f"signal {-code}" if code is not None and code < 0 else f"exit status {code}"
            return self._replace(worker, workers, stopped_outcome(
                task, "failed", f"{task.path}: the reader crashed ({said}) on page {worker.page.value or '?'}",
                page=worker.page.value or None, seconds=round(time.monotonic() - worker.started, 3),
                peak_memory=worker.peak or None))
        worker.task = None
        outcome.entry.peak_memory = max(outcome.entry.peak_memory or 0, worker.peak) or None
        return outcome

    def _enforce_bounds(self, busy: list[_Worker], workers: list[_Worker]) -> list[SourceOutcome]:
        stopped = []
        for worker in busy:
            assert worker.task is not None
            elapsed = time.monotonic() - worker.started
            worker.peak = max(worker.peak, worker.rss())
            page = worker.page.value or None
            where = f" on page {page}" if page else ""
            if elapsed > self.bounds.timeout:
                outcome = stopped_outcome(
                    worker.task, "timed_out", f"{worker.task.path}: stopped after {self.bounds.timeout:g} s{where} "
                    "(--timeout)", page=page, seconds=round(elapsed, 3), peak_memory=worker.peak or None)
            elif worker.peak > self.bounds.memory:
                outcome = stopped_outcome(
                    worker.task, "failed", f"{worker.task.path}: stopped at {worker.peak / 2**20:.0f} MiB{where}, "
                    f"over the memory bound of {self.bounds.memory / 2**20:.0f} MiB (--max-memory)", page=page,
                    seconds=round(elapsed, 3), peak_memory=worker.peak)
            else:
                continue
            stopped.append(self._replace(worker, workers, outcome))
        return stopped

    def _replace(self, worker: _Worker, workers: list[_Worker], outcome: SourceOutcome) -> SourceOutcome:
        worker.kill()
        workers[workers.index(worker)] = self._start()
        return outcome


class InlineEngine:
    """Each source read in the batch's own process, one after another, with no bounds (debugging, profiling)."""

    def run(self, tasks: Iterable[SourceTask]) -> Iterator[SourceOutcome]:
        for task in tasks:
            reset_peak_memory()
            outcome = read_one(task)
            outcome.entry.peak_memory = peak_memory()
            yield outcome
