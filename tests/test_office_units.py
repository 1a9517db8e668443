"""The office reader's parts: number formats as displayed, sheets split into tables, Word XML details."""

from __future__ import annotations

import pytest

from jixiao.extract.model import PageTable, TextLine
from jixiao.extract.office.docx import read_docx_xml
from jixiao.extract.office.numfmt import display_datetime, display_number
from jixiao.extract.office.sheet import SheetGrid, read_sheet, sheet_ref


@pytest.mark.parametrize("value, code, shown", [
    (10000, "0.00", "10000.00"), (10000, "General", "10000"), (0.1 + 0.2, "General", "0.3"),
    (1234567.891, "#,##0.00", "1,234,567.89"), (0.95, "0%", "95%"), (0.955, "0.0%", "95.5%"),
    (12.5, '0.0"万元"', "12.5万元"), (-5, "#,##0;(#,##0)", "(5)"), (7, "[Red]0", "7"), (3, "@", "3"),
    (44562, "yyyy-mm-dd", "2022-01-01"), (44562, 'yyyy"年"m"月"d"日"', "2022年1月1日"),
    (44562.75, "yyyy-mm-dd h:mm", "2022-01-01 18:00"), (44562.5, "h:mm AM/PM", "12:00 PM"),
    (44592, "mmm-yy", "Jan-22"), (5, "[DBNum1]General", "5"), (1.5e20, "General", "1.5E+20"),
])
def test_numbers_are_shown_as_the_sheet_shows_them(value: float, code: str, shown: str) -> None:
    assert display_number(value, code) == shown


def test_dates_in_the_1904_system() -> None:
    assert display_number(0, "yyyy-mm-dd", date1904=True) == "1904-01-01"
    from datetime import date

    assert display_datetime(date(2022, 3, 9), 'yyyy"年"mm"月"dd"日"') == "2022年03月09日"


def test_sheet_references_quote_names_that_need_it() -> None:
    assert sheet_ref("Sheet1", (6, 1)) == "Sheet1!B7"
    assert sheet_ref("绩效 目标", (0, 0), (2, 27)) == "'绩效 目标'!A1:AB3"


def _grid(rows: dict[int, list[str]], **more) -> SheetGrid:  # noqa: ANN003
    grid = SheetGrid("S", 1, **more)
    for r, texts in rows.items():
        for c, text in enumerate(texts):
            if text:
                grid.texts[(r, c)] = text
                grid.bordered.add((r, c))
    return grid


def test_tables_split_at_empty_bands_and_at_a_title_right_under_a_table() -> None:
    grid = _grid({0: ["a", "b"], 1: ["c", "d"], 3: ["e", "f", "", "x", "y"], 4: ["g", "h", "", "z", "w"]})
    grid.texts[(2, 0)] = "第二张表"  # unbordered, right under the first table: a title
    blocks = read_sheet(grid).blocks
    kinds = [(type(b).__name__, b.text if isinstance(b, TextLine) else len(b.rows)) for b in blocks]
    assert kinds == [("PageTable", 2), ("TextLine", "第二张表"), ("PageTable", 2), ("PageTable", 2)]
    assert blocks[-1].rows[0][0].ref == "S!D4"


def test_merges_hidden_rows_and_columns() -> None:
    grid = _grid({0: ["名称", "x", "", "v"], 1: ["", "y", "secret", "w"], 2: ["", "z", "", "u"]},
                 merges=[(0, 0, 2, 0)], hidden_rows={1}, hidden_cols={2})
    reading = read_sheet(grid)
    table = reading.blocks[0]
    assert isinstance(table, PageTable)
    assert [[c.text for c in row] for row in table.rows] == [["名称", "x", "v"], ["", "z", "u"]]
    assert table.rows[0][0].rowspan == 2 and table.rows[0][0].ref == "S!A1:A3"
    (code, page, message), = reading.notes
    assert code == "hidden_cells_skipped" and "secret" in message and "'y'" in message


def test_a_huge_merge_is_clipped_to_the_cells() -> None:
    grid = _grid({0: ["a", "b"], 1: ["c", "d"]}, merges=[(0, 0, 1_048_575, 0)])
    table = read_sheet(grid).blocks[0]
    assert len(table.rows) == 2 and table.rows[0][0].rowspan == 2


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def _doc(body: str) -> bytes:
    return f"<w:document {W}><w:body>{body}</w:body></w:document>".encode()


def _p(text: str, extra: str = "") -> str:
    return f"<w:p>{extra}<w:r><w:t>{text}</w:t></w:r></w:p>"


def _tc(content: str, props: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{content}</w:tc>"


def test_word_spans_breaks_hidden_runs_and_pages() -> None:
    body = (_p("标题") + '<w:p><w:r><w:br w:type="page"/></w:r></w:p>' + _p("第二页")
            + "<w:tbl>"
            + "<w:tr>" + _tc(_p("名称"), '<w:vMerge w:val="restart"/>') + _tc(_p("a"), '<w:gridSpan w:val="2"/>') + "</w:tr>"
            + "<w:tr>" + _tc("<w:p/>", "<w:vMerge/>")
            + _tc('<w:p><w:r><w:t>x</w:t><w:tab/><w:t>y</w:t><w:br/><w:t>z</w:t></w:r>'
                  '<w:r><w:rPr><w:vanish/></w:rPr><w:t>hidden</w:t></w:r></w:p>') + _tc(_p("b")) + "</w:tr>"
            + '<w:tr><w:trPr><w:gridBefore w:val="2"/></w:trPr>' + _tc(_p("c")) + "</w:tr>"
            + "</w:tbl>")
    blocks, pages = read_docx_xml(_doc(body))
    assert pages == 2
    assert [(b.text, b.page) for b in blocks if isinstance(b, TextLine)] == [("标题", 1), ("第二页", 2)]
    table = next(b for b in blocks if isinstance(b, PageTable))
    assert [[c.text for c in row] for row in table.rows] == [["名称", "a", ""], ["", "x y\nz", "b"], ["", "", "c"]]
    assert table.rows[0][0].rowspan == 2 and table.rows[0][1].colspan == 2
    assert table.rows[1][2].ref == "table 1, row 2, column 3" and table.rows[2][2].ref == "table 1, row 3, column 3"


def test_nested_tables_in_a_frame_are_lifted_and_in_a_narrow_cell_read_as_text() -> None:
    inner = "<w:tbl><w:tr>" + _tc(_p("项目名称")) + _tc(_p("道路")) + "</w:tr></w:tbl>"
    frame = "<w:tbl><w:tr>" + _tc(_p("（2022年度）") + inner + _p("")) + "</w:tr></w:tbl>"
    narrow = "<w:tbl><w:tr>" + _tc(_p("目标")) + _tc(inner + _p("")) + "</w:tr></w:tbl>"
    blocks, _ = read_docx_xml(_doc(frame + _p("间隔") + narrow))
    assert [type(b).__name__ for b in blocks] == ["TextLine", "PageTable", "TextLine", "PageTable"]
    assert blocks[0].text == "（2022年度）"
    assert [c.text for c in blocks[1].rows[0]] == ["项目名称", "道路"]
    assert blocks[1].rows[0][1].ref == "table 2, row 1, column 2"
    assert [c.text for c in blocks[3].rows[0]] == ["目标", "项目名称 道路"]
