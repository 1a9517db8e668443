"""Databases that refuse: no server, wrong credentials, no such database, a newer schema, a full disk, junk.

Each is one line on stderr naming the database (password hidden), a documented exit code
(3 cannot connect/open, 4 schema of a newer jixiao or not jixiao's, 5 a write failed), and
the rows already loaded stay exactly as they were.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from jixiao.cli import main
from jixiao.db import load_records, open_database
from jixiao.db.engine import database_url, make_engine
from jixiao.errors import DatabaseConnectError, DatabaseWriteError
from jixiao.pipeline import records_from_path, records_from_text
from tests.dbfixtures import backend, db_url, pg_cluster  # noqa: F401 - fixtures
from tests.generator import make_case
from tests.pgcluster import Cluster, free_port

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "pingluo-chengguan-2022-targets.txt"
TABLES = ("documents", "records", "indicators", "warnings", "sources")


def counts(url: str) -> dict[str, int]:
    engine = make_engine(url)
    with engine.connect() as c:
        found = {t: c.scalar(sa.text(f"SELECT count(*) FROM {t}")) for t in TABLES}
    engine.dispose()
    return found


def one_line(capsys: pytest.CaptureFixture[str]) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1, err
    return err.strip()


@pytest.fixture(scope="module")
def outdir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An extract's output folder: the sample and three generated dumps (60-odd records)."""
    src = tmp_path_factory.mktemp("in")
    shutil.copy(SAMPLE, src / "a.txt")
    for seed in range(3):
        (src / f"g{seed}.txt").write_text(make_case(seed, "tsv", "clean").text, encoding="utf-8")
    out = tmp_path_factory.mktemp("out")
    assert main(["extract", str(src), "-o", str(out), "--quiet", "--jobs", "1"]) == 0
    return out


@pytest.fixture(scope="module")
def sample_records() -> list[dict[str, Any]]:
    return records_from_path(SAMPLE)


def many_records(n: int) -> list[dict[str, Any]]:
    return [r for seed in range(n) for r in records_from_text(make_case(seed, "tsv", "clean").text, f"g{seed}.txt")]


def test_connection_refused(outdir: Path, tmp_path: Path, capsys) -> None:
    url = f"postgresql://someone:s3cret@127.0.0.1:{free_port()}/jixiao"
    assert main(["load", str(outdir), "--db", url]) == 3
    err = one_line(capsys)
    assert err.startswith(f"jixiao: error: postgresql://someone:***@127.0.0.1:{url.split(':')[3]}: ")
    assert "cannot connect to the database" in err and "Connection refused" in err and "s3cret" not in err
    assert main(["export", url, "--csv", str(tmp_path / "x.csv")]) == 3
    assert "Connection refused" in one_line(capsys) and not (tmp_path / "x.csv").exists()


def test_wrong_credentials(pg_cluster: Cluster, outdir: Path, capsys) -> None:
    pg_cluster.create_role("analyst", "right-pw")
    url = pg_cluster.url("postgres", "analyst", "wrong-pw")
    assert main(["load", str(outdir), "--db", url]) == 3
    err = one_line(capsys)
    assert 'password authentication failed for user "analyst"' in err
    assert "wrong-pw" not in err and "analyst:***@127.0.0.1" in err


def test_a_role_that_may_not_create_tables(pg_cluster: Cluster, outdir: Path, capsys) -> None:
    pg_cluster.create_role("reader", "pw")
    name = pg_cluster.create_database("owned_by_admin").rsplit("/", 1)[1]
    assert main(["load", str(outdir), "--db", pg_cluster.url(name, "reader", "pw")]) == 3
    assert "permission denied for schema public" in one_line(capsys)


def test_no_such_database(pg_cluster: Cluster, outdir: Path, capsys) -> None:
    assert main(["load", str(outdir), "--db", pg_cluster.url("no_such_db")]) == 3
    err = one_line(capsys)
    assert 'database "no_such_db" does not exist' in err and "throwaway-admin" not in err


def test_a_newer_schema_is_left_untouched(db_url: str, outdir: Path, capsys) -> None:
    assert main(["load", str(outdir), "--db", db_url]) == 0
    engine = sa.create_engine(database_url(db_url))
    with engine.begin() as c:
        c.execute(sa.text("UPDATE alembic_version SET version_num = '0099'"))
    engine.dispose()
    before = counts(db_url)
    capsys.readouterr()
    assert main(["load", str(outdir), "--db", db_url]) == 4
    assert "revision 0099 was made by a newer jixiao" in one_line(capsys)
    assert counts(db_url) == before and before["records"] > 12


def test_a_file_that_is_no_database(tmp_path: Path, outdir: Path, capsys) -> None:
    junk = tmp_path / "notes.db"
    junk.write_bytes(b"%PDF-1.4 this is no SQLite file\n" * 200)
    before = junk.read_bytes()
    assert main(["load", str(outdir), "--db", str(junk)]) == 3
    assert f"{junk}: not an SQLite database (file is not a database)" in one_line(capsys)
    assert junk.read_bytes() == before


def test_sqlite_full_keeps_the_rows_already_loaded(tmp_path: Path, sample_records) -> None:
    """SQLITE_FULL forced by max_page_count (works anywhere, no mount needed)."""
    url = f"sqlite:///{tmp_path / 'j.db'}"
    engine = open_database(url)
    load_records(engine, sample_records)
    with engine.connect() as c:
        pages = c.scalar(sa.text("PRAGMA page_count"))
    engine.dispose()
    before = counts(url)
    limited = make_engine(url)

    @sa.event.listens_for(limited, "connect")
    def _limit(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute(f"PRAGMA max_page_count = {pages + 3}")

    with pytest.raises(DatabaseWriteError, match="nothing of this load was kept: the disk is full"):
        load_records(limited, many_records(4))
    limited.dispose()
    assert counts(url) == before


@contextlib.contextmanager
def tiny_disk(kilobytes: int, owner: str | None = None) -> Iterator[Path]:
    """A tmpfs of this size, mounted for the test (root only); skips where mounting is not allowed."""
    if os.geteuid() != 0:
        pytest.skip("a small tmpfs needs root to mount (the max_page_count test covers SQLITE_FULL)")
    folder = Path(tempfile.mkdtemp(prefix="jixiao-disk-"))
    options = f"size={kilobytes}k"
    if owner is not None:
        account = pwd.getpwnam(owner)
        options += f",uid={account.pw_uid},gid={account.pw_gid},mode=0700"
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)], capture_output=True,
                             text=True, check=False)
    if mounted.returncode != 0:
        folder.rmdir()
        pytest.skip(f"cannot mount a tmpfs here: {mounted.stderr.strip()}")
    try:
        yield folder
    finally:
        subprocess.run(["umount", "-l", str(folder)], check=False)
        folder.rmdir()


def fill(folder: Path) -> Path:
    """Write a file until the disk is full."""
    filler = folder / "filler"
    with contextlib.suppress(OSError), filler.open("wb") as handle:
        while True:
            handle.write(b"\0" * 4096)
            handle.flush()
    return filler


def test_a_full_disk_under_sqlite(outdir: Path, sample_records, capsys) -> None:
    with tiny_disk(1024) as disk:
        url = f"sqlite:///{disk / 'j.db'}"
        engine = open_database(url)
        load_records(engine, sample_records)
        engine.dispose()
        before = counts(url)
        filler = fill(disk)
        assert main(["load", str(outdir), "--db", url]) == 5
        err = one_line(capsys)
        assert err.endswith("cannot write the database, nothing of this load was kept: the disk is full")
        assert str(disk / "j.db") in err
        filler.unlink()
        assert counts(url) == before
        assert main(["load", str(outdir), "--db", url]) == 0  # room again: the same load goes in
        assert counts(url)["records"] > before["records"]


def test_a_full_disk_under_postgresql(pg_cluster: Cluster, sample_records) -> None:
    """The tables moved to a tablespace on a tiny tmpfs: PostgreSQL's disk_full, rolled back."""
    url = pg_cluster.create_database("full_disk")
    engine = open_database(url)
    load_records(engine, sample_records)
    before = counts(url)
    with tiny_disk(512, owner="postgres" if os.geteuid() == 0 else None) as disk:
        pg_cluster.admin(f"CREATE TABLESPACE tiny LOCATION '{disk}'")
        try:
            with engine.begin() as c:
                for table in ("records", "indicators", "warnings"):
                    c.execute(sa.text(f"ALTER TABLE {table} SET TABLESPACE tiny"))
            fill(disk)
            with pytest.raises(DatabaseWriteError, match="nothing of this load was kept: the disk is full"):
                load_records(engine, many_records(3))
            assert counts(url) == before
        finally:
            (disk / "filler").unlink(missing_ok=True)
            with engine.begin() as c:
                for table in ("records", "indicators", "warnings"):
                    c.execute(sa.text(f"ALTER TABLE {table} SET TABLESPACE pg_default"))
            engine.dispose()
            pg_cluster.admin("DROP TABLESPACE tiny")


def test_open_errors_are_typed(tmp_path: Path) -> None:
    with pytest.raises(DatabaseConnectError, match="cannot connect to the database"):
        open_database(f"postgresql://x@127.0.0.1:{free_port()}/x")
