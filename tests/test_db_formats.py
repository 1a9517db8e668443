"""`jixiao extract … --db URL` with every output format and with `-o -`: the same database rows as the
JSONL output folder gives, the records never sent back from the workers whole (they write a JSONL the
batch loads a chunk at a time and removes), the same output as when the records do come back, and
nothing left behind.

    .venv/bin/python -m pytest tests/test_db_formats.py -q
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import replace
from pathlib import Path

import pytest
import sqlalchemy as sa

sys.path.insert(0, str(Path(__file__).resolve().parent))

from batchgen import write_dumps  # noqa: E402
from bigdump import write_big_dump  # noqa: E402

from jixiao.batch.bounds import Bounds  # noqa: E402
from jixiao.batch.pool import LocalEngine  # noqa: E402
from jixiao.batch.runner import BatchConfig, run_batch  # noqa: E402
from jixiao.batch.scratch import SCRATCH_PREFIX, remove_stale_scratch  # noqa: E402
from jixiao.batch.work import SourceOutcome, SourceTask  # noqa: E402

FORMATS = ("jsonl", "json", "csv")


class _Engine:
    """The local pool, checking what comes back; `records_back`: the tasks ask for the records to come
    back whole (as from a cluster that does not see the output folder): today's other path, the reference."""

    def __init__(self, records_back: bool = False) -> None:
        self.records_back = records_back
        self.outcomes: list[SourceOutcome] = []

    def run(self, tasks: Iterable[SourceTask]) -> Iterator[SourceOutcome]:
        if self.records_back:
            tasks = (replace(t, write_to=None, jsonl_to=None) for t in tasks)
        for outcome in LocalEngine(1, Bounds()).run(tasks):
            self.outcomes.append(outcome)
            yield outcome


@pytest.fixture(scope="module")
def sources(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    """Text dumps of 1–3 forms each, an empty file (failed), and a big dump read a segment at a time."""
    folder = tmp_path_factory.mktemp("src")
    paths = write_dumps(folder, 6, seed=3)
    (folder / "empty.txt").write_text("", encoding="utf-8")
    big = folder / "big.md"
    write_big_dump(big, "markdown", 120_000, seed=4)
    return [*paths, folder / "empty.txt", big]


@pytest.fixture(autouse=True)
def _stream_big_dumps(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("JIXIAO_STREAM_MIN_BYTES", "60000")  # the workers inherit it: big.md streams
    monkeypatch.setenv("JIXIAO_STREAM_SEGMENT_BYTES", "20000")


def _rows(url: str) -> dict[str, list[tuple]]:
    """Every table's rows but the load time and the manifest's own columns (ids in the same order)."""
    engine = sa.create_engine(url)
    out = {}
    with engine.connect() as connection:
        for table in ("documents", "records", "indicators", "warnings"):
            result = connection.execute(sa.text(f"select * from {table} order by id"))
            keep = [k for k, name in enumerate(result.keys()) if name != "loaded_at"]
            out[table] = [tuple(row[k] for k in keep) for row in result]
        out["sources"] = [tuple(row) for row in connection.execute(sa.text(
            "select path, sha256, status, records, warnings from sources order by path"))]
    engine.dispose()
    return out


def _run(sources: list[Path], output: str, fmt: str, db: str, engine: _Engine, capsys) -> str:
    capsys.readouterr()
    config = BatchConfig(sources=sources, output=output, format=fmt, db=db, quiet=True)
    run_batch(config, engine)
    return capsys.readouterr().out


def _left_behind(out: Path | None) -> list[str]:
    scratch = list(Path(tempfile.gettempdir()).glob(f"{SCRATCH_PREFIX}{os.getpid()}-*"))
    temporaries = list(out.glob(".jixiao-tmp-*")) if out is not None and out.exists() else []
    return [p.name for p in [*scratch, *temporaries]]


@pytest.fixture(scope="module")
def jsonl_rows(sources: list[Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple]]:
    """The reference: the rows an output folder of JSONL files gives."""
    from jixiao.cli import main

    base = tmp_path_factory.mktemp("jsonl")
    url = f"sqlite:///{base / 'j.sqlite'}"
    os.environ["JIXIAO_STREAM_MIN_BYTES"], os.environ["JIXIAO_STREAM_SEGMENT_BYTES"] = "60000", "20000"
    try:
        main(["extract", *map(str, sources), "-o", str(base / "out"), "--jobs", "1", "--quiet", "--db", url])
    finally:
        del os.environ["JIXIAO_STREAM_MIN_BYTES"], os.environ["JIXIAO_STREAM_SEGMENT_BYTES"]
    rows = _rows(url)
    assert len(rows["records"]) > 50 and len(rows["sources"]) == len(sources)
    return rows


@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_an_output_folder_of_any_format_loads_the_jsonl_rows(sources, jsonl_rows, fmt: str, tmp_path: Path,
                                                             capsys) -> None:
    url = f"sqlite:///{tmp_path / 'j.sqlite'}"
    engine = _Engine()
    _run(sources, str(tmp_path / "out"), fmt, url, engine, capsys)
    assert _rows(url) == jsonl_rows
    assert engine.outcomes and all(not o.records for o in engine.outcomes)  # nothing came back whole
    assert _left_behind(tmp_path / "out") == []
    back = tmp_path / "back"  # the files are those written when the records come back to the batch
    _run(sources, str(back), fmt, f"sqlite:///{tmp_path / 'back.sqlite'}", _Engine(records_back=True), capsys)
    written = sorted(p.name for p in (tmp_path / "out").glob(f"*.{fmt}"))
    assert written and written == sorted(p.name for p in back.glob(f"*.{fmt}"))
    for name in written:
        assert (tmp_path / "out" / name).read_bytes() == (back / name).read_bytes(), name


@pytest.mark.parametrize("fmt", FORMATS)
def test_standard_output_loads_the_jsonl_rows_and_prints_what_it_printed(sources, jsonl_rows, fmt: str,
                                                                          tmp_path: Path, capsys) -> None:
    url = f"sqlite:///{tmp_path / 'j.sqlite'}"
    engine = _Engine()
    printed = _run(sources, "-", fmt, url, engine, capsys)
    assert _rows(url) == jsonl_rows
    assert engine.outcomes and all(not o.records for o in engine.outcomes)
    assert _left_behind(None) == []
    reference = _Engine(records_back=True)
    back = _run(sources, "-", fmt, f"sqlite:///{tmp_path / 'back.sqlite'}", reference, capsys)
    assert printed == back and len(printed) > 1000
    assert sum(len(o.records) for o in reference.outcomes) == len(jsonl_rows["records"])  # there they came back
    if fmt == "json":
        assert len(json.loads(printed)) == len(jsonl_rows["records"])


def test_standard_output_without_a_database_sends_no_records_back(sources, tmp_path: Path, capsys) -> None:
    engine = _Engine()
    printed = _run(sources[:3], "-", "jsonl", None, engine, capsys)
    assert all(not o.records for o in engine.outcomes)
    back = _run(sources[:3], "-", "jsonl", None, _Engine(records_back=True), capsys)
    assert printed == back and printed.count("\n") >= 3
    assert _left_behind(None) == []


def test_a_scratch_folder_a_killed_batch_left_is_removed_by_the_next(tmp_path: Path) -> None:
    import subprocess

    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    pid = int(dead.stdout)
    stale = Path(tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{pid}-"))
    (stale / ".jixiao-tmp-x.tmp").write_text("{}\n")
    live = Path(tempfile.mkdtemp(prefix=f"{SCRATCH_PREFIX}{os.getpid()}-"))
    try:
        assert remove_stale_scratch() >= 1
        assert not stale.exists() and live.exists()
    finally:
        live.rmdir()
