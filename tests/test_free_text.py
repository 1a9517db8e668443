"""Text with no table notation: tables rebuilt from the form's labels (extract/free_text.py)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from jixiao import records_from_text
from jixiao.errors import JixiaoError
from jixiao.extract.free_text import _split_line, tokens_of
from jixiao.extract.model import TextLine
from jixiao.normalize.anchors import segment, text_anchors
from jixiao.normalize.run_together import split_rows

ROOT = Path(__file__).resolve().parent.parent
SHARED = next((Path(p) for p in [os.environ.get("JIXIAO_SHARED", ""), ROOT.parent / "shared",
                                  ROOT.parent.parent / "shared"] if p and (Path(p) / "real-dumps").is_dir()), None)


def _texts(text: str) -> list[list[str]]:
    lines = [TextLine(t, 1, k + 1) for k, t in enumerate(text.split("\n")) if t.strip()]
    return [[t.text for t in row] for row in tokens_of(lines, text_anchors())]


def test_cells_keep_their_notes_and_lead_ins() -> None:
    assert _split_line("项目资金 (万元) 年度资金总额: 100") == ["项目资金 (万元)", "年度资金总额:", "100"]
    assert _split_line("其中: 财政拨款 100") == ["其中: 财政拨款", "100"]
    assert _split_line("主管部门 | 青岭县财政局 [547510] |") == ["主管部门", "青岭县财政局 [547510]"]


def test_spaced_letters_make_the_labels_they_spell() -> None:
    assert _texts("绩 效 指 标 产 出 指 标 数量指标 培训人次 50人次") == [
        ["绩效指标", "产出指标", "数量指标", "培训人次", "50人次"]]
    # a one-letter value before a spaced label stays a cell: the label is exact without it
    assert _texts("对生态环境的影响 无 产 出 指 标 数量指标 培训人次 50人次") == [
        ["对生态环境的影响", "无", "产出指标", "数量指标", "培训人次", "50人次"]]
    assert _texts("社 会 效 益 指 标 就业人数 50人") == [["社会效益指标", "就业人数", "50人"]]


def test_a_label_broken_over_two_lines_is_joined() -> None:
    assert _texts("绩效指标 项目完成\n指标 数量指标 扶助人数 63人")[0][-1] == "项目完成指标"


def test_glued_labels_split_but_not_inside_a_sentence() -> None:
    assert segment("项目名称河西村道路硬化工程主管部门县交通局") == ["项目名称", "河西村道路硬化工程", "主管部门", "县交通局"]
    goal = "根据《关于加强项目资金管理的通知》要求完成建设"
    assert segment(goal) == [goal]


_WORDS = ["项目名称", "主管部门", "项目资金（万元）", "年度资金总额", "其中：财政拨款", "年度总体目标", "预期目标",
          "实际完成情况", "一级指标", "二级指标", "三级指标", "指标值", "实际完成值", "分值", "得分", "指标性质",
          "产出指标", "数量指标", "总分", "自评等级", "填报单位（盖章）", "绩效指标", "≥95%", "100", "10", "优",
          "明显", "开展培训", "（2022年度）", "项目支出绩效自评表", "年初预算数", "执行率", "|", "产 出 指 标", "(zhǐ)"]


@settings(max_examples=150, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(_WORDS), st.sampled_from([" ", "\n", " | ", "", "  ", "\n\n"])),
                min_size=1, max_size=80))
def test_any_soup_of_labels_reads_or_says_why(pieces: list[tuple[str, str]]) -> None:
    """Never a crash or a hang: records, or a typed error (such soups once looped for ever)."""
    text = "".join(word + gap for word, gap in pieces)
    try:
        records_from_text(text, "soup.txt")
    except JixiaoError:
        pass


def test_real_pages_found_rows(tmp_path: Path) -> None:
    """The set's own scorer on ../shared/real-dumps: today's figure is a floor for every change."""
    if SHARED is None:
        pytest.skip("shared/real-dumps not beside the checkout")
    out = tmp_path / "out"
    subprocess.run([str(Path(sys.executable).with_name("jixiao")), "extract", str(SHARED / "real-dumps" / "text"),
                    "-o", str(out), "--quiet"], check=False, capture_output=True)
    report = tmp_path / "score.json"
    subprocess.run([sys.executable, str(SHARED / "bench" / "score_rows.py"), str(SHARED / "real-dumps"), str(out),
                    "--json", str(report)], check=True, capture_output=True)
    found, spurious = _figures(json.loads(report.read_text(encoding="utf-8")))
    assert found >= 184 and spurious <= 1, (found, spurious)


def _figures(score: list[dict]) -> tuple[int, int]:
    """(unambiguous rows found, spurious indicators) over the documents of the scorer's report."""
    return sum(int(d["hit"]) for d in score), sum(int(d["spurious"]) for d in score)


def _rows(text: str) -> list[tuple[str | None, str | None, str | None, str | None]]:
    records = records_from_text(text, "t.txt")
    return [(i["level1"], i["level2"], i["level3"], i["target"]) for r in records for i in r["indicators"]]


def _unsure(text: str) -> str:
    return " ".join(w["message"] for r in records_from_text(text, "t.txt") for w in r["warnings"]
                    if w["code"] == "text_not_rebuilt")


_HEAD = "项目支出绩效目标表\n项目名称 | 北坡村道路养护 |\n主管部门 | 县交通局 |\n"


def test_glued_rows_are_parted_by_what_each_column_holds() -> None:
    """Name | 分值 | 度量单位 | 指标性质 | 指标值 glued on each line: parted by shape; a 分值 glued to a bare
    figure (1530) parts two ways, so that row is said, not guessed."""
    text = ("项目支出绩效目标表\n项目名称河口村水渠修缮\n主管部门县水利局\n"
            "一级指标二级指标三级指标指标权重计量单位指标性质指标值\n"
            "产出指标数量指标修缮水渠长度20公里≥12\n"
            "渠道通水率20%=100\n"
            "开展巡查次数1530\n"
            "效益指标社会效益指标群众出行条件20有效改善\n")
    assert _rows(text) == [("产出指标", "数量指标", "修缮水渠长度", "≥12公里"),
                           ("产出指标", "数量指标", "渠道通水率", "=100%"),
                           ("效益指标", "社会效益指标", "群众出行条件", "有效改善")]
    assert "开展巡查次数1530" in _unsure(text)


def test_rows_run_together_on_one_line_read_where_sure() -> None:
    """A page with no separator and no line break: header, column names, then rows glued one after the
    other; a 分值 glued to a figure its 实际完成值 repeats (8260亩260亩) parts where the repeat begins."""
    text = ("项目支出绩效自评表(2023年度)项目名称南岭村茶园改造项目主管部门县农业农村局实施单位南岭村"
            "绩效指标一级指标二级指标三级指标分值年度指标值全年实际值得分未完成原因及改进措施"
            "产出指标数量指标改造茶园面积8260亩260亩8培训茶农人次10≥120人次≥120人次10"
            "质量指标茶苗成活率10≥90%≥92%10效益指标经济效益指标茶农增收10明显明显10总分100100")
    rows = _rows(text)
    assert rows == [("产出指标", "数量指标", "改造茶园面积", "260亩"),
                    ("产出指标", "数量指标", "培训茶农人次", "≥120人次"),
                    ("产出指标", "质量指标", "茶苗成活率", "≥90%"),
                    ("效益指标", "经济效益指标", "茶农增收", "明显")], rows


def test_split_rows_says_what_it_cannot_part() -> None:
    roles = ("level3", "weight", "target", "actual", "score")
    assert split_rows("受益户数10200户200户10", roles, True) == [
        [(0, "受益户数"), (1, "10"), (2, "200户"), (3, "200户"), (4, "10")]]
    assert split_rows("验收合格率20100%98%20", roles, True) == ["验收合格率20100%98%20"]  # 20|100% or 2|0100%?


def test_pipe_lines_that_are_no_rows_are_read_as_lines() -> None:
    """Markdown-looking lines whose breaks fall anywhere: the two header rows fused on one line with the
    first indicator; the target printed over 指标性质 | 指标值 | 度量单位."""
    text = ("| 项目支出绩效自评表 |\n| 项目名称 | 东湖小学营养餐 | 主管部门 | 县教育局 |\n"
            "| 绩效指标 | 年度指标值 | 实际完成值 | 分值 | 得分 | 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | "
            "度量单位 | 产出指标 | 数量指标 | 受助学生人数 | ≥ | 300 | 人 | 310 | 20 | 20 |\n"
            "| 质量指标 | 营养餐覆盖率 | = | 100 | % | 100% | 20 | 20 |\n"
            "| 满意度指标 | 服务对象满意度指标 | 家长满意度 | ≥ | 90 | % | 95% | 10 | 10 |\n")
    assert _rows(text) == [("产出指标", "数量指标", "受助学生人数", "≥300人"),
                           ("产出指标", "质量指标", "营养餐覆盖率", "=100%"),
                           ("满意度指标", "服务对象满意度指标", "家长满意度", "≥90%")]


def test_cells_one_a_line_between_pipes_with_empty_cells() -> None:
    """Each cell on a line of its own followed by `|`, `||` where a cell is empty: a name with an empty
    指标值 is still a row (and a label inside a name, 实施单位, does not split it)."""
    text = ("区域绩效目标表\n专项名称 |\n林业保护资金 |\n绩效指标 |\n一级指标 |\n二级指标 |\n三级指标 |\n"
            "指标值 |\n产出指标 |\n数量指标 |\n护林实施单位巡护人数(人) |\n||\n防火宣传次数(次) |\n||||\n")
    assert _rows(text) == [("产出指标", "数量指标", "护林实施单位巡护人数(人)", None),
                           ("产出指标", "数量指标", "防火宣传次数(次)", None)]


def test_closing_rows_and_sign_offs_are_no_indicators() -> None:
    text = (_HEAD + "一级指标 | 二级指标 | 三级指标 | 指标值 |\n产出指标 | 数量指标 | 养护里程 | 12公里 |\n"
            "其他需要说明事项 | 无 | 总分 | 100 |\n财务科（盖章） 年 月 日 | 业务科（盖章） 年 月 日 |\n")
    assert _rows(text) == [("产出指标", "数量指标", "养护里程", "12公里")]


def test_a_form_that_cannot_be_rebuilt_is_said_so() -> None:
    text = "项目支出绩效自评表 产出指标 数量指标 质量指标 效益指标 社会效益指标 满意度指标"
    with pytest.raises(JixiaoError, match="could not be rebuilt"):
        records_from_text(text, "t.txt")
