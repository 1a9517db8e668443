"""jixiao.db: records into SQLite and PostgreSQL through the Alembic migrations, loads idempotent, exports escaped.

Every test taking `db_url` or `engine` runs twice: on an SQLite file and on a real PostgreSQL
server the tests start themselves (tests/pgcluster.py).
"""

from __future__ import annotations

import copy
import csv
import json
import shutil
from pathlib import Path
from typing import Any

import pandas as pd
import pytest
import sqlalchemy as sa

from jixiao.cli import main
from jixiao.db import load_records, open_database
from jixiao.db.engine import database_url
from jixiao.db.export import escape_formula
from jixiao.db.migrate import head_revision
from jixiao.db.tables import metadata
from jixiao.errors import DatabaseError, DatabaseVersionError
from jixiao.pipeline import records_from_path, records_from_text
from tests.dbfixtures import backend, db_url, new_url, pg_cluster  # noqa: F401 - fixtures
from tests.generator import make_case

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "pingluo-chengguan-2022-targets.txt"
PDF = ROOT / "samples" / "pdf" / "pingluo-xlsx.pdf"


@pytest.fixture(scope="module")
def sample_records() -> list[dict[str, Any]]:
    return records_from_path(SAMPLE)


@pytest.fixture(scope="module")
def pdf_records() -> list[dict[str, Any]]:
    return records_from_path(PDF)


@pytest.fixture()
def engine(db_url: str) -> sa.Engine:
    engine = open_database(db_url)
    yield engine
    engine.dispose()


def counts(engine: sa.Engine) -> dict[str, int]:
    with engine.connect() as connection:
        return {name: connection.scalar(sa.text(f"SELECT count(*) FROM {name}"))
                for name in ("documents", "records", "indicators", "warnings")}


def test_rows_match_the_records(engine: sa.Engine, sample_records: list[dict[str, Any]]) -> None:
    summary = load_records(engine, sample_records)
    n_indicators = sum(len(r["indicators"]) for r in sample_records)
    n_warnings = sum(len(r["warnings"]) for r in sample_records)
    assert (summary.records, summary.indicators, summary.warnings) == (len(sample_records), n_indicators, n_warnings)
    assert counts(engine) == {"documents": 1, "records": len(sample_records), "indicators": n_indicators,
                              "warnings": n_warnings}
    first = sample_records[0]
    with engine.connect() as c:
        document = c.execute(sa.text("SELECT sha256, path, size, method, title FROM documents")).one()
        assert document.sha256 == first["source"]["sha256"] and document.path == first["source"]["path"]
        assert document.size == SAMPLE.stat().st_size and document.method == "text"
        assert document.title == first["document"]["title"]
        row = c.execute(sa.text("SELECT * FROM records WHERE table_index = 1")).mappings().one()
        assert row["form"] == first["form"] and row["year"] == first["year"] == 2022
        assert row["project_name"] == "城关镇老旧小区治安管理"
        assert row["funds_unit"] == first["funds"]["unit"] and row["funds_total"] == first["funds"]["total"]
        stored = row["record_json"]
        assert (json.loads(stored) if isinstance(stored, str) else stored) == first
        rows = c.execute(sa.text(
            "SELECT i.* FROM indicators i JOIN records r ON r.id = i.record_id WHERE r.table_index = 1 "
            "ORDER BY i.position")).mappings().all()
    assert [r["level3"] for r in rows] == [i["level3"] for i in first["indicators"]]
    assert [r["target"] for r in rows] == [i["target"] for i in first["indicators"]]
    assert [r["comparator"] for r in rows] == [i["parsed"]["comparator"] for i in first["indicators"]]
    assert [r["value"] for r in rows] == [i["parsed"]["value"] for i in first["indicators"]]
    assert [r["page"] for r in rows] == [i["source"]["page"] for i in first["indicators"]]


def test_warnings_by_code(engine: sa.Engine, sample_records: list[dict[str, Any]]) -> None:
    load_records(engine, sample_records)
    expected: dict[str, int] = {}
    for record in sample_records:
        for warning in record["warnings"]:
            expected[warning["code"]] = expected.get(warning["code"], 0) + 1
    with engine.connect() as c:
        got = dict(c.execute(sa.text("SELECT code, count(*) FROM warnings GROUP BY code")).all())
    assert got == expected


def test_pdf_indicators_keep_their_bbox(engine: sa.Engine, pdf_records: list[dict[str, Any]]) -> None:
    records = pdf_records
    load_records(engine, records)
    boxes = [i["source"].get("bbox") for r in records for i in r["indicators"]]
    with engine.connect() as c:
        rows = c.execute(sa.text("SELECT bbox_x0, bbox_y0, bbox_x1, bbox_y1 FROM indicators i "
                                 "JOIN records r ON r.id = i.record_id ORDER BY r.table_index, i.position")).all()
    assert [list(row) if row[0] is not None else None for row in rows] == boxes
    assert any(box is not None for box in boxes)


def test_loading_twice_gives_the_same_rows(engine: sa.Engine, sample_records: list[dict[str, Any]]) -> None:
    case = make_case(7, "tsv", "clean")
    generated = records_from_text(case.text, "generated.txt")
    load_records(engine, sample_records + generated)
    before = counts(engine)
    summary = load_records(engine, sample_records + generated)
    assert counts(engine) == before and summary.replaced == 2
    assert before["documents"] == 2


def test_a_re_read_source_replaces_its_rows(engine: sa.Engine, sample_records: list[dict[str, Any]]) -> None:
    load_records(engine, sample_records)
    changed = copy.deepcopy(sample_records[:2])
    changed[0]["indicators"] = changed[0]["indicators"][:1]
    changed[0]["indicators"][0]["level3"] = "新的指标"
    changed[0]["warnings"] = []
    changed[1]["warnings"] = [{"code": "test_only", "field": "title", "message": "m"}]
    load_records(engine, changed)
    with engine.connect() as c:
        assert c.scalar(sa.text("SELECT count(*) FROM records")) == 2
        assert c.execute(sa.text("SELECT level3 FROM indicators i JOIN records r ON r.id = i.record_id "
                                 "WHERE r.table_index = 1")).scalars().all() == ["新的指标"]
        assert c.execute(sa.text("SELECT code FROM warnings")).scalars().all() == ["test_only"]
        assert c.scalar(sa.text("SELECT count(*) FROM indicators")) == 1 + len(changed[1]["indicators"])


def test_a_changed_file_at_the_same_path_replaces_the_old(engine: sa.Engine, sample_records) -> None:
    load_records(engine, sample_records)
    changed = copy.deepcopy(sample_records[:1])
    changed[0]["source"]["sha256"] = "0" * 64
    load_records(engine, changed)
    assert counts(engine)["documents"] == 1 and counts(engine)["records"] == 1


def test_a_failed_load_keeps_nothing(engine: sa.Engine, sample_records: list[dict[str, Any]]) -> None:
    load_records(engine, sample_records)
    before = counts(engine)
    broken = copy.deepcopy(sample_records)
    broken[-1]["warnings"] = [{"code": None, "field": "x", "message": "code is NOT NULL"}]
    broken[0]["indicators"] = []
    with pytest.raises(DatabaseError, match="nothing of this load was kept"):
        load_records(engine, broken)
    assert counts(engine) == before


def test_fresh_database_is_at_head_and_matches_the_tables(engine: sa.Engine, db_url: str) -> None:
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    with engine.connect() as c:
        assert c.scalar(sa.text("SELECT version_num FROM alembic_version")) == head_revision() == "0003"
        assert compare_metadata(MigrationContext.configure(c), metadata) == []
        indexes = {ix["name"] for ix in sa.inspect(c).get_indexes("records")}
    assert {"ix_records_form", "ix_records_year", "ix_records_project_department",
            "ix_records_project_department_code"} <= indexes
    open_database(db_url).dispose()  # opening again is a no-op upgrade


def test_a_newer_revision_is_refused(db_url: str, tmp_path: Path, capsys) -> None:
    open_database(db_url).dispose()
    engine = sa.create_engine(database_url(db_url))
    with engine.begin() as c:
        c.execute(sa.text("UPDATE alembic_version SET version_num = 'ffff9999'"))
    engine.dispose()
    with pytest.raises(DatabaseVersionError, match="revision ffff9999 was made by a newer jixiao"):
        open_database(db_url)
    assert main(["export", db_url, "--csv", str(tmp_path / "x.csv")]) == 4
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "made by a newer jixiao" in err
    assert "throwaway-admin" not in err and not (tmp_path / "x.csv").exists()


def test_not_a_database_is_a_one_line_error(tmp_path: Path, capsys) -> None:
    (tmp_path / "junk.db").write_text("not sqlite at all\n" * 100)
    assert main(["export", str(tmp_path / "junk.db"), "--csv", str(tmp_path / "x.csv")]) == 3
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "junk.db: not an SQLite database" in err
    other = sa.create_engine(f"sqlite:///{tmp_path / 'other.db'}")
    with other.begin() as c:
        c.execute(sa.text("CREATE TABLE records (x INTEGER)"))
    other.dispose()
    with pytest.raises(DatabaseVersionError, match="not a jixiao database"):
        open_database(str(tmp_path / "other.db"))


def _extracted(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SAMPLE, src / "a.txt")
    (src / "b.txt").write_text(make_case(3, "tsv", "clean").text, encoding="utf-8")
    out = tmp_path / "out"
    assert main(["extract", str(src), "-o", str(out), "--quiet", "--jobs", "1"]) == 0
    return out


def test_cli_load_twice_and_extract_with_db(backend: str, tmp_path: Path, capsys) -> None:
    out = _extracted(tmp_path)
    url = new_url(backend, tmp_path / "db") if backend == "postgresql" else f"sqlite:///{tmp_path / 'db' / 'j.db'}"
    assert main(["load", str(out), "--db", url]) == 0
    engine = open_database(url)
    first = counts(engine)
    assert main(["load", str(out), "--db", url]) == 0
    assert counts(engine) == first and first["documents"] == 2
    engine.dispose()
    direct = new_url(backend, tmp_path, "direct")
    assert main(["extract", str(tmp_path / "in"), "-o", str(tmp_path / "out2"), "--quiet", "--jobs", "1",
                 "--db", direct]) == 0
    engine = open_database(direct)
    assert counts(engine) == first
    engine.dispose()


def test_cli_load_refuses_a_bad_line_and_loads_nothing(tmp_path: Path, capsys) -> None:
    out = _extracted(tmp_path)
    (out / "zz.jsonl").write_text('{"form": "project_target"}\n', encoding="utf-8")
    db = tmp_path / "j.db"
    capsys.readouterr()
    assert main(["load", str(out), "--db", str(db)]) == 2
    err = capsys.readouterr().err.strip()
    assert len(err.splitlines()) == 1 and "zz.jsonl, line 1: not a record" in err
    assert not db.exists()
    (out / "zz.jsonl").write_text("[1, 2]\n", encoding="utf-8")
    assert main(["load", str(out), "--db", str(db)]) == 2
    assert "not a record" in capsys.readouterr().err


def test_cli_load_into_an_unwritable_database(tmp_path: Path, capsys) -> None:
    out = _extracted(tmp_path)
    blocker = tmp_path / "file"
    blocker.write_text("x")
    capsys.readouterr()
    assert main(["load", str(out), "--db", str(blocker / "j.db")]) == 3
    assert capsys.readouterr().err.count("\n") == 1


def test_export_csv_escapes_formulas_and_parquet_reads_back(engine: sa.Engine, db_url: str, tmp_path: Path,
                                                             sample_records: list[dict[str, Any]]) -> None:
    records = copy.deepcopy(sample_records)
    records[0]["indicators"][0]["level3"] = '=HYPERLINK("http://x","y")'
    records[0]["indicators"][1]["level3"] = "@SUM(A1)"
    load_records(engine, records)
    path = db_url
    assert main(["export", path, "--table", "indicators", "--csv", str(tmp_path / "i.csv")]) == 0
    with open(tmp_path / "i.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert len(rows) == sum(len(r["indicators"]) for r in records)
    assert rows[0]["level3"] == '\'=HYPERLINK("http://x","y")' and rows[1]["level3"] == "'@SUM(A1)"
    assert rows[2]["level3"] == records[0]["indicators"][2]["level3"]
    assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row.values())
    assert main(["export", path, "--parquet", str(tmp_path / "i.parquet")]) == 0
    frame = pd.read_parquet(tmp_path / "i.parquet")
    assert len(frame) == len(rows)
    assert frame["level3"].iloc[0] == '=HYPERLINK("http://x","y")'  # Parquet keeps the text as it is
    assert frame["value"].iloc[0] == records[0]["indicators"][0]["parsed"]["value"]
    assert list(frame["position"].iloc[:3]) == [1, 2, 3]


def test_escape_formula() -> None:
    assert [escape_formula(v) for v in ("=1", "+1", "-1", "-1+1", "-A1", "@a", "a=1", 5, -5, None)] == [
        "'=1", "+1", "-1", "'-1+1", "'-A1", "'@a", "a=1", 5, -5, None]  # a plain number is no formula


@pytest.mark.parametrize("table", ["indicators", "warnings", "records", "sources"])
def test_export_from_the_jsonl_gives_the_databases_rows(table: str, tmp_path: Path, capsys) -> None:
    """`jixiao export OUTDIR` writes what `jixiao load` + `jixiao export DB` write (loaded_at aside)."""
    out = _extracted(tmp_path)
    db = tmp_path / "j.db"
    assert main(["load", str(out), "--db", str(db), "--no-sizes"]) == 0
    assert main(["export", str(db), "--table", table, "--csv", str(tmp_path / "db.csv")]) == 0
    assert main(["export", str(out), "--table", table, "--csv", str(tmp_path / "folder.csv")]) == 0
    assert main(["export", str(out), "--table", table, "--parquet", str(tmp_path / "folder.parquet")]) == 0

    def rows(name: str) -> list[dict[str, str]]:
        with open(tmp_path / name, encoding="utf-8-sig", newline="") as handle:
            return [{k: v for k, v in row.items() if k != "loaded_at"} for row in csv.DictReader(handle)]

    assert rows("folder.csv") == rows("db.csv") and rows("db.csv")
    assert len(pd.read_parquet(tmp_path / "folder.parquet")) == len(rows("db.csv"))
    assert not list(tmp_path.glob("jixiao-export-*"))
