"""OCR reads offline: no socket connected and no host name looked up, by Python or by onnxruntime's
native telemetry (which looks up its collector host from a thread of its own, seconds after start)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pypdfium2
import pytest

from jixiao import records_from_path

ROOT = Path(__file__).resolve().parent.parent
DOCX_PDF = ROOT / "samples" / "pdf" / "pingluo-docx.pdf"
TELEMETRY_DELAY = 12.0  # seconds: onnxruntime 1.32's telemetry looked its host up about 10 s after start


def _page_image(path: Path) -> Path:
    """Page 1 of the sample form as a 200 dpi grey scan (a PNG: read by OCR only)."""
    pypdfium2.PdfDocument(str(DOCX_PDF))[0].render(scale=200 / 72, grayscale=True).to_pil().save(path, dpi=(200, 200))
    return path


def _no_network(*args: object, **kwargs: object) -> None:
    raise AssertionError(f"the reader tried to reach the network: {args!r}")


def test_ocr_read_opens_no_socket_and_looks_up_no_host(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex", "create_connection"):
        monkeypatch.setattr(socket, name, _no_network)
    monkeypatch.setattr(socket.socket, "connect", _no_network)
    monkeypatch.setattr(socket.socket, "connect_ex", _no_network)
    [record] = records_from_path(_page_image(tmp_path / "scan.png"))
    assert record["source"]["method"] == "pdf-ocr" and record["indicators"]


_CHILD = """
import sys, time
from pathlib import Path
from jixiao import records_from_path
started = time.monotonic()
records = records_from_path(Path(sys.argv[1]))
assert records and records[0]["indicators"], records
time.sleep(max(0.0, float(sys.argv[2]) - (time.monotonic() - started)))
"""


def _inet_calls(trace: Path) -> list[str]:
    """The connect/sendto calls of a strace log that reach past this machine (a DNS query is one)."""
    return [line for line in trace.read_text().splitlines()
            if ("connect(" in line or "sendto(" in line) and ("AF_INET" in line or "htons(53)" in line)]


def test_onnxruntime_telemetry_stays_off_in_a_fresh_process(tmp_path: Path) -> None:
    """A full OCR read in a fresh interpreter: onnxruntime's telemetry store (made in the home cache the
    moment its telemetry starts) is never made; and, where strace is installed, the process is watched
    for longer than the telemetry takes to look its host up, and sends nothing to any address."""
    image = _page_image(tmp_path / "scan.png")
    home = tmp_path / "home"
    home.mkdir()
    env = {**os.environ, "HOME": str(home), "XDG_CACHE_HOME": str(home / ".cache")}
    env.pop("ORT_DISABLE_TELEMETRY", None)  # the product must switch it off itself
    strace = shutil.which("strace")
    trace = tmp_path / "trace.txt"
    command = [sys.executable, "-c", _CHILD, str(image), str(TELEMETRY_DELAY if strace else 0)]
    if strace:
        command = [strace, "-f", "-qq", "-e", "trace=connect,sendto", "-o", str(trace), *command]
    started = time.monotonic()
    subprocess.run(command, env=env, check=True, timeout=300)
    assert not any(home.rglob("*")), f"onnxruntime's telemetry wrote {sorted(home.rglob('*'))}"
    if strace and trace.exists():
        assert time.monotonic() - started >= TELEMETRY_DELAY
        assert not _inet_calls(trace)
