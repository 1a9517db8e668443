"""The printed table of one form: merged cells placed on a grid of columns.

A layout (familygen.layouts) adds rows left to right, each cell taking the first free column
(cells merged from rows above are skipped), and every row must end up fully covered. The same
grid is printed as a tab dump, a markdown table, HTML tables and a PDF.

Row kinds: header (the header block, 项目资金 grid, goals, tasks), columns (the indicator block's
column-name row), body (an indicator), tail (the tail of a level-3 cell cut by a page break),
total (总分 / 合计), grade (自评等级), signoff (填报单位（盖章） …).
"""

from __future__ import annotations

from dataclasses import dataclass, field

LABEL_ROLES = frozenset({"section", "level1", "level2"})  # merged labels that run on over a cut row


@dataclass
class Cell:
    text: str
    row: int
    col: int
    rowspan: int = 1
    colspan: int = 1
    role: str = ""  # section / level1 / level2 / level3 / target / … / label / value

    def covers(self, row: int, col: int) -> bool:
        return self.row <= row < self.row + self.rowspan and self.col <= col < self.col + self.colspan


Spec = tuple[str, int, int, str]  # (text, rowspan, colspan, role)


@dataclass
class Grid:
    n_cols: int
    cells: list[Cell] = field(default_factory=list)
    kinds: list[str] = field(default_factory=list)  # per row
    indicator_of: dict[int, int] = field(default_factory=dict)  # body row → indicator index

    @property
    def n_rows(self) -> int:
        return len(self.kinds)

    def covering(self, row: int, col: int) -> Cell | None:
        return next((c for c in self.cells if c.covers(row, col)), None)

    def origins(self, row: int) -> list[Cell]:
        return sorted((c for c in self.cells if c.row == row), key=lambda c: c.col)

    def add_row(self, kind: str, specs: list[Spec]) -> int:
        row = self.n_rows
        self.kinds.append(kind)
        col = 0
        for text, rowspan, colspan, role in specs:
            while col < self.n_cols and self.covering(row, col) is not None:
                col += 1
            assert col + colspan <= self.n_cols, (kind, specs)
            self.cells.append(Cell(text, row, col, rowspan, colspan, role))
            col += colspan
        return row

    def check(self) -> None:
        for r in range(self.n_rows):
            for c in range(self.n_cols):
                found = [x for x in self.cells if x.covers(r, c)]
                assert len(found) == 1, f"row {r} col {c}: {len(found)} cells ({self.kinds[r]})"

    def flat(self, row: int) -> list[str]:
        """The row as a tab dump prints it: a merged cell's text once, at its top-left slot."""
        out = [""] * self.n_cols
        for cell in self.origins(row):
            out[cell.col] = cell.text
        return out

    def column_row(self) -> int | None:
        """The indicator block's column-name row."""
        return next((r for r, k in enumerate(self.kinds) if k == "columns"), None)

    def body_rows(self) -> list[int]:
        return [r for r, k in enumerate(self.kinds) if k == "body"]

    def insert_tail(self, after: int, tail: str) -> int:
        """A row right below `after` holding the tail of its level-3 cell; merged labels run on over it."""
        new = after + 1
        level3 = next(c for c in self.origins(after) if c.role == "level3")
        for cell in self.cells:
            if cell.row >= new:
                cell.row += 1
            elif cell.row + cell.rowspan > new or (cell.row + cell.rowspan == new and cell.role in LABEL_ROLES):
                cell.rowspan += 1
        self.kinds.insert(new, "tail")
        self.indicator_of = {(r + 1 if r >= new else r): k for r, k in self.indicator_of.items()}
        for col in range(self.n_cols):
            if self.covering(new, col) is None:
                if col == level3.col:
                    self.cells.append(Cell(tail, new, col, 1, level3.colspan, "level3"))
                elif not level3.col < col < level3.col + level3.colspan:
                    self.cells.append(Cell("", new, col, 1, 1, "tail"))
        self.check()
        return new

    def map_text(self, fn) -> Grid:  # noqa: ANN001 - fn: str -> str
        """A copy with every cell's text passed through `fn` (print distortions)."""
        return Grid(self.n_cols, [Cell(fn(c.text) if c.text else "", c.row, c.col, c.rowspan, c.colspan, c.role)
                                  for c in self.cells], list(self.kinds), dict(self.indicator_of))

    def copy(self) -> Grid:
        return self.map_text(lambda t: t)


def split_cols(total: int, weights: list[int]) -> list[int]:
    """`total` columns shared out in proportion to `weights`, each part ≥ 1."""
    assert total >= len(weights)
    parts = [1] * len(weights)
    left = total - len(weights)
    order = sorted(range(len(weights)), key=lambda k: -weights[k])
    while left:
        for k in order:
            if left and parts[k] < max(1, round(weights[k] * total / sum(weights))):
                parts[k] += 1
                left -= 1
        if left:
            parts[order[0]] += 1
            left -= 1
    return parts


def cut_text(text: str, at: int) -> tuple[str, str]:
    return text[:at], text[at:]
