"""Labels of merged cells cut by a page break: whole again on both sides of the break."""

from __future__ import annotations

from jixiao.extract.model import Cell
from jixiao.normalize.cut_labels import mend_cut_labels
from jixiao.normalize.rows import BodyColumns, read_body

COLS = BodyColumns(level1=1, level2=2, level3=3, target=4)


def _row(page: int, r: int, *texts: str, ruled: bool = True, spans: dict[int, int] | None = None) -> list[Cell]:
    """A printed row; `ruled` cells carry a box (a PDF or a scan), others are a dump's."""
    spans = spans or {}
    return [Cell(text=t, row=r, col=c, page=page, rowspan=spans.get(c, 1),
                 bbox=(c * 50.0, r * 20.0, c * 50.0 + 50, r * 20.0 + 20) if ruled else None)
            for c, t in enumerate(texts)]


def _read(rows: list[list[Cell]]) -> list[tuple]:
    drafts = read_body(mend_cut_labels(rows, COLS), COLS).drafts
    return [(d.level1 and d.level1.canonical, d.level2 and d.level2.canonical, d.name and d.name.text) for d in drafts]


def test_a_label_printed_below_the_cut_labels_the_rows_above_it() -> None:
    rows = [
        _row(3, 0, "", "", "数量指标(必填硬", "组织网格员参加培训", "12次"),
        _row(4, 0, "绩效指标", "产出指标", "性指标)", "矛盾纠纷排查化解", "20个", spans={0: 3, 1: 2}),
        _row(4, 1, "", "", "质量指标", "全覆盖", "100%"),
    ]
    assert _read(rows) == [("产出指标", "数量指标", "组织网格员参加培训"),
                           ("产出指标", "数量指标", "矛盾纠纷排查化解"),
                           ("产出指标", "质量指标", "全覆盖")]
    mended = mend_cut_labels(rows, COLS)
    assert mended[0][2].text == mended[1][2].text == "数量指标(必填硬\n性指标)"


def test_a_label_above_the_cut_carries_over_a_garbled_sliver_below_it() -> None:
    rows = [
        _row(8, 0, "", "产出指标", "数量指标(必填硬\n桩指标", "临时生活困难救助", "274人次", spans={1: 2, 2: 2}),
        _row(8, 1, "", "", "", "政策宣传", "不少于10次", ruled=False),
        _row(9, 0, "绩效指标", "产出指标", "エ]目)", "最低生活保障核查", "274人次"),
    ]
    assert [r[:2] for r in _read(rows)] == [("产出指标", "数量指标")] * 3


def test_labels_on_both_sides_of_a_break_are_left_as_printed() -> None:
    rows = [
        _row(1, 0, "", "产出指标", "数量指标", "a", "1"),
        _row(2, 0, "", "效益指标", "社会效益指标", "b", "2"),
    ]
    assert mend_cut_labels(rows, COLS) == rows


def test_an_empty_label_cell_inside_a_span_is_not_given_the_label_below() -> None:
    rows = [
        _row(1, 0, "", "产出指标", "数量指标", "a", "1", spans={2: 2}),
        _row(1, 1, "", "", "", "b", "2", ruled=False),  # covered by 数量指标's span
        _row(2, 0, "", "", "质量指标", "c", "3"),
    ]
    assert [r[1] for r in _read(rows)] == ["数量指标", "数量指标", "质量指标"]


def test_a_dumps_empty_cells_above_a_break_carry_the_label_from_above() -> None:
    rows = [
        _row(1, 0, "产出指标", "数量指标", "a", "1", ruled=False),
        _row(1, 1, "", "", "b", "2", ruled=False),
        _row(2, 0, "", "质量指标", "c", "3", ruled=False),
    ]
    cols = BodyColumns(level1=0, level2=1, level3=2, target=3)
    assert mend_cut_labels(rows, cols) == rows


def test_an_empty_sliver_row_above_the_cut_is_looked_past() -> None:
    rows = [
        _row(3, 0, "", "", "数量指标(必填硬", "组织网格员参加培训", "12次"),
        _row(3, 1, "", "", "", "", ""),  # a doubled bottom rule scanned as a row of its own
        _row(4, 0, "绩效指标", "产出指标", "性指标)", "矛盾纠纷排查化解", "20个", spans={0: 2, 1: 2}),
        _row(4, 1, "", "", "质量指标", "全覆盖", "100%"),
    ]
    assert _read(rows) == [("产出指标", "数量指标", "组织网格员参加培训"),
                           ("产出指标", "数量指标", "矛盾纠纷排查化解"),
                           ("产出指标", "质量指标", "全覆盖")]
