"""The plain-markup reader of extract/html_plain.py reads every block it takes exactly as
HTMLParser does (through extract/html_tables.py's collector), and leaves every other block to HTMLParser.

Random markup is drawn from pieces layout tools print (spans quoted, bare and unquoted, `<br/>`,
entities, upper-case tags, nested tables, whole cells) and pieces only a damaged or unusual file holds
(comments, a stray `<`, `<script>`, a vertical tab in a tag); generated HTML dumps (whole tables, read
in one piece) are mangled (tags dropped, doubled, cut, upper-cased, tables nested in cells, pieces of
both kinds put in). The tables read both ways must be equal; so must the grids the cells are placed in
and those a plain set of taken positions gives.
"""

from __future__ import annotations

import random
import re
import sys
from pathlib import Path

import pytest

from jixiao.extract import html_tables
from jixiao.extract.html_plain import _TABLE, read_plain
from jixiao.extract.grid import fill_grid
from jixiao.extract.html_tables import parse_html_tables
from jixiao.extract.model import Cell

COMMON = ("<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>", "<TD>", "<th>", "</th>", "<br>", "<br/>", "<br />",
          '<td rowspan="2">', "<td colspan=3>", "<td colspan='2' rowspan=\"x\">", '<td rowspan = "3" >', "<td nowrap>",
          "a", "b c", "&amp;", "&lt;", "&#26;", "&nbsp;", " ", "\n", "\t", "\u3000", ">", "& ", "<p>", "</p>",
          "<td colspan=\"&#50;\">", "<table border=1>", "<span class=a>", "</td >", "<td colspan=2 >", "<td\nrowspan=2>",
          "<TD ROWSPAN=2>", "<td colspan=2/>", "<td/>", "<td colspan=\"\">", "<td rowspan=' 4 '>", "x&y", "&amp",
          "<td colspan=0>", "<td colspan=1001>", "<td rowspan=2 colspan=2>", "<td rowspan=2 rowspan=3>", "<tbody>",
          "</tbody>", "<td a:b=1>", "<td data-x=\"y>z\">", "<td colspan=2\">", "项目名称", "≥95%")
ODD = ("<", "<!-- x -->", "<td\x0b>", "<script>", "</script>", "</ td>", "<td rowspan=\"2\"\u3000>", "<td a=\"1\"b=2>",
       "<td colspan==2>", "<title>", "<!DOCTYPE html>", "<?x?>", "</>", "<td colspan=2/ >")


WHOLE_CELLS = ("<td>a</td>", "<td>x<br>y</td>", "<th>名称</th>", '<td colspan="2">b c</td>', "<td>a<br/>&amp;<BR ></td>",
               "<TD rowspan=3>\n z\n</th>", "<td></td>", "<td><br></td>", "<td>a</td >", "<td>&#26;</TD>",
               "<td>a<br class=x>b</td>", "<td>a</tdx>", "<td>a<b>b</b></td>")


def _by_html_parser(html: str) -> list:
    collector = html_tables._TableCollector()
    collector.feed(html)
    collector.close()
    return html_tables._collected(collector)


def _markup(rng: random.Random) -> str:
    pieces = []
    for _ in range(rng.randint(1, 40)):
        draw = rng.random()
        pieces.append(rng.choice(ODD) if draw < 0.02 else rng.choice(WHOLE_CELLS) if draw < 0.2 else rng.choice(COMMON))
    return "".join(pieces)


@pytest.mark.parametrize("seed", range(4))
def test_plain_markup_read_as_html_parser_reads_it(seed: int) -> None:
    rng = random.Random(seed)
    taken = left = 0
    for _ in range(5000):
        html = _markup(rng)
        tables = read_plain(html)
        if tables is None:
            left += 1
            continue
        taken += 1
        assert tables == _by_html_parser(html), repr(html)
    assert taken > 1000 and left > 100  # both ways were exercised


def _mangled(html: str, rng: random.Random) -> str:
    pieces = re.split(r"(<[^>]*>)", html)
    tables = re.findall(r"<table>.*?</table>", html, re.S)
    for _ in range(rng.randint(0, 6)):
        k = rng.randrange(len(pieces))
        draw = rng.random()
        if draw < 0.2:
            pieces[k] = ""
        elif draw < 0.35:
            pieces[k] *= 2
        elif draw < 0.5:
            pieces[k] = pieces[k][:rng.randint(0, len(pieces[k]))]
        elif draw < 0.6:
            pieces[k] = pieces[k].upper()
        elif draw < 0.7 and tables and pieces[k].startswith("<td"):
            pieces[k] += rng.choice(tables)[:rng.choice((10**6, 200))]  # a table nested in a cell
        else:
            pieces[k] += rng.choice(ODD) if rng.random() < 0.2 else rng.choice(WHOLE_CELLS + COMMON)
    return "".join(pieces)


def test_generated_dumps_mangled_read_as_html_parser_reads_them() -> None:
    sys.path.insert(0, str(Path(__file__).parent))
    from generator import DISTORTIONS, NOT_FOR, make_case

    rng = random.Random(5)
    whole = taken = left = 0
    for seed in range(2):
        for distortion in DISTORTIONS:
            if distortion in NOT_FOR["html"]:
                continue
            text = make_case(seed, "html", distortion).text
            assert read_plain(text) == _by_html_parser(text)
            whole += len(_TABLE.findall(text))
            for _ in range(6):
                html = _mangled(text, rng)
                tables = read_plain(html)
                if tables is None:
                    left += 1
                    continue
                taken += 1
                assert tables == _by_html_parser(html)
    assert whole > 50 and taken > 100 and left > 20  # whole tables, and mangled blocks read both ways


def test_unusual_markup_still_read() -> None:
    """A comment and a <script> in the block: read by HTMLParser, with the same cells."""
    html = ('<table><!-- page 2 --><tr><td rowspan="2">项目名称</td><td>A&amp;B</td></tr>'
            "<script>var x = '<td>';</script><tr><td>2</td></tr></table>")
    [grid] = parse_html_tables(html)
    assert [[c.text for c in row] for row in grid] == [["项目名称", "A&B"], ["", "2"]]
    assert grid[0][0].rowspan == 2


def _grid_by_occupied_set(rows: list, page: int, line: int | None) -> list:
    """The plain way to place cells: a set of taken positions, then a placeholder wherever no cell sits."""
    occupied: set[tuple[int, int]] = set()
    anchors = []
    n_cols = 0
    for r, raw_row in enumerate(rows):
        c = 0
        for text, rowspan, colspan in raw_row:
            while (r, c) in occupied:
                c += 1
            rowspan = min(rowspan, len(rows) - r)
            anchors.append(Cell(html_tables._cell_text(text), r, c, page, rowspan, colspan, None, 1.0, line))
            occupied.update((r + dr, c + dc) for dr in range(rowspan) for dc in range(colspan))
            c += colspan
            n_cols = max(n_cols, c)
    return fill_grid(anchors, len(rows), n_cols)


@pytest.mark.parametrize("seed", range(3))
def test_grid_places_spans_as_a_set_of_taken_positions_does(seed: int) -> None:
    rng = random.Random(seed)
    for _ in range(3000):
        rows = [[(rng.choice(("a", " b\nc ", "", "\u3000")), rng.choice((1, 1, 1, 2, 3, 7)), rng.choice((1, 1, 1, 2, 4)))
                 for _ in range(rng.randint(0, 6))] for _ in range(rng.randint(0, 8))]
        page, line = rng.randint(1, 3), rng.choice((None, 5))
        assert html_tables.raw_rows_to_grid(rows, page, line) == _grid_by_occupied_set(rows, page, line), rows
