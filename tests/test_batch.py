"""Batches: the manifest's rows, resume, --retry-failed, stable safe names, bounds, status, old manifests."""

from __future__ import annotations

import hashlib
import json
import sqlite3
from collections import Counter
from pathlib import Path

import pytest
from probe_reader import LOG_VARIABLE, dump, install, probe_text

from jixiao import __version__
from jixiao.batch.bounds import cap_jobs, usable_cores
from jixiao.batch.entry import MANIFEST_NAME, read_manifest
from jixiao.batch.naming import STEM_BYTES, assign_names, path_digest, safe_stem
from jixiao.cli import main


@pytest.fixture(autouse=True)
def probe_log(tmp_path: Path, monkeypatch) -> Path:
    install()
    log = tmp_path / "probe.log"
    monkeypatch.setenv(LOG_VARIABLE, str(log))
    return log


def _read_log(log: Path) -> Counter[str]:
    found = Counter(log.read_text(encoding="utf-8").splitlines()) if log.exists() else Counter()
    log.unlink(missing_ok=True)
    return found


def _probes(folder: Path, n: int, variant: str = "clean", **directives: object) -> dict[Path, int]:
    folder.mkdir(parents=True, exist_ok=True)
    made = {}
    for k in range(n):
        text, records = probe_text(100 + k, variant, **directives)
        path = folder / f"s{k:02d}.probe"
        path.write_text(text, encoding="utf-8")
        made[path] = records
    return made


def _rows(out: Path) -> dict[str, object]:
    return {e.path: e for e in read_manifest(out)}


def test_manifest_rows_are_exact_for_a_generated_batch(tmp_path: Path, capsys) -> None:
    src = tmp_path / "in"
    src.mkdir()
    texts = {}
    for k in range(3):
        texts[src / f"d{k}.txt"], _ = dump(k)
        (src / f"d{k}.txt").write_text(texts[src / f"d{k}.txt"], encoding="utf-8")
    (src / "empty.txt").write_bytes(b"")
    (src / "README.md").write_text("# 附件说明\n\n没有表格。\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["extract", str(src), "-o", str(out), "--jobs", "2"]) == 1
    rows = _rows(out)
    assert sorted(rows) == sorted(str(p) for p in [*texts, src / "empty.txt", src / "README.md"])
    for path in texts:
        row = rows[str(path)]
        records = [json.loads(line) for line in (out / f"{path.stem}.jsonl").read_text(encoding="utf-8").splitlines()]
        codes = Counter(w["code"] for r in records for w in r["warnings"])
        assert (row.status, row.reader, row.output, row.error, row.version, row.page) == (
            "done", "text", f"{path.stem}.jsonl", None, __version__, None)
        assert row.sha256 == hashlib.sha256(path.read_bytes()).hexdigest() == records[0]["source"]["sha256"]
        assert (row.size, row.mtime_ns) == (path.stat().st_size, path.stat().st_mtime_ns)
        assert row.records == len(records) == dump(int(path.stem[1:]))[1]
        assert row.warnings == sum(codes.values())
        assert json.loads(row.warning_codes or "{}") == dict(codes)
        assert row.seconds > 0 and row.peak_memory > 0 and row.finished_at.endswith("+00:00")
        assert row.options == "format=jsonl;engine=pdfplumber;ocr=auto;password=no"
    empty = rows[str(src / "empty.txt")]
    assert (empty.status, empty.error, empty.records, empty.output) == (
        "failed", f"{src / 'empty.txt'}: the file is empty", 0, None)
    readme = rows[str(src / "README.md")]
    assert (readme.status, readme.output) == ("no_form", None)
    assert readme.error == f"{src / 'README.md'}: no table in the source"


def test_the_generated_records_count_matches_the_generator(tmp_path: Path) -> None:
    made = _probes(tmp_path / "in", 4)
    out = tmp_path / "out"
    assert main(["extract", str(tmp_path / "in"), "-o", str(out), "--quiet"]) == 0
    assert {Path(p): e.records for p, e in _rows(out).items()} == made


def test_a_rerun_reads_only_new_and_changed_sources(tmp_path: Path, probe_log: Path, capsys) -> None:
    made = _probes(tmp_path / "in", 5)
    out = tmp_path / "out"
    assert main(["extract", str(tmp_path / "in"), "-o", str(out), "--quiet"]) == 0
    assert _read_log(probe_log) == Counter(str(p) for p in made)
    capsys.readouterr()
    assert main(["extract", str(tmp_path / "in"), "-o", str(out), "--quiet"]) == 0
    assert _read_log(probe_log) == Counter()
    assert capsys.readouterr().err.strip().endswith("0 errors, 5 unchanged since the last run (not read again)")
    changed, new = tmp_path / "in" / "s02.probe", tmp_path / "in" / "s99.probe"
    changed.write_text(probe_text(7)[0], encoding="utf-8")
    new.write_text(probe_text(8)[0], encoding="utf-8")
    assert main(["extract", str(tmp_path / "in"), "-o", str(out), "--quiet"]) == 0
    assert _read_log(probe_log) == Counter([str(changed), str(new)])
    rows = _rows(out)
    assert rows[str(changed)].sha256 == hashlib.sha256(changed.read_bytes()).hexdigest()
    assert rows[str(changed)].records == probe_text(7)[1]
    assert len((out / "s02.jsonl").read_text(encoding="utf-8").splitlines()) == probe_text(7)[1]


def test_a_file_only_touched_since_is_not_read_again_one_rewritten_is(tmp_path: Path, probe_log: Path) -> None:
    """An archive unpacked again gives every file a new modification time: a file whose sha256 is the
    one read is not read again (and its new time is kept); one of the same size with other bytes is."""
    import os

    touched, rewritten, _ = _probes(tmp_path / "in", 3)
    out = tmp_path / "out"
    assert main(["extract", str(tmp_path / "in"), "-o", str(out), "--quiet"]) == 0
    _read_log(probe_log)
    data = rewritten.read_bytes()
    head = data.index(b"\n")
    digit = next(k for k in range(head, len(data)) if data[k:k + 1].isdigit())
    rewritten.write_bytes(data[:digit] + (b"1" if data[digit:digit + 1] != b"1" else b"2") + data[digit + 1:])
    assert rewritten.stat().st_size == len(data)  # same size, other bytes
    later = touched.stat().st_mtime_ns + 5 * 10**9
    for path in (touched, rewritten):
        os.utime(path, ns=(later, later))
    assert main(["extract", str(tmp_path / "in"), "-o", str(out), "--quiet"]) == 0
    assert _read_log(probe_log) == Counter([str(rewritten)])
    assert _rows(out)[str(touched)].mtime_ns == later
    assert main(["extract", str(tmp_path / "in"), "-o", str(out), "--quiet"]) == 0
    assert _read_log(probe_log) == Counter()


def test_failed_sources_are_read_again_only_with_retry_failed(tmp_path: Path, probe_log: Path, capsys) -> None:
    _probes(tmp_path / "in", 2)
    bad = tmp_path / "in" / "bad.probe"
    bad.write_text(probe_text(3, fail=1)[0], encoding="utf-8")
    out = tmp_path / "out"
    assert main(["extract", str(tmp_path / "in"), "-o", str(out), "--quiet"]) == 1
    assert _rows(out)[str(bad)].status == "failed"
    _read_log(probe_log)
    capsys.readouterr()
    assert main(["extract", str(tmp_path / "in"), "-o", str(out), "--quiet"]) == 1  # the failure still stands
    assert _read_log(probe_log) == Counter()
    assert "1 failed before (--retry-failed reads them again)" in capsys.readouterr().err
    assert main(["extract", str(tmp_path / "in"), "-o", str(out), "--quiet", "--retry-failed"]) == 1
    assert _read_log(probe_log) == Counter([str(bad)])


def test_names_are_stable_across_runs_and_stems_never_collide(tmp_path: Path) -> None:
    src = tmp_path / "in"
    for folder in ("a", "b", "c"):
        (src / folder).mkdir(parents=True)
        (src / folder / "报告.txt").write_text(dump(len(folder))[0], encoding="utf-8")
    (src / "c" / "報告.TXT").write_text(dump(9)[0], encoding="utf-8")
    out = tmp_path / "out"
    assert main(["extract", str(src), "-o", str(out), "--quiet", "--jobs", "2"]) == 0
    first = {p: e.output for p, e in _rows(out).items()}
    b, c = str(src / "b" / "报告.txt"), str(src / "c" / "报告.txt")
    assert first[str(src / "a" / "报告.txt")] == "报告.jsonl"
    assert first[b] == f"报告-{path_digest(b)}.jsonl" and first[c] == f"报告-{path_digest(c)}.jsonl"
    assert len(set(first.values())) == 4
    (src / "a" / "报告.txt").unlink()  # the source that held the plain stem is gone: nobody takes its name
    for path in (b, c):
        Path(path).write_text(dump(11)[0] + "\n", encoding="utf-8")  # changed: read again
    assert main(["extract", str(src), "-o", str(out), "--quiet", "--jobs", "1"]) == 0
    again = {p: e.output for p, e in _rows(out).items()}
    assert again == first
    files = sorted(p.name for p in out.iterdir() if p.suffix == ".jsonl")
    assert files == sorted(first.values())


@pytest.mark.parametrize("stem", ["..", "...", " .hidden", "a/b", "a\\b", "c:d", "x\x00y\x07", "\u202etxt.exe",
                                  "名" * 200])
def test_a_name_never_leaves_the_folder(stem: str) -> None:
    safe = safe_stem(f"/in/{stem}.txt")
    assert safe and "/" not in safe and "\\" not in safe and not safe.startswith(".")
    assert all(ch.isprintable() for ch in safe) and len(safe.encode("utf-8")) <= STEM_BYTES
    assert safe not in ("..", ".")


def test_names_are_given_in_order_and_kept_from_the_manifest() -> None:
    held = {"/old/x.txt": "x"}
    names = assign_names(["/a/x.txt", "/b/X.txt", "/old/x.txt"], held)
    assert names == {"/a/x.txt": f"x-{path_digest('/a/x.txt')}", "/b/X.txt": f"X-{path_digest('/b/X.txt')}",
                     "/old/x.txt": "x"}


def test_a_hanging_source_is_timed_out_with_its_page_and_the_batch_goes_on(tmp_path: Path, capsys) -> None:
    made = _probes(tmp_path / "in", 3)
    hang = tmp_path / "in" / "hang.probe"
    hang.write_text(probe_text(5, pages=4, hang_at=3)[0], encoding="utf-8")
    out = tmp_path / "out"
    assert main(["extract", str(tmp_path / "in"), "-o", str(out), "--timeout", "2", "--jobs", "2"]) == 1
    rows = _rows(out)
    assert (rows[str(hang)].status, rows[str(hang)].page, rows[str(hang)].output) == ("timed_out", 3, None)
    assert rows[str(hang)].error == f"{hang}: stopped after 2 s on page 3 (--timeout)"
    assert all(rows[str(p)].status == "done" for p in made)
    err = capsys.readouterr().err
    assert f"jixiao: error: {hang}: stopped after 2 s on page 3 (--timeout)" in err
    assert err.strip().splitlines()[-1].endswith("1 errors, 1 timed out")


def test_a_source_over_the_memory_bound_is_stopped(tmp_path: Path) -> None:
    _probes(tmp_path / "in", 1)
    big = tmp_path / "in" / "big.probe"
    big.write_text(probe_text(5, alloc_mb=700, sleep=3)[0], encoding="utf-8")
    out = tmp_path / "out"
    assert main(["extract", str(tmp_path / "in"), "-o", str(out), "--max-memory", "400", "--quiet"]) == 1
    row = _rows(out)[str(big)]
    assert row.status == "failed" and "over the memory bound of 400 MiB (--max-memory)" in row.error
    assert row.peak_memory > 400 * 2**20
    assert _rows(out)[str(tmp_path / "in" / "s00.probe")].status == "done"


def test_a_source_that_changes_while_it_is_read_is_failed_and_read_again_next_time(tmp_path: Path) -> None:
    touched = tmp_path / "in" / "t.probe"
    touched.parent.mkdir()
    touched.write_text(probe_text(5, touch=1)[0], encoding="utf-8")
    out = tmp_path / "out"
    assert main(["extract", str(touched), "-o", str(out), "--quiet"]) == 1
    row = _rows(out)[str(touched)]
    assert row.status == "failed" and row.error.startswith(f"{touched}: changed while read (") \
        and row.error.endswith("); nothing of it was kept")
    assert not (out / "t.jsonl").exists()


def test_jobs_are_capped_at_the_cores(tmp_path: Path, capsys) -> None:
    assert cap_jobs(40) == usable_cores() and cap_jobs(None) == usable_cores() and cap_jobs(0) == 1
    _probes(tmp_path / "in", 2)
    assert main(["extract", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--jobs", "40", "--quiet"]) == 0
    assert f"jixiao: note: --jobs 40: {usable_cores()} workers, one a core this machine gives" in capsys.readouterr().err


def test_status_summarises_the_batch(tmp_path: Path, capsys) -> None:
    made = _probes(tmp_path / "in", 2, "duplicate_row", pages=2, sleep=0.5)  # the slowest
    (tmp_path / "in" / "bad.probe").write_text(probe_text(3, fail=1)[0], encoding="utf-8")
    out = tmp_path / "out"
    main(["extract", str(tmp_path / "in"), "-o", str(out), "--quiet"])
    capsys.readouterr()
    assert main(["status", str(out)]) == 0
    text = capsys.readouterr().out
    rows = _rows(out)
    codes = Counter()
    for entry in rows.values():
        codes.update(json.loads(entry.warning_codes or "{}"))
    lines = text.splitlines()
    assert lines[0] == (f"{out}: 3 sources, {sum(made.values())} records, "
                        f"{sum(e.warnings for e in rows.values())} warnings")
    assert lines[1:5] == ["", "by status:", "  done             2", "  failed           1"]
    assert lines[6] == "slowest 3:" and "2 pages  done" in lines[7]
    assert "warnings by code:" in lines and codes["duplicate_row"] >= 2
    for code, n in codes.items():
        assert f"  {code:<24} {n:>7}" in lines
    assert lines[-1] == f"  {tmp_path / 'in' / 'bad.probe'}: the probe was told to fail"


def test_status_of_a_folder_without_a_batch_is_one_line(tmp_path: Path, capsys) -> None:
    assert main(["status", str(tmp_path)]) == 7
    assert capsys.readouterr().err == f"jixiao: error: {tmp_path}: no batch here (no {MANIFEST_NAME}; " \
                                      f"jixiao extract … -o {tmp_path} makes one)\n"


def _old_manifest(out: Path, done: Path) -> None:
    out.mkdir()
    with sqlite3.connect(out / MANIFEST_NAME) as db:  # the first layout: entry.py's fields as they were first
        db.execute("CREATE TABLE sources (path TEXT PRIMARY KEY, sha256 TEXT, size INTEGER, reader TEXT, status TEXT, "
                   "records INTEGER, warnings INTEGER, error TEXT, seconds REAL, peak_memory INTEGER, version TEXT, "
                   "output TEXT, page INTEGER, finished_at TEXT)")
        db.execute("INSERT INTO sources VALUES (?, 'x', 1, 'probe', 'done', 1, 0, NULL, 1.0, 1, '0.0.1', "
                   "'kept-name.jsonl', NULL, '2026-01-01T00:00:00+00:00')", (str(done),))


def test_an_older_manifest_is_upgraded_in_place_and_its_names_kept(tmp_path: Path, capsys) -> None:
    made = _probes(tmp_path / "in", 2)
    first = sorted(made)[0]
    _old_manifest(tmp_path / "out", first)
    assert main(["extract", str(tmp_path / "in"), "-o", str(tmp_path / "out"), "--quiet"]) == 0
    assert f"jixiao: note: {tmp_path / 'out' / MANIFEST_NAME}: manifest upgraded from layout 1" in \
        capsys.readouterr().err
    rows = _rows(tmp_path / "out")
    assert rows[str(first)].output == "kept-name.jsonl" and rows[str(first)].version == __version__  # read again
    assert (tmp_path / "out" / "kept-name.jsonl").exists()


@pytest.mark.parametrize("spoil", ["newer", "garbage", "foreign"])
def test_a_manifest_this_version_cannot_use_is_refused_in_one_line(tmp_path: Path, capsys, spoil: str) -> None:
    _probes(tmp_path / "in", 1)
    out = tmp_path / "out"
    out.mkdir()
    if spoil == "garbage":
        (out / MANIFEST_NAME).write_bytes(b"not sqlite at all" * 100)
    else:
        with sqlite3.connect(out / MANIFEST_NAME) as db:
            db.execute("CREATE TABLE other (x)" if spoil == "foreign" else "PRAGMA user_version = 99")
    assert main(["extract", str(tmp_path / "in"), "-o", str(out), "--quiet"]) == 7
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith(f"jixiao: error: {out / MANIFEST_NAME}: ")
    assert {"newer": "written by a newer jixiao", "garbage": "not a jixiao manifest",
            "foreign": "not a jixiao manifest"}[spoil] in err[0]


@pytest.mark.usefixtures("forked_workers")
@pytest.mark.parametrize("failing", ["write", "rename"])
def test_a_full_disk_stops_the_batch_in_one_line_and_keeps_what_was_finished(tmp_path: Path, capsys, monkeypatch,
                                                                             failing: str) -> None:
    import errno
    import os

    import jixiao.batch.work as work
    import jixiao.output as output

    made = _probes(tmp_path / "in", 3)
    real_replace, real_write, calls = os.replace, output.write_temporary, []

    def replace(src: str, dst: str) -> None:  # the batch renames each file into place
        calls.append(dst)
        if len(calls) == 2:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_replace(src, dst)

    def write_temporary(folder: Path, text, encoding: str = "utf-8") -> Path:  # noqa: ANN001 - a worker writes each
        text = "".join(text)
        calls.append(folder)
        if len(calls) == 2:
            real_write(folder, text[: len(text) // 2], encoding)  # half of it made it to the disk
            raise output.OutputError("cannot write: No space left on device", str(folder))
        return real_write(folder, text, encoding)

    if failing == "rename":
        monkeypatch.setattr(output.os, "replace", replace)
    else:
        monkeypatch.setattr(work, "write_temporary", write_temporary)  # the worker is forked (forked_workers): it sees it
    out = tmp_path / "out"
    assert main(["extract", str(tmp_path / "in"), "-o", str(out), "--jobs", "1", "--quiet"]) == 6
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith("jixiao: error: ") and err[0].endswith(
        ": cannot write: No space left on device")
    rows = _rows(out)
    assert len(rows) == 1 and next(iter(rows.values())).status == "done"
    assert len(list(out.glob(".jixiao-tmp-*"))) == (failing == "write")  # the next run removes it
    monkeypatch.undo()
    install()
    assert main(["extract", str(tmp_path / "in"), "-o", str(out), "--quiet"]) == 0
    assert {Path(p): e.records for p, e in _rows(out).items()} == made
    assert not list(out.glob(".jixiao-tmp-*"))


def test_any_engine_gives_the_same_manifest(tmp_path: Path) -> None:
    """The batch needs of an engine only `run(tasks) → outcomes` (a cluster engine plugs in here)."""
    from jixiao.batch.pool import InlineEngine
    from jixiao.batch.runner import BatchConfig, run_batch

    made = _probes(tmp_path / "in", 3)
    sources = sorted(made)
    pooled = run_batch(BatchConfig(sources, str(tmp_path / "a"), jobs=2, quiet=True))
    inline = run_batch(BatchConfig(sources, str(tmp_path / "b"), quiet=True), engine=InlineEngine())
    assert pooled == inline and pooled.records == sum(made.values())
    keep = ("path", "sha256", "size", "reader", "status", "records", "warnings", "error", "output", "pages")
    assert [[getattr(e, k) for k in keep] for e in read_manifest(tmp_path / "a")] == \
        [[getattr(e, k) for k in keep] for e in read_manifest(tmp_path / "b")]
    assert (tmp_path / "a" / "s00.jsonl").read_bytes() == (tmp_path / "b" / "s00.jsonl").read_bytes()


def test_a_source_gone_before_it_is_read_is_failed_with_a_clear_error(tmp_path: Path) -> None:
    from jixiao.batch.runner import BatchConfig, run_batch

    made = _probes(tmp_path / "in", 1)
    gone = tmp_path / "in" / "gone.txt"  # found by the discovery, removed before a worker got to it
    totals = run_batch(BatchConfig([*made, gone], str(tmp_path / "out"), jobs=1, quiet=True))
    assert totals.errors == 1 and totals.records == sum(made.values())
    row = _rows(tmp_path / "out")[str(gone)]
    assert (row.status, row.error) == ("failed", f"{gone}: vanished before it was read (no such file or directory)")


def test_a_run_from_another_folder_finds_the_same_rows(tmp_path: Path, probe_log: Path, monkeypatch) -> None:
    made = _probes(tmp_path / "in", 2)
    monkeypatch.chdir(tmp_path)
    assert main(["extract", "in", "-o", "out", "--quiet"]) == 0
    rows = _rows(tmp_path / "out")
    assert sorted(rows) == sorted(str(p) for p in made)  # absolute: the manifest's key
    record = json.loads((tmp_path / "out" / "s00.jsonl").read_text(encoding="utf-8").splitlines()[0])
    assert record["source"]["path"] == str(Path("in") / "s00.probe")  # the records say the path as given
    _read_log(probe_log)
    monkeypatch.chdir(tmp_path / "in")
    assert main(["extract", ".", "-o", str(tmp_path / "out"), "--quiet"]) == 0
    assert _read_log(probe_log) == Counter() and _rows(tmp_path / "out") == rows


def test_a_program_with_threads_gets_spawned_workers_and_its_records(tmp_path: Path, probe_log: Path) -> None:
    """Forking a process that runs threads may copy a lock some thread holds (an OCR pool's): the
    workers of a batch started from such a program are spawned, see the readers it registered, and
    read as forked ones do."""
    import threading

    from jixiao.batch import pool
    from jixiao.batch.runner import BatchConfig, run_batch

    install()
    (tmp_path / "in").mkdir()
    sources = []
    for k in range(3):
        sources.append(tmp_path / "in" / (f"copy{k}.txt" if k < 2 else "copy2.probe"))
        sources[-1].write_text(probe_text(k)[0] if k == 2 else dump(k)[0], encoding="utf-8")
    if threading.active_count() == 1:  # (another test's thread pool may live on: then both runs spawn)
        assert pool._context().get_start_method() == "fork"
    forked = run_batch(BatchConfig(sources, str(tmp_path / "forked"), jobs=2, quiet=True))
    stop = threading.Event()
    busy = threading.Thread(target=stop.wait, daemon=True)
    busy.start()
    try:
        assert pool._context().get_start_method() == "spawn"
        spawned = run_batch(BatchConfig(sources, str(tmp_path / "spawned"), jobs=2, quiet=True))
    finally:
        stop.set()
        busy.join()
    assert spawned == forked and spawned.records == dump(0)[1] + dump(1)[1] + probe_text(2)[1]
    assert _read_log(probe_log) == Counter({str(sources[2]): 2})  # the probe reader, in both kinds of worker
    for name in ("copy0", "copy1", "copy2"):
        assert (tmp_path / "spawned" / f"{name}.jsonl").read_bytes() == \
            (tmp_path / "forked" / f"{name}.jsonl").read_bytes()
