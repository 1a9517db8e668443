"""The stages after the text reader, one block at a time: tables rebuilt from plain lines
(`free_text.rebuild_free_tables`) and fragments merged into logical tables (`merge.merge_fragments`),
each keeping only what is still open: the run of plain lines, the table being merged.

Both give what the whole-document functions give when fed the same blocks in order, with what those
look at across the whole document given: the lines printed more than once (`running`). One cut is
the stream's own: a run of plain lines longer than `run_lines` is read up to a table title and the
rest as a new run (the free reader ends a table at a title anyway); what the free reader guesses
from a whole run (glued rows, wrap width) it then guesses from each part.
"""

from __future__ import annotations

from collections.abc import Callable, Container
from dataclasses import dataclass, field

from .free_model import TextAnchors
from .free_pipes import as_lines, cell_per_line, lines_not_rows
from .free_text import _forms_not_rebuilt, rebuild_run
from .free_tokens import RUN_TOGETHER_CHARS, tokens_of
from .merge import (_HEADER_SEARCH_ROWS, MergeRules, _append_fragment, _continues, _peel_titles, _row_key,
                    _settle_gap, _split_at_titles)
from .model import Block, LogicalTable, PageTable, TextLine

_LINES_LOOKED_AT = 400  # as free_text: the lines of a text with no table said as a form not rebuilt


@dataclass(slots=True)
class RebuildStream:
    anchors: TextAnchors
    run_lines: int
    notes: list[tuple[str, int, str]] = field(default_factory=list)
    untold: set[tuple[int, int]] = field(default_factory=set)  # as ExtractedDocument.untold_values, growing
    run: list[TextLine] = field(default_factory=list)
    as_text: bool = False  # once a pipe table's lines are no rows, so are those of the tables after it
    saw_table: bool = False
    first_lines: list[TextLine] = field(default_factory=list)  # the first lines out, for a text with no table

    def feed(self, blocks: list[Block]) -> list[Block]:
        out: list[Block] = []
        for block in blocks:
            if isinstance(block, TextLine):
                if len(self.run) >= self.run_lines and self._title_starts(block):
                    self._flush(out)
                self.run.append(block)
            elif isinstance(block, PageTable) and (self.as_text or cell_per_line(block)
                                                   or lines_not_rows(block, self.anchors.kind)):
                self.run.extend(as_lines(block))
                self.as_text = self.as_text or lines_not_rows(block, self.anchors.kind)
            else:
                self._flush(out)
                out.append(block)
        self._note(out)
        return out

    def finish(self) -> list[Block]:
        out: list[Block] = []
        self._flush(out)
        self._note(out)
        if not self.saw_table:
            self.notes.extend(_forms_not_rebuilt(self.first_lines, self.anchors))
        return out

    def _title_starts(self, line: TextLine) -> bool:
        """A line that opens with a table title, after one that does not: the free reader ends a table at
        a title (the line before may end with one: the table ends there, its tail is a plain line)."""
        return self._opens_with_title(line) and not self._opens_with_title(self.run[-1])

    def _opens_with_title(self, line: TextLine) -> bool:
        tokens = tokens_of([line], self.anchors)
        return bool(tokens and tokens[0] and tokens[0][0].kind == "title")

    def _flush(self, out: list[Block]) -> None:
        run = self.run
        whole_page = len(run) == 1 and len(run[0].text) >= RUN_TOGETHER_CHARS
        rebuilt = rebuild_run(run, self.anchors, self.notes, self.untold) if len(run) >= 2 or whole_page else None
        out.extend(run if rebuilt is None else rebuilt)
        self.run = []

    def _note(self, out: list[Block]) -> None:
        for block in out:
            if isinstance(block, PageTable):
                self.saw_table = True
            elif len(self.first_lines) < _LINES_LOOKED_AT and not self.saw_table:
                self.first_lines.append(block)


@dataclass(slots=True)
class MergeStream:
    rules: MergeRules
    running: Container[str]  # compact texts of lines printed more than once, year lines aside
    current: LogicalTable | None = None
    header_keys: set[tuple[str, ...]] = field(default_factory=set)
    gap: list[TextLine] = field(default_factory=list)
    noise: list[TextLine] = field(default_factory=list)  # kept short: nobody reads it here

    def feed(self, blocks: list[Block]) -> list[LogicalTable]:
        """The tables these blocks close (a table is closed once the next one starts)."""
        done: list[LogicalTable] = []
        for whole in blocks:
            for block in [whole] if isinstance(whole, TextLine) else _split_at_titles(whole, self.rules):
                self._one(block, done)
        self.noise.clear()
        return done

    def finish(self) -> list[LogicalTable]:
        trailing = _settle_gap(self.current, self.gap, self.rules, self.noise)
        if self.current is None:
            return []
        self.current.lines_after.extend(trailing)
        return [self.current]

    def _one(self, block: Block, done: list[LogicalTable]) -> None:
        if isinstance(block, TextLine):
            self.gap.append(block)
            return
        block, titles = _peel_titles(block, self.rules)
        self.gap.extend(titles)
        if not block.rows:
            return
        current = self.current
        if _continues(current, block, self.gap, self.rules, self.running):  # type: ignore[arg-type]
            assert current is not None
            self.noise.extend(self.gap)
            if not self.header_keys:
                header = next((r for r in current.rows[:_HEADER_SEARCH_ROWS] if self.rules.is_column_header(r)), None)
                self.header_keys = {_row_key(header)} if header else set()
            _append_fragment(current, block, self.header_keys, self.rules)
        else:
            before = _settle_gap(current, self.gap, self.rules, self.noise)
            if current is not None:
                done.append(current)
            self.current = LogicalTable(rows=[list(r) for r in block.rows], lines_before=before,
                                        strays=list(block.strays))
            self.header_keys = set()
        self.gap = []


class RunningLines:
    """`compact text in it`: printed more than once among the document's lines, and no year line."""

    def __init__(self, hashes: Container[str], is_year: Callable[[str], bool]) -> None:
        self.hashes = hashes
        self.is_year = is_year

    def __contains__(self, text: object) -> bool:
        return text in self.hashes and not self.is_year(str(text))
