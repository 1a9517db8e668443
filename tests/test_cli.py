"""`jixiao extract`: outputs, summary, exit codes; a bad source never stops the batch."""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from jixiao.cli import main

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "samples" / "pingluo-chengguan-2022-targets.txt"


@pytest.fixture()
def batch(tmp_path: Path) -> Path:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    shutil.copy(SAMPLE, src / "a.txt")
    shutil.copy(SAMPLE, src / "sub" / "b.txt")
    (src / "empty.txt").write_bytes(b"")
    (src / "junk.txt").write_bytes(bytes(range(256)) * 4)
    (src / "ignored.bin").write_bytes(b"\x00")
    return src


def test_batch_writes_each_good_source_and_reports_the_bad(batch: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    status = main(["extract", str(batch), "-o", str(out), "--quiet"])
    assert status == 1
    assert sorted(p.name for p in out.iterdir() if not p.name.startswith(".")) == [
        "a.jsonl", "b.jsonl", "jixiao-manifest.sqlite"]
    records = [json.loads(line) for line in (out / "a.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(records) == 12 and records[0]["project"]["name"] == "城关镇老旧小区治安管理"
    summary = capsys.readouterr().err.strip().splitlines()[-1]
    assert summary == "jixiao: 4 sources, 24 records, 22 warnings, 2 errors, 1 skipped"  # ignored.bin


def test_errors_are_one_line_with_the_path(batch: Path, tmp_path: Path, capsys) -> None:
    main(["extract", str(batch / "empty.txt"), str(batch / "junk.txt"), "-o", str(tmp_path / "o")])
    lines = capsys.readouterr().err.strip().splitlines()
    # told as each source finishes: two workers read the two at once, either may be first
    errors = sorted(line for line in lines if line.startswith("jixiao: error:"))
    assert len(errors) == 2 and len(lines) == 3  # and the summary
    assert errors[0] == f"jixiao: error: {batch / 'empty.txt'}: the file is empty"
    assert errors[1].startswith(f"jixiao: error: {batch / 'junk.txt'}: binary data")


def test_all_good_exits_zero_and_json_format(tmp_path: Path) -> None:
    assert main(["extract", str(SAMPLE), "-o", str(tmp_path), "--format", "json"]) == 0
    records = json.loads((tmp_path / f"{SAMPLE.stem}.json").read_text(encoding="utf-8"))
    assert len(records) == 12


def test_stdout_jsonl(capsys) -> None:
    assert main(["extract", str(SAMPLE), "-o", "-"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == 12 and json.loads(lines[11])["project"]["name"] == "助力乡村振兴驻村工作队经费"


def test_csv_is_one_row_per_indicator(tmp_path: Path) -> None:
    assert main(["extract", str(SAMPLE), "-o", str(tmp_path), "--format", "csv"]) == 0
    text = (tmp_path / f"{SAMPLE.stem}.csv").read_text(encoding="utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == 112  # 16+7+9+7+8+14+8+7+8+9+11+8 indicators
    assert rows[0]["project_name"] == "城关镇老旧小区治安管理"
    assert (rows[0]["level3"], rows[0]["target"], rows[0]["parsed_value"]) == ("配备监控设备", "18", "18")
    assert rows[0]["funds_total"] == "106"


def test_missing_path_is_an_error_not_a_traceback(tmp_path: Path, capsys) -> None:
    assert main(["extract", str(tmp_path / "nope.txt"), "-o", str(tmp_path / "o")]) == 1
    assert "nope.txt: no such file or directory" in capsys.readouterr().err


def test_a_failing_source_leaves_the_other_results_in_place_and_its_own_old_file_goes(batch: Path,
                                                                                     tmp_path: Path) -> None:
    out = tmp_path / "out"
    main(["extract", str(batch / "a.txt"), str(batch / "sub" / "b.txt"), "-o", str(out), "--quiet"])
    before = (out / "b.jsonl").read_bytes()
    (batch / "a.txt").write_bytes(b"")
    assert main(["extract", str(batch / "a.txt"), str(batch / "sub" / "b.txt"), "-o", str(out), "--quiet"]) == 1
    assert (out / "b.jsonl").read_bytes() == before
    assert not (out / "a.jsonl").exists()  # an old file would hide that the source now fails


def test_console_command_runs() -> None:
    done = subprocess.run([sys.executable, "-m", "jixiao", "extract", str(SAMPLE), "-o", "-"],
                          capture_output=True, text=True, check=False)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip().endswith("1 sources, 12 records, 11 warnings, 0 errors")


def test_directory_without_sources_says_so(tmp_path: Path, capsys) -> None:
    assert main(["extract", str(tmp_path), "-o", str(tmp_path / "o")]) == 1
    assert "no readable sources" in capsys.readouterr().err


@pytest.mark.usefixtures("forked_workers")
def test_an_internal_error_is_reported_and_the_batch_goes_on(batch: Path, tmp_path: Path, monkeypatch, capsys) -> None:
    import jixiao.batch.work as work

    real = work.extract_source

    def flaky(path, options, named=True, **kwargs):
        if path.name == "a.txt":
            raise ValueError("boom")
        return real(path, options, named, **kwargs)

    monkeypatch.setattr(work, "extract_source", flaky)  # the workers are forked (forked_workers): they see it
    assert main(["extract", str(batch / "a.txt"), str(batch / "sub" / "b.txt"), "-o", str(tmp_path / "o")]) == 1
    err = capsys.readouterr().err
    assert "a.txt: internal error, please report: ValueError: boom" in err
    assert (tmp_path / "o" / "b.jsonl").exists()


def test_a_text_file_without_a_form_found_in_a_folder_is_a_note_named_it_is_an_error(tmp_path: Path, capsys) -> None:
    src = tmp_path / "in"
    src.mkdir()
    shutil.copy(SAMPLE, src / "a.txt")
    (src / "README.md").write_text("# 附件说明\n\n| 文件 | 内容 |\n| --- | --- |\n| a.txt | 绩效目标表 |\n", encoding="utf-8")
    assert main(["extract", str(src), "-o", str(tmp_path / "out")]) == 0
    err = capsys.readouterr().err.strip().splitlines()
    assert f"jixiao: note: {src / 'README.md'}: no 绩效目标表 form table found" in err
    assert err[-1] == "jixiao: 2 sources, 12 records, 11 warnings, 0 errors, 1 without a form table"
    assert main(["extract", str(src / "README.md"), "-o", str(tmp_path / "out2")]) == 1
    assert capsys.readouterr().err.startswith(f"jixiao: error: {src / 'README.md'}: no 绩效目标表 form table found")


def test_the_samples_folder_reads_without_an_error(tmp_path: Path, capsys) -> None:
    """What `make run` does: every sample (dump, PDFs, scans, the .xlsx/.docx the PDFs came from) read;
    the folder's README is a note."""
    assert main(["extract", str(ROOT / "samples"), "-o", str(tmp_path / "out"), "--jobs", "2"]) == 0
    summary = capsys.readouterr().err.strip().splitlines()[-1]
    assert summary.startswith("jixiao: 8 sources, 84 records,") and summary.endswith("0 errors, 1 without a form table, 4 skipped")  # the .py scripts
