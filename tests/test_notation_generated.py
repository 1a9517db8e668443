"""Notation-free text dumps (issue 10): the generator's forms and the family forms printed as people
copy them — a cell a line, a row a line with spaces, glued cells, pipes after cells, wrapped rows,
a table on one line, pdftotext -layout, OCR line-per-box output, traditional mirrors — read back
by the pipeline and compared with the generators' own truth (tests/notationgen).

    .venv/bin/python -m pytest tests/test_notation_generated.py -q
"""

from __future__ import annotations

import re
import sys
from dataclasses import replace
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from familygen import COLUMN_FUNDS_FORMS, KINDS, TARGET_VARIANTS, differences  # noqa: E402
from generator import make_case  # noqa: E402
from notationgen import (  # noqa: E402
    CONTENTS,
    FAMILY_NOTATIONS,
    NOTATIONS,
    Case,
    make_family_notation_case,
    make_notation_case,
    problems,
)

from jixiao import records_from_text  # noqa: E402

SEEDS = range(2)  # per notation variant
FAMILY_SEEDS = range(2)  # per family notation
FUNDS_COLUMNS_SEEDS = range(6)  # per family notation and form with funds pairs
DEPARTMENT_SEEDS = range(2, 16)  # the department-wide target form (tasks grid, funds under 年度预算申请) per notation
CONTENT_CYCLE = tuple(CONTENTS)
WRAPPING = {"wrapped", "layout", "ocr_lines", "layout_centred", "layout_cells"}


# Cases the notation-free reader does not read right yet (issue 10): strict, so a fix that reads one right
# fails here until it is taken off the list. None at present.
NOT_YET_READ: frozenset[str] = frozenset()

# Cases whose text does not hold what the truth says: the goal as the copy prints it. layout_cells dept_code
# s0 wraps the goal at the space after an ASCII comma (要求, | 保障), and a wrap drops the space it cuts at;
# real copies write an ASCII comma with no space after it (../shared/real-dumps: 196 times to once), so the
# reader puts none back.
GOAL_AS_PRINTED = {"layout_cells-across-dept_code-s0": (", ", ",")}


def _marks(case_id: str) -> list:
    if case_id in NOT_YET_READ:
        return [pytest.mark.xfail(strict=True, reason="issue 10 (open): not read right yet")]
    return []


def _content(seed: int, k: int) -> str:
    return CONTENT_CYCLE[(seed * 3 + k) % len(CONTENT_CYCLE)]


def _params() -> list:
    params = []
    k = 0
    for notation, variants in NOTATIONS.items():
        for variant in variants:
            for seed in SEEDS:
                content = _content(seed, k)
                case_id = f"{notation}-{variant}-{content}-s{seed}"
                params.append(pytest.param(seed, notation, variant, content, id=case_id, marks=_marks(case_id)))
                k += 1
    return params


def _show(text: str, title: str) -> str:
    numbered = "\n".join(f"{k + 1:4d}| {line}" for k, line in enumerate(text.replace("\f", "<FF>").split("\n")))
    return f"\n--- {title} ---\n{numbered}\n---"


def _read(text: str, path: str, shown: str) -> list[dict]:
    try:
        return records_from_text(text, path=path)
    except Exception as exc:  # a crash is a failure with the text shown
        raise AssertionError(f"records_from_text raised {exc!r}{shown}") from exc


def _case_title(case: Case) -> str:
    return f"{case.notation} / {case.variant} / {case.content} / seed {case.seed}"


@pytest.mark.parametrize(("seed", "notation", "variant", "content"), _params())
def test_notation_generated(seed: int, notation: str, variant: str, content: str) -> None:
    case = make_notation_case(seed, notation, variant, content)
    shown = _show(case.text, _case_title(case))
    expected = case.expected
    if (lost := GOAL_AS_PRINTED.get(f"{notation}-{variant}-{content}-s{seed}")) is not None:
        printed, kept = lost
        assert any(line.rstrip().endswith(kept) for line in case.text.split("\n")), "the wrap no longer cuts there"
        expected = [replace(e, record=replace(e.record, overall_goal=e.record.overall_goal.replace(printed, kept)))
                    for e in expected]
    found = problems(_read(case.text, f"notation-{seed}.txt", shown), expected)
    assert not found, "\n".join(found) + shown


def _family_params() -> list:
    params = []
    for k, notation in enumerate(FAMILY_NOTATIONS):
        for seed in FAMILY_SEEDS:
            kind = KINDS[(seed + k) % len(KINDS)]
            case_id = f"family-{notation}-{kind}-s{seed}"
            params.append(pytest.param(seed, kind, notation, "breaks" if seed % 2 else "clean", id=case_id,
                                       marks=_marks(case_id)))
    return params


@pytest.mark.parametrize(("seed", "kind", "notation", "distortion"), _family_params())
def test_family_notation_generated(seed: int, kind: str, notation: str, distortion: str) -> None:
    _assert_family_case_read(seed, kind, notation, distortion, funds_columns=False)


def _assert_family_case_read(seed: int, kind: str, notation: str, distortion: str, funds_columns: bool) -> None:
    case = make_family_notation_case(seed, kind, notation, distortion=distortion, funds_columns=funds_columns)
    shown = _show(case.text, f"{kind} / {notation} / {case.variant} / {distortion} / seed {seed}"
                  + (" / funds columns" if funds_columns else ""))
    name = f"family-funds-{seed}.txt" if funds_columns else f"family-notation-{seed}.txt"
    found = differences(case.expected, _read(case.text, name, shown), "records")
    assert not found, "\n".join(found) + shown


def _funds_columns_params() -> list:
    params = []
    for notation in FAMILY_NOTATIONS:
        for form in COLUMN_FUNDS_FORMS:
            for seed in FUNDS_COLUMNS_SEEDS:
                kind = f"{form}:{TARGET_VARIANTS[seed % len(TARGET_VARIANTS)]}" if form == "project_target" else form
                case_id = f"funds_columns-{notation}-{kind}-s{seed}"
                params.append(pytest.param(seed, kind, notation, "breaks" if seed % 2 else "clean", id=case_id,
                                           marks=_marks(case_id)))
    return params


@pytest.mark.parametrize(("seed", "kind", "notation", "distortion"), _funds_columns_params())
def test_family_funds_columns_generated(seed: int, kind: str, notation: str, distortion: str) -> None:
    """Funds printed as column names over a row of amounts (年度预算申请 | 资金总额 | 财政拨款 | 其他资金, then
    36839 | 36839: 财政拨款 equal to the total, 其他资金 empty and not printed), in every family notation."""
    _assert_family_case_read(seed, kind, notation, distortion, funds_columns=True)


def _department_params() -> list:
    params = []
    for notation in FAMILY_NOTATIONS:
        for seed in DEPARTMENT_SEEDS:
            case_id = f"department-{notation}-s{seed}"
            params.append(pytest.param(seed, notation, "breaks" if seed % 2 else "clean", id=case_id,
                                       marks=_marks(case_id)))
    return params


@pytest.mark.parametrize(("seed", "notation", "distortion"), _department_params())
def test_department_target_generated(seed: int, notation: str, distortion: str) -> None:
    """部门整体支出绩效目标表 as drawn (funds in rows or columns, 1–2 forms) over more seeds: its tasks grid and funds."""
    case = make_family_notation_case(seed, "department_target", notation, distortion=distortion)
    shown = _show(case.text, f"department_target / {notation} / {case.variant} / {distortion} / seed {seed}")
    found = differences(case.expected, _read(case.text, f"department-{seed}.txt", shown), "records")
    assert not found, "\n".join(found) + shown


def test_funds_columns_print_two_amounts_under_three_names() -> None:
    """The generator's funds columns: some forms print 财政拨款 equal to the total and no 其他资金."""
    shapes = set()
    for seed in FUNDS_COLUMNS_SEEDS:
        for form in COLUMN_FUNDS_FORMS:
            case = make_family_notation_case(seed, form if form != "project_target" else "project_target:parts",
                                             "cell_lines", funds_columns=True)
            funds = case.expected[0]["funds"]
            assert all(f.funds_by_columns for f in case.forms)
            shapes.add(funds["other"] is None and funds["fiscal"] == funds["total"])
    assert shapes == {True, False}


# --- the generator itself ---------------------------------------------------------------------------

_FULLWIDTH = str.maketrans("０１２３４５６７８９", "0123456789")


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text.translate(_FULLWIDTH))


@pytest.mark.parametrize("notation", list(NOTATIONS))
def test_differs_from_tsv_and_is_deterministic(notation: str) -> None:
    for seed in (0, 1):
        for variant in NOTATIONS[notation]:
            case = make_notation_case(seed, notation, variant, "page_numbers")
            tsv = make_case(seed, "tsv", "page_numbers")
            assert case.text != tsv.text
            assert "\t" not in case.text
            assert [f.name for f in case.forms] == [f.name for f in tsv.forms]  # the same forms
            again = make_notation_case(seed, notation, variant, "page_numbers")
            assert again.text == case.text
            assert [e.record for e in again.expected] == [e.record for e in case.expected]
        assert make_notation_case(seed, notation).text == make_notation_case(seed, notation).text
    assert make_notation_case(0, notation).text != make_notation_case(1, notation).text


@pytest.mark.parametrize("notation", list(NOTATIONS))
def test_truth_is_printed(notation: str) -> None:
    """Every string the truth holds is in the text (once wraps and spaces are taken out)."""
    for seed in range(4):
        for variant in NOTATIONS[notation]:
            case = make_notation_case(seed, notation, variant, _content(seed, 0))
            text = _squash(case.text)
            for want in case.expected:
                record = want.record
                strings = [record.project["name"], record.overall_goal, record.title]
                strings += [s for _, _, l3, t in record.indicators for s in (l3, t) if s]
                for s in strings:  # layout interleaves the wrapped pieces of a row's cells: their heads
                    head = _squash(s)[:4] if notation.startswith("layout") else _squash(s)
                    assert head in text, f"{s!r} not printed ({_case_title(case)})"
                if notation not in WRAPPING:  # whole cells, not wrapped
                    assert record.project["name"] in case.text.translate(_FULLWIDTH)


@pytest.mark.parametrize("notation", FAMILY_NOTATIONS)
def test_family_differs_and_is_deterministic(notation: str) -> None:
    for kind in KINDS[:3]:
        a = make_family_notation_case(0, kind, notation)
        assert a.text == make_family_notation_case(0, kind, notation).text
        assert "\t" not in a.text and "<td" not in a.text
        assert a.expected and a.expected[0]["indicators"]


def test_layout_columns_are_aligned() -> None:
    """pdftotext -layout: every page but the last ends with a form feed; a table's body rows start
    their cells at a few fixed display columns."""
    from notationgen.styles import width

    case = make_notation_case(5, "layout", "plain", "page_numbers")
    pages = case.text.split("\f")
    assert len(pages) >= 3 and pages[-1] == ""
    starts: set[int] = set()
    for line in case.text.replace("\f", "").split("\n"):
        for found in re.finditer(r"(?:^|\s{2,})(\S)", line):
            starts.add(width(line[: found.start(1)]))
    assert len(starts) < 40


def test_layout_centred_prints_cells_in_the_middle_of_their_rows() -> None:
    """pdftotext -layout of Word/Excel PDFs: a one-line value between the lines of a wrapped name sits on
    a line of its own, and a merged label is not on its first row's line."""
    from notationgen.styles import width

    case = make_notation_case(0, "layout_centred", "plain", "clean")
    lines = case.text.split("\n")
    alone = [k for k, line in enumerate(lines[1:-1], 1) if line.strip() and lines[k - 1].strip() and lines[k + 1].strip()
             and width(lines[k]) - width(lines[k].lstrip()) > width(lines[k - 1]) and
             width(lines[k - 1]) == width(lines[k + 1].rstrip()) or False]
    assert case.text != make_notation_case(0, "layout", "plain", "clean").text
    names_line = next(k for k, line in enumerate(lines) if "指标" in line and len(line.split()) >= 4)
    first_row = lines[names_line + 1]
    assert len(first_row.split()) < 5  # the merged labels of the first rows are lower down
    assert alone is not None
