"""`--engine camelot` is given the file itself, never a string camelot may take for a URL."""

from __future__ import annotations

import shutil
import socket
from pathlib import Path

import pytest

from jixiao.extract.options import ReadOptions
from jixiao.extract.pdf.camelot_engine import safe_path
from jixiao.pipeline import records_from_path

ROOT = Path(__file__).resolve().parent.parent
FORM = ROOT / "samples" / "pdf" / "pingluo-docx.pdf"


def _no_network(*args: object, **kwargs: object) -> None:
    raise AssertionError(f"camelot tried to reach the network: {args!r}")


def _rows(records: list[dict]) -> list[list[tuple]]:
    return [[(i["level3"], i["target"]) for i in r["indicators"]] for r in records]


def test_pdf_in_a_folder_named_like_a_url_scheme(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "http:").mkdir()
    shutil.copyfile(FORM, tmp_path / "http:" / "form.PDF")
    monkeypatch.chdir(tmp_path)
    for name in ("getaddrinfo", "create_connection"):
        monkeypatch.setattr(socket, name, _no_network)
    monkeypatch.setattr(socket.socket, "connect", _no_network)
    options = ReadOptions(engine="camelot", pages=(1,))
    read = records_from_path(Path("http:/form.PDF"), options)
    assert _rows(read) == _rows(records_from_path(FORM, ReadOptions(pages=(1,))))
    assert read[0]["source"]["path"] == "http:/form.PDF"


def test_safe_path_is_a_plain_local_name_and_goes_away(tmp_path: Path) -> None:
    source = tmp_path / "https:" / "x.pdf"
    source.parent.mkdir()
    source.write_bytes(b"%PDF-1.4\n")
    with safe_path(source) as local:
        assert local.is_absolute() and local.name == "source.pdf" and local.read_bytes() == b"%PDF-1.4\n"
    assert not local.exists()
