"""A source's output file written as its records are made, so that a big source's records are never
all in memory: the same bytes `output.rendered` gives for the whole list.

JSONL is a line a record. JSON and CSV records go to a JSONL side file first and are written out
from it at the end (CSV needs every column before its header): JSON one array, its items indented as
`json.dumps(records, indent=2)` indents them, CSV a chunk of records at a time, with the columns of
them all. With `keep_jsonl` the side file stays, for the batch to load into the database (`jsonl`).
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any

from jixiao.chunks import chunked
from jixiao.errors import OutputError
from jixiao.output import JSONL_PIECE, _csv, indicator_rows, json_line, open_temporary

CSV_CHUNK = 200  # records a CSV piece is written from


def jsonl_records(path: Path) -> Iterator[dict[str, Any]]:
    """The records of a JSONL file this batch wrote (not checked again)."""
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            yield json.loads(line)


def json_item(record: dict[str, Any], first: bool) -> str:
    """A record as an item of the JSON array of `json.dumps(records, indent=2)`, after its `[` or `,`."""
    return ("[\n" if first else ",\n") + "  " + json.dumps(record, ensure_ascii=False, indent=2).replace("\n", "\n  ")


def json_pieces(side: Path) -> Iterator[str]:
    """The JSON array of a JSONL file's records, an item at a time (as `output.rendered` writes it)."""
    count = 0
    for record in jsonl_records(side):
        yield json_item(record, not count)
        count += 1
    yield "\n]\n" if count else "[]\n"


def csv_pieces(side: Path, header: bool = True) -> Iterator[str]:
    """The CSV of a JSONL file's records (one row an indicator), a chunk of records at a time, with the
    columns of them all (as `output.rendered` writes it)."""
    columns: dict[str, None] = {}  # in the order a frame of all the rows would have them
    for record in jsonl_records(side):
        for row in indicator_rows([record]):
            columns.update(dict.fromkeys(row))
    first = 1
    for chunk in chunked(jsonl_records(side), CSV_CHUNK):
        yield _csv(chunk, header=header and first == 1, first_table=first, columns=list(columns))
        first += len(chunk)


class StreamedOutput:
    """Records written to a temporary of `folder` as they come; `close` gives it (None: no record came),
    for the batch to rename into place; `discard` removes it. `keep_jsonl`: a JSON or CSV output's JSONL
    side file is kept (`jsonl`), for the batch to load and remove."""

    def __init__(self, folder: Path, fmt: str, keep_jsonl: bool = False) -> None:
        self.folder, self.format, self.keep_jsonl = folder, fmt, keep_jsonl
        self.path: Path | None = None  # the JSONL being written (the output, or the side file)
        self.jsonl: Path | None = None  # the side file kept, once closed
        self.handle: IO[str] | None = None
        self.count = 0
        self.lines: list[str] = []  # lines not written yet: `JSONL_PIECE` go at once

    def write(self, record: dict[str, Any]) -> None:
        self.lines.append(json_line(record))
        self.count += 1
        if len(self.lines) >= JSONL_PIECE:
            self._write_lines()

    def _write_lines(self) -> None:
        try:
            if self.handle is None:
                self.path, self.handle = open_temporary(self.folder, "utf-8")
            self.handle.write("".join(self.lines))
        except OSError as error:
            self.discard()
            raise OutputError(f"cannot write: {error.strerror or error}", str(self.folder)) from error
        self.lines = []

    def close(self) -> Path | None:
        if self.lines:
            self._write_lines()
        if self.handle is None or self.path is None:
            return None
        try:
            self.handle.close()
            if self.format != "jsonl":
                side, self.path = self.path, None
                try:
                    self.path = self._rendered_from(side)
                finally:
                    if self.keep_jsonl:
                        self.jsonl = side
                    else:
                        side.unlink(missing_ok=True)
        except OSError as error:
            self.discard()
            raise OutputError(f"cannot write: {error.strerror or error}", str(self.folder)) from error
        return self.path

    def _rendered_from(self, side: Path) -> Path:
        pieces = csv_pieces(side) if self.format == "csv" else json_pieces(side)
        # as output.rendered: utf-8-sig so that spreadsheet programs show the Chinese
        path, handle = open_temporary(self.folder, "utf-8-sig" if self.format == "csv" else "utf-8")
        with handle:
            handle.writelines(pieces)
        return path

    def discard(self) -> None:
        if self.handle is not None:
            try:
                self.handle.close()
            except OSError:
                pass
        for path in (self.path, self.jsonl):
            if path is not None:
                path.unlink(missing_ok=True)
        self.handle, self.path, self.jsonl = None, None, None
        self.lines = []
