"""A big text dump → validated records, a segment at a time, each record handed on as it is made.

The records are those `pipeline.records_from_document` gives for the whole file: three passes over
the file's pieces (`extract/text_pieces.py`) keep memory to a piece and the tables still open.
1. survey: the lines printed more than once, form feeds, the line notes (invisible characters,
   undecodable bytes) — what the text reader looks at across the whole text;
2. the lines the merge stage looks at across the whole document (running headers and footers);
3. read, rebuild, merge, and records: each held back only while something later may still change it
   (the last one takes the findings of tables after it; a page's notes are known once it is read).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jixiao.collection import collector_paused
from jixiao.errors import NoFormTableError
from jixiao.extract.decode_stream import StreamDecoding, plan_decoding
from jixiao.extract.free_text import NOT_REBUILT
from jixiao.extract.model import Block, LogicalTable, TextLine
from jixiao.extract.stream_settings import StreamSettings
from jixiao.extract.stream_stages import MergeStream, RebuildStream, RunningLines
from jixiao.extract.text_dump import _DumpReader, _page_notes
from jixiao.extract.text_pieces import HashCounts, HashedTexts, Survey, pieces, survey
from jixiao.normalize.anchors import text_anchors
from jixiao.normalize.findings import Finding
from jixiao.normalize.layout import merge_rules
from jixiao.normalize.record import DocumentInfo, SourceInfo, document_of, read_record
from jixiao.paths import display_path
from jixiao.schema import validate_record

RecordSink = Callable[[dict[str, Any]], None]


@dataclass(slots=True)
class StreamedTotals:
    pages: int = 0
    records: int = 0
    warnings: int = 0
    warning_codes: Counter[str] = field(default_factory=Counter)


def _compact(text: str) -> str:
    return "".join(text.split())


def _reader(path: Path, found: Survey, watched: frozenset[int]) -> _DumpReader:
    return _DumpReader("", csv_rows=str(path).lower().endswith(".csv"), watched=watched, repeated=found.repeated,
                       use_form_feeds=found.use_form_feeds)


def _blocks(path: Path, found: Survey, decoding: StreamDecoding, settings: StreamSettings,
            rebuild: RebuildStream, reader: _DumpReader) -> Iterator[list[Block]]:
    for piece in pieces(path, decoding, settings.segment_bytes):
        yield rebuild.feed(reader.feed(piece.lines))
    yield rebuild.feed(reader.finish()) + rebuild.finish()


@dataclass(slots=True)
class _Document:
    """What pass 2 finds that the records need from the whole document."""

    running: RunningLines
    notes_by_page: dict[int, list[tuple[int, str, str]]]  # page → (order, code, message) of its page notes
    rebuilt_notes: list[tuple[str, int, str]]

    def notes_between(self, first: int, last: int) -> list[tuple[str, int, str]]:
        found = sorted((order, code, page, message) for page in range(first, last + 1)
                       for order, code, message in self.notes_by_page.get(page, ()))
        return [(code, page, message) for _, code, page, message in found]


def _document(path: Path, found: Survey, decoding: StreamDecoding, settings: StreamSettings) -> _Document:
    """Pass 2: the text read and rebuilt as pass 3 will, for the running lines and every page note."""
    rules = merge_rules()
    counts = HashCounts()
    rebuild = RebuildStream(text_anchors(), settings.run_lines)
    reader = _reader(path, found, frozenset(line for note in found.notes for line in note.lines))
    for blocks in _blocks(path, found, decoding, settings, rebuild, reader):
        counts.add(_compact(b.text) for b in blocks if isinstance(b, TextLine))
    notes = [*_page_notes(found.notes, reader.page_of_line), *rebuild.notes]
    by_page: dict[int, list[tuple[int, str, str]]] = {}
    for order, (code, page, message) in enumerate(notes):
        by_page.setdefault(page, []).append((order, code, message))
    return _Document(RunningLines(HashedTexts(counts.repeated()), rules.is_year), by_page, rebuild.notes)


@dataclass(slots=True)
class _RecordStream:
    source: SourceInfo
    shown: str
    document: _Document
    sink: RecordSink
    totals: StreamedTotals
    info: DocumentInfo | None = None
    tables: int = 0
    unread: list[Finding] = field(default_factory=list)
    pending: list[dict[str, Any]] = field(default_factory=list)

    def add(self, tables: list[LogicalTable]) -> None:
        for table in tables:
            self.tables += 1
            self.info = document_of(table, self.info)
            record = read_record(table, self.info, self.source)
            if record is None:
                self.unread.append(_unread_table_finding(table))
                continue
            if self.unread:
                record["warnings"][:0] = [f.as_dict() for f in self.unread]
                self.unread = []
            self.pending.append(record)

    def release(self) -> None:
        """Hand on the records no later text can change: all but the last (it takes the findings of
        unread tables after it)."""
        while len(self.pending) > 1:
            self._hand_on(self.pending.pop(0))

    def finish(self) -> None:
        if not self.tables:
            unbuilt = next((f"page {page}: {message}" for code, page, message in self.document.rebuilt_notes
                            if code == NOT_REBUILT), None)
            raise NoFormTableError(unbuilt or "no table in the source", self.shown)
        if not self.pending and not self.totals.records:
            raise NoFormTableError("no 绩效目标表 form table found", self.shown)
        self.pending[-1]["warnings"].extend(f.as_dict() for f in self.unread)
        for record in self.pending:
            self._hand_on(record)
        self.pending = []

    def _hand_on(self, record: dict[str, Any]) -> None:
        first, last = record["source"]["pages"]
        notes = self.document.notes_between(first, last)
        record["warnings"].extend(Finding(code, "source.pages", f"page {page}: {message}", page).as_dict()
                                  for code, page, message in notes)
        validate_record(record, self.shown)
        self.totals.records += 1
        self.totals.warnings += len(record["warnings"])
        self.totals.warning_codes.update(w["code"] for w in record["warnings"])
        self.sink(record)


def _unread_table_finding(table: LogicalTable) -> Finding:
    from jixiao.pipeline import _unread_table_finding as finding  # the pipeline imports this module

    return finding(table)


def stream_records(path: Path, sink: RecordSink, settings: StreamSettings) -> StreamedTotals | None:
    """Every record of the dump at `path`, to `sink` as each is made; None: a file to read whole (its
    encoding is UTF-16/32, or it is refused: `decode_dump` says why). Raises as `records_from_document`."""
    with collector_paused():
        return _streamed_records(path, sink, settings)


def _streamed_records(path: Path, sink: RecordSink, settings: StreamSettings) -> StreamedTotals | None:
    decoding = plan_decoding(path, settings.segment_bytes)
    if decoding is None:
        return None
    found = survey(pieces(path, decoding, settings.segment_bytes), decoding.replaced)
    document = _document(path, found, decoding, settings)
    rules = merge_rules()
    reader = _reader(path, found, frozenset())
    rebuild = RebuildStream(text_anchors(), settings.run_lines)
    merge = MergeStream(rules, document.running)
    shown = display_path(path)
    totals = StreamedTotals()
    source = SourceInfo(shown, decoding.sha256, "text", rebuild.untold)  # a table's rows are rebuilt before it is read
    records = _RecordStream(source, shown, document, sink, totals)
    for blocks in _blocks(path, found, decoding, settings, rebuild, reader):
        records.add(merge.feed(blocks))
        records.release()
    records.add(merge.finish())
    records.finish()
    totals.pages = reader.page
    return totals
