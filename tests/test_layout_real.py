"""Real `pdftotext -layout` output (poppler 22.12) of the two sample PDFs (samples/pdf), kept as fixtures
so that no test calls pdftotext: the records they must yield are those of samples/pdf/expected.json.

Real output is harder than the generator's `layout_centred`: cells are centred across as well as down
(a wrapped label's pieces each centred in its column: 主管部门及 / 代码), the header labels wrap in their
narrow margin column (年度总体目 / 标), two columns may be parted by a single space (质量指标 (必填)
对所配备…), pdftotext pushes a piece to one space after a neighbour wider in characters than on paper, and it sets
the page out in character cells (one a character, CJK or not), not in display columns (CJK two wide).
notationgen's `layout_centred` / `across` prints the first three, `layout_cells` all. Every form is read whole
now; the pins below (the forms read whole, the header of every form but the ones named, the indicators
read right) say where a change reads less.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from jixiao import records_from_text

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = ROOT / "tests" / "fixtures" / "layout"
EXPECTED = json.loads((ROOT / "samples" / "pdf" / "expected.json").read_text(encoding="utf-8"))
SAMPLES = ("pingluo-docx", "pingluo-xlsx")


def _bare(text: str | None) -> str:
    return "".join((text or "").split())


def _printed(table: dict) -> dict:
    """What a table prints, as the record fields it must come out as (spaces aside)."""
    return {
        "name": _bare(table["project"]["name"]), "implementing_unit": _bare(table["project"]["implementing_unit"]),
        "attribute": _bare(table["project"]["attribute"]), "period": _bare(table["project"]["period"]),
        "total": _bare(table["funds"]["total"]), "goal": _bare(table["goal"]),
        "indicators": [(_bare(i["level3"]), _bare(i["target"])) for i in table["indicators"]],
    }


def _read(record: dict) -> dict:
    project, funds = record.get("project") or {}, record.get("funds") or {}
    total = funds.get("total")
    return {
        "name": _bare(project.get("name")), "implementing_unit": _bare(project.get("implementing_unit")),
        "attribute": _bare(project.get("attribute")), "period": _bare(project.get("period")),
        "total": _bare(f"{total:g}" if isinstance(total, float) else str(total or "")), "goal": _bare(record.get("overall_goal")),
        "indicators": [(_bare(i.get("level3")), _bare(i.get("target"))) for i in record.get("indicators", [])],
    }


def _records(sample: str) -> list[dict]:
    return records_from_text((FIXTURES / f"{sample}.txt").read_text(encoding="utf-8"), f"{sample}.txt")


@pytest.mark.parametrize("sample", SAMPLES)
def test_real_layout_yields_a_record_per_form(sample: str) -> None:
    assert len(_records(sample)) == len(EXPECTED["pdfs"][f"{sample}.pdf"]["tables"])


# Forms read whole, and forms whose header fields are not all read right yet (by position in the sample).
READ_WHOLE = {"pingluo-docx": tuple(range(12)), "pingluo-xlsx": tuple(range(12))}
HEADER_NOT_YET: dict[str, tuple[int, ...]] = {"pingluo-docx": (), "pingluo-xlsx": ()}
# of 113 each (59 and 46 before the across reading, 100 before reading in character cells)
INDICATORS_RIGHT = {"pingluo-docx": 113, "pingluo-xlsx": 113}


def _pairs(sample: str) -> list[tuple[dict, dict]]:
    want = [_printed(t) for t in EXPECTED["pdfs"][f"{sample}.pdf"]["tables"]]
    return list(zip(want, [_read(r) for r in _records(sample)]))


@pytest.mark.parametrize("sample", SAMPLES)
def test_real_layout_forms_read_whole(sample: str) -> None:
    pairs = _pairs(sample)
    assert [k for k, (want, got) in enumerate(pairs) if want == got] == list(READ_WHOLE[sample])


@pytest.mark.parametrize("sample", SAMPLES)
def test_real_layout_headers(sample: str) -> None:
    def header(fields: dict) -> dict:
        return {k: v for k, v in fields.items() if k != "indicators"}
    wrong = [k for k, (want, got) in enumerate(_pairs(sample)) if header(want) != header(got)]
    assert wrong == list(HEADER_NOT_YET[sample])


@pytest.mark.parametrize("sample", SAMPLES)
def test_real_layout_indicators_read_right(sample: str) -> None:
    right = sum(sum(i in want["indicators"] for i in got["indicators"]) for want, got in _pairs(sample))
    assert right == INDICATORS_RIGHT[sample]


@pytest.mark.parametrize("sample", SAMPLES)
def test_real_layout_records_are_the_printed_forms(sample: str) -> None:
    assert all(want == got for want, got in _pairs(sample))
