"""Generators of the other forms of the family (self-evaluations, department-wide and
transfer-payment forms) and of template variants of the target form, each with its truth.

    case = make_family_case(3, "project_self_eval", "tsv", "breaks")
    case.text                     # the dump
    case.expected                 # [expected record dict] (familygen.truth.expected_record)
    differences(case.expected[0], record)   # [] when the record holds the truth

Kinds (KINDS): project_self_eval, department_target, department_self_eval, transfer_target,
project_target:parts / :value_type / :no_levels / :total_rows. Planted inconsistencies
(PLANTS_FOR[form code]): score_exceeds_weight, score_total_mismatch, execution_rate_mismatch,
target_not_met, funds_mismatch; `form.planted` maps each to the field (prefix) it must be
raised on.

Truth conventions beyond design/record-contract.md v1.1:
- self-evaluations: 总分 = Σ indicator 得分 + the funds grid's 得分 where the funds grid prints
  分值/得分 (then indicator 分值 add up to 100 − funds 分值), else Σ indicator 得分; 分值 of 总分 is 100;
  a level-1 annotation （N分） is the sum of its indicators' 分值; grade is null where no 自评等级 row.
- funds grid 分值/得分 cells only on the 年度资金总额 row; execution rate = 全年执行数 / 全年预算数
  printed to 2 (or 1) decimals; every amount column adds up (年度资金总额 = Σ rows below it).
- deviation "无" / "无偏差" kept as strings; an empty cell is null.
- department_target: no funds_detail (funds are 资金总额 / 财政拨款 / 其他资金, printed as three
  columns or three rows under 年度预算申请（万元）); task amounts add up to 资金总额.
- transfer_target: no funds_detail; region = 实施区域 (null when not printed).
- project_target:total_rows: per indicator `weight` (分值 column), total_weight_printed = 合计's 分值.
- project_target:value_type: nature = 定量/定性 (the 指标值类型 cell), target = the 指标值 cell.
- target_parts {nature, value, unit}; a 定性 row prints its text in 指标值, nature 定性, unit null.
- 以上 after a number parses as ≥, ═ as =.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from .forms import (COLUMN_FUNDS_FORMS, KINDS, PLANTS, PLANTS_FOR, TARGET_VARIANTS, funds_as_columns,
                    random_family_form)
from .layouts import Printed, print_form
from .render import DISTORTIONS, NOTATIONS, PrintOptions, render_family
from .spec import FamilyForm, FIndicator
from .truth import FIVE_CODES, differences, expected_record, planted_problems

__all__ = ["COLUMN_FUNDS_FORMS", "KINDS", "PLANTS", "PLANTS_FOR", "TARGET_VARIANTS", "DISTORTIONS", "NOTATIONS", "FIVE_CODES",
           "FamilyForm", "FIndicator", "Printed", "PrintOptions", "FamilyCase", "random_family_form",
           "print_form", "render_family", "expected_record", "differences", "planted_problems",
           "family_document", "make_family_case"]


@dataclass
class FamilyCase:
    seed: int
    kind: str
    notation: str
    distortion: str
    forms: list[FamilyForm]
    printed: list[Printed]
    text: str
    expected: list[dict]


def family_document(seed: int, kind: str, plant: str | None = None, n_forms: int | None = None,
                    funds_columns: bool = False) -> tuple[list[FamilyForm], list[Printed]]:
    """1–2 forms of `kind` (the first carries `plant`) and their grids: the same for every notation.
    `funds_columns`: funds printed as column names over a row of amounts (forms.funds_as_columns), whatever the
    form drew; the same forms otherwise."""
    rng = random.Random(f"family:{seed}:{kind}:{plant}")
    n_forms = n_forms or (2 if rng.random() < 0.3 else 1)
    year = rng.randint(2019, 2025)
    forms = [random_family_form(rng, kind, plant if k == 0 else None, year) for k in range(n_forms)]
    if funds_columns:
        for k, form in enumerate(forms):
            funds_as_columns(form, random.Random(f"funds-columns:{seed}:{kind}:{plant}:{k}"))
    printed = [print_form(f, random.Random(f"layout:{seed}:{kind}:{plant}:{k}")) for k, f in enumerate(forms)]
    return forms, printed


def make_family_case(seed: int, kind: str, notation: str, distortion: str = "clean", plant: str | None = None,
                     n_forms: int | None = None, funds_columns: bool = False) -> FamilyCase:
    forms, printed = family_document(seed, kind, plant, n_forms, funds_columns)
    rng = random.Random(f"print:{seed}:{kind}:{plant}:{notation}:{distortion}")
    text = render_family(notation, printed, rng, DISTORTIONS[distortion])
    return FamilyCase(seed, kind, notation, distortion, forms, printed, text, [expected_record(f) for f in forms])
