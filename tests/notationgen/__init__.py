"""Generators of notation-free text dumps (issue 10): the forms tests/generator.py draws, and the
family forms of tests/familygen, printed the way people really copy them, with their truth.

    case = make_notation_case(3, "spaces")               # variant drawn from the seed
    case = make_notation_case(3, "cell_lines", "blank", content="page_numbers")
    case.text, case.expected                             # [Expected(record, loose)]
    problems(records_from_text(case.text), case.expected)   # [] when read right

    fcase = make_family_notation_case(3, "project_self_eval", "layout")
    differences(fcase.expected, records_from_text(fcase.text), "records")

    ccase = make_concatenated_case(3, "cell_lines", "none", n_docs=3)   # documents one after another (concat.py)
    make_family_notation_case(3, "department_target", "spaces", funds_columns=True)   # funds as column names

Notations (NOTATIONS: name → variants; the first variant is the default drawn most often):
- cell_lines  blank / none: every cell on its own line; a blank line after each row, or nothing.
- spaces      single / runs: a row a line, cells separated by one space, or by runs of 2–5 spaces.
- glued       plain: a row a line, cells glued together with no separator.
- pipe_after  row / cell: `项目名称 | X |` a row a line, or `项目名称 |` a cell a line.
- wrapped     inline / break: a row a line (spaces); a cell wider than 16–28 columns breaks onto the
              next line; the next cell follows on the tail's line (inline) or starts a new one (break).
- one_line    plain: each table fragment on one line, cells separated by single spaces.
- layout      plain / tall: pdftotext -layout: cells at fixed column positions (CJK two columns wide),
              wrapped text continuing in its column, (tall: a blank line between rows); each page
              ends with a centred page number and a form feed opens the next page.
- layout_centred plain / across: layout with every cell centred vertically in its rows, as pdftotext
              prints the PDFs Word and Excel export (checked on samples/pdf): a one-line value sits between
              the two lines of a wrapped name, on a line of its own, and a merged label in the middle of the
              rows it covers. across: as the real output (tests/fixtures/layout): each piece of a cell also
              centred across its column (主管部门及 / 代码 each centred; indicator names and wrapped header
              texts from the left edge), a narrow first column whose labels wrap (年度总体目 / 标), the level
              columns one space from the column after them (质量指标 (必填) 对所配备…).
- layout_cells across: layout_centred / across printed in character cells, as pdftotext prints a page: a
              piece where it stands on paper (a CJK character 1.1 cells wide there, a digit 0.55) counted one
              cell a character, at least one space after the piece before it.
- ocr_lines   plain: one OCR box a line in reading order; a cell wider than the box (18–30 columns)
              becomes two or more lines.
- traditional spaces / cell_lines / glued / one_line: the base notation over the text converted by
              OpenCC s2t, with pinyin after some converted characters (財(cái)政).
In every notation a merged cell is printed once (on the first row it covers) and an empty cell is
not printed at all; lines outside the tables (附件 heading, title, (2022年度) line, page numbers
between fragments) are printed as lines, markdown heading marks dropped.

Content (CONTENTS): clean, page_numbers (two page breaks per form with page-number lines),
fullwidth (full-width digits), and the planted variants dept_code, no_year, funds_sum_mismatch,
cost_sum_mismatch of tests/generator.py. Forms depend on (seed, content) only, as in
generator.make_case, so `make_case(seed, "tsv", content)` prints the same forms as a tab dump.

Truth: `expected_records(forms)` of tests/generator.py (no split cells here, so no cell_joined),
compared on the keys tests/test_generated.py compares, adjusted only where the notation loses
information:
- wrapped / layout / ocr_lines: a cell's wrap is no line break of the text: the truth is the cell
  unwrapped (pieces joined with nothing between them; wraps never cut a run of ASCII letters/digits).
- glued (and traditional over glued): a row whose target starts with a CJK character (不少于12次,
  明显改善, 按计划执行) has nothing marking where the name ends; for those rows only level1, level2
  and name + target together are compared (no parse), and the record may carry extra warnings.
- traditional: project/document strings, title, goal, level3 and target as printed (converted,
  pinyin kept: `Mirror.convert`); level1/level2 stay the canonical labels, funds.unit the unit code
  (元/万元); a target's parse is asserted only where the conversion leaves its text unchanged.
  `normalise` gives the simplified, pinyin-free form.
Family forms: `familygen.expected_record` unchanged (no glued / one_line / traditional for them:
weights and scores glued to values, or a self-evaluation row without its deviation, lose columns).
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from familygen import DISTORTIONS as FAMILY_DISTORTIONS
from familygen import FamilyForm, expected_record, family_document
from generator import Distortions, FormSpec, expected_records, random_document

from . import styles
from .model import Doc, doc_from_family, doc_from_forms, map_doc
from .traditional import Mirror, normalise
from .truth import Expected, glued_loose, mirrored, problems
from .concat import ConcatenatedCase, make_concatenated_case, make_concatenated_family_case  # noqa: E402

NOTATIONS: dict[str, tuple[str, ...]] = {
    "cell_lines": ("blank", "none"),
    "spaces": ("single", "runs"),
    "glued": ("plain",),
    "pipe_after": ("row", "cell"),
    "wrapped": ("inline", "break"),
    "one_line": ("plain",),
    "layout": ("plain", "tall"),
    "ocr_lines": ("plain",),
    "traditional": ("spaces", "cell_lines", "glued", "one_line"),
    "layout_centred": ("plain", "across"),
    "layout_cells": ("across",),
}
STYLES: dict[str, styles.Style] = {
    "cell_lines": styles.cell_lines, "spaces": styles.spaces, "glued": styles.glued,
    "pipe_after": styles.pipe_after, "wrapped": styles.wrapped, "one_line": styles.one_line,
    "layout": styles.layout, "ocr_lines": styles.ocr_lines, "layout_centred": styles.layout_centred,
    "layout_cells": styles.layout_cells,
}
BASE_VARIANT = {"spaces": "single", "cell_lines": "blank", "glued": "plain", "one_line": "plain"}
CONTENTS: dict[str, Distortions] = {
    "clean": Distortions(),
    "page_numbers": Distortions(page_breaks=2, page_numbers=True),
    "fullwidth": Distortions(fullwidth=True),
    "dept_code": Distortions(),
    "no_year": Distortions(),
    "funds_sum_mismatch": Distortions(),
    "cost_sum_mismatch": Distortions(),
}
FAMILY_NOTATIONS = ("cell_lines", "spaces", "pipe_after", "wrapped", "layout", "ocr_lines")
FAMILY_CONTENTS = ("clean", "breaks")  # familygen distortions that print no split cell / OCR spacing
FAMILY_VARIANTS = {"cell_lines": ("blank",)}  # rows not separated: a missing deviation shifts columns

__all__ = ["NOTATIONS", "CONTENTS", "FAMILY_NOTATIONS", "Case", "FamilyNotationCase", "Expected", "Mirror",
           "make_notation_case", "make_family_notation_case", "make_concatenated_case",
           "make_concatenated_family_case", "ConcatenatedCase", "render_notation", "problems", "normalise"]


@dataclass
class Case:
    seed: int
    notation: str
    variant: str
    content: str
    forms: list[FormSpec]
    text: str
    expected: list[Expected]


@dataclass
class FamilyNotationCase:
    seed: int
    kind: str
    notation: str
    variant: str
    forms: list[FamilyForm]
    text: str
    expected: list[dict]


def _variant(notation: str, variant: str | None, rng: random.Random, allowed: tuple[str, ...] | None = None) -> str:
    options = allowed or NOTATIONS[notation]
    if variant is None:
        return rng.choice(options)
    if variant not in options:
        raise ValueError(f"{notation}: no variant {variant!r} (have {options})")
    return variant


def render_notation(doc: Doc, notation: str, variant: str, rng: random.Random) -> tuple[str, Mirror | None]:
    """The text of `doc` in `notation`; for `traditional` also the document's Mirror."""
    if notation != "traditional":
        return STYLES[notation](doc, rng, variant), None
    mirror = Mirror.draw(rng)
    return STYLES[variant](map_doc(doc, mirror.convert), rng, BASE_VARIANT[variant]), mirror


def make_notation_case(seed: int, notation: str, variant: str | None = None, content: str = "clean") -> Case:
    """One generated dump of tests/generator.py's forms in `notation`, and its truth."""
    forms = random_document(random.Random(f"forms:{seed}:{content}"), content)
    rng = random.Random(f"notation:{seed}:{notation}:{content}")
    variant = _variant(notation, variant, rng)
    doc = doc_from_forms(forms, rng, CONTENTS[content])
    text, mirror = render_notation(doc, notation, variant, rng)
    expected = []
    for record in expected_records(forms):
        glued = notation == "glued" or (notation == "traditional" and variant == "glued")
        loose = glued_loose(record) if glued else set()
        if mirror is not None:
            record = mirrored(record, mirror)
        expected.append(Expected(record, loose))
    return Case(seed, notation, variant, content, forms, text, expected)


def make_family_notation_case(seed: int, kind: str, notation: str, variant: str | None = None,
                              distortion: str = "clean", funds_columns: bool = False) -> FamilyNotationCase:
    """One family document (familygen.family_document) in `notation`, with familygen's truth; `funds_columns`:
    its funds printed as column names over a row of amounts (familygen.funds_as_columns)."""
    if notation not in FAMILY_NOTATIONS:
        raise ValueError(f"family forms are not printed as {notation}")
    if distortion not in FAMILY_CONTENTS:
        raise ValueError(f"family forms: no distortion {distortion!r} (have {FAMILY_CONTENTS})")
    forms, printed = family_document(seed, kind, funds_columns=funds_columns)
    rng = random.Random(f"family-notation:{seed}:{kind}:{notation}:{distortion}")
    variant = _variant(notation, variant, rng, FAMILY_VARIANTS.get(notation))
    doc = doc_from_family(printed, rng, FAMILY_DISTORTIONS[distortion])
    text, _ = render_notation(doc, notation, variant, rng)
    return FamilyNotationCase(seed, kind, notation, variant, forms, text, [expected_record(f) for f in forms])
