"""A source's output file written as its records are made, so that a big source's records are never
all in memory: the same bytes `output.rendered` gives for the whole list.

JSONL is a line a record; JSON one array, its items indented as `json.dumps(records, indent=2)`
indents them; CSV needs every column before its header, so its records go to a JSONL side file
first and are written out from it, a chunk of records at a time, with the columns of them all.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from jixiao.chunks import chunked
from jixiao.errors import OutputError
from jixiao.output import _csv, indicator_rows, open_temporary

CSV_CHUNK = 200  # records a CSV piece is written from


def _records(path: Path) -> Iterator[dict[str, Any]]:
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


class StreamedOutput:
    """Records written to a temporary of `folder` as they come; `close` gives it (None: no record came),
    for the batch to rename into place; `discard` removes it."""

    def __init__(self, folder: Path, fmt: str) -> None:
        self.folder, self.format = folder, fmt
        self.path: Path | None = None
        self.handle: IO[str] | None = None
        self.count = 0

    def write(self, record: dict[str, Any]) -> None:
        try:
            if self.handle is None:
                self.path, self.handle = open_temporary(self.folder, "utf-8")
            if self.format == "json":
                item = "  " + json.dumps(record, ensure_ascii=False, indent=2).replace("\n", "\n  ")
                self.handle.write(("[\n" if not self.count else ",\n") + item)
            else:  # JSONL, or CSV's side file
                self.handle.write(json.dumps(record, ensure_ascii=False) + "\n")
        except OSError as error:
            self.discard()
            raise OutputError(f"cannot write: {error.strerror or error}", str(self.folder)) from error
        self.count += 1

    def close(self) -> Path | None:
        if self.handle is None or self.path is None:
            return None
        try:
            if self.format == "json":
                self.handle.write("\n]\n")
            self.handle.close()
            if self.format == "csv":
                side, self.path = self.path, None
                try:
                    self.path = self._csv_from(side)
                finally:
                    side.unlink(missing_ok=True)
        except OSError as error:
            self.discard()
            raise OutputError(f"cannot write: {error.strerror or error}", str(self.folder)) from error
        return self.path

    def _csv_from(self, side: Path) -> Path:
        columns: dict[str, None] = {}  # in the order a frame of all the rows would have them
        for record in _records(side):
            for row in indicator_rows([record]):
                columns.update(dict.fromkeys(row))
        path, handle = open_temporary(self.folder, "utf-8-sig")  # as output.rendered: spreadsheets show the Chinese
        with handle:
            first = 1
            for chunk in chunked(_records(side), CSV_CHUNK):
                handle.write(_csv(chunk, header=first == 1, first_table=first, columns=list(columns)))
                first += len(chunk)
        return path

    def discard(self) -> None:
        if self.handle is not None:
            try:
                self.handle.close()
            except OSError:
                pass
        if self.path is not None:
            self.path.unlink(missing_ok=True)
        self.handle, self.path = None, None
