"""Cell-per-line rows read off the stream of cells (extract/free_stream.py): a row's last cell and the next
row's name told apart by what follows them; a cell another column fits nearly as well is said."""

from __future__ import annotations

from jixiao.extract.free_model import Token
from jixiao.extract.free_stream import stream_rows
from jixiao.normalize.anchors import text_anchors

ROLES = ["level1", "level2", "level3", "target", "actual", "weight", "score", "deviation"]


def _tokens(texts: list[str]) -> list[Token]:
    anchors = text_anchors()
    return [Token(t, anchors.kind(t), 1, k + 1) for k, t in enumerate(texts)]


def _rows(texts: list[str]) -> list[list[tuple[str | None, str]]]:
    read = stream_rows(_tokens(texts), ROLES, text_anchors())
    assert read is not None
    return [[(ROLES[col], t.text) for col, t in row] for row in read.rows]


def test_a_deviation_and_the_next_name_told_apart_by_the_cells_after_them() -> None:
    rows = _rows(["产出指标", "数量指标", "培训农民人次", "100人", "100人", "10", "10", "统计口径调整，今后规范数据采集",
                  "每公里养护成本", "≤7167元/公里", "7164元/公里", "4.5", "4.5"])
    assert rows == [
        [("level1", "产出指标"), ("level2", "数量指标"), ("level3", "培训农民人次"), ("target", "100人"),
         ("actual", "100人"), ("weight", "10"), ("score", "10"), ("deviation", "统计口径调整，今后规范数据采集")],
        [("level3", "每公里养护成本"), ("target", "≤7167元/公里"), ("actual", "7164元/公里"), ("weight", "4.5"),
         ("score", "4.5")],
    ]


def test_a_row_without_its_last_cell_leaves_it_empty() -> None:
    rows = _rows(["社会负面舆情", "无", "无", "5", "5", "社会和谐稳定", "有效保障", "已完成", "4", "4", "无偏差"])
    assert [row[0] for row in rows] == [("level3", "社会负面舆情"), ("level3", "社会和谐稳定")]
    assert rows[1][-1] == ("deviation", "无偏差")


def test_a_cell_two_columns_fit_alike_is_said() -> None:
    read = stream_rows(_tokens(["项目成本控制", "控制在预算范围", "4.5", "4.5"]), ROLES, text_anchors())
    assert read is not None and "控制在预算范围" in [t.text for t in read.ambiguous]


def test_a_text_after_points_lost_is_the_reason_not_the_next_name() -> None:
    """OCR boxes: the text after a 得分 below its 分值 is the row's 偏差原因, though its last box, just filling
    the width, may as well run on into the next row's name as end the cell."""
    anchors = text_anchors()
    texts = ["项目成本控制", "控制在预算范围内", "控制在预算范围内", "3", "2.5", None, "≤628元/人", "627元/人", "3", "3", "无偏差"]
    boxes = ("部分群众参与度不高，将改进工作方式", "人均培训成本")
    tokens = [Token("".join(boxes), "text", 1, 6, boxes=boxes) if t is None else Token(t, anchors.kind(t), 1, k + 1)
              for k, t in enumerate(texts)]
    read = stream_rows(tokens, ROLES, anchors)
    assert read is not None
    rows = [[(ROLES[col], t.text) for col, t in row] for row in read.rows]
    assert rows[0][-1] == ("deviation", "部分群众参与度不高，将改进工作方式")
    assert rows[1][:2] == [("level3", "人均培训成本"), ("target", "≤628元/人")]
