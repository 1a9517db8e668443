"""The whole form family (issue 9): generated self-evaluations, department-wide and transfer-payment
forms and template variants of the target form (tests/familygen/), printed as tab dumps, markdown,
HTML and PDFs, read back by the pipeline and compared with the generator's own truth.

    .venv/bin/python -m pytest tests/test_family_generated.py -q
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from familygen import (  # noqa: E402
    DISTORTIONS,
    FIVE_CODES,
    KINDS,
    NOTATIONS,
    PLANTS_FOR,
    FamilyCase,
    differences,
    expected_record,
    family_document,
    make_family_case,
    planted_problems,
)
from familygen.pdf import FamilyPdfOptions, layout_family, write_family_pdf  # noqa: E402
from pdfgen import STYLES  # noqa: E402

from jixiao import records_from_path, records_from_text  # noqa: E402

SEEDS = range(3)
PDF_SEEDS = range(2)
PLANT_SEEDS = range(2)
DISTORTION_CYCLE = tuple(DISTORTIONS)  # clean, breaks, split, ocr: one per seed, shifted per notation
CLOSING_WORDS = ("总分", "合计", "自评等级", "填报单位", "联系人", "联系电话", "盖章")


def _show(case: FamilyCase) -> str:
    numbered = "\n".join(f"{k + 1:4d}| {line}" for k, line in enumerate(case.text.split("\n")))
    return f"\n--- {case.kind} / {case.notation} / {case.distortion} / seed {case.seed} ---\n{numbered}\n---"


def _read_text(case: FamilyCase) -> list[dict]:
    try:
        return records_from_text(case.text, path=f"family-{case.seed}.{case.notation}")
    except Exception as exc:  # a crash is a failure with the text shown
        raise AssertionError(f"records_from_text raised {exc!r}{_show(case)}") from exc


def _problems(forms: list, expected: list[dict], records: list[dict]) -> list[str]:
    problems = differences(expected, records, "records")
    for k, (form, record) in enumerate(zip(forms, records)):
        problems += [f"records[{k}]: {p}" for p in planted_problems(form, record)]
    return problems


def _case_params() -> list:
    params = []
    for kind in KINDS:
        for n, notation in enumerate(NOTATIONS):
            for seed in SEEDS:
                distortion = DISTORTION_CYCLE[(seed + n) % len(DISTORTION_CYCLE)]
                params.append(pytest.param(seed, kind, notation, distortion,
                                           id=f"{kind}-{notation}-{distortion}-s{seed}"))
    return params


# --- the generator itself --------------------------------------------------------------------------


@pytest.mark.parametrize("kind", KINDS)
def test_generator_is_deterministic(kind: str) -> None:
    a = make_family_case(4, kind, "tsv", "split")
    b = make_family_case(4, kind, "tsv", "split")
    assert a.text == b.text and a.expected == b.expected
    other = make_family_case(5, kind, "tsv", "split")
    assert other.text != a.text
    # the notations print the same content
    assert make_family_case(4, kind, "html", "clean").expected == a.expected


@pytest.mark.parametrize("kind", KINDS)
def test_generator_renders_everything(kind: str) -> None:
    """Every notation, distortion and plant renders; the truth holds what the form declares."""
    code = kind.partition(":")[0]
    for seed in range(2):
        for notation in NOTATIONS:
            for distortion in DISTORTIONS:
                case = make_family_case(seed, kind, notation, distortion)
                assert case.text.strip() and case.expected
        for plant in (None, *PLANTS_FOR[code]):
            forms, printed = family_document(seed, kind, plant)
            assert set(forms[0].planted) == ({plant} if plant else set())
            for form in forms:
                record = expected_record(form)
                assert record["form"] == code and record["indicators"]
                if record.get("self_eval_total_score") is not None and plant != "score_total_mismatch":
                    funds = record["funds_detail"]
                    k = funds["columns"].index("得分") if "得分" in funds["columns"] else None
                    funds_score = next(iter(funds["rows"].values()))[k] if k is not None else 0
                    total = sum(i["score"] for i in record["indicators"]) + funds_score
                    assert total == record["self_eval_total_score"]
            layout_family(printed[0], FamilyPdfOptions(breaks=2, split_cell=True, seed=seed))


# --- text dumps ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("seed", "kind", "notation", "distortion"), _case_params())
def test_family_text(seed: int, kind: str, notation: str, distortion: str) -> None:
    case = make_family_case(seed, kind, notation, distortion)
    records = _read_text(case)
    problems = _problems(case.forms, case.expected, records)
    assert not problems, "\n".join(problems) + _show(case)


def _plant_params() -> list:
    return [pytest.param(seed, kind, plant, id=f"{kind}-{plant}-s{seed}")
            for kind in KINDS if PLANTS_FOR[kind.partition(":")[0]]
            for plant in PLANTS_FOR[kind.partition(":")[0]] for seed in PLANT_SEEDS]


@pytest.mark.parametrize(("seed", "kind", "plant"), _plant_params())
def test_planted_warning(seed: int, kind: str, plant: str) -> None:
    """The planted code is raised on its field; none of the other four of the five codes is."""
    notation = NOTATIONS[seed % len(NOTATIONS)]
    case = make_family_case(seed, kind, notation, "breaks" if seed else "clean", plant=plant)
    records = _read_text(case)
    assert len(records) == len(case.forms), f"{len(records)} records, expected {len(case.forms)}{_show(case)}"
    problems = [p for k, (f, r) in enumerate(zip(case.forms, records)) for p in planted_problems(f, r)]
    assert not problems, "\n".join(problems) + _show(case)


@pytest.mark.parametrize("kind", [k for k in KINDS if k in ("project_self_eval", "department_self_eval",
                                                              "project_target:total_rows")])
def test_no_indicator_from_closing_rows(kind: str) -> None:
    """总分 / 合计 / 自评等级 / sign-off rows are not indicators, in any notation."""
    for seed in SEEDS:
        for notation in NOTATIONS:
            case = make_family_case(seed, kind, notation, "clean")
            for record in _read_text(case):
                for ind in record["indicators"]:
                    texts = " ".join(str(ind.get(k) or "") for k in ("level1", "level2", "level3", "target"))
                    assert not any(w in texts for w in CLOSING_WORDS), f"indicator from a closing row: {ind}{_show(case)}"
            counts = [len(r["indicators"]) for r in _read_text(case)]
            assert counts == [len(f.indicators) for f in case.forms], f"indicator counts {counts}{_show(case)}"


def test_five_codes_listed() -> None:
    assert set(FIVE_CODES) == set(PLANTS_FOR["project_self_eval"])


# --- PDFs -------------------------------------------------------------------------------------------------


def _pdf_params() -> list:
    params = []
    for n, kind in enumerate(KINDS):
        for seed in PDF_SEEDS:
            style = STYLES[(n + seed) % len(STYLES)]
            params.append(pytest.param(seed, kind, style, id=f"{kind}-{style}-s{seed}"))
    return params


@pytest.mark.parametrize(("seed", "kind", "style"), _pdf_params())
def test_family_pdf(seed: int, kind: str, style: str, tmp_path: Path) -> None:
    forms, printed = family_document(seed, kind, None, n_forms=1)
    opts = FamilyPdfOptions(style=style, breaks=1 + seed, split_cell=seed % 2 == 0, footer_numbers=seed == 1,
                            seed=seed)
    layout = layout_family(printed[0], opts)
    assert len(layout.pages) > 1, "the table must be cut by a page break"
    pdf = write_family_pdf(printed[0], tmp_path / f"{kind.replace(':', '_')}-{seed}.pdf", opts)
    shown = f"\n--- {kind} seed {seed} {opts}: {pdf}\n" + "\n".join("\t".join(printed[0].grid.flat(r))
                                                                     for r in range(printed[0].grid.n_rows))
    try:
        records = records_from_path(pdf)
    except Exception as exc:
        raise AssertionError(f"records_from_path raised {exc!r}{shown}") from exc
    problems = _problems(forms, [expected_record(f) for f in forms], records)
    assert not problems, "\n".join(problems) + shown
