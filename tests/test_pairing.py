"""Checks across forms and years (issue 12): self-evaluations paired with their target forms, `achieved`
per indicator, the pairing findings, and the compare rows of projects across years — on generated
batches whose truth is known (tests/pairgen.py), read through the real pipeline.

    .venv/bin/python -m pytest tests/test_pairing.py -q
"""

from __future__ import annotations

import copy
import json
import csv
import sys
from collections import Counter
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pairgen import PairBatch, make_pair_batch  # noqa: E402
from seriesgen import make_series  # noqa: E402

from jixiao import records_from_text  # noqa: E402
from jixiao.cli import main  # noqa: E402
from jixiao.normalize.achievement import judge  # noqa: E402
from jixiao.normalize.across_years import COLUMNS, compare_rows, target_change  # noqa: E402
from jixiao.normalize.findings import CODES  # noqa: E402
from jixiao.normalize.pairing import pair_batch  # noqa: E402
from jixiao.schema.validate import validate_record  # noqa: E402

PAIR_SEEDS = range(3)
SERIES_SEEDS = range(4)


def _read(batch: PairBatch) -> list[dict]:
    records = []
    for source in batch.sources:
        found = records_from_text(source.text, path=source.path)
        assert len(found) == 1, source.path
        records += found
    return records


def _pairing_findings(record: dict) -> Counter:
    return Counter((w["code"], w["field"]) for w in record["warnings"] if w.get("origin") == "pairing")


@pytest.mark.parametrize("seed", PAIR_SEEDS)
def test_pairs_achieved_and_findings_are_the_truth(seed: int) -> None:
    batch = make_pair_batch(seed, n_projects=6)
    records = _read(batch)
    result = pair_batch(records)
    got = {p.self_eval: p.target for p in result.pairs}
    assert {t.self_eval: t.target for t in batch.truths if t.target is not None} == got
    assert sorted(result.unpaired) == sorted(t.self_eval for t in batch.truths if t.target is None)
    for truth in batch.truths:
        record = result.records[truth.self_eval]
        validate_record(record)
        assert [i["achieved"] for i in record["indicators"]] == truth.achieved, batch.sources[truth.self_eval].path
        assert _pairing_findings(record) == truth.findings, batch.sources[truth.self_eval].path
        if truth.target is None:
            assert record["paired_target"] is None
            assert all(i["paired_indicator"] is None for i in record["indicators"])
            continue
        target = records[truth.target]
        assert record["paired_target"]["sha256"] == target["source"]["sha256"]
        assert record["paired_target"]["table"] == 1
        assert record["paired_target"]["path"] == batch.sources[truth.target].path
        assert 0 < record["paired_target"]["score"] <= 100
        for indicator in record["indicators"]:
            if indicator["paired_indicator"] is not None:
                partner = target["indicators"][indicator["paired_indicator"]]
                assert partner["level3"] == indicator["level3"]


def test_pair_batch_is_pure_and_idempotent() -> None:
    records = _read(make_pair_batch(1, n_projects=4))
    before = copy.deepcopy(records)
    first = pair_batch(records)
    assert records == before  # the input is never changed
    again = pair_batch(first.records)
    assert again.records == first.records
    assert again.changed == []
    assert set(first.changed) == set(first.unpaired) | {p.self_eval for p in first.pairs}


def test_target_forms_and_other_forms_are_left_as_they_are() -> None:
    records = _read(make_pair_batch(2, n_projects=4))
    result = pair_batch(records)
    for k, record in enumerate(result.records):
        if record["form"] == "project_target":
            assert record is records[k]


def test_new_codes_are_documented() -> None:
    readme = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")
    for code in ("indicator_dropped", "indicator_added", "target_changed", "target_not_met"):
        assert code in CODES
        assert f"`{code}`" in readme


# --- achieved, in words --------------------------------------------------------------------------------


@pytest.mark.parametrize(("target", "actual", "status", "note"), [
    ("≥95%", "93%", "not_met", "年度指标值 ≥95%，实际完成值 93%：未达成"),
    ("≥95%", "96%", "met", "年度指标值 ≥95%，实际完成值 96%：达成"),
    ("≥95%", "0.97", "met", "年度指标值 ≥95%，实际完成值 0.97：达成"),
    ("18", "17", "not_met", "年度指标值 18（按 ≥ 计），实际完成值 17：未达成"),
    ("≤330元/人", "328元/人", "met", "年度指标值 ≤330元/人，实际完成值 328元/人：达成"),
    ("10个", "10人", "not_comparable", "年度指标值 10个（按 ≥ 计），实际完成值 10人：无法比较（单位不同）"),
    ("良好", "良好", "met", "年度指标值 良好，实际完成值 良好：达成"),
    ("良好", "较好", "not_comparable", "年度指标值 良好，实际完成值 较好：无法比较（定性指标，文字不同）"),
    ("2022年12月底前", "2022年11月", "met", "年度指标值 2022年12月底前，实际完成值 2022年11月：达成"),
    ("2022年12月底前", "2023年1月", "not_met", "年度指标值 2022年12月底前，实际完成值 2023年1月：未达成"),
    ("≥95%", None, "not_comparable", "年度指标值 ≥95%，实际完成值 （空）：无法比较（未填实际完成值）"),
    ("≥95%", "已完成", "not_comparable", "年度指标值 ≥95%，实际完成值 已完成：无法比较（实际完成值不是数值）"),
])
def test_judge_says_it_in_words(target: str, actual: str | None, status: str, note: str) -> None:
    achievement = judge({"level3": "群众满意度", "target": target}, actual)
    assert (achievement.status, achievement.note) == (status, note)


# --- across years ------------------------------------------------------------------------------------------


@pytest.mark.parametrize(("before", "after", "change"), [
    ("≥95%", "≧95%", "kept"), ("18个", "═18个", "kept"), ("不少于12次", "≥14次", "raised"),
    ("≤330元/人", "≤300元/人", "lowered"), ("≥95%", "≤5%", "changed"), ("≥95%", "95个", "changed"),
    ("明显", "显著", "changed"), ("明显", "明显", "kept"), ("2022年12月底前", "2023年12月底前", "kept"),
    ("3-5个", "4-6个", "raised"), ("3-5个", "2-6个", "changed"), ("≥2000人", "≥2023人", "raised"),
])
def test_target_change(before: str, after: str, change: str) -> None:
    assert target_change({"level3": "x", "target": before}, {"level3": "x", "target": after}) == change


@pytest.mark.parametrize("seed", SERIES_SEEDS)
def test_compare_rows_are_the_truth(seed: int) -> None:
    batch = make_series(seed)
    records = [records_from_text(s.text, path=s.path)[0] for s in batch.sources]
    assert [{k: r[k] for k in COLUMNS} for r in compare_rows(records)] == batch.rows


# --- the commands --------------------------------------------------------------------------------------


def _write_sources(batch_sources: list, folder: Path) -> None:
    folder.mkdir()
    for source in batch_sources:
        (folder / source.path).write_text(source.text, encoding="utf-8")


def _csv_rows(path: Path) -> list[dict]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def _as_csv(rows: list[dict]) -> list[dict]:
    return [{k: "" if r[k] is None else str(r[k]) for k in COLUMNS} for r in rows]


def test_pair_command_rewrites_the_self_evaluations(tmp_path: Path, capsys) -> None:
    batch = make_pair_batch(0, n_projects=3)
    _write_sources(batch.sources, tmp_path / "src")
    out = tmp_path / "out"
    assert main(["extract", str(tmp_path / "src"), "-o", str(out), "--quiet", "--jobs", "1"]) == 0
    capsys.readouterr()
    assert main(["pair", str(out)]) == 0
    pairs = sum(t.target is not None for t in batch.truths)
    assert f"jixiao: paired {pairs} of {len(batch.truths)} self-evaluations" in capsys.readouterr().err
    from jixiao.review.folder import read_folder

    for path, records in read_folder(out):
        for record in records:
            assert ("paired_target" in record) == (record["form"] == "project_self_eval"), path
    assert main(["pair", str(out)]) == 0
    assert "; 0 of " in capsys.readouterr().err  # nothing left to change


def test_compare_command_from_folder_and_database(tmp_path: Path, capsys) -> None:
    batch = make_series(1)
    _write_sources(batch.sources, tmp_path / "src")
    out = tmp_path / "out"
    assert main(["extract", str(tmp_path / "src"), "-o", str(out), "--quiet", "--jobs", "1"]) == 0
    assert main(["compare", str(out), "--csv", str(tmp_path / "a.csv")]) == 0
    printed = capsys.readouterr()
    assert batch.rows[0]["project"] in printed.out and "提高 (raised)" in printed.out
    written = _csv_rows(tmp_path / "a.csv")
    assert list(written[0]) == [*COLUMNS, "level2", "kind", "form"]
    assert [{k: r[k] for k in COLUMNS} for r in _csv_rows(tmp_path / "a.csv")] == _as_csv(batch.rows)
    db = tmp_path / "j.db"
    assert main(["load", str(out), "--db", str(db)]) == 0
    assert main(["compare", str(db), "--csv", str(tmp_path / "b.csv"), "--quiet"]) == 0
    assert _csv_rows(tmp_path / "b.csv") == _csv_rows(tmp_path / "a.csv")


def test_compare_of_a_missing_folder_is_one_line(tmp_path: Path, capsys) -> None:
    assert main(["compare", str(tmp_path / "nothing")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("jixiao: error: ") and len(err.strip().splitlines()) == 1


def test_report_shows_each_projects_comparison_rows(tmp_path: Path, capsys) -> None:
    import json
    import re

    from jixiao.normalize.across_years import compare_rows

    batch = make_series(2)
    _write_sources(batch.sources, tmp_path / "src")
    out = tmp_path / "out"
    assert main(["extract", str(tmp_path / "src"), "-o", str(out), "--quiet", "--jobs", "1"]) == 0
    assert main(["report", str(out), "-o", str(tmp_path / "r.html"), "--no-images"]) == 0
    html = (tmp_path / "r.html").read_text(encoding="utf-8")
    data = json.loads(re.search(r'id="report-data">(.*?)</script>', html, re.S).group(1))
    embedded = sorted((row for rows in data["comparisons"].values() for row in rows),
                      key=lambda r: (str(r["project"]), str(r["department"]), r["year_from"], str(r["level3"])))
    records = [json.loads(line) for f in sorted(out.glob("*.jsonl")) for line in f.read_text().splitlines()]
    expected = sorted(compare_rows(records),
                      key=lambda r: (str(r["project"]), str(r["department"]), r["year_from"], str(r["level3"])))
    assert embedded == json.loads(json.dumps(expected, ensure_ascii=False)) and expected
    assert {r["project"] for r in embedded} == {r["project"] for r in batch.rows}


def test_extract_pairs_the_batch_and_its_database(tmp_path: Path, capsys) -> None:
    """`jixiao extract` pairs as `jixiao pair` does, and the database gets the paired records."""
    import sqlalchemy as sa

    batch = make_pair_batch(3, n_projects=4)
    _write_sources(batch.sources, tmp_path / "src")
    out, db = tmp_path / "out", tmp_path / "j.db"
    assert main(["extract", str(tmp_path / "src"), "-o", str(out), "--jobs", "1", "--db", str(db)]) == 0
    assert "self-evaluations with their target forms" in capsys.readouterr().err
    records = [json.loads(line) for f in sorted(out.glob("*.jsonl")) for line in f.read_text().splitlines()]
    paired = {r["source"]["sha256"]: r["paired_target"] for r in records if r["form"] == "project_self_eval"}
    assert paired and any(paired.values())
    assert main(["pair", str(out)]) == 0
    assert "; 0 of " in capsys.readouterr().err  # extract left nothing for pair to do
    engine = sa.create_engine(f"sqlite:///{db}")
    with engine.connect() as c:
        stored = {json.loads(j)["source"]["sha256"]: json.loads(j).get("paired_target")
                  for (j,) in c.execute(sa.text("SELECT record_json FROM records WHERE form = 'project_self_eval'"))}
        sources = c.scalar(sa.text("SELECT count(*) FROM sources"))
    engine.dispose()
    assert stored == paired
    assert sources == len(batch.sources)
