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
    assert found >= 124 and spurious <= 36, (found, spurious)


def _figures(score: list[dict]) -> tuple[int, int]:
    """(unambiguous rows found, spurious indicators) over the documents of the scorer's report."""
    return sum(int(d["hit"]) for d in score), sum(int(d["spurious"]) for d in score)
