"""Generated documents: random forms printed as TSV / markdown / HTML dumps, with distortions,
read back by the pipeline and compared with what the generator knows it printed.

The expected records come from tests/generator.py's ground truth, never from the pipeline.
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from generator import (  # noqa: E402
    CONTENT_VARIANTS,
    DISTORTIONS,
    N_HEADER,
    NOT_FOR,
    RENDERERS,
    Case,
    Distortions,
    ExpectedRecord,
    make_case,
    random_document,
)

from jixiao import records_from_text  # noqa: E402

SEEDS = range(3)  # per printing distortion
CONTENT_SEEDS = range(2)  # per content variant

# Cases that fail because of a pipeline bug: (notation or "*", distortion) → reason.
# Pipeline bugs this suite found are fixed; list any new one here as (notation or "*", distortion) → reason
# and the cases run as strict xfails until it is fixed.
KNOWN_BUGS: dict[tuple[str, str], str] = {}


def _known_bug(notation: str, distortion: str) -> str | None:
    return KNOWN_BUGS.get((notation, distortion)) or KNOWN_BUGS.get(("*", distortion))


def _params() -> list:
    params = []
    for distortion in DISTORTIONS:
        for notation in RENDERERS:
            if distortion in NOT_FOR.get(notation, ()):
                continue
            reason = _known_bug(notation, distortion)
            marks = [pytest.mark.xfail(strict=True, reason=reason)] if reason else []
            for seed in CONTENT_SEEDS if distortion in CONTENT_VARIANTS else SEEDS:
                params.append(pytest.param(seed, notation, distortion, marks=marks,
                                           id=f"{notation}-{distortion}-s{seed}"))
    return params


def _show(case: Case) -> str:
    numbered = "\n".join(f"{k + 1:4d}| {line}" for k, line in enumerate(case.text.split("\n")))
    return f"\n--- generated {case.notation} / {case.distortion} / seed {case.seed} ---\n{numbered}\n---"


def _read(case: Case) -> list[dict]:
    try:
        return records_from_text(case.text, path=f"gen-{case.seed}.{case.notation}")
    except Exception as exc:  # a crash is a failure with the text shown
        raise AssertionError(f"records_from_text raised {exc!r}{_show(case)}") from exc


def check_case(case: Case) -> None:
    records = _read(case)
    shown = _show(case)
    assert len(records) == len(case.expected), (
        f"{len(records)} records, expected {len(case.expected)}: "
        f"{[r['project']['name'] for r in records]}{shown}")
    for k, (record, want) in enumerate(zip(records, case.expected)):
        check_record(k, record, want, shown)


def check_record(k: int, record: dict, want: ExpectedRecord, shown: str) -> None:
    where = f"record {k} ({want.project['name']})"
    assert record["form"] == "project_target", f"{where}: form {record['form']!r}{shown}"
    for key in ("year", "title", "document", "project", "funds", "overall_goal"):
        assert record[key] == getattr(want, key), (
            f"{where}: {key} is {record[key]!r}, expected {getattr(want, key)!r}{shown}")
    got = [(i["level1"], i["level2"], i["level3"], i["target"]) for i in record["indicators"]]
    if got != want.indicators:
        lines = []
        for n in range(max(len(got), len(want.indicators))):
            g = got[n] if n < len(got) else None
            w = want.indicators[n] if n < len(want.indicators) else None
            lines.append(f"  {'  ' if g == w else '!!'} [{n}] got {g}  expected {w}")
        raise AssertionError(f"{where}: indicators differ\n" + "\n".join(lines) + shown)
    for n, (comparator, value, unit) in want.parsed.items():
        parsed = record["indicators"][n]["parsed"]
        assert (parsed["comparator"], parsed["value"], parsed["unit"]) == (comparator, value, unit), (
            f"{where}: indicator {n} {want.indicators[n][3]!r} parsed as "
            f"{(parsed['comparator'], parsed['value'], parsed['unit'])}, expected {(comparator, value, unit)}{shown}")
        if value is not None:
            assert type(parsed["value"]) is type(value), f"{where}: indicator {n} value type{shown}"
    codes = {w["code"] for w in record["warnings"]}
    assert codes == want.warnings, (
        f"{where}: warning codes {sorted(codes)}, expected {sorted(want.warnings)}; warnings: "
        + "; ".join(f"{w['code']}: {w['message']}" for w in record["warnings"]) + shown)


@pytest.mark.parametrize(("seed", "notation", "distortion"), _params())
def test_generated(seed: int, notation: str, distortion: str) -> None:
    check_case(make_case(seed, notation, distortion))


# --- every break position -----------------------------------------------------------------------
# Two forms per notation; a single page break at each row position in turn (the kind of break
# cycling through blank lines / a page-number line / repeated column names / a form feed), then a
# split level-3 cell at each body row in turn. Explicit positions apply to both forms.

SWEEP_SEED = 11

def _sweep_forms(notation: str) -> list:
    forms = random_document(random.Random(f"sweep:{SWEEP_SEED}:{notation}"), "clean", n_forms=2)
    forms[0].fiscal, forms[0].other = forms[0].total, None  # 其他资金 printed empty, as in the sample
    forms[1].other = forms[1].other or "0"
    return forms


def _kinds(notation: str) -> tuple[str, ...]:
    return ("blank", "page_number", "repeated_header") + (("form_feed",) if notation != "html" else ())


def _sweep_params() -> list:
    params = []
    for notation in RENDERERS:
        forms = _sweep_forms(notation)
        n_body = len(forms[0].indicators)
        kinds = _kinds(notation)
        first = N_HEADER if notation == "html" else 1  # html tables are cut in the indicator block only
        for pos in range(first, N_HEADER + 1 + n_body):
            kind = kinds[pos % len(kinds)]
            params.append(pytest.param(notation, "break", kind, pos, id=f"{notation}-break-{kind}-row{pos}"))
        for body_row in range(n_body):
            kind = kinds[body_row % len(kinds)]
            params.append(pytest.param(notation, "split", kind, body_row, id=f"{notation}-split-{kind}-body{body_row}"))
    return params


@pytest.mark.parametrize(("notation", "what", "kind", "position"), _sweep_params())
def test_break_positions(notation: str, what: str, kind: str, position: int) -> None:
    """One page break (blank lines / page number / form feed / repeated column names) at each row
    position of the first form in turn; then a split level-3 cell at each body row in turn."""
    forms = _sweep_forms(notation)
    opts = Distortions(
        breaks_at=(position,) if what == "break" else (),
        split_at=position if what == "split" else None,
        page_numbers=kind in ("page_number", "form_feed"),
        form_feed=kind == "form_feed",
        repeated_header=kind == "repeated_header",
    )
    check_case(make_case(SWEEP_SEED, notation, f"sweep-{what}-{kind}-{position}", opts=opts, forms=forms))
