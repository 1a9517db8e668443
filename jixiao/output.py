"""Writing results: JSONL / JSON per source, or one flat CSV of indicators (pandas).

Every file is written to a temporary name and renamed into place, so a crash
or a later failing source never leaves a half-written or clobbered result.
Standard output is always UTF-8, whatever the locale; `-o - --format json` is one
JSON array of every source's records, written as they come (`[`, records, `]` at close).
CSV cells a spreadsheet would run as formulas are escaped (`jixiao.spreadsheet`).
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any

from jixiao.errors import OutputError
from jixiao.pipeline import SourceResult
from jixiao.spreadsheet import escape_formula

FORMATS = ("jsonl", "json", "csv")
_SUFFIX = {"jsonl": ".jsonl", "json": ".json", "csv": ".csv"}
STDOUT_CHUNK = 200  # records of a source written to standard output at once
JSONL_PIECE = 64  # records of a JSONL file written at once (a write a record costs a third of the writing)
# the text of json.dumps(record, ensure_ascii=False), the encoder made once; a record is a tree (built
# fresh, then validated), so the check for reference cycles (a tenth of the encoding) is left out
_ENCODER = json.JSONEncoder(ensure_ascii=False, check_circular=False)


def json_line(record: dict[str, Any]) -> str:
    """A record as its line of a JSONL file."""
    return _ENCODER.encode(record) + "\n"


def jsonl_text(records: list[dict[str, Any]]) -> str:
    return "".join(map(json_line, records))


def jsonl_pieces(records: list[dict[str, Any]]) -> Iterator[str]:
    """A JSONL file's text, `JSONL_PIECE` records a piece."""
    for start in range(0, len(records), JSONL_PIECE):
        yield jsonl_text(records[start:start + JSONL_PIECE])


def _json(records: list[dict[str, Any]]) -> str:
    return json.dumps(records, ensure_ascii=False, indent=2) + "\n"


def indicator_rows(records: list[dict[str, Any]], first_table: int = 1) -> list[dict[str, Any]]:
    """One flat row per indicator, with its record's header fields and funds; `first_table`: the first
    record's table number (a source's records written a few at a time)."""
    rows = []
    for table_index, record in enumerate(records, first_table):
        head = {
            "source": record["source"]["path"],
            "table": table_index,
            "form": record["form"],
            "year": record["year"],
            "title": record["title"],
            **{f"project_{k}": v for k, v in record["project"].items()},
            **{f"funds_{k}": v for k, v in record["funds"].items()},
            "overall_goal": record["overall_goal"],
            "record_warnings": len(record["warnings"]),
        }
        for k, indicator in enumerate(record["indicators"]):
            rows.append({
                **head,
                "indicator": k + 1,
                "level1": indicator["level1"],
                "level2": indicator["level2"],
                "level3": indicator["level3"],
                "target": indicator["target"],
                **{f"parsed_{key}": value for key, value in indicator["parsed"].items()},
                "page": indicator["source"]["page"],
                "line": indicator["source"].get("line"),
                "level1_raw": indicator["source"]["level1_raw"],
                "level2_raw": indicator["source"]["level2_raw"],
                "repaired": indicator["source"].get("repaired", False),
            })
    return rows


def _csv(records: list[dict[str, Any]], header: bool = True, first_table: int = 1,
         columns: list[str] | None = None) -> str:
    """`columns`: all the columns of the file, when these records are a few of its source's."""
    # object dtype keeps 18 as 18 (not 18.0) and None as an empty cell
    rows = [{name: escape_formula(value) for name, value in row.items()}
            for row in indicator_rows(records, first_table)]
    import pandas as pd  # only CSV needs it: the JSON paths and `jixiao --help` start without

    frame = pd.DataFrame(rows, dtype=object, columns=columns)
    return frame.to_csv(index=False, header=header, lineterminator="\n")


_UMASK = os.umask(0o022)
os.umask(_UMASK)
TEMP_PREFIX, TEMP_SUFFIX = ".jixiao-tmp-", ".tmp"  # a file being written; one left by a killed batch is stale


def open_temporary(folder: Path, encoding: str = "utf-8") -> tuple[Path, IO[str]]:
    """A new temporary file of `folder` (renamed into place by `place`), open for writing; OSError as os says."""
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=folder)
    os.chmod(tmp, 0o666 & ~_UMASK)  # mkstemp makes it private; the result is as any file the user writes
    # backslashreplace: a lone surrogate that slipped past display_path must not cost the file
    return Path(tmp), os.fdopen(fd, "w", encoding=encoding, errors="backslashreplace", newline="")


def write_temporary(folder: Path, text: str | Iterable[str], encoding: str = "utf-8") -> Path:
    """`text` (or its pieces, written as they come) in a new temporary file of `folder` (renamed into place
    by `place`)."""
    tmp: Path | None = None
    try:
        tmp, handle = open_temporary(folder, encoding)
        with handle:
            handle.writelines([text] if isinstance(text, str) else text)
    except OSError as error:
        if tmp is not None:
            tmp.unlink(missing_ok=True)  # a full disk must not leave a half file behind
        raise OutputError(f"cannot write: {error.strerror or error}", str(folder)) from error
    return tmp


def place(temporary: Path, target: Path) -> None:
    """Rename a written temporary into place (atomic: the old file or the new, never half of one)."""
    try:
        os.replace(temporary, target)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise OutputError(f"cannot write: {error.strerror or error}", str(target)) from error


def write_atomically(target: Path, text: str, encoding: str = "utf-8") -> None:
    place(write_temporary(target.parent, text, encoding), target)


def rendered(records: list[dict[str, Any]], fmt: str) -> tuple[str | Iterator[str], str]:
    """A source's records as the text of its output file (JSONL a piece of `JSONL_PIECE` records at a
    time, so that a source of many records is never one more string in memory), and the file's encoding."""
    if fmt == "csv":
        return _csv(records), "utf-8-sig"  # utf-8-sig so that spreadsheet programs show the Chinese text
    if fmt == "jsonl":
        return jsonl_pieces(records), "utf-8"
    return _json(records), "utf-8"


def remove_stale_temporaries(folder: Path) -> int:
    """Delete the temporaries a killed batch left in its output folder; how many there were."""
    stale = [p for p in folder.glob(f"{TEMP_PREFIX}*{TEMP_SUFFIX}") if p.is_file()] if folder.is_dir() else []
    for path in stale:
        path.unlink(missing_ok=True)
    return len(stale)


class ResultWriter:
    """Writes each source's records as soon as they are read."""

    def __init__(self, output: str, fmt: str) -> None:
        if fmt not in FORMATS:
            raise OutputError(f"unknown format {fmt!r}")
        self.to_stdout = output == "-"
        self.directory = None if self.to_stdout else Path(output)
        self.format = fmt
        self.used_names: set[str] = set()
        self.csv_header_written = False
        self.json_array_open = False  # -o - --format json: the one array's `[` is written
        if self.directory is not None and self.directory.exists() and not self.directory.is_dir():
            raise OutputError("the output path exists and is not a directory", output)

    def _name_for(self, source: str) -> str:
        stem = Path(source).stem or "source"
        name, n = stem, 1
        while name in self.used_names:
            n += 1
            name = f"{stem}.{n}"
        self.used_names.add(name)
        return name + _SUFFIX[self.format]

    def file_name(self, stem: str) -> str:
        return stem + _SUFFIX[self.format]

    def write(self, result: SourceResult, stem: str | None = None) -> None:
        """Write a source's records, to OUTDIR/<stem><suffix> (the batch's name for it) or to standard output."""
        if self.to_stdout:
            self._write_stdout(result.records)
            return
        assert self.directory is not None
        target = self.directory / (self.file_name(stem) if stem is not None else self._name_for(result.path))
        write_atomically(target, *rendered(result.records, self.format))

    def place(self, temporary: Path, stem: str) -> Path:
        """A source's output a worker wrote to a temporary of the folder, renamed into place; where it is."""
        assert self.directory is not None
        target = self.directory / self.file_name(stem)
        place(temporary, target)
        return target

    def remove(self, stem: str) -> None:
        """Delete a source's output of an earlier run (it now fails, or holds no form)."""
        if self.directory is not None:
            try:
                (self.directory / self.file_name(stem)).unlink(missing_ok=True)
            except OSError as error:
                raise OutputError(f"cannot remove: {error.strerror or error}", str(self.directory)) from error

    def _write_stdout(self, records: list[dict[str, Any]]) -> None:
        if self.format == "jsonl":
            write_stdout(jsonl_text(records))
        elif self.format == "json":
            self._write_json_items(records)
        elif records:
            write_stdout(_csv(records, header=not self.csv_header_written))
            self.csv_header_written = True

    def write_stdout_from(self, jsonl: Path) -> None:
        """A source's records from the JSONL file a worker wrote, to standard output a chunk at a time
        (the same text `write` gives for the records)."""
        from jixiao.chunks import chunked
        from jixiao.output_stream import csv_pieces, jsonl_records

        if self.format == "csv":
            for piece in csv_pieces(jsonl, header=not self.csv_header_written):
                write_stdout(piece)
                self.csv_header_written = True
            return
        for chunk in chunked(jsonl_records(jsonl), STDOUT_CHUNK):
            self._write_stdout(chunk)

    def _write_json_items(self, records: list[dict[str, Any]]) -> None:
        from jixiao.output_stream import json_item

        for record in records:
            write_stdout(json_item(record, not self.json_array_open))
            self.json_array_open = True

    def close(self) -> None:
        if self.to_stdout and self.format == "json":
            write_stdout("\n]\n" if self.json_array_open else "[]\n")
        sys.stdout.flush()


def write_stdout(text: str) -> None:
    """`text` on standard output as UTF-8, whatever the locale's encoding (flushed: a reader sees each source)."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text-only stream (a test's StringIO): it takes str
        sys.stdout.write(text)
    else:
        sys.stdout.flush()
        buffer.write(text.encode("utf-8", "backslashreplace"))
        buffer.flush()
