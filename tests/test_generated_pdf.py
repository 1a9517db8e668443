"""Generated forms printed as born-digital PDFs (tests/pdfgen.py), read back by the pipeline
and compared with what the generator knows it printed.

Every matrix case is a document of 2–4 forms (tests/generator.py's `random_document`) with at
least one table cut by a page break, printed in one rule style (lines / rects / cell_borders /
double) with print options (repeated column names, reprinted labels, unruled cuts, page-number
footers, font size, rows breaking across pages, page rotation). The expected records come from
the generator's ground truth (`expected_records`), never from the pipeline: no print option
changes the content. Then a sweep (a page break before each row of one table in turn) and, for
each pipeline bug this suite found, the smallest document that shows it (kept as a regression
case once the bug is fixed).

    .venv/bin/python -m pytest tests/test_generated_pdf.py -q
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass, replace
from functools import lru_cache
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generator import (  # noqa: E402
    VARIANTS,
    ExpectedRecord,
    FormSpec,
    IndicatorSpec,
    expected_records,
    random_document,
)
from pdfgen import PAD_H, STYLES, Layout, PdfOptions, column_widths, layout_document, wrap, write_pdf  # noqa: E402

from jixiao import records_from_path  # noqa: E402

# --- known pipeline bugs -------------------------------------------------------------------------
# A case whose layout shows one of these is a strict xfail: it must fail while the bug is there
# and starts failing as XPASS once it is fixed (then delete the entry).

def known_bugs(layout: Layout) -> list[str]:
    """The known bugs a layout runs into, judged from what is printed (never from the pipeline)."""
    return []  # none open: the ones this suite found are fixed and kept below as regression cases


# --- cases ---------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class PdfCase:
    name: str
    seed: int
    variant: str
    opts: PdfOptions
    n_forms: int | None = None  # None: 2–4, drawn from the seed
    split_row: bool = False  # one indicator row breaks across pages (its 三级指标 cut): cell_joined


@dataclass
class Built:
    forms: list[FormSpec]
    layout: Layout
    expected: list[ExpectedRecord]


def _split_candidate(forms: list[FormSpec], opts: PdfOptions) -> tuple[int, int] | None:
    """(form, indicator) of a row whose 三级指标 wraps and whose 指标值 is printed."""
    for f, form in enumerate(forms):
        for j, ind in enumerate(form.indicators):
            lines = wrap(ind.level3, column_widths(opts)[3] - 2 * PAD_H, opts.font_size, opts.wrap)
            if ind.target and len(lines) >= 2:
                return f, j
    return None


@lru_cache(maxsize=None)
def build(case: PdfCase) -> Built:
    """The case's forms and layout: the first draw of forms whose print cuts a table."""
    for attempt in range(40):
        rng = random.Random(f"pdf:{case.seed}:{case.variant}:{attempt}")
        n_forms = case.n_forms or rng.choice([2, 3, 3, 4])
        forms = random_document(rng, case.variant, n_forms=n_forms)
        opts = case.opts
        joined = None
        if case.split_row:
            where = _split_candidate(forms, opts)
            if where is None:
                continue
            opts = replace(opts, split_row=where)
            joined = [k == where[0] for k in range(len(forms))]
        layout = layout_document(forms, opts)
        if layout.split_forms:
            return Built(forms, layout, expected_records(forms, joined))
    raise AssertionError(f"{case.name}: no draw of forms gives a table cut by a page break")


OPTION_SETS: dict[str, PdfOptions] = {
    "plain": PdfOptions(),
    "footer": PdfOptions(footer_numbers=True, wrap="uax14"),
    "repeat_header": PdfOptions(repeat_header=True),
    "reprint_labels": PdfOptions(reprint_labels=True, font_size=10, wrap="uax14"),
    "open_cut": PdfOptions(open_cut=True),
    "open_cut_repeat_footer": PdfOptions(open_cut=True, repeat_header=True, footer_numbers=True, font_size=10),
    "reprint_open_cut": PdfOptions(reprint_labels=True, open_cut=True, footer_numbers=True, font_size=9.5),
    "everything": PdfOptions(repeat_header=True, reprint_labels=True, open_cut=True, footer_numbers=True,
                             font_size=10),
}


def _cases() -> list[PdfCase]:
    cases = []
    n = 0
    for style in STYLES:  # every style with every option set, a seed each
        for label, opts in OPTION_SETS.items():
            cases.append(PdfCase(f"{style}-{label}-s{n}", n, "clean", replace(opts, style=style, seed=n)))
            n += 1
    for k, variant in enumerate(VARIANTS):  # content that must warn (or must not)
        style = STYLES[k % len(STYLES)]
        label = list(OPTION_SETS)[k % len(OPTION_SETS)]
        opts = replace(OPTION_SETS[label], style=style, seed=100 + k)
        cases.append(PdfCase(f"{variant}-{style}-{label}-s{100 + k}", 100 + k, variant, opts))
    for k, style in enumerate(STYLES):  # a row breaking across pages (Word's default for table rows)
        opts = PdfOptions(style=style, repeat_header=k % 2 == 1, footer_numbers=k >= 2, seed=150 + k)
        cases.append(PdfCase(f"split_row-{style}-s{150 + k}", 150 + k, "clean", opts, split_row=True))
    for k, (rotate, style) in enumerate([("flag", "lines"), ("flag", "cell_borders"),
                                         ("landscape", "lines"), ("landscape", "double")]):
        opts = PdfOptions(style=style, rotate=rotate, footer_numbers=k % 2 == 0, seed=200 + k)
        cases.append(PdfCase(f"rotate_{rotate}-{style}-s{200 + k}", 200 + k, "clean", opts))
    return cases


def _marks(layout: Layout) -> list:
    bugs = known_bugs(layout)
    return [pytest.mark.xfail(strict=True, reason=" | ".join(bugs))] if bugs else []


# --- checking -------------------------------------------------------------------------------------------


def _describe(name: str, opts: PdfOptions, built: Built, pdf: Path) -> str:
    return (f"\n--- case {name}: {opts}\n--- pdf: {pdf}\n"
            f"--- split forms {built.layout.split_forms}, page breaks before (form, row) {built.layout.breaks}\n"
            f"{built.layout.describe()}\n---")


def _diff_indicators(got: list[tuple], want: list[tuple]) -> str:
    lines = []
    for n in range(max(len(got), len(want))):
        g = got[n] if n < len(got) else None
        w = want[n] if n < len(want) else None
        lines.append(f"    {'  ' if g == w else '!!'} [{n}] got {g}" + ("" if g == w else f"\n          expected {w}"))
    return "\n".join(lines)


def compare(records: list[dict], expected: list[ExpectedRecord]) -> list[str]:
    """Every difference between the records and the expected ones, as readable lines."""
    problems = []
    if len(records) != len(expected):
        problems.append(f"{len(records)} records, expected {len(expected)}: got projects "
                        f"{[r['project']['name'] for r in records]}, expected {[e.project['name'] for e in expected]}")
    for k, (record, want) in enumerate(zip(records, expected)):
        where = f"record {k} ({want.project['name']})"
        if record["form"] != "project_target":
            problems.append(f"{where}: form {record['form']!r}")
        if record["source"]["method"] != "pdf-text":
            problems.append(f"{where}: source.method {record['source']['method']!r}")
        for key in ("year", "title", "document", "project", "funds", "overall_goal"):
            got, wanted = record[key], getattr(want, key)
            if got != wanted:
                if isinstance(got, dict) and isinstance(wanted, dict):
                    detail = {f: (got.get(f), wanted.get(f)) for f in wanted if got.get(f) != wanted.get(f)}
                    problems.append(f"{where}: {key} differs, field: (got, expected) {detail}")
                else:
                    problems.append(f"{where}: {key} is {got!r}, expected {wanted!r}")
        got_rows = [(i["level1"], i["level2"], i["level3"], i["target"]) for i in record["indicators"]]
        if got_rows != want.indicators:
            problems.append(f"{where}: indicators differ\n{_diff_indicators(got_rows, want.indicators)}")
        codes = {w["code"] for w in record["warnings"]}
        if codes != want.warnings:
            problems.append(f"{where}: warning codes {sorted(codes)}, expected {sorted(want.warnings)}; warnings: "
                            + "; ".join(f"{w['code']}: {w['message']}" for w in record["warnings"]))
    return problems


def check(name: str, built: Built, tmp_path: Path) -> None:
    pdf = write_pdf(built.layout, tmp_path / f"{name}.pdf")
    shown = _describe(name, built.layout.opts, built, pdf)
    try:
        records = records_from_path(pdf)
    except Exception as exc:  # a crash is a failure with the case shown
        raise AssertionError(f"records_from_path raised {exc!r}{shown}") from exc
    problems = compare(records, built.expected)
    assert not problems, "\n".join(problems) + shown


@pytest.mark.parametrize("case", [pytest.param(c, id=c.name, marks=_marks(build(c).layout)) for c in _cases()])
def test_generated_pdf(case: PdfCase, tmp_path: Path) -> None:
    built = build(case)
    assert built.layout.split_forms, "the case must cut a table"
    check(case.name, built, tmp_path)


# --- every break position -------------------------------------------------------------------------------
# One document of two forms; a page break forced before each row of the first form's table in
# turn (header rows, the 项目资金 rows under their merged label, the column-name row, every
# indicator row), the print options cycling.

SWEEP_OPTIONS = (
    PdfOptions(),
    PdfOptions(footer_numbers=True, style="rects"),
    PdfOptions(repeat_header=True, style="cell_borders"),
    PdfOptions(reprint_labels=True, style="double", footer_numbers=True),
    PdfOptions(open_cut=True, repeat_header=True),
    PdfOptions(open_cut=True, style="rects", reprint_labels=True),
)
SWEEP_SEED = 5


def _sweep_forms() -> list[FormSpec]:
    return random_document(random.Random(f"pdf-sweep:{SWEEP_SEED}"), "clean", n_forms=2)


def _sweep_opts(row: int) -> PdfOptions:
    return replace(SWEEP_OPTIONS[row % len(SWEEP_OPTIONS)], breaks_at=((0, row),), seed=300 + row)


def _sweep_params() -> list:
    forms = _sweep_forms()
    n_rows = 8 + len(forms[0].indicators)  # 7 header rows, the column-name row, the indicator rows
    return [pytest.param(row, id=f"sweep-row{row}-{_sweep_opts(row).style}",
                         marks=_marks(layout_document(forms, _sweep_opts(row)))) for row in range(1, n_rows)]


@pytest.mark.parametrize("row", _sweep_params())
def test_break_before_each_row(row: int, tmp_path: Path) -> None:
    forms = _sweep_forms()
    layout = layout_document(forms, _sweep_opts(row))
    assert (0, row) in layout.breaks, f"no page break before row {row}: {layout.breaks}"
    check(f"sweep-row{row}", Built(forms, layout, expected_records(forms)), tmp_path)


# --- the smallest document that shows each bug found ---------------------------------------------------------
# One small hand-made form (seven indicators, no cost group, nothing to warn about), printed so
# that exactly one bug shows; the control prints it with a page break. Fixed bugs stay as
# regression cases (bug None: must pass).


def _ind(level1: str, level2: str, name: str, target: str | None) -> IndicatorSpec:
    return IndicatorSpec(level1, level2, level1, level2, name, target)


def small_form(**changes) -> FormSpec:
    form = FormSpec(
        title="项目支出绩效目标表", year=2022, attachment=None, name="青松村道路硬化工程",
        department_printed=None, department=None, department_code=None, implementing_unit="青松镇人民政府",
        attribute="一次性项目", period="一年", funds_unit="元", total="150000", fiscal="150000", other=None,
        overall_goal="完成青松村道路硬化，改善群众出行条件。",
        indicators=[
            _ind("产出指标", "数量指标", "新建硬化道路长度", "3公里"),
            _ind("产出指标", "数量指标", "组织网格员参加业务培训，提升网格化管理服务水平", "12次"),
            _ind("效益指标", "社会效益指标", "受益人口", "600人"),
            _ind("满意度指标", "服务对象满意度指标", "群众满意度", "≥90%"),
            _ind("满意度指标", "服务对象满意度指标", "受益农户满意度", "≥90%"),
            _ind("满意度指标", "服务对象满意度指标", "社会公众满意度", "≥95%"),
            _ind("满意度指标", "服务对象满意度指标", "学生家长满意度", "≥85%"),
        ],
    )
    for key, value in changes.items():
        setattr(form, key, value)
    return form


def _with_indicator(k: int, **changes) -> list[IndicatorSpec]:
    inds = small_form().indicators
    inds[k] = replace(inds[k], **changes)
    return inds


# name → (form, print options, the bug it shows, or None where it must pass); table rows: 0–6 header,
# 7 column names, 8–14 the seven indicators (满意度 group: rows 11–14)
SMALLEST: dict[str, tuple[FormSpec, PdfOptions, str | None]] = {
    "control": (small_form(), PdfOptions(breaks_at=((0, 11),), footer_numbers=True), None),
    # fixed: a fragment of fewer than 4 ruled cells was dropped as a box (PdfSettings.min_cells)
    "title_row_alone": (small_form(), PdfOptions(breaks_at=((0, 1),)), None),
    "last_row_alone_open_cut": (small_form(), PdfOptions(open_cut=True, breaks_at=((0, 14),)), None),
    # fixed: labels in merged cells with no rule on the cut edge were lost when the ruled cells of the
    # page (三级指标/指标值 only) filled their own box, so the cut was never closed
    "open_cut_labels": (small_form(), PdfOptions(open_cut=True, breaks_at=((0, 11), (0, 13))), None),
    # fixed: fragments were stitched by column index; a page of indicator rows only has one column
    # boundary fewer (level-1 labels over 名称|一级指标), so a split 三级指标 was not joined and a row with
    # an empty 指标值 was misread
    "split_row_no_section_column": (small_form(), PdfOptions(section_column=False, split_row=(0, 1)), None),
    "empty_value_no_section_column": (
        small_form(indicators=_with_indicator(3, target=None), warnings={"missing_value"}),
        PdfOptions(section_column=False, breaks_at=((0, 10),)), None),
    # fixed: a 时效指标 row printing its label, the name 2022年全年 and an empty 指标值 was read as shifted
    "valuelike_name_empty_value": (
        small_form(indicators=[*small_form().indicators[:1],
                               _ind("产出指标", "时效指标", "2022年全年", None), *small_form().indicators[2:]],
                   warnings={"missing_value"}),
        PdfOptions(), None),
    # fixed: with no ( 2022 年度) line, the year was taken from the 项目期 cell '2022年'
    "year_from_period": (small_form(year_printed=False, period="2022年", warnings={"year_missing"}),
                         PdfOptions(breaks_at=((0, 11),)), None),
    # fixed: a line wrapped between CJK punctuation and a digit was joined with a space (〔2021〕 12号)
    "wrap_after_bracket": (
        small_form(overall_goal="根据《关于加强项目资金管理的通知》（青岭财发〔2021〕12号）要求，完成道路硬化。"),
        PdfOptions(wrap="uax14", hard_breaks=("〕",), breaks_at=((0, 11),)), None),
    "wrap_after_dash": (small_form(indicators=_with_indicator(2, target="3月—8月")),
                        PdfOptions(wrap="uax14", hard_breaks=("—",), breaks_at=((0, 11),)), None),
    # fixed: a /Rotate 90 page drawn for the landscape view was read sideways (NoFormTableError)
    "rotated_landscape": (small_form(), PdfOptions(rotate="landscape", breaks_at=((0, 11),)), None),
}


def _smallest_params() -> list:
    params = []
    for name, (form, opts, bug) in SMALLEST.items():
        found = known_bugs(layout_document([form], opts))
        assert found == ([bug] if bug else []), f"{name} shows {found}, not just {bug}"
        marks = [pytest.mark.xfail(strict=True, reason=bug)] if bug else []
        params.append(pytest.param(name, id=name, marks=marks))
    return params


@pytest.mark.parametrize("name", _smallest_params())
def test_smallest(name: str, tmp_path: Path) -> None:
    form, opts, _ = SMALLEST[name]
    layout = layout_document([form], opts)
    joined = [opts.split_row is not None]
    check(f"smallest-{name}", Built([form], layout, expected_records([form], joined)), tmp_path)
