"""Rows printed with their cells glued (a row a line, no separator): what is parted, what is read whole and
said (extract/free_glued.py, normalize/glued.py)."""

from __future__ import annotations

from jixiao import records_from_text
from jixiao.extract.free_glued import spaces_in_cells
from jixiao.normalize.anchors import segment, text_anchors
from jixiao.normalize.run_together import split_rows

_HEAD = ("项目支出绩效目标表\n项目名称河口村水渠修缮\n主管部门县水利局实施单位河口村\n项目属性新增项目项目期一年\n"
         "项目资金（万元）年度资金总额：12.5\n财政拨款12.5\n年度总体目标完成水渠修缮, 保障灌溉。\n"
         "一级指标二级指标三级指标指标值\n")


def _records(body: str) -> list[dict]:
    return records_from_text(_HEAD + body, "glued.txt")


def _rows(records: list[dict]) -> list[tuple[str | None, str | None, str | None, str | None]]:
    return [(i["level1"], i["level2"], i["level3"], i["target"]) for r in records for i in r["indicators"]]


def _said(records: list[dict], code: str) -> str:
    return " ".join(w["message"] for r in records for w in r["warnings"] if w["code"] == code)


def test_a_name_and_a_value_in_words_are_read_whole_and_said() -> None:
    """社会负面舆情无: nothing tells where the name ends, so the row is read whole as the name and the warning
    names it; rows with a figure part at it."""
    records = _records("产出指标数量指标修缮水渠长度20公里\n"
                       "渠道通水率≥95%\n"
                       "成本指标社会成本指标社会负面舆情无\n"
                       "效益指标社会效益指标群众出行条件有效改善\n")
    assert _rows(records) == [("产出指标", "数量指标", "修缮水渠长度", "20公里"),
                              ("产出指标", "数量指标", "渠道通水率", "≥95%"),
                              ("成本指标", "社会成本指标", "社会负面舆情无", None),
                              ("效益指标", "社会效益指标", "群众出行条件有效改善", None)]
    said = _said(records, "row_unparted")
    assert "社会负面舆情无" in said and "群众出行条件有效改善" in said and "渠道通水率" not in said


def test_short_level2_labels_open_a_glued_name_where_a_label_stands() -> None:
    """社会效益 (a level-2 label's short form) after a level-1 label, or as a new group's label, is the label;
    printed where the name stands, before a bare value, it is the name (社会公众满意度≥85%)."""
    records = _records("产出指标数量指标修缮水渠长度20公里\n"
                       "效益指标经济效益带动增收≥2万元\n"
                       "社会效益受益人口850人\n"
                       "满意度指标服务对象满意度群众满意度≥90%\n"
                       "社会公众满意度≥85%\n")
    assert _rows(records) == [("产出指标", "数量指标", "修缮水渠长度", "20公里"),
                              ("效益指标", "经济效益指标", "带动增收", "≥2万元"),
                              ("效益指标", "社会效益指标", "受益人口", "850人"),
                              ("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"),
                              ("满意度指标", "服务对象满意度指标", "社会公众满意度", "≥85%")]


def test_a_label_of_either_level_alone_before_a_name_is_the_level2_label() -> None:
    records = _records("产出指标数量指标修缮水渠长度20公里\n成本目标材料采购费用12.5万元\n")
    assert _rows(records)[1] == ("产出指标", "成本指标", "材料采购费用", "12.5万元")


def test_spaces_inside_glued_cells_are_no_separators() -> None:
    anchors = text_anchors()
    assert spaces_in_cells(["产", "出", "指", "标数量指标新建道路长度34公里"], anchors) == ["产出指标数量指标新建道路长度34公里"]
    assert spaces_in_cells(["质量指标", "(必填)验收合格率100%"], anchors) == ["质量指标 (必填)验收合格率100%"]
    assert spaces_in_cells(["目标完成修缮,", "保障灌溉。"], anchors) == ["目标完成修缮, 保障灌溉。"]
    assert spaces_in_cells(["内容评(扣分标准)", "度量单位指标值类型"], anchors) == ["内容评(扣分标准)", "度量单位指标值类型"]
    assert segment("年度总体目标完成修缮, 保障灌溉。") == ["年度总体目标", "完成修缮, 保障灌溉。"]
    assert segment("项目属性项目期一年") == ["项目属性", "项目期", "一年"]
    assert segment("主管部门县农业农村局（540370）实施单位") == ["主管部门", "县农业农村局（540370）", "实施单位"]


def test_glued_values_of_ranges_dates_and_sentences_of_amounts() -> None:
    roles = ("level3", "target")
    assert split_rows("灌溉供水时段5月—9月", roles, False) == [[(0, "灌溉供水时段"), (1, "5月—9月")]]
    assert split_rows("项目实施周期2023.04-2023.10", roles, False) == [[(0, "项目实施周期"), (1, "2023.04-2023.10")]]
    assert split_rows("2025年全年12个月", roles, False) == [[(0, "2025年全年"), (1, "12个月")]]
    # the amount opens the 指标值; a name does not quote an amount and go on (经费20.23万元，每人…)
    assert split_rows("项目总成本经费20.23万元，每人每年7.5万元", roles, False) == [
        [(0, "项目总成本经费"), (1, "20.23万元，每人每年7.5万元")]]


def test_a_traditional_mirror_states_its_money() -> None:
    """萬(wàn)元 in a traditional copy is 万元: the cost rows are checked against 年度资金总额."""
    text = ("項(xiàng)目支出績效目標表\n項目名稱 河口村水渠修繕\n主管部門 縣水利局\n項目資金（萬元） 年度資金總額： 12.5\n"
            "財政撥款 12.5\n一級指標 二級指標 三級指標 指標值\n"
            "產出指標 成本指標 材料採購費(fèi)用 ≤3.5萬(wàn)元\n項目建設資(zī)金（萬(wàn)元） 2\n")
    records = records_from_text(text, "mirror.txt")
    assert "cost_sum_mismatch" in {w["code"] for r in records for w in r["warnings"]}
