"""A real batch process killed with SIGKILL mid-run, then resumed: nothing lost, nothing redone,
no temporaries left, no worker outliving the batch."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import psutil
from probe_reader import LOG_VARIABLE, probe_text

from jixiao.batch.entry import read_manifest

TESTS = Path(__file__).resolve().parent
LAUNCH = ("import sys, probe_reader; probe_reader.install(); "
          "from jixiao.cli import main; sys.exit(main(sys.argv[1:]))")


def _command(src: Path, out: Path) -> list[str]:
    return [sys.executable, "-c", LAUNCH, "extract", str(src), "-o", str(out), "--jobs", "2", "--quiet"]


def _env(log: Path) -> dict[str, str]:
    return {**os.environ, "PYTHONPATH": os.pathsep.join([str(TESTS), os.environ.get("PYTHONPATH", "")]),
            LOG_VARIABLE: str(log)}


def _done(out: Path) -> set[str]:
    try:
        return {e.path for e in read_manifest(out) if e.status == "done"}
    except Exception:  # the batch is creating it
        return set()


def test_a_killed_batch_resumes_losing_nothing_and_redoing_nothing(tmp_path: Path) -> None:
    src, out = tmp_path / "in", tmp_path / "out"
    src.mkdir()
    expected = {}
    for k in range(16):
        text, records = probe_text(200 + k, pages=2, sleep=0.4)
        (src / f"p{k:02d}.probe").write_text(text, encoding="utf-8")
        expected[str(src / f"p{k:02d}.probe")] = records
    batch = subprocess.Popen(_command(src, out), env=_env(tmp_path / "first.log"), stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while len(_done(out)) < 5 and time.monotonic() < deadline and batch.poll() is None:
        time.sleep(0.05)
    workers = psutil.Process(batch.pid).children(recursive=True)
    assert batch.poll() is None and len(workers) == 2
    os.kill(batch.pid, signal.SIGKILL)
    batch.wait()
    gone, alive = psutil.wait_procs(workers, timeout=10)
    assert alive == []  # the workers died with the batch
    finished = _done(out)
    assert 5 <= len(finished) < 16
    for entry in read_manifest(out):  # what the manifest says is done is whole on disk
        if entry.status == "done":
            assert len((out / entry.output).read_text(encoding="utf-8").splitlines()) == expected[entry.path]
    (out / ".jixiao-tmp-left-by-a-kill.tmp").write_bytes(b"{" * 4096)  # as a kill during a write leaves
    stale = len(list(out.glob(".jixiao-tmp-*.tmp")))  # and those the kill left for real (a worker was writing)

    resumed = subprocess.run(_command(src, out), env=_env(tmp_path / "second.log"), capture_output=True, text=True,
                             timeout=300, check=False)
    assert resumed.returncode == 0, resumed.stderr
    read_again = (tmp_path / "second.log").read_text(encoding="utf-8").splitlines()
    assert not set(read_again) & finished  # nothing redone
    assert sorted(read_again) == sorted(set(expected) - finished)  # each of the rest once
    assert f"removed {stale} temporary file(s) a stopped batch left" in resumed.stderr
    rows = {e.path: e for e in read_manifest(out)}
    assert {p: e.records for p, e in rows.items()} == expected and {e.status for e in rows.values()} == {"done"}
    for entry in rows.values():  # nothing lost
        lines = (out / entry.output).read_text(encoding="utf-8").splitlines()
        assert [json.loads(line)["source"]["path"] for line in lines] == [entry.path] * expected[entry.path]
    assert sorted(p.name for p in out.iterdir() if p.name.startswith(".jixiao-tmp-")) == []


def _start_hanging_batch(tmp_path: Path, out: Path) -> subprocess.Popen:
    src = tmp_path / "in"
    src.mkdir()
    (src / "hang.probe").write_text(probe_text(1, pages=2, hang_at=1)[0], encoding="utf-8")
    batch = subprocess.Popen(_command(src, out), env=_env(tmp_path / "log"), stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 60
    while not (tmp_path / "log").exists() and time.monotonic() < deadline:  # its worker is reading
        time.sleep(0.05)
    return batch


def test_a_second_batch_on_the_same_folder_is_refused_and_ctrl_c_stops_the_first(tmp_path: Path) -> None:
    out = tmp_path / "out"
    batch = _start_hanging_batch(tmp_path, out)
    workers = psutil.Process(batch.pid).children(recursive=True)
    second = subprocess.run(_command(tmp_path / "in", out), env=_env(tmp_path / "log2"), capture_output=True,
                            text=True, timeout=120, check=False)
    assert second.returncode == 7
    assert second.stderr == f"jixiao: error: {out}: another jixiao batch (pid {batch.pid}) is writing to this folder\n"
    batch.send_signal(signal.SIGINT)
    _, err = batch.communicate(timeout=60)
    assert batch.returncode == 130 and err.strip().splitlines()[-1] == "jixiao: interrupted"
    assert psutil.wait_procs(workers, timeout=10)[1] == []
    assert read_manifest(out) == []  # the one source never finished
