"""A batch: plan (what is new, changed, done), name, read through an engine, write as each source finishes.

Order of a source's finish, so that `kill -9` at any moment loses nothing finished and leaves
nothing half-written: its output file is written to a temporary and renamed into place, then its
records go into the database (`--db`, one transaction; read a chunk at a time from the JSONL output,
or from the JSONL temporary the worker wrote beside a JSON or CSV output, then removed), then its
manifest row is committed. A source whose row is not committed is read again on the next run and its
file replaced (and temporaries left in the folder removed).
"""

from __future__ import annotations

import dataclasses
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jixiao import __version__
from jixiao.batch.bounds import Bounds
from jixiao.batch.entry import SourceEntry
from jixiao.batch.manifest import Manifest
from jixiao.batch.naming import assign_names
from jixiao.batch.pool import Engine, LocalEngine
from jixiao.batch.progress import Progress
from jixiao.batch.scratch import close_scratch, open_scratch
from jixiao.batch.work import SourceOutcome, SourceTask, file_sha256
from jixiao.errors import JixiaoError, OutputError
from jixiao.extract.options import ReadOptions
from jixiao.output import ResultWriter, remove_stale_temporaries
from jixiao.paths import display_path
from jixiao.pipeline import SourceResult

FINISHED = ("done", "no_form")  # not read again while the file and the version stay the same
UNSUCCESSFUL = ("failed", "timed_out")  # read again with --retry-failed


@dataclass(slots=True)
class BatchConfig:
    sources: list[Path]
    output: str  # a folder, or - for standard output (no manifest then)
    format: str = "jsonl"
    options: ReadOptions = field(default_factory=ReadOptions)
    named: set[Path] = field(default_factory=set)  # named on the command line, not found in a folder
    jobs: int = 1
    bounds: Bounds = field(default_factory=Bounds)
    retry_failed: bool = False
    db: str | None = None
    quiet: bool = False


@dataclass(slots=True)
class BatchTotals:
    read: int = 0
    records: int = 0
    warnings: int = 0
    errors: int = 0
    no_form: int = 0
    timed_out: int = 0
    unchanged: int = 0  # finished in an earlier run, not read again
    failed_before: int = 0  # failed in an earlier run, not retried (no --retry-failed)

    def add(self, outcome: SourceOutcome) -> None:
        self.read += 1
        self.records += outcome.entry.records
        self.warnings += outcome.entry.warnings
        self.errors += outcome.error_count
        self.no_form += outcome.entry.status == "no_form"
        self.timed_out += outcome.entry.status == "timed_out"


def options_key(fmt: str, options: ReadOptions) -> str:
    return f"format={fmt};engine={options.engine};ocr={options.ocr};password={'yes' if options.password else 'no'}"


def _quick_stat(path: str) -> tuple[int, int] | None:
    try:
        stat = os.stat(path)
    except OSError:
        return None
    return stat.st_size, stat.st_mtime_ns


def _same_file(given: str, old: SourceEntry) -> tuple[bool, int | None]:
    """Is the file the one read before, and its modification time now when only that changed? Equal
    size and modification time are taken as the same file (as make and rsync do); a file of the same
    size touched since (copied again, unpacked again) is the same when its sha256 is."""
    stat = _quick_stat(given)
    if stat is None or stat[0] != old.size:
        return False, None
    if stat[1] == old.mtime_ns:
        return True, None
    try:
        same = old.sha256 is not None and file_sha256(Path(given)) == old.sha256
    except OSError:
        return False, None
    return same, stat[1] if same else None


def _plan(paths: dict[str, str], earlier: dict[str, SourceEntry], key: str, retry_failed: bool,
          totals: BatchTotals) -> tuple[list[str], list[SourceEntry]]:
    """The sources to read: new, changed (size, or modification time and sha256), read by another version or
    with other options, unfinished, or failed when --retry-failed; and the entries of files only touched since."""
    to_read, touched = [], []
    for path, given in paths.items():
        old = earlier.get(path)
        same, mtime_ns = (False, None)
        if old is not None and old.version == __version__ and old.options == key:
            same, mtime_ns = _same_file(given, old)
        if same and old is not None and old.status in FINISHED:
            totals.unchanged += 1
        elif same and old is not None and old.status in UNSUCCESSFUL and not retry_failed:
            totals.failed_before += 1
        else:
            to_read.append(path)
            continue
        if mtime_ns is not None and old is not None:
            touched.append(dataclasses.replace(old, mtime_ns=mtime_ns))
    return to_read, touched


class Batch:
    def __init__(self, config: BatchConfig, say: Callable[[str], None]) -> None:
        self.config, self.say = config, say
        self.writer = ResultWriter(config.output, config.format)
        self.manifest: Manifest | None = None
        self.sinks: list[Any] = []
        self.names: dict[str, str] = {}
        self.totals = BatchTotals()
        self.scratch: str | None = None  # -o -: where the workers write each source's records (`scratch`)

    def open(self, paths: dict[str, str]) -> list[str]:
        """`paths`: manifest key → the path as given; the keys to read."""
        folder = self.writer.directory
        key = options_key(self.config.format, self.config.options)
        if folder is None:
            to_read = list(paths)
            self.scratch = str(open_scratch())
        else:
            self.manifest = Manifest(folder)
            if self.manifest.upgraded_from is not None:
                self.say(f"jixiao: note: {self.manifest.path}: manifest upgraded from layout "
                         f"{self.manifest.upgraded_from}")
            removed = remove_stale_temporaries(folder)
            if removed:
                self.say(f"jixiao: note: {folder}: removed {removed} temporary file(s) a stopped batch left")
            held = self.manifest.held_names()
            self.names = assign_names(paths, held)
            self.manifest.hold_names({p: s for p, s in self.names.items() if p not in held})
            to_read, touched = _plan(paths, self.manifest.entries(), key, self.config.retry_failed, self.totals)
            self.manifest.record(*touched)
        if self.config.db:
            from jixiao.db.sink import DatabaseSink

            self.sinks.append(DatabaseSink(self.config.db))
        return to_read

    def finish(self, outcome: SourceOutcome, stat: tuple[int, int] | None) -> None:
        entry = outcome.entry
        if entry.size is None and stat is not None:  # stopped before it said: the size seen when planned
            entry.size, entry.mtime_ns = stat
        stem = self.names.get(entry.path)
        if outcome.write_error is not None:  # an output that cannot be written stops the batch
            _remove_temporaries(outcome)
            raise OutputError(outcome.write_error)
        placed = None
        if outcome.temporary is not None and stem is not None:
            placed = self.writer.place(Path(outcome.temporary), stem)
            entry.output = placed.name
        if outcome.jsonl is not None:  # the records for the database or standard output, a chunk at a time
            self._from_jsonl(Path(outcome.jsonl), entry)
        elif placed is not None:
            self._file_to_sinks(placed, entry)  # the output is the JSONL
        elif entry.status == "done" and outcome.records:  # the records came back (a cluster elsewhere)
            result = SourceResult(entry.path, outcome.records)
            self.writer.write(result, stem)
            entry.output = self.writer.file_name(stem) if stem is not None else None
            self._to_sinks(result, entry)
        elif stem is not None:
            self.writer.remove(stem)  # an earlier run's file would stand for a source that now has none
        if self.manifest is not None:
            self.manifest.record(entry)
        for sink in self.sinks:  # the database's sources table: what became of each source, as it finishes
            sink.write_source(entry)
        self.totals.add(outcome)

    def _to_sinks(self, result: SourceResult, entry: SourceEntry) -> None:
        for sink in self.sinks:
            try:
                sink.write(result)
            except JixiaoError as error:
                entry.status, entry.error = "failed", str(error)
                self.say(f"jixiao: error: {error}")
                return

    def _from_jsonl(self, jsonl: Path, entry: SourceEntry) -> None:
        """A source's records from the JSONL a worker wrote: to standard output, into the database; removed."""
        try:
            if self.writer.to_stdout:
                self.writer.write_stdout_from(jsonl)
            self._file_to_sinks(jsonl, entry)
        finally:
            jsonl.unlink(missing_ok=True)

    def _file_to_sinks(self, path: Path, entry: SourceEntry) -> None:
        """The records of a source's JSONL file into the database, a chunk at a time."""
        for sink in self.sinks:
            try:
                sink.write_file(path, entry)
            except JixiaoError as error:
                entry.status, entry.error = "failed", str(error)
                self.say(f"jixiao: error: {error}")
                return

    def close(self) -> None:
        for sink in self.sinks:
            sink.close()
        self.writer.close()
        if self.manifest is not None:
            self.manifest.close()
        if self.scratch is not None:
            close_scratch(Path(self.scratch))


def _remove_temporaries(outcome: SourceOutcome) -> None:
    for written in (outcome.temporary, outcome.jsonl):
        if written is not None:
            Path(written).unlink(missing_ok=True)


def _by_row(sources: list[Path]) -> dict[str, str]:
    """Each source's manifest key (its absolute path, so that a run from another folder finds the same rows)
    → the path as given (what is read, and what the records and messages say)."""
    given: dict[str, str] = {}
    for source in sources:  # the key is stored: bytes of the name that are not UTF-8 shown as \xNN
        given.setdefault(display_path(os.path.abspath(source)), str(source))
    return given


def _tell(outcome: SourceOutcome, say: Callable[[str], None]) -> None:
    entry = outcome.entry
    if entry.status in UNSUCCESSFUL and entry.error:
        say(f"jixiao: error: {entry.error}")
    for message in outcome.page_errors:
        say(f"jixiao: error: {message}")
    if outcome.note:
        say(f"jixiao: note: {outcome.note}")


def run_batch(config: BatchConfig, engine: Engine | None = None) -> BatchTotals:
    """Read the sources not finished yet, writing each as it finishes; the batch's totals."""
    given = _by_row(config.sources)
    progress: Progress | None = None
    batch = Batch(config, lambda line: (progress.say if progress else _stderr)(line))
    try:
        to_read = batch.open(given)
        stats = {path: _quick_stat(given[path]) for path in to_read}
        named = {display_path(os.path.abspath(p)) for p in config.named}
        shaped_by = options_key(config.format, config.options)
        folder = batch.writer.directory
        # the workers write the files themselves, and a JSONL of the records where the batch wants them (the
        # database, when the output is no JSONL; standard output): they never travel here whole
        write_to = (str(folder), config.format) if folder is not None else None
        jsonl_to = batch.scratch if folder is None else str(folder) if config.db and config.format != "jsonl" else None
        tasks: Iterator[SourceTask] = (SourceTask(given[p], p in named, config.options, shaped_by, write_to, p,
                                                  jsonl_to) for p in to_read)
        engine = engine or LocalEngine(min(config.jobs, len(to_read)), config.bounds)
        progress = Progress(len(to_read), config.quiet)
        for outcome in engine.run(tasks):
            if not config.quiet:
                _tell(outcome, progress.say)
            batch.finish(outcome, stats.pop(outcome.entry.path, None))
            progress.done(outcome)
    finally:
        if progress is not None:
            progress.close()
        batch.close()
    return batch.totals


def _stderr(line: str) -> None:
    import sys

    print(line, file=sys.stderr)
