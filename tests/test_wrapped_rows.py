"""Rows a copy wrapped at a fixed width: each wrapped cell joined again (extract/free_wrapped.py)."""

from __future__ import annotations

from jixiao import records_from_text
from jixiao.extract.free_wrapped import join_wrapped_cells, wrap_width
from jixiao.extract.free_text import tokens_of
from jixiao.extract.model import TextLine
from jixiao.normalize.anchors import text_anchors

# A copy wrapped at 16 columns (a CJK character is two): every cell wider than that goes on at the start of
# the next line; the header wraps the same way.
_WRAPPED = """项目支出绩效目标表
项目名称 河口村水渠修缮工
程
主管部门 县水利局 实施单位 河口村村民委员
会
项目资金（万元） 年度资金总额： 52.5
财政拨款 52.5
年度总体目标 完成水渠修缮，保障
灌溉用水，带动周边农
户增收。
一级指标 二级指标 三级指标 指标值
产出指标 数量指标（必
填） 修缮水渠长度 20公里
实行网格化管理，
网格员走访网格内
居民，全覆盖 100%
成本指标（20
分） 经济成本指标 工程建设成本 不超过52.5
万元
效益指标 社会效益指标 群众获得感和幸福
感 显著提高
满意度指标 服务对象满意度指 标 受益农户满意度 ≥95%
"""


def _rows(text: str) -> list[tuple]:
    records = records_from_text(text, "wrapped.txt")
    return [(i["level1"], i["level2"], i["level3"], i["target"]) for r in records for i in r["indicators"]]


def test_cells_wrapped_by_the_copy_are_joined_again() -> None:
    assert _rows(_WRAPPED) == [
        ("产出指标", "数量指标", "修缮水渠长度", "20公里"),
        ("产出指标", "数量指标", "实行网格化管理，网格员走访网格内居民，全覆盖", "100%"),
        ("成本指标", "经济成本指标", "工程建设成本", "不超过52.5万元"),
        ("效益指标", "社会效益指标", "群众获得感和幸福感", "显著提高"),
        ("满意度指标", "服务对象满意度指标", "受益农户满意度", "≥95%")]


def test_the_header_of_a_wrapped_copy_is_joined_too() -> None:
    record = records_from_text(_WRAPPED, "wrapped.txt")[0]
    assert record["project"]["name"] == "河口村水渠修缮工程"
    assert record["project"]["implementing_unit"] == "河口村村民委员会"
    assert record["overall_goal"] == "完成水渠修缮，保障灌溉用水，带动周边农户增收。"


def _lines(text: str) -> list[list]:
    return tokens_of([TextLine(t, 1, k + 1) for k, t in enumerate(text.split("\n")) if t.strip()], text_anchors())


def test_no_wrap_width_where_lines_hold_long_cells_whole() -> None:
    """Rows printed a line each, long names whole, values of the same width ending many lines: no wrap."""
    text = ("社会和谐稳定 有效保障\n通过项目实施，进一步提升人民群众获得感、幸福感、安全感 明显改善\n"
            "农村人居环境 显著改善\n群众获得感和幸福感 不断提高\n")
    lines = _lines(text)
    assert wrap_width(lines) is None
    assert [[t.text for t in row] for row in join_wrapped_cells(lines, text_anchors(), None)] == [
        [t.text for t in row] for row in lines]


def test_a_value_at_the_wrap_width_goes_on_only_with_its_tail_alone() -> None:
    """不超过403.21 (16 columns) ends its row: the line after it holds a new row, not the value's tail."""
    lines = _lines("工程建设成本 不超过403.2\n资金支出进度 按计划执行\n")
    joined = join_wrapped_cells(lines, text_anchors(), 16)
    assert [[t.text for t in row] for row in joined] == [["工程建设成本", "不超过403.2"], ["资金支出进度", "按计划执行"]]


def test_a_sign_or_a_nature_word_is_no_label_tail() -> None:
    """社会公众满意度 (a level-2 label's words, here the name) | ≥ | 95 | %: the sign is the 指标性质 cell."""
    from jixiao.normalize.anchors import joins_into_label
    assert not joins_into_label("社会公众满意度", "≥") and not joins_into_label("服务对象满意度", "定量")
    assert joins_into_label("社会效益", "指标")


def test_a_name_alone_on_its_line_keeps_the_cells_of_the_next() -> None:
    """A wrapped name whose next cells begin a line of their own (定性 明显): its row, not its words."""
    lines = _lines("效益指标 社会效益指标 通过项目实施，进一步提升人民\n群众获得感、幸福感、安全感\n定性 明显\n")
    from jixiao.extract.free_rows import _join_wrapped_names
    joined = _join_wrapped_names(join_wrapped_cells(lines, text_anchors(), None), text_anchors())
    assert [[t.text for t in row] for row in joined] == [
        ["效益指标", "社会效益指标", "通过项目实施，进一步提升人民群众获得感、幸福感、安全感", "定性", "明显"]]
