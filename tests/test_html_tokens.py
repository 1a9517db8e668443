"""The plain-markup tokenizer of extract/html_tables.py reads every block it takes exactly as
HTMLParser does, and leaves every other block to HTMLParser.

Random markup is drawn from pieces layout tools print (spans quoted, bare and unquoted, `<br/>`,
entities, upper-case tags, nested tables) and pieces only a damaged or unusual file holds
(comments, a stray `<`, `<script>`, a vertical tab in a tag); the tables read both ways must be equal.
"""

from __future__ import annotations

import random

import pytest

from jixiao.extract import html_tables
from jixiao.extract.html_tables import parse_html_tables

COMMON = ("<table>", "</table>", "<tr>", "</tr>", "<td>", "</td>", "<TD>", "<th>", "</th>", "<br>", "<br/>", "<br />",
          '<td rowspan="2">', "<td colspan=3>", "<td colspan='2' rowspan=\"x\">", '<td rowspan = "3" >', "<td nowrap>",
          "a", "b c", "&amp;", "&lt;", "&#26;", "&nbsp;", " ", "\n", "\t", "\u3000", ">", "& ", "<p>", "</p>",
          "<td colspan=\"&#50;\">", "<table border=1>", "<span class=a>", "</td >", "<td colspan=2 >", "<td\nrowspan=2>",
          "<TD ROWSPAN=2>", "<td colspan=2/>", "<td/>", "<td colspan=\"\">", "<td rowspan=' 4 '>", "x&y", "&amp",
          "<td colspan=0>", "<td colspan=1001>", "<td rowspan=2 colspan=2>", "<td rowspan=2 rowspan=3>", "<tbody>",
          "</tbody>", "<td a:b=1>", "<td data-x=\"y>z\">", "<td colspan=2\">", "项目名称", "≥95%")
ODD = ("<", "<!-- x -->", "<td\x0b>", "<script>", "</script>", "</ td>", "<td rowspan=\"2\"\u3000>", "<td a=\"1\"b=2>",
       "<td colspan==2>", "<title>", "<!DOCTYPE html>", "<?x?>", "</>", "<td colspan=2/ >")


def _by_html_parser(html: str) -> list:
    collector = html_tables._TableCollector()
    collector.feed(html)
    collector.close()
    return _plain(collector)


def _plain(collector: html_tables._TableCollector) -> list:
    return [[[("".join(c.text), c.rowspan, c.colspan) for c in row] for row in table] for table in collector.tables]


@pytest.mark.parametrize("seed", range(4))
def test_plain_markup_read_as_html_parser_reads_it(seed: int) -> None:
    rng = random.Random(seed)
    taken = left = 0
    for _ in range(5000):
        html = "".join(rng.choice(ODD) if rng.random() < 0.02 else rng.choice(COMMON)
                       for _ in range(rng.randint(1, 40)))
        collector = html_tables._TableCollector()
        if not html_tables._feed_plain(collector, html):
            left += 1
            continue
        taken += 1
        assert _plain(collector) == _by_html_parser(html), repr(html)
    assert taken > 1000 and left > 100  # both ways were exercised


def test_unusual_markup_still_read() -> None:
    """A comment and a <script> in the block: read by HTMLParser, with the same cells."""
    html = ('<table><!-- page 2 --><tr><td rowspan="2">项目名称</td><td>A&amp;B</td></tr>'
            "<script>var x = '<td>';</script><tr><td>2</td></tr></table>")
    [grid] = parse_html_tables(html)
    assert [[c.text for c in row] for row in grid] == [["项目名称", "A&B"], ["", "2"]]
    assert grid[0][0].rowspan == 2
