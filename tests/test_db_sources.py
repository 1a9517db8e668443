"""The `sources` table (the batch manifest) and the in-place upgrade from revision 0001, on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import dataclasses
import shutil
import sqlite3
from pathlib import Path

import pytest
import sqlalchemy as sa

from jixiao.batch.entry import MANIFEST_NAME, SourceEntry
from jixiao.cli import main
from jixiao.db import open_database
from jixiao.db.engine import make_engine
from jixiao.db.load import load_into
from jixiao.db.migrate import alembic_config
from jixiao.db.sink import DatabaseSink
from jixiao.db.tables import metadata, sources
from jixiao.pipeline import records_from_path
from tests.dbfixtures import backend, db_url, pg_cluster  # noqa: F401 - fixtures

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "pingluo-chengguan-2022-targets.txt"

ENTRIES = [
    SourceEntry(path="in/a.txt", sha256="a" * 64, size=1234, reader="text", status="done", records=12, warnings=3,
                seconds=0.25, peak_memory=50_000_000, version="0.1.0", output="a.jsonl",
                finished_at="2025-03-01T08:00:00+00:00"),
    SourceEntry(path="in/b.pdf", sha256="b" * 64, size=99, reader="pdf", status="timed_out", error="timed out",
                seconds=60.0, page=7, version="0.1.0", finished_at="2025-03-01T08:01:00+00:00"),
    SourceEntry(path="in/\\xff.txt", status="failed", error="binary file", version="0.1.0"),
]


def write_manifest(folder: Path, entries: list[SourceEntry]) -> None:
    """The manifest as a batch writes it: table `sources`, one column per SourceEntry field."""
    target = folder / MANIFEST_NAME
    target.unlink(missing_ok=True)
    with sqlite3.connect(target) as connection:
        connection.execute(f"CREATE TABLE sources ({', '.join(SourceEntry.columns())})")
        marks = ", ".join("?" * len(SourceEntry.columns()))
        connection.executemany(f"INSERT INTO sources VALUES ({marks})",
                               [tuple(e.as_dict().values()) for e in entries])
    connection.close()


def stored_entries(url: str) -> list[SourceEntry]:
    engine = make_engine(url)
    with engine.connect() as c:
        rows = c.execute(sa.select(*[sources.c[name] for name in SourceEntry.columns()]).order_by(sources.c.path))
        entries = [SourceEntry(**row._asdict()) for row in rows]
    engine.dispose()
    return entries


def test_every_manifest_field_has_a_column() -> None:
    """A field added to SourceEntry needs a migration adding its column: this fails until there is one."""
    assert set(SourceEntry.columns()) <= set(sources.c.keys())


@pytest.fixture()
def outdir(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SAMPLE, src / "a.txt")
    out = tmp_path / "out"
    assert main(["extract", str(src), "-o", str(out), "--quiet", "--jobs", "1"]) == 0
    return out


def test_load_copies_the_manifest_and_a_reload_replaces_it(outdir: Path, db_url: str, capsys) -> None:
    write_manifest(outdir, ENTRIES)
    assert main(["load", str(outdir), "--db", db_url]) == 0
    assert "3 manifest rows" in capsys.readouterr().err
    assert stored_entries(db_url) == sorted(ENTRIES, key=lambda e: e.path)
    assert main(["load", str(outdir), "--db", db_url]) == 0
    assert stored_entries(db_url) == sorted(ENTRIES, key=lambda e: e.path)
    again = dataclasses.replace(ENTRIES[1], status="done", page=None, error=None, records=2, sha256="c" * 64)
    write_manifest(outdir, [ENTRIES[0], again])
    assert main(["load", str(outdir), "--db", db_url]) == 0
    assert stored_entries(db_url) == sorted([ENTRIES[0], again, ENTRIES[2]], key=lambda e: e.path)


def test_the_sink_writes_each_source_as_it_finishes(db_url: str) -> None:
    sink = DatabaseSink(db_url)
    for entry in ENTRIES:
        sink.write_source(entry)
    sink.write_source(dataclasses.replace(ENTRIES[0], status="failed", records=0, error="disk"))
    sink.close()
    assert stored_entries(db_url) == sorted(
        [dataclasses.replace(ENTRIES[0], status="failed", records=0, error="disk"), *ENTRIES[1:]],
        key=lambda e: e.path)


def test_export_the_sources_table(db_url: str, tmp_path: Path) -> None:
    sink = DatabaseSink(db_url)
    for entry in ENTRIES:
        sink.write_source(entry)
    sink.close()
    assert main(["export", db_url, "--table", "sources", "--csv", str(tmp_path / "s.csv")]) == 0
    with open(tmp_path / "s.csv", encoding="utf-8-sig", newline="") as handle:
        rows = list(csv.DictReader(handle))
    assert [r["path"] for r in rows] == sorted(e.path for e in ENTRIES)
    assert [r["status"] for r in rows] == ["failed", "done", "timed_out"]
    assert rows[2]["page"] == "7" and rows[1]["size"] == "1234" and rows[0]["sha256"] == ""


def test_an_0001_database_is_upgraded_in_place(db_url: str, tmp_path: Path, capsys) -> None:
    from alembic import command
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    engine = make_engine(db_url)
    with engine.begin() as c:
        command.upgrade(alembic_config(c), "0001")
        load_into(c, records_from_path(SAMPLE))
    with engine.connect() as c:
        assert "sources" not in sa.inspect(c).get_table_names()
        before = {t: c.scalar(sa.text(f"SELECT count(*) FROM {t}")) for t in ("documents", "records", "indicators")}
    engine.dispose()
    capsys.readouterr()
    assert main(["export", db_url, "--table", "records", "--csv", str(tmp_path / "r.csv")]) == 0
    note = capsys.readouterr().err.splitlines()[0]
    assert note.startswith("jixiao: note: ") and note.endswith("schema upgraded in place from revision 0001 to 0003")
    assert "throwaway-admin" not in note
    engine = make_engine(db_url)
    with engine.connect() as c:
        assert c.scalar(sa.text("SELECT version_num FROM alembic_version")) == "0003"
        assert {t: c.scalar(sa.text(f"SELECT count(*) FROM {t}")) for t in before} == before
        assert before["records"] == 12
        assert compare_metadata(MigrationContext.configure(c), metadata) == []
    engine.dispose()
    notes: list[str] = []
    open_database(db_url, say=notes.append).dispose()
    assert notes == []  # at head: nothing to say
