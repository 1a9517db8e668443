"""Text dump notations and bad input: each reader into the same records."""

from __future__ import annotations

from pathlib import Path

import pytest

from jixiao import records_from_path, records_from_text
from jixiao.errors import BinarySourceError, EmptySourceError, EncodingError, NoFormTableError
from jixiao.extract.html_tables import parse_html_tables
from jixiao.extract.text_dump import read_text_dump_text
from jixiao.extract.model import PageTable, TextLine

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "pingluo-chengguan-2022-targets.txt"

HEADER = [
    ["项目名称", "测试项目", "", "", ""],
    ["主管部门及代码", "某县财政局 [123001]", "实施单位", "某县财政局", ""],
    ["项目属性", "经常性项目", "项目期", "一年", ""],
    ["项目资金 (万元)", "年度资金总额:", "", "30", ""],
    ["", "其中: 财政拨款", "", "20", ""],
    ["", "其他资金", "", "10", ""],
    ["年度总体目标", "完成测试任务。", "", "", ""],
    ["名称", "一级指标", "二级指标", "三级指标", "指标值"],
]
BODY = [
    ["绩效指标", "产出指标", "数量指标（必填）", "测试次数", "≥3次"],
    ["", "", "成本指标", "测试经费（万元）", "30"],
    ["", "效益指标", "社会效益指标", "测试覆盖率", "100%"],
    ["", "满意度指标", "服务对象满意度指标", "用户满意度", "≥90%"],
]
EXPECTED_ROWS = [
    ("产出指标", "数量指标", "测试次数", "≥3次"),
    ("产出指标", "成本指标", "测试经费（万元）", "30"),
    ("效益指标", "社会效益指标", "测试覆盖率", "100%"),
    ("满意度指标", "服务对象满意度指标", "用户满意度", "≥90%"),
]


def _rows(record: dict) -> list[tuple]:
    return [(i["level1"], i["level2"], i["level3"], i["target"]) for i in record["indicators"]]


def _check(record: dict) -> None:
    assert record["year"] == 2023
    assert record["title"] == "项目支出绩效目标表"
    assert record["project"] == {
        "name": "测试项目", "department": "某县财政局", "department_code": "123001",
        "implementing_unit": "某县财政局", "attribute": "经常性项目", "period": "一年",
    }
    assert record["funds"] == {"unit": "万元", "total": 30, "fiscal": 20, "other": 10}
    assert record["overall_goal"] == "完成测试任务。"
    assert _rows(record) == EXPECTED_ROWS
    assert record["warnings"] == []


def test_tsv_dump() -> None:
    text = "## 项目支出绩效目标表\n\n(2023年度)\n\n" + "\n".join("\t".join(r) for r in HEADER + BODY)
    [record] = records_from_text(text)
    _check(record)


def test_markdown_pipe_table() -> None:
    rows = HEADER + BODY
    lines = ["| " + " | ".join(rows[0]) + " |", "|" + "---|" * 5] + ["| " + " | ".join(r) + " |" for r in rows[1:]]
    text = "# 项目支出绩效目标表\n\n（2023 年度）\n\n" + "\n".join(lines)
    [record] = records_from_text(text)
    _check(record)


HTML = """<h2>项目支出绩效目标表</h2>
<p>(2023年度)</p>
<table>
<tr><td>项目名称</td><td colspan="4">测试项目</td></tr>
<tr><td>主管部门及代码</td><td>某县财政局 [123001]</td><td>实施单位</td><td colspan="2">某县财政局</td></tr>
<tr><td>项目属性</td><td>经常性项目</td><td>项目期</td><td colspan="2">一年</td></tr>
<tr><td rowspan="3">项目资金 (万元)</td><td colspan="2">年度资金总额:</td><td colspan="2">30</td></tr>
<tr><td colspan="2">其中: 财政拨款</td><td colspan="2">20</td></tr>
<tr><td colspan="2">其他资金</td><td colspan="2">10</td></tr>
<tr><td>年度总体目标</td><td colspan="4">完成测试任务。</td></tr>
<tr><th>名称</th><th>一级指标</th><th>二级指标</th><th>三级指标</th><th>指标值</th></tr>
<tr><td rowspan="4">绩效指标</td><td rowspan="2">产出指标</td><td>数量指标<br>（必填）</td><td>测试次数</td><td>≥3次</td></tr>
<tr><td>成本指标</td><td>测试经费（万元）</td><td>30</td></tr>
<tr><td>效益指标</td><td>社会效益指标</td><td>测试覆盖率</td><td>100%</td></tr>
<tr><td>满意度指标</td><td>服务对象满意度指标</td><td>用户满意度</td><td>≥90%</td></tr>
</table>"""


def test_html_table_with_spans() -> None:
    [record] = records_from_text(HTML)
    _check(record)


def test_html_spans_resolve_into_the_grid() -> None:
    [grid] = parse_html_tables('<table><tr><td rowspan="2">a</td><td colspan="2">b</td></tr><tr><td>c</td><td>d</td></tr></table>')
    assert [[c.text for c in row] for row in grid] == [["a", "b", ""], ["", "c", "d"]]
    assert (grid[0][0].rowspan, grid[0][1].colspan) == (2, 2)


def test_page_break_inside_a_table_is_a_fragment_break() -> None:
    document = read_text_dump_text("标题\n\na\tb\nc\td\n\ne\tf\n")
    kinds = [type(b) for b in document.blocks]
    assert kinds == [TextLine, PageTable, PageTable]
    assert document.blocks[2].break_before and document.blocks[2].page == 2


def test_page_numbers_between_fragments_do_not_end_the_table() -> None:
    rows = ["\t".join(r) for r in HEADER + BODY]
    text = "## 项目支出绩效目标表\n(2023年度)\n" + "\n".join(rows[:10]) + "\n\n- 2 -\n\n" + "\n".join(rows[10:])
    [record] = records_from_text(text)
    _check(record)
    assert record["source"]["pages"] == [1, 2]


def test_gbk_dump_reads_like_utf8(tmp_path: Path) -> None:
    gbk = tmp_path / "gbk.txt"
    gbk.write_bytes(SAMPLE.read_text(encoding="utf-8").encode("gb18030"))
    from_gbk = records_from_path(gbk)
    from_utf8 = records_from_path(SAMPLE)
    for a, b in zip(from_gbk, from_utf8, strict=True):
        a.pop("source"), b.pop("source")
        assert a == b


@pytest.mark.parametrize(
    ("content", "error"),
    [
        (b"", EmptySourceError),
        (b"  \n\n ", EmptySourceError),
        (bytes(range(256)) * 8, BinarySourceError),
        (b"\x81\x30\xff\xfe\xfd" * 50, EncodingError),
        ("只有一行字，没有表格。".encode(), NoFormTableError),
        (b"a\tb\nc\td\n", NoFormTableError),
    ],
)
def test_bad_input_is_a_typed_error_naming_the_file(tmp_path: Path, content: bytes, error: type) -> None:
    path = tmp_path / "bad.txt"
    path.write_bytes(content)
    with pytest.raises(error) as raised:
        records_from_path(path)
    assert str(path) in str(raised.value)


def test_running_header_between_fragments_does_not_end_the_table() -> None:
    rows = ["\t".join(r) for r in HEADER + BODY]
    header = "某某县财政局2023年项目支出绩效目标公开"
    text = (f"{header}\n## 项目支出绩效目标表\n(2023年度)\n" + "\n".join(rows[:9]) + f"\n\n第 1 页\n{header}\n\n"
            + "\n".join(rows[9:]))
    [record] = records_from_text(text)
    _check(record)


def test_csv_export(tmp_path: Path) -> None:
    import csv as csvmod
    import io

    buffer = io.StringIO()
    writer = csvmod.writer(buffer)
    writer.writerow(["**项目支出绩效目标表**"])
    writer.writerow(["(2023年度)"])
    for row in HEADER + BODY:
        writer.writerow(row)
    path = tmp_path / "export.csv"
    path.write_text(buffer.getvalue(), encoding="utf-8")
    [record] = records_from_path(path)
    _check(record)


def test_centred_title_row_after_a_blank_line_starts_a_new_table() -> None:
    one = "\n".join("\t".join(r) for r in HEADER + BODY)
    text = "\t\t项目支出绩效目标表\t\t\n\t\t(2023年度)\t\t\n" + one + "\n\n\t\t项目支出绩效目标表\t\t\n\t\t(2023年度)\t\t\n" + one
    records = records_from_text(text)
    assert len(records) == 2
    for record in records:
        _check(record)


def test_false_byte_order_mark_is_an_encoding_error(tmp_path: Path) -> None:
    path = tmp_path / "bom.txt"
    path.write_bytes(b"\xff\xfe" + b"\x00\xd8" * 3)  # UTF-16 BOM, then a lone surrogate
    with pytest.raises(EncodingError):
        records_from_path(path)


def test_page_marks_as_ocr_reads_them_but_no_headings() -> None:
    from jixiao.extract.page_marks import is_page_mark

    assert all(map(is_page_mark, ["第8贡", "第 10 页", "第3页 共9页", "第 4 页，共 12 頁", "- 7 -"]))
    assert not any(map(is_page_mark, ["第8条", "第2章", "第1名", "第12次", "第5个", "第一页"]))
