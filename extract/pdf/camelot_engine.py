"""camelot's lattice parser as a second table engine (`--engine camelot`), for cross-checks.

camelot finds the ruling lines in a rendered image of the page (OpenCV
morphology) and returns a full grid whose cells know which of their edges are
drawn. Cells joined by an undrawn edge are one merged cell; the merged boxes
go to the same char placement as the default engine's, so the two engines
differ only in where they see the rules.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from jixiao.errors import SourceError

from .page import TableGeometry

Box = tuple[float, float, float, float]


def _components(table: Any) -> list[tuple[int, int, int, int]]:
    """(first row, first col, last row, last col) of each group of grid cells joined by missing edges."""
    cells = table.cells
    n_rows, n_cols = len(cells), len(cells[0]) if cells else 0
    seen: set[tuple[int, int]] = set()
    groups = []
    for r in range(n_rows):
        for c in range(n_cols):
            if (r, c) in seen:
                continue
            stack, members = [(r, c)], []
            seen.add((r, c))
            while stack:
                i, j = stack.pop()
                members.append((i, j))
                cell = cells[i][j]
                joined = [(i, j + 1, not cell.right), (i + 1, j, not cell.bottom),
                          (i, j - 1, not cell.left), (i - 1, j, not cell.top)]
                for ni, nj, open_edge in joined:
                    if open_edge and 0 <= ni < n_rows and 0 <= nj < n_cols and (ni, nj) not in seen:
                        seen.add((ni, nj))
                        stack.append((ni, nj))
            rows = [m[0] for m in members]
            cols = [m[1] for m in members]
            groups.append((min(rows), min(cols), max(rows), max(cols)))
    return groups


def _geometry(table: Any, height: float) -> TableGeometry:
    cells = table.cells
    boxes: list[Box] = []
    for r0, c0, r1, c1 in _components(table):
        first, last = cells[r0][c0], cells[r1][c1]
        boxes.append((first.x1, height - first.y2, last.x2, height - last.y1))
    x0 = min(b[0] for b in boxes)
    top = min(b[1] for b in boxes)
    x1 = max(b[2] for b in boxes)
    bottom = max(b[3] for b in boxes)
    return TableGeometry((x0, top, x1, bottom), boxes)


SAFE_NAME = "source.pdf"  # what camelot is given: a name it cannot take for a URL, with the suffix it wants


@contextmanager
def safe_path(path: Path) -> Iterator[Path]:
    """The file under a name camelot reads as a local file: a link (a copy where links are not allowed)
    in a fresh temporary folder. camelot takes any string with a URL scheme for a URL to download, and a
    relative path such as `http:/x.pdf` (a folder named `http:`) has one."""
    with tempfile.TemporaryDirectory(prefix="jixiao-camelot-") as folder:
        link = Path(folder) / SAFE_NAME
        try:
            os.symlink(path.resolve(), link)
        except OSError:
            shutil.copyfile(path, link)
        yield link


def camelot_tables(path: Path, pages: list[int], heights: dict[int, float],
                   password: str | None) -> dict[int, list[TableGeometry]]:
    """Tables of the given pages (1-based) as camelot's lattice parser finds them."""
    import camelot  # optional engine: imported only when asked for

    try:
        with safe_path(path) as local:
            found = camelot.read_pdf(str(local), pages=",".join(map(str, pages)), password=password,
                                     flavor="lattice", suppress_stdout=True)
    except Exception as error:  # camelot raises whatever its backends raise
        raise SourceError(f"camelot could not read the PDF ({type(error).__name__}: {error})", str(path)) from error
    by_page: dict[int, list[TableGeometry]] = {p: [] for p in pages}
    for table in found:
        page_no = int(table.page)
        if table.cells and table.cells[0]:
            by_page.setdefault(page_no, []).append(_geometry(table, heights[page_no]))
    return by_page
