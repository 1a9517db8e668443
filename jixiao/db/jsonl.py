"""The JSONL files `jixiao extract -o OUTDIR` wrote, read back as records (every line checked first)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any, BinaryIO

from jixiao.errors import InputRecordError, RecordValidationError


def jsonl_files(outdir: Path) -> list[Path]:
    """OUTDIR's *.jsonl files (not hidden temporaries), sorted; or OUTDIR itself when it is one file."""
    if outdir.is_file():
        return [outdir]
    if not outdir.is_dir():
        raise InputRecordError("no such file or directory", str(outdir))
    files = sorted(p for p in outdir.glob("*.jsonl") if not p.name.startswith(".") and p.is_file())
    if not files:
        raise InputRecordError("no .jsonl files here (write them with jixiao extract -o DIR)", str(outdir))
    return files


def _record(line: str, where: str) -> dict[str, Any]:
    from jixiao.schema.validate import validate_record

    try:
        record = json.loads(line)
    except json.JSONDecodeError as error:
        raise InputRecordError(f"not JSON: {error.msg} at column {error.colno}", where) from error
    if not isinstance(record, dict):
        raise InputRecordError(f"not a record: a JSON {type(record).__name__}, not an object", where)
    try:
        validate_record(record)
    except RecordValidationError as error:
        raise InputRecordError(f"not a record: {error.message}", where) from error
    return record


def read_jsonl(path: Path) -> Iterator[dict[str, Any]]:
    """The records of one file; an InputRecordError names the file and line of the first bad one."""
    return (record for _, record in jsonl_lines(path))


def jsonl_lines(path: Path, checked: bool = True) -> Iterator[tuple[int, dict[str, Any]]]:
    """The records of one file, each with the byte offset of its line (for `read_at`); every line checked
    against the schema, unless `checked` is False (a file checked before, read again)."""
    try:
        with path.open("rb") as handle:
            offset = 0
            for number, raw in enumerate(handle, 1):
                start, offset = offset, offset + len(raw)
                line = raw.decode("utf-8")
                if line.strip():
                    yield start, _record(line, f"{path}, line {number}") if checked else json.loads(line)
    except UnicodeDecodeError as error:
        raise InputRecordError(f"not UTF-8 text: {error.reason}", str(path)) from error
    except OSError as error:
        raise InputRecordError(f"cannot read: {error.strerror or error}", str(path)) from error


def read_at(handle: BinaryIO, offset: int) -> dict[str, Any]:
    """The record of the line at `offset` of an open JSONL file (an offset `jsonl_lines` gave)."""
    handle.seek(offset)
    record: dict[str, Any] = json.loads(handle.readline())
    return record


def check_files(files: list[Path]) -> int:
    """Read and check every line of every file before anything is loaded; the number of records."""
    return sum(1 for path in files for _ in read_jsonl(path))
