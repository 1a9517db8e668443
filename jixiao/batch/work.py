"""The work on one source, as one plain function: a task in, an outcome (records + manifest row) out.

`read_one` is all a worker runs, whatever runs the workers (the local process pool, a cluster):
it never raises for a bad source, and it needs nothing from the batch but its task.
"""

from __future__ import annotations

import hashlib
import json
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from jixiao import __version__
from jixiao.batch.entry import SourceEntry
from jixiao.errors import OutputError
from jixiao.extract.options import ReadOptions
from jixiao.output import rendered, write_temporary
from jixiao.output_stream import StreamedOutput
from jixiao.paths import display_path
from jixiao.pipeline import SourceResult, extract_source
from jixiao.steady import FileState

_CHUNK = 1 << 20


@dataclass(frozen=True, slots=True)
class SourceTask:
    path: str
    named: bool = True  # named on the command line (a text file there must hold a form)
    options: ReadOptions = field(default_factory=ReadOptions)
    options_key: str = ""  # what of the options shapes the output, kept in the manifest
    write_to: tuple[str, str] | None = None  # (folder, format): the worker writes the output file's temporary
    key: str = ""  # the source's row in the manifest: its absolute path (the path as given is read, and named)
    # a folder where the worker writes the records as JSONL (a temporary) for the batch to load into the
    # database or copy to standard output, a chunk at a time, and remove: the records never travel whole
    jsonl_to: str | None = None

    @property
    def row_path(self) -> str:
        return self.key or self.path


@dataclass(slots=True)
class SourceOutcome:
    entry: SourceEntry
    records: list[dict[str, Any]] = field(default_factory=list)
    page_errors: list[str] = field(default_factory=list)
    note: str | None = None
    temporary: str | None = None  # the output written to this temporary of the output folder (records not sent)
    jsonl: str | None = None  # the records written to this JSONL temporary (`SourceTask.jsonl_to`)
    write_error: str | None = None  # the output could not be written (a full disk): the batch stops

    @property
    def error_count(self) -> int:
        return (self.entry.status in ("failed", "timed_out")) + len(self.page_errors)


def now_utc() -> str:
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def stopped_outcome(task: SourceTask, status: str, error: str, **known: Any) -> SourceOutcome:
    """The outcome of a source that gave none of its own (stopped, vanished, its worker crashed)."""
    entry = SourceEntry(task.row_path, status=status, error=error, version=__version__, options=task.options_key,
                        finished_at=now_utc(), **known)
    return SourceOutcome(entry)


def read_one(task: SourceTask) -> SourceOutcome:
    """Read one source: its records and its manifest row (status, counts, digest, time)."""
    path = Path(task.path)
    shown = display_path(path)
    started = time.monotonic()
    try:
        before = FileState.of(path.stat())
        digest = file_sha256(path)
    except FileNotFoundError:
        return stopped_outcome(task, "failed", f"{shown}: vanished before it was read (no such file or directory)")
    except OSError as error:
        return stopped_outcome(task, "failed", f"{shown}: {error.strerror or error}")
    output = _streamed_output(task)
    try:
        result = _extract(path, task, output)
    except OutputError as error:  # a big dump's records could not be written as they came (a full disk)
        result = SourceResult(shown, error=f"{shown}: {error}")
        outcome = SourceOutcome(_entry(task, result, digest, before.size, before.mtime_ns), write_error=str(error))
        return outcome
    entry = _entry(task, result, digest, before.size, before.mtime_ns)
    try:
        change = before.change_to(FileState.of(path.stat()))
    except OSError:
        change = "removed"
    if change is not None and not result.error:  # what was read may be neither the old file nor the new one
        entry.status, entry.records, entry.warnings, entry.warning_codes = "failed", 0, 0, None
        entry.error = f"{shown}: changed while read ({change}); nothing of it was kept"
        result.records, result.page_errors, result.note = [], [], None
    outcome = SourceOutcome(entry, result.records, result.page_errors, result.note)
    if output is not None and result.streamed is not None:
        _place_streamed(outcome, output, entry.status == "done" and entry.records > 0, task)
    else:
        if output is not None:
            output.discard()  # a dump that failed part way: what it wrote is no output
        if entry.status == "done" and outcome.records and (task.write_to is not None or task.jsonl_to is not None):
            _write(outcome, task)
    entry.seconds = round(time.monotonic() - started, 3)
    return outcome


def _streamed_output(task: SourceTask) -> StreamedOutput | None:
    """Where a big dump's records go as they are made: the output file (and its JSONL side file for
    the batch), or only the JSONL for the batch; None: into the result."""
    if task.write_to is not None:
        return StreamedOutput(Path(task.write_to[0]), task.write_to[1], keep_jsonl=task.jsonl_to is not None)
    if task.jsonl_to is not None:
        return StreamedOutput(Path(task.jsonl_to), "jsonl")
    return None


def _write(outcome: SourceOutcome, task: SourceTask) -> None:
    """The output file and the JSONL for the batch written here, so that the records never travel to the
    batch (which keeps it small)."""
    try:
        if task.write_to is not None:
            folder, fmt = task.write_to
            outcome.temporary = str(write_temporary(Path(folder), *rendered(outcome.records, fmt)))
        if task.jsonl_to is not None:
            outcome.jsonl = str(write_temporary(Path(task.jsonl_to), *rendered(outcome.records, "jsonl")))
    except OutputError as error:
        outcome.write_error = str(error)
        if outcome.temporary is not None:
            Path(outcome.temporary).unlink(missing_ok=True)
            outcome.temporary = None
    outcome.records = []


def _place_streamed(outcome: SourceOutcome, output: StreamedOutput, keep: bool, task: SourceTask) -> None:
    """A big dump's output, written as its records came: kept for the batch to place (and load), or removed."""
    if not keep:
        output.discard()
        return
    try:
        written = output.close()
    except OutputError as error:
        outcome.write_error = str(error)
        return
    if task.write_to is None:
        outcome.jsonl = str(written) if written is not None else None
    else:
        outcome.temporary = str(written) if written is not None else None
        outcome.jsonl = str(output.jsonl) if output.jsonl is not None else None


def _extract(path: Path, task: SourceTask, output: StreamedOutput | None) -> SourceResult:
    try:
        return extract_source(path, task.options, task.named, sink=output.write if output is not None else None)
    except OutputError:
        if output is not None:
            output.discard()
        raise
    except Exception as error:  # a bug must not cost the rest of the batch
        shown = display_path(path)
        return SourceResult(shown, error=f"{shown}: internal error, please report: {type(error).__name__}: {error}")


def _entry(task: SourceTask, result: SourceResult, digest: str, size: int, mtime_ns: int) -> SourceEntry:
    codes = result.warning_codes()
    if result.error is not None:
        status, error = "failed", result.error
    elif result.note is not None:
        status, error = "no_form", result.note
    else:
        status, error = "done", "; ".join(result.page_errors) or None
    return SourceEntry(
        task.row_path, sha256=digest, size=size, reader=result.reader, status=status, records=result.n_records,
        warnings=result.n_warnings, error=error, version=__version__, pages=result.pages or None,
        mtime_ns=mtime_ns, warning_codes=json.dumps(dict(sorted(codes.items())), ensure_ascii=False) if codes else None,
        options=task.options_key, finished_at=now_utc(),
    )
