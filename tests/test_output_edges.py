"""Outputs at the edges of a batch: one JSON document on stdout, CSV formulas escaped (numbers kept),
passwords from a file or the environment, sources that vanish or change while the batch runs."""

from __future__ import annotations

import csv
import io
import json
import shutil
from pathlib import Path

import pytest

import jixiao.pipeline as pipeline
from jixiao.cli import main
from jixiao.errors import SourceChangedError, SourceVanishedError
from jixiao.pipeline import extract_source, read_source

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "pingluo-chengguan-2022-targets.txt"
PDF = ROOT / "samples" / "pdf" / "pingluo-docx.pdf"


def _err_lines(capsys: pytest.CaptureFixture[str]) -> list[str]:
    return capsys.readouterr().err.strip().splitlines()


# --- -o - --format json: one document -------------------------------------------------------------------


def test_stdout_json_is_one_array_of_every_source(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    shutil.copy(SAMPLE, tmp_path / "a.txt")
    shutil.copy(SAMPLE, tmp_path / "b.txt")
    (tmp_path / "empty.txt").write_bytes(b"")  # an error between the two: no stray comma, no second array
    assert main(["extract", str(tmp_path), "-o", "-", "--format", "json", "--jobs", "1"]) == 1
    records = json.loads(capsys.readouterr().out)
    assert isinstance(records, list) and len(records) == 24
    assert [r["source"]["path"] for r in records] == [str(tmp_path / "a.txt")] * 12 + [str(tmp_path / "b.txt")] * 12
    assert records[:12] == json.loads(json.dumps(records[12:]).replace("b.txt", "a.txt"))


def test_stdout_json_of_no_records_is_an_empty_array(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "empty.txt").write_bytes(b"")
    assert main(["extract", str(tmp_path / "empty.txt"), "-o", "-", "--format", "json"]) == 1
    assert json.loads(capsys.readouterr().out) == []


# --- CSV: formulas escaped, numbers kept -----------------------------------------------------------------


@pytest.fixture()
def formula_dump(tmp_path: Path) -> Path:
    """The sample with two indicator names a spreadsheet would run, and negative numbers as targets."""
    text = SAMPLE.read_text(encoding="utf-8")
    text = text.replace("配备监控设备\t18", '=HYPERLINK("http://x","y")\t-5', 1)
    text = text.replace("配备保安\t40", "@SUM(A1)\t-0.5", 1)
    dump = tmp_path / "formulas.txt"
    dump.write_text(text, encoding="utf-8")
    return dump


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def _assert_escaped(rows: list[dict[str, str]]) -> None:
    assert (rows[0]["level3"], rows[0]["target"]) == ('\'=HYPERLINK("http://x","y")', "-5")
    assert (rows[1]["level3"], rows[1]["target"]) == ("'@SUM(A1)", "-0.5")
    third = (rows[2]["level3"], rows[2]["parsed_comparator"], rows[2]["parsed_value"])
    assert third == ("管理老旧小区数量", "'=", "18")
    assert rows[0]["funds_total"] == "106"
    formula_like = [c for row in rows for c in row.values() if c.startswith(("=", "+", "@", "\t", "\r"))]
    assert formula_like == []


def test_extract_csv_escapes_formulas_and_keeps_numbers(formula_dump: Path, tmp_path: Path,
                                                         capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    assert main(["extract", str(formula_dump), "-o", str(out), "--format", "csv"]) == 0
    _assert_escaped(_csv_rows((out / "formulas.csv").read_text(encoding="utf-8-sig")))
    capsys.readouterr()
    assert main(["extract", str(formula_dump), "-o", "-", "--format", "csv"]) == 0
    _assert_escaped(_csv_rows(capsys.readouterr().out))


def test_export_csv_escapes_the_same_cells(formula_dump: Path, tmp_path: Path) -> None:
    pytest.importorskip("sqlalchemy")
    database = tmp_path / "j.db"
    assert main(["extract", str(formula_dump), "-o", str(tmp_path / "out"), "--db", str(database), "--quiet"]) == 0
    assert main(["export", str(database), "--csv", str(tmp_path / "i.csv")]) == 0
    rows = _csv_rows((tmp_path / "i.csv").read_text(encoding="utf-8-sig"))
    assert (rows[0]["level3"], rows[0]["target"], rows[1]["level3"], rows[1]["target"]) == (
        '\'=HYPERLINK("http://x","y")', "-5", "'@SUM(A1)", "-0.5")


# --- passwords -------------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def locked_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    pypdf = pytest.importorskip("pypdf")
    writer = pypdf.PdfWriter(clone_from=str(PDF))
    writer.encrypt("secret")
    locked = tmp_path_factory.mktemp("locked") / "locked.pdf"
    with locked.open("wb") as handle:
        writer.write(handle)
    return locked


def _password_file(tmp_path: Path, text: str) -> str:
    path = tmp_path / "password"
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_password_from_a_file_or_the_environment(locked_pdf: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                  capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.delenv("JIXIAO_PASSWORD", raising=False)
    runs = iter(range(100))

    def out() -> str:  # a folder of its own each time: a batch's second run would skip what the first read
        return str(tmp_path / f"out{next(runs)}")

    assert main(["extract", str(locked_pdf), "-o", out(), "--quiet"]) == 1  # no password: the PDF is an error
    assert main(["extract", str(locked_pdf), "-o", out(), "--quiet",
                 "--password-file", _password_file(tmp_path, "secret\r\n")]) == 0
    records = (tmp_path / "out1" / "locked.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(records) > 0
    monkeypatch.setenv("JIXIAO_PASSWORD", "secret")
    assert main(["extract", str(locked_pdf), "-o", out(), "--quiet"]) == 0
    # the file goes before the environment; the flag goes before both
    assert main(["extract", str(locked_pdf), "-o", out(), "--quiet",
                 "--password-file", _password_file(tmp_path, "guess\n")]) == 1
    monkeypatch.setenv("JIXIAO_PASSWORD", "guess")
    assert main(["extract", str(locked_pdf), "-o", out(), "--quiet", "--password", "secret"]) == 0
    capsys.readouterr()
    assert main(["tables", str(locked_pdf), "--pages", "1",
                 "--password-file", _password_file(tmp_path, "secret")]) == 0
    assert json.loads(capsys.readouterr().out)


def test_a_bad_password_file_is_a_one_line_error_with_exit_2(locked_pdf: Path, tmp_path: Path,
                                                             capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "no-such-file"
    for command in (["extract", str(locked_pdf), "-o", str(tmp_path / "out")], ["tables", str(locked_pdf)]):
        assert main([*command, "--password-file", str(missing)]) == 2
        assert _err_lines(capsys) == [
            f"jixiao: error: {missing}: cannot read the password file (No such file or directory)"]
    empty = _password_file(tmp_path, "\nsecret\n")
    assert main(["extract", str(locked_pdf), "-o", str(tmp_path / "out"), "--password-file", empty]) == 2
    assert _err_lines(capsys) == [f"jixiao: error: {empty}: the password file's first line is empty"]
    assert not (tmp_path / "out").exists()  # refused before anything was read
    with pytest.raises(SystemExit) as exited:  # both at once: which one was meant?
        main(["extract", str(locked_pdf), "-o", "-", "--password", "a", "--password-file", empty])
    assert exited.value.code == 2


# --- sources that vanish or change -----------------------------------------------------------------------


def test_a_source_that_vanished_before_its_turn_is_an_error(tmp_path: Path) -> None:
    gone = tmp_path / "gone.txt"
    with pytest.raises(SourceVanishedError, match="gone.txt: no such file or directory"):
        read_source(gone)
    assert extract_source(gone).error == f"{gone}: vanished before it was read (no such file or directory)"


def _growing_while_read(monkeypatch: pytest.MonkeyPatch, victim: str) -> None:
    """The reader of `victim` sees a copy still being written: the file grows while it is read (in a
    batch's workers too, with `forked_workers`)."""
    real = pipeline.read_with_readers

    def read(path: Path, options):  # noqa: ANN001, ANN202
        document = real(path, options)
        if path.name == victim:
            with path.open("ab") as handle:
                handle.write("\n多写的一行\n".encode())
        return document

    monkeypatch.setattr(pipeline, "read_with_readers", read)


@pytest.mark.usefixtures("forked_workers")
def test_a_source_that_changes_while_read_is_an_error_the_batch_goes_on(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SAMPLE, src / "a.txt")
    shutil.copy(SAMPLE, src / "b.txt")
    size = SAMPLE.stat().st_size
    _growing_while_read(monkeypatch, "a.txt")
    with pytest.raises(SourceChangedError):
        read_source(src / "a.txt")
    shutil.copy(SAMPLE, src / "a.txt")
    assert main(["extract", str(src), "-o", str(tmp_path / "out"), "--jobs", "1"]) == 1
    grown = size + len("\n多写的一行\n".encode())
    assert _err_lines(capsys) == [
        f"jixiao: error: {src}/a.txt: changed while read (size {size} → {grown} bytes); nothing of it was kept",
        "jixiao: 2 sources, 12 records, 11 warnings, 1 errors",
    ]
    assert [p.name for p in (tmp_path / "out").glob("*.jsonl")] == ["b.jsonl"]
