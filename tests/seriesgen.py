"""Target forms of the same projects over 2–4 years (issue 12, `jixiao compare`), with the expected
compare rows: targets kept, raised, lowered, dropped and added, funds kept or moved; a project, its
namesake in another department and its near-named sibling in the same department, each its own series.

    series = make_series(3)
    series.sources   # [Source], one target form a source, in no particular order
    series.rows      # the rows compare_rows must give (the contract's columns)
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from familygen.spec import FamilyForm, _pool, fmt_num
from generator import Target, _groups
from pairgen import NEAR_SUFFIXES, Project, Row, Source, _department, _projects, render, target_form

SERIES_VARIANTS = ("parts", "value_type", "total_rows")
MONEY_TO_YUAN = {"元": 1, "万元": 10_000}


@dataclass
class SeriesBatch:
    sources: list[Source]
    rows: list[dict]  # the expected compare rows, in compare_rows order


@dataclass
class YearRow:
    template: str  # level 3 with {year}
    level1: str
    level2: str
    target: Target

    def row(self, year: int) -> Row:
        return Row(self.level1, self.level2, self.template.format(year=year), self.target)


def _series_rows(rng: random.Random, year: int, split: bool) -> list[YearRow]:
    rows = []
    for level1, level2s in _groups(rng, rng.choice(["classic", "2021"])):
        for level2 in level2s:
            pool = _pool(level2)
            for template, make in rng.sample(list(pool), min(rng.randint(1, 3), len(pool))):
                target = make(rng, year)
                if not (split and target.parsed is None):
                    rows.append(YearRow(template, level1, level2, target))
    return rows


def _moved(target: Target, up: bool) -> Target | None:
    """The same target with its figure raised or lowered, or None where it has no sure figure."""
    if target.parsed is None or not isinstance(target.parsed[1], int) or target.parsed[1] < 3:
        return None
    comparator, value, unit = target.parsed
    new = value + 2 if up else value - 2
    if unit == "%" and new > 100:
        return None
    printed = fmt_num(value)
    if target.text.count(printed) != 1:
        return None
    return Target(target.text.replace(printed, fmt_num(new)), (comparator, new, unit))


def _next_year(rng: random.Random, rows: list[YearRow], split: bool, year: int) -> tuple[list[YearRow], dict]:
    """Next year's rows and what happened to each (template → change; added ones too)."""
    out, changes = [], {}
    for row in rows:
        roll = rng.random()
        if roll < 0.12 and len(rows) > 3:
            changes[row.template] = "dropped"
            continue
        moved = _moved(row.target, up=roll < 0.4) if roll < 0.6 else None
        changes[row.template] = "kept" if moved is None else ("raised" if roll < 0.4 else "lowered")
        out.append(YearRow(row.template, row.level1, row.level2, moved or row.target))
    used = {r.template for r in rows}
    level2 = rng.choice(out).level2 if out else rows[0].level2
    fresh = [(t, m) for t, m in _pool(level2) if t not in used]
    if fresh and rng.random() < 0.6:
        template, make = rng.choice(fresh)
        target = make(rng, year)
        if not (split and target.parsed is None):
            last = max((k for k, r in enumerate(out) if r.level2 == level2), default=-1)
            level1 = next(r.level1 for r in rows if r.level2 == level2)
            out.insert(last + 1, YearRow(template, level1, level2, target))
            changes[template] = "added"
    return out, changes


def _funds_text(form: FamilyForm) -> str | None:
    total = form.funds["total"]
    return None if total is None else f"{fmt_num(total)}{form.funds['unit']}"


def _funds_change(a: FamilyForm, b: FamilyForm) -> str:
    ya = a.funds["total"] * MONEY_TO_YUAN[a.funds["unit"]]
    yb = b.funds["total"] * MONEY_TO_YUAN[b.funds["unit"]]
    return "kept" if abs(ya - yb) < 0.005 else ("raised" if yb > ya else "lowered")


def _expected_pair(project: Project, a: FamilyForm, b: FamilyForm, changes: dict, rows_a: list[YearRow],
                   rows_b: list[YearRow]) -> list[dict]:
    head = {"project": project.name, "department": project.department, "year_from": a.year, "year_to": b.year}
    out = [{**head, "level3": "年度资金总额", "target_from": _funds_text(a), "target_to": _funds_text(b),
            "change": _funds_change(a, b)}]
    by_template_b = {r.template: k for k, r in enumerate(rows_b)}
    for k, row in enumerate(rows_a):
        j = by_template_b.get(row.template)
        out.append({**head, "level3": (b.indicators[j] if j is not None else a.indicators[k]).level3,
                    "target_from": a.indicators[k].target,
                    "target_to": b.indicators[j].target if j is not None else None,
                    "change": changes[row.template]})
    for j, row in enumerate(rows_b):
        if changes.get(row.template) == "added":
            out.append({**head, "level3": b.indicators[j].level3, "target_from": None,
                        "target_to": b.indicators[j].target, "change": "added"})
    return out


def _series_forms(rng: random.Random, project: Project, first_year: int, n_years: int
                  ) -> tuple[list[FamilyForm], list[dict]]:
    variant = rng.choice(SERIES_VARIANTS)
    split = variant == "parts"
    rows = _series_rows(rng, first_year, split)
    forms, expected, previous, previous_rows = [], [], None, []
    for year in range(first_year, first_year + n_years):
        changes: dict = {}
        if previous is not None:
            rows, changes = _next_year(rng, previous_rows, split, year)
        form, _ = target_form(rng, project, year, [r.row(year) for r in rows], variant)
        if previous is not None and rng.random() < 0.3:  # the same funds as last year
            form.funds, form.funds_pairs, form.funds_label = previous.funds, previous.funds_pairs, previous.funds_label
        if previous is not None:
            expected += _expected_pair(project, previous, form, changes, previous_rows, rows)
        forms.append(form)
        previous, previous_rows = form, rows
    return forms, expected


def make_series(seed: int) -> SeriesBatch:
    """A project followed 2–4 years, its namesake in another department and its near-named sibling in
    the same department (each followed over its own years), as target forms in no particular order."""
    rng = random.Random(f"series:{seed}")
    first = rng.randint(2019, 2022)
    base = _projects(rng, 1)[0]
    if base.department is None:
        base.department, base.printed_department, base.code = _department(rng, True)
    namesake_dept = _department(rng, True)
    while namesake_dept[0] == base.department:
        namesake_dept = _department(rng, True)
    projects = [base, Project(1, base.name, base.place, *namesake_dept, base.unit),
                Project(2, base.name + rng.choice(NEAR_SUFFIXES), base.place, base.department,
                        base.printed_department, base.code, base.unit)]
    sources, rows = [], []
    for project in projects:
        forms, expected = _series_forms(rng, project, first, rng.randint(2, 4))
        sources += [Source(f"s{project.key}-{f.year}.txt", render(f, rng), "target", project.key, f.year)
                    for f in forms]
        rows += expected
    rng.shuffle(sources)
    rows.sort(key=lambda r: (str(r["project"] or ""), str(r["department"] or ""), r["year_from"]))
    return SeriesBatch(sources, rows)
