"""The stages wired together: source → page tables → logical tables → validated records."""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from jixiao.collection import collector_paused
from jixiao.errors import JixiaoError, NoFormTableError, OutputError, PageUnreadableError, SourceVanishedError
from jixiao.extract.merge import merge_fragments
from jixiao.extract.model import ExtractedDocument, LogicalTable
from jixiao.extract.options import ReadOptions
from jixiao.extract.readers import first_reader_kind, read_with_readers
from jixiao.extract.stream_settings import StreamSettings, stream_settings
from jixiao.extract.text_dump import read_text_dump_text
from jixiao.normalize.findings import Finding
from jixiao.normalize.layout import merge_rules
from jixiao.extract.free_text import NOT_REBUILT, rebuild_free_tables
from jixiao.normalize.anchors import text_anchors
from jixiao.normalize.record import DocumentInfo, SourceInfo, document_of, read_record
from jixiao.normalize.text import clean_cell_text
from jixiao.paths import display_path, display_text
from jixiao.schema import validate_record
from jixiao.steady import read_steadily
from jixiao.stream_records import RecordSink, StreamedTotals, stream_records

__all__ = ["ReadOptions", "SourceResult", "extract_source", "iter_sources", "read_source", "records_from_path",
           "records_from_text"]


@dataclass(slots=True)
class SourceResult:
    path: str
    records: list[dict[str, Any]] = field(default_factory=list)
    error: str | None = None  # the source could not be read
    page_errors: list[str] = field(default_factory=list)  # pages that could not be read
    note: str | None = None  # read fine, but nothing to report (a PDF with no form table)
    reader: str | None = None  # the kind of reader that read it (or whose error stands)
    pages: int = 0  # pages (sheets) of the source, where it was opened
    streamed: StreamedTotals | None = None  # the records went to a sink as they were made (a big text dump)

    @property
    def n_records(self) -> int:
        return self.streamed.records if self.streamed is not None else len(self.records)

    @property
    def n_warnings(self) -> int:
        if self.streamed is not None:
            return self.streamed.warnings
        return sum(len(r["warnings"]) for r in self.records)

    def warning_codes(self) -> Counter[str]:
        if self.streamed is not None:
            return Counter(self.streamed.warning_codes)
        return Counter(w["code"] for record in self.records for w in record["warnings"])

    @property
    def failed(self) -> bool:
        return self.error is not None or bool(self.page_errors)


def read_source(path: Path, options: ReadOptions | None = None) -> ExtractedDocument:
    """The source read by the reader of its kind (`jixiao.extract.readers`); a source that changes
    while it is read is a `SourceChangedError`, one that is not there a `SourceVanishedError`."""
    return read_steadily(path, lambda: read_with_readers(path, options or ReadOptions()))


def _unread_table_finding(table: LogicalTable) -> Finding:
    texts = [clean_cell_text(c.text) for row in table.rows for c in row if not c.is_empty]
    first = next((c for row in table.rows for c in row if not c.is_empty), None)
    return Finding(
        "cell_unplaced",
        "document",
        f"a table with no indicator block was not read: {' | '.join(texts)}",
        first.page if first else None,
        first.line if first else None,
    )


def _all_pages_failed(document: ExtractedDocument) -> PageUnreadableError:
    first = document.page_errors[0]
    pages = [e.page for e in document.page_errors]
    said = f"pages {pages[0]}–{pages[-1]}" if len(pages) > 1 else f"page {pages[0]}"
    return PageUnreadableError(f"no page could be read ({said}); page {first.page}: {first.message}", document.path)


def _page_error_finding(error: PageUnreadableError) -> Finding:
    return Finding(error.code, "source.pages", f"page {error.page} was not read: {error.message}", error.page)


def _cell_pages(table: LogicalTable) -> set[int]:
    """The pages a table's cells were read from (the lines printed before it may lie on another)."""
    return {c.page for row in table.rows for c in row if not c.is_empty} or set(table.pages)


def records_from_document(document: ExtractedDocument) -> list[dict[str, Any]]:
    """Validated records; a source whose pages all failed raises the first page's error."""
    if document.method != "text":
        return _records_of(document)
    with collector_paused():
        # plain lines that print a form table with no notation
        return _records_of(rebuild_free_tables(document, text_anchors()))


def _records_of(document: ExtractedDocument) -> list[dict[str, Any]]:
    merged = merge_fragments(document, merge_rules())
    if not merged.tables:
        if document.page_errors:
            raise _all_pages_failed(document)
        unbuilt = next((f"page {page}: {message}" for code, page, message in document.page_notes
                        if code == NOT_REBUILT), None)  # a form printed with no notation, past rebuilding
        raise NoFormTableError(unbuilt or "no table in the source", document.path)
    info: DocumentInfo | None = None
    records: list[dict[str, Any]] = []
    unread: list[Finding] = []
    for table in merged.tables:
        info = document_of(table, info)
        method = document.method_of(_cell_pages(table)) if document.page_methods else document.method
        source = SourceInfo(display_path(document.path), document.sha256, method, document.untold_values)
        record = read_record(table, info, source)
        if record is None:
            unread.append(_unread_table_finding(table))
            continue
        if unread:  # a table before the first record: tell that record
            record["warnings"][:0] = [f.as_dict() for f in unread]
            unread = []
        records.append(record)
    if not records:
        raise NoFormTableError("no 绩效目标表 form table found", document.path)
    records[-1]["warnings"].extend(f.as_dict() for f in unread)
    notes = [Finding(code, "source.pages", f"page {page}: {message}", page) for code, page, message in document.page_notes]
    for record in records:
        record["warnings"].extend(_page_error_finding(e).as_dict() for e in document.page_errors)
        record["warnings"].extend(n.as_dict() for n in notes if record["source"]["pages"][0] <= (n.page or 0)
                                  <= record["source"]["pages"][1])
        validate_record(record, display_path(document.path))
    return records


def records_from_path(path: str | Path, options: ReadOptions | None = None) -> list[dict[str, Any]]:
    """Every form record in one source file, validated."""
    return records_from_document(read_source(Path(path), options))


def _streams(path: Path, settings: StreamSettings) -> bool:
    """A text dump big enough to read a segment at a time."""
    try:
        return first_reader_kind(path) == "text" and path.stat().st_size >= settings.min_bytes
    except OSError:
        return False


def _streamed(path: Path, named: bool, sink: RecordSink | None, settings: StreamSettings) -> SourceResult | None:
    """A big text dump's records, to `sink` as they are made (or into the result); None: read it whole."""
    shown = display_path(path)
    kept: list[dict[str, Any]] = []
    try:
        totals = read_steadily(path, lambda: stream_records(path, sink or kept.append, settings))
    except SourceVanishedError:
        return SourceResult(shown, error=f"{shown}: vanished before it was read (no such file or directory)")
    except NoFormTableError as error:
        said = display_text(str(error))
        return SourceResult(shown, error=said, reader="text") if named else SourceResult(shown, note=said, reader="text")
    except OutputError:
        raise  # the sink could not write: the batch's matter, not the source's
    except JixiaoError as error:
        return SourceResult(shown, error=display_text(str(error)), reader="text")
    except OSError as error:
        return SourceResult(shown, error=f"{shown}: {error.strerror or error}", reader="text")
    if totals is None:
        return None
    if sink is None:
        return SourceResult(shown, records=kept, reader="text", pages=totals.pages)
    return SourceResult(shown, reader="text", pages=totals.pages, streamed=totals)


def extract_source(path: Path, options: ReadOptions | None = None, named: bool = True,
                   sink: RecordSink | None = None, settings: StreamSettings | None = None) -> SourceResult:
    """One source read for a batch: never raises for a bad source, says what happened instead.

    A text dump with no form table is an error when it was named, a note when it was found in a
    folder (notes, READMEs); a PDF or an image with none is always a note (a cover, an annex).
    Paths and messages are valid UTF-8 (`jixiao.paths.display_path`). A text dump of
    `settings.min_bytes` or more is read a segment at a time; its records go to `sink` as they are
    made, when given (`result.streamed` then counts them), else into the result."""
    settings = settings or stream_settings()
    if _streams(path, settings):
        streamed = _streamed(path, named, sink, settings)
        if streamed is not None:
            return streamed
    shown = display_path(path)
    try:
        document = read_source(path, options)
    except SourceVanishedError:
        return SourceResult(shown, error=f"{shown}: vanished before it was read (no such file or directory)")
    except JixiaoError as error:
        return SourceResult(shown, error=display_text(str(error)), reader=first_reader_kind(path))
    except OSError as error:
        return SourceResult(shown, error=f"{shown}: {error.strerror or error}", reader=first_reader_kind(path))
    read = SourceResult(shown, reader=document.reader or None, pages=document.n_pages)
    try:
        read.records = records_from_document(document)
    except NoFormTableError as error:
        if document.method == "text" and named:  # a dump named to be read: no table is an error
            read.error = display_text(str(error))
        else:
            read.note = display_text(str(error))
        return read
    except JixiaoError as error:
        read.error = display_text(str(error))
        return read
    read.page_errors = [display_text(str(e)) for e in document.page_errors]
    return read


def records_from_text(text: str, path: str = "<text>") -> list[dict[str, Any]]:
    """Every form record in a text dump given as a string, validated.

    Any str is read: CR-only line ends split lines, lone surrogates (a str decoded with
    `surrogateescape`, a broken JSON string) cost their character (U+FFFD, warned)."""
    digest = hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()
    with collector_paused():
        return records_from_document(read_text_dump_text(text, path, digest))


def iter_sources(paths: list[Path]) -> Iterator[Path]:
    """Files as given, and the supported files under directories, recursively, sorted; what is left
    out and why is `jixiao.batch.discover.discover(paths).skipped`."""
    from jixiao.batch.discover import discover  # jixiao.batch's engine imports this module

    yield from discover(paths).sources
