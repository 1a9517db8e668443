"""The JSONL files `jixiao extract -o OUTDIR` wrote, read back as records (every line checked first)."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

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
    try:
        with path.open(encoding="utf-8") as handle:
            for number, line in enumerate(handle, 1):
                if line.strip():
                    yield _record(line, f"{path}, line {number}")
    except UnicodeDecodeError as error:
        raise InputRecordError(f"not UTF-8 text: {error.reason}", str(path)) from error
    except OSError as error:
        raise InputRecordError(f"cannot read: {error.strerror or error}", str(path)) from error


def check_files(files: list[Path]) -> int:
    """Read and check every line of every file before anything is loaded; the number of records."""
    return sum(1 for path in files for _ in read_jsonl(path))
