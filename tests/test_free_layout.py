"""pdftotext -layout and OCR line-per-box text (extract/free_layout.py, extract/free_ocr.py): wrapped cells
joined in their column or box, cells exactly as wide as their column left whole, merged labels put on the
first row they cover."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from notationgen import make_notation_case, problems  # noqa: E402

from jixiao import records_from_text  # noqa: E402
from jixiao.extract.free_model import Token  # noqa: E402
from jixiao.extract.free_layout_geometry import wrap_head  # noqa: E402

_LAYOUT = """\
                         项目支出绩效目标表

项目名称        东沟村道路硬化工程
主管部门        青岭县交通运输局          实施单位      东沟村村民委员会
项目资金(万元)  年度资金总额：                          120
                其中：财政拨款                          120
年度总体目标    完成东沟村2.5公里道路硬化，改善群众出行条件，带动周边
                农户增收。
一级指标        二级指标          三级指标              指标值
产出指标        数量指标          新建硬化道路长度      2.5公里
                                  受益村民人数及覆盖的  860人
                                  自然村个数
                质量指标（必填硬  工程验收合格率        100%
                性指标）
                                  道路使用年限达到设计  ≥10年
效益指标        社会效益指标      群众出行便利程度      明显提高
"""


def _indicators(text: str) -> list[tuple]:
    return [(i["level1"], i["level2"], i["level3"], i["target"]) for r in records_from_text(text, "t.txt")
            for i in r["indicators"]]


def test_layout_wrapped_cells_continue_in_their_column() -> None:
    records = records_from_text(_LAYOUT, "layout.txt")
    assert len(records) == 1
    record = records[0]
    assert record["overall_goal"] == "完成东沟村2.5公里道路硬化，改善群众出行条件，带动周边农户增收。"
    assert record["project"]["implementing_unit"] == "东沟村村民委员会"
    assert _indicators(_LAYOUT) == [
        ("产出指标", "数量指标", "新建硬化道路长度", "2.5公里"),
        ("产出指标", "数量指标", "受益村民人数及覆盖的自然村个数", "860人"),
        ("产出指标", "质量指标", "工程验收合格率", "100%"),  # the label's tail joined to it, not to a name
        # a name exactly as wide as its column, on a line of its own row: no wrap
        ("产出指标", "质量指标", "道路使用年限达到设计", "≥10年"),
        ("效益指标", "社会效益指标", "群众出行便利程度", "明显提高"),
    ]


def test_a_wrap_never_cuts_a_run_of_letters_and_digits() -> None:
    assert wrap_head("2020.11") == "2020.11"
    assert wrap_head("（必填）") == "（必"
    assert wrap_head("元） 其他") == "元）"


_OCR = """\
项目支出绩效目标表
项目名称
西坪村级组织运转经
费
主管部门
青岭县财政局
年度资金总额
36.5
年度总体目标
保障西坪村级组织正常
运转，提升基层治理能
力，群众满意度不低于
90%。
一级指标
二级指标
三级指标
指标值
产出指标
数量指标
保障村级组织正常运转
12个
覆盖行政村个数
1个
质量指标
村级组织运转经费使用
合规率
100%
效益指标
社会效益指标
基层治理能力
不断提高
"""


def test_ocr_boxes_of_one_cell_are_joined() -> None:
    records = records_from_text(_OCR, "ocr.txt")
    assert len(records) == 1
    record = records[0]
    assert record["project"]["name"] == "西坪村级组织运转经费"
    assert record["overall_goal"] == "保障西坪村级组织正常运转，提升基层治理能力，群众满意度不低于90%。"
    assert _indicators(_OCR) == [
        ("产出指标", "数量指标", "保障村级组织正常运转", "12个"),  # a full box over a quantity: two cells
        ("产出指标", "数量指标", "覆盖行政村个数", "1个"),
        ("产出指标", "质量指标", "村级组织运转经费使用合规率", "100%"),
        ("效益指标", "社会效益指标", "基层治理能力", "不断提高"),
    ]


_CENTRED = """\
                       项目支出绩效目标表

项目名称        东沟村道路硬化工程
年度总体目标    完成东沟村道路硬化。
一级指标        二级指标          三级指标              指标值
                                  新建硬化道路长度      2.5公里
                数量指标
                                  受益村民人数          860人
产出指标
                                  工程验收合格率        100%
                质量指标
                                  道路使用年限          ≥10年
                                  群众出行便利程度提高
效益指标        社会效益指标                            明显
                                  及生活条件改善
"""


def test_centred_layout_labels_cover_the_rows_they_stand_in_the_middle_of() -> None:
    """Word/Excel exports: each cell centred in its rows, a merged label on a line between two rows, a
    one-line value between the two lines of a wrapped name."""
    assert _indicators(_CENTRED) == [
        ("产出指标", "数量指标", "新建硬化道路长度", "2.5公里"),
        ("产出指标", "数量指标", "受益村民人数", "860人"),
        ("产出指标", "质量指标", "工程验收合格率", "100%"),
        ("产出指标", "质量指标", "道路使用年限", "≥10年"),
        ("效益指标", "社会效益指标", "群众出行便利程度提高及生活条件改善", "明显"),
    ]
    assert "label_guessed" not in {w["code"] for w in records_from_text(_CENTRED, "c.txt")[0]["warnings"]}


_TIED = """\
                       项目支出绩效目标表

项目名称        东沟村道路硬化工程
年度总体目标    完成东沟村道路硬化。
一级指标        二级指标          三级指标              指标值
                                  新建硬化道路长度      2.5公里
                数量指标
                                  受益村民人数          860人
产出指标        质量指标          工程验收合格率        100%
                                  道路使用年限          ≥10年
                时效指标          工程完工时间          年底前
                                  群众出行便利程度提高
效益指标        社会效益指标                            明显
                                  及生活条件改善
"""


def test_a_row_that_fits_under_two_centred_labels_alike_is_said() -> None:
    """道路使用年限 lies between 质量指标 and 时效指标, each printed on a row of its own: either may cover it."""
    warnings = records_from_text(_TIED, "t.txt")[0]["warnings"]
    said = [w["message"] for w in warnings if w["code"] == "label_guessed"]
    assert len(said) == 1 and "时效指标" in said[0] and "道路使用年限" in said[0]


# As Word and Excel PDFs come out of pdftotext -layout: cells centred across their columns as well as down
# (a wrapped label's pieces each centred: 主管部门及 / 代码), labels wrapping in a narrow first column
# (年度总体目 / 标), a level label one space from the name after it (质量指标 (必填) 工程验收合格率).
_ACROSS = """\
                       项目支出绩效目标表

                          ( 2023 年度)
 项目名称                   东沟村道路硬化工程
主管部门及
                  实施单位              东沟村村民委员会
  代码
        年度资金总
                              120
           额:
项目资金
        其中: 财政拨
 (万元)                        120
           款
         其他资金
年度总体目
        完成东沟村 2.5 公里道路硬化, 改善群众出行条件。
  标
 名称      一级指标      二级指标           三级指标         指标值
                           新建硬化道路长度         2.5 公里
                数量指标 (必填硬
                           受益村民人数              860 人
                   性指标)
         产出指标
                 质量指标 (必填) 工程验收合格率         100%
绩效指标
                           群众出行便利程度          明显提高
         效益指标    社会效益指标
                           道路养护及时率             ≥95%
"""


def test_layout_centred_across_columns() -> None:
    records = records_from_text(_ACROSS, "across.txt")
    assert len(records) == 1
    record = records[0]
    assert record["project"]["name"] == "东沟村道路硬化工程"
    assert record["project"]["implementing_unit"] == "东沟村村民委员会"
    assert (record["funds"]["unit"], record["funds"]["total"], record["funds"]["fiscal"]) == ("万元", 120, 120)
    assert record["overall_goal"] == "完成东沟村2.5公里道路硬化, 改善群众出行条件。"
    assert _indicators(_ACROSS) == [
        ("产出指标", "数量指标", "新建硬化道路长度", "2.5公里"),
        ("产出指标", "数量指标", "受益村民人数", "860人"),  # the level label's note tail (性指标)) is no name
        ("产出指标", "质量指标", "工程验收合格率", "100%"),  # one space after its level label
        ("效益指标", "社会效益指标", "群众出行便利程度", "明显提高"),
        ("效益指标", "社会效益指标", "道路养护及时率", "≥95%"),
    ]
    assert records[0]["warnings"] == []


def test_a_label_one_space_before_a_cell_is_parted_from_it() -> None:
    from jixiao.extract.free_layout_cells import label_then_cell
    from jixiao.normalize.anchors import text_anchors
    anchors = text_anchors()
    assert label_then_cell("质量指标 (必填) 工程验收合格率", anchors) == ["质量指标 (必填)", "工程验收合格率"]
    assert label_then_cell("填） 社会负面舆情", anchors) == ["填）", "社会负面舆情"]
    assert label_then_cell("其中: 财政拨款", anchors) == ["其中: 财政拨款"]  # a lead-in and its label
    assert label_then_cell("培训农民 300 人次", anchors) == ["培训农民 300 人次"]  # text after text is one cell
    assert label_then_cell("数量指标 (必填硬", anchors) == ["数量指标 (必填硬"]  # a label and its note


_SHORT_LAST = "".join(_LAYOUT.splitlines(keepends=True)[:6]) + """\
年度总体目标    完成东沟村2.5公里道路硬化，改善群众出行条件。
一级指标        二级指标          三级指标              指标值
产出指标        数量指标          新建硬化道路长度      2.5公里
                                  受益村民人数及覆盖的  860人
                                  自然村个数
效益指标        可持续影响指标    设施持续发挥效益年限  不低于6年
                                  长效管护机制          建立健全
"""


def test_a_last_column_never_seen_to_wrap_has_no_right_edge() -> None:
    """The widest target of a last column only bounds the column's width from below: a name and a target
    each as wide as the widest of their columns do not run on to the row under them (its name and target
    on a line of their own), where the names' column is seen to wrap (自然村个数 alone on its line)."""
    assert _indicators(_SHORT_LAST) == [
        ("产出指标", "数量指标", "新建硬化道路长度", "2.5公里"),
        ("产出指标", "数量指标", "受益村民人数及覆盖的自然村个数", "860人"),
        ("效益指标", "可持续影响指标", "设施持续发挥效益年限", "不低于6年"),
        ("效益指标", "可持续影响指标", "长效管护机制", "建立健全"),
    ]


def test_a_centred_target_wrapped_around_a_one_line_name_is_one_cell() -> None:
    """pdftotext -layout of a form whose cells are centred in their rows: a two-line target stands on the
    lines above and below its one-line name, each line holding that piece alone."""
    case = make_notation_case(1, "layout_centred", "plain", "no_year")
    assert "经费160.98万元，\n" in case.text  # the generated text still prints the case this is about
    assert problems(records_from_text(case.text, "centred.txt"), case.expected) == []


def test_the_taxonomy_settles_a_level1_run_the_lines_leave_open() -> None:
    """Centred merged labels: where a level-1 label's lines fit two runs of rows alike, the one that keeps
    each level-2 label under a level-1 label the taxonomy puts it under is taken, and no guess is said;
    without the taxonomy the reader says it guessed."""
    from jixiao.extract.free_layout_geometry import Cell, Row
    from jixiao.extract.free_layout_join import cell_text
    from jixiao.extract.free_layout_labels import place_centred
    from jixiao.normalize.anchors import unpaired

    def cell(col: int, line: int, text: str = "x") -> Cell:
        return Cell(col, [Token(text, "text", 1, line)])

    rows = [Row([cell(3, line)]) for line in range(1, 7)]
    inner = [cell(2, 1, "数量指标"), cell(2, 3, "质量指标"), cell(2, 4, "经济成本指标"), cell(2, 6, "社会成本指标")]
    outer = [cell(1, 3, "产出指标"), cell(1, 5, "成本指标")]

    def by_taxonomy(a: Cell, b: Cell) -> bool:
        return unpaired(cell_text(a), cell_text(b))

    def runs(placed: dict) -> dict:
        return {row: sorted(cell_text(c) for c in cells) for row, cells in sorted(placed.items())}

    placed, tied = place_centred(inner + outer, rows, False, by_taxonomy)
    assert runs(placed) == {0: ["产出指标", "数量指标"], 1: ["质量指标"], 3: ["成本指标", "经济成本指标"], 4: ["社会成本指标"]}
    assert "成本指标" not in [cell_text(c) for c, _ in tied]
    _, tied_by_lines = place_centred(inner + outer, rows, False)
    assert "成本指标" in [cell_text(c) for c, _ in tied_by_lines]
    assert unpaired("成本指标（20分）", "质量指标") and not unpaired("产出指标", "质量指标（必填）")
    assert not unpaired("绩效指标", "数量指标")  # no level-1 label: nothing to say


def test_an_ocr_box_short_of_the_width_for_a_mark_is_no_box_of_its_own() -> None:
    """OCR boxes wrapped at 18 columns: a box that stops short because the next character may not leave
    its mark to open a line (部分群众参与度不 | 高，…) is a wrap for certain, so the two are one piece; a box
    that just fills the width may as well be a whole cell, so the box after it stays a piece of its own."""
    from jixiao.extract.free_ocr import join_box_wraps
    from jixiao.extract.model import TextLine
    from jixiao.normalize.anchors import text_anchors

    boxes = ["完成年度重点工作任", "务。", "已按计划完成年度目", "标任务，群众满意度", "较上年有所提升。",
             "部分群众参与度不", "高，将改进工作方式", "人均培训成本"]
    lines = [TextLine(text, 1, k + 1) for k, text in enumerate(boxes)]
    joined = join_box_wraps(lines, [1] * len(lines), text_anchors())
    assert joined.width == 18
    assert [line.text for line in joined.lines][-1] == "部分群众参与度不高，将改进工作方式人均培训成本"
    assert joined.pieces[6] == ["部分群众参与度不高，将改进工作方式", "人均培训成本"]
    assert joined.pieces[3] == ["已按计划完成年度目", "标任务，群众满意度", "较上年有所提升。"]


def test_the_cells_of_a_laid_out_row_are_no_label_broken_in_two() -> None:
    """Two pieces of one row that make a label together (社会效益 | 指标) are one label broken in two where the
    row is printed as it is, but two cells where a layout made the row (it joined each cell's pieces, a
    label wrapped in its column included); a row's first piece still completes the last piece of the row
    above it, laid out or not."""
    from jixiao.extract.free_tokens import _join_broken_labels
    from jixiao.normalize.anchors import text_anchors

    anchors = text_anchors()

    def row(line: int, *texts: str) -> list[Token]:
        return [Token(text, anchors.kind(text), 1, line, 4 + 20 * k) for k, text in enumerate(texts)]

    def texts(rows: list[list[Token]]) -> list[list[str]]:
        return [[t.text for t in r] for r in rows]

    rows = [row(1, "项目名称", "某县道路维修"), row(2, "社会效益", "指标", "受益人口")]
    assert texts(_join_broken_labels(rows, anchors)) == [["项目名称", "某县道路维修"], ["社会效益指标", "受益人口"]]
    assert texts(_join_broken_labels(rows, anchors, {0, 1})) == texts(rows)
    wrapped = [row(1, "受益人口", "社会效益"), row(2, "指标", "3000人")]
    assert texts(_join_broken_labels(wrapped, anchors, {0, 1})) == [["受益人口", "社会效益指标"], ["3000人"]]
