"""A big text dump read a segment at a time gives the records the whole-file reader gives, byte for byte.

Generated dumps (tests/bigdump.py: generated documents one after another) are read both ways with
segments of a few kilobytes, so that tables are split across segment boundaries and page breaks."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from bigdump import SUFFIXES, big_dump_text, write_big_dump

from jixiao.cli import main
from jixiao.extract.decode_stream import decoded_segments, plan_decoding
from jixiao.extract.stream_settings import StreamSettings
from jixiao.extract.text_pieces import pieces
from jixiao.output import rendered
from jixiao.output_stream import StreamedOutput
from jixiao.pipeline import extract_source, records_from_path
from jixiao.stream_records import stream_records

TINY = StreamSettings(min_bytes=0, segment_bytes=1500, run_lines=30)
WHOLE = StreamSettings(min_bytes=1 << 40)


def _streamed(path: Path, settings: StreamSettings = TINY) -> list[dict]:
    got: list[dict] = []
    assert stream_records(path, got.append, settings) is not None
    return got


def _same(path: Path) -> list[dict]:
    whole = records_from_path(path)
    streamed = _streamed(path)
    assert [json.dumps(r, ensure_ascii=False) for r in streamed] == [json.dumps(r, ensure_ascii=False) for r in whole]
    return whole


# every notation with page breaks; the other grid distortions (tsv) as well; cell_lines: no table notation
CASES = [(n, "page_breaks") for n in ("tsv", "markdown", "html", "cell_lines")] + [
    ("tsv", d) for d in ("form_feeds", "page_numbers", "repeated_header", "split_cell", "title_in_grid_all")]


@pytest.mark.parametrize(("notation", "distortion"), CASES)
def test_streamed_records_are_the_whole_files(tmp_path: Path, notation: str, distortion: str) -> None:
    path = tmp_path / f"big{SUFFIXES[notation]}"
    text, forms = big_dump_text(notation, 40_000, seed=7, distortion=distortion)
    path.write_text(text, encoding="utf-8")
    records = _same(path)
    assert len(records) == forms
    decoding = plan_decoding(path, TINY.segment_bytes)
    assert decoding is not None and len(list(pieces(path, decoding, TINY.segment_bytes))) > len(records)
    if notation != "cell_lines":  # tables printed across a page break, read from two segments
        assert any(r["source"]["pages"][0] < r["source"]["pages"][1] for r in records)


def test_glued_rows_stream_with_their_untold_values(tmp_path: Path) -> None:
    """Rows glued past parting (row_unparted) keep source.value_untold, and no missing_value, streamed too."""
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from notationgen import make_notation_case

    path = tmp_path / "glued.txt"
    path.write_text("\n\n".join(make_notation_case(seed, "glued").text for seed in range(6)), encoding="utf-8")
    records = _same(path)
    untold = [i for r in records for i in r["indicators"] if i["source"].get("value_untold")]
    assert untold and all(i["target"] is None for i in untold)
    for r in records:
        said_missing = {w["field"] for w in r["warnings"] if w["code"] == "missing_value"}
        assert not {f"indicators[{k}].target" for k, i in enumerate(r["indicators"])
                    if i["source"].get("value_untold")} & said_missing


def test_line_notes_and_undecodable_bytes_are_said_as_the_whole_file_says_them(tmp_path: Path) -> None:
    text, _ = big_dump_text("tsv", 30_000, seed=3)
    lines = text.split("\n")
    for k in range(5, len(lines), 97):  # zero-width spaces inside values
        if len(lines[k]) > 4:
            lines[k] = lines[k][:2] + "\u200b" + lines[k][2:]
    data = "\r\n".join(lines).encode("utf-8")
    cut = len(data) // 2
    cut = data.index(b"\n", cut) + 1
    data = data[:cut] + b"\xff\xfe" + data[cut:]  # two undecodable bytes
    path = tmp_path / "damaged.txt"
    path.write_bytes(data)
    records = _same(path)
    codes = {w["code"] for r in records for w in r["warnings"]}
    assert {"invisible_chars_removed", "undecodable_bytes"} <= codes


@pytest.mark.parametrize("line_end", ["\r", "\r\n", "\u2028"])
def test_any_line_end_cuts_segments(tmp_path: Path, line_end: str) -> None:
    """An old Mac file (lone "\r") is read a segment at a time too, and a "\r\n" cut between two
    chunks stays one line end."""
    text, forms = big_dump_text("tsv", 30_000, seed=4)
    path = tmp_path / "mac.txt"
    path.write_bytes(text.replace("\n", line_end).encode("utf-8"))
    decoding = plan_decoding(path, TINY.segment_bytes)
    assert decoding is not None
    segments = [s for s, _ in decoded_segments(path, decoding, TINY.segment_bytes)]
    assert "".join(segments) == path.read_bytes().decode("utf-8")
    assert len(segments) > 10 and max(map(len, segments)) < 3 * TINY.segment_bytes
    assert len(_same(path)) == forms


def test_a_gb18030_dump_streams_as_it_reads_whole(tmp_path: Path) -> None:
    text, forms = big_dump_text("markdown", 20_000, seed=5)
    path = tmp_path / "gb.md"
    path.write_bytes(text.encode("gb18030"))
    assert plan_decoding(path, 1000).encoding == "gb18030"  # type: ignore[union-attr]
    assert len(_same(path)) == forms


@pytest.mark.parametrize("data", [b"\xff\xfe" + "项目\n".encode("utf-16-le") * 50, b"\x89PNG\r\n\x1a\n" + bytes(300),
                                  b"  \n\n  "])
def test_files_the_stream_does_not_follow_are_read_whole(tmp_path: Path, data: bytes) -> None:
    path = tmp_path / "odd.txt"
    path.write_bytes(data)
    assert plan_decoding(path, 64) is None
    streamed, whole = extract_source(path, settings=TINY), extract_source(path, settings=WHOLE)
    assert (streamed.error, streamed.records) == (whole.error, whole.records)


def test_a_dump_with_no_form_says_so_as_read_whole(tmp_path: Path) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("会议纪要\n\n" + "今天讨论了预算安排。\n" * 300, encoding="utf-8")
    for named in (True, False):
        streamed = extract_source(path, named=named, settings=TINY)
        whole = extract_source(path, named=named, settings=WHOLE)
        assert (streamed.error, streamed.note, streamed.records) == (whole.error, whole.note, whole.records)


@pytest.mark.parametrize("fmt", ["jsonl", "json", "csv"])
def test_streamed_output_is_the_rendered_file(tmp_path: Path, fmt: str) -> None:
    text, _ = big_dump_text("tsv", 15_000, seed=11)
    path = tmp_path / "d.txt"
    path.write_text(text, encoding="utf-8")
    records = records_from_path(path)
    output = StreamedOutput(tmp_path / "out", fmt)
    for record in records:
        output.write(record)
    written = output.close()
    assert written is not None
    body, encoding = rendered(records, fmt)
    assert written.read_bytes() == "".join(body).encode(encoding)


def test_a_batch_streams_a_big_dump_to_done(tmp_path: Path, monkeypatch) -> None:
    source = tmp_path / "in" / "years.txt"
    source.parent.mkdir()
    forms = write_big_dump(source, "tsv", 2_000_000, seed=2)
    monkeypatch.setenv("JIXIAO_STREAM_MIN_BYTES", str(1 << 20))  # the workers inherit it
    monkeypatch.setenv("JIXIAO_STREAM_SEGMENT_BYTES", str(256 << 10))
    out = tmp_path / "out"
    assert main(["extract", str(source), "-o", str(out), "--quiet", "--jobs", "1"]) == 0
    lines = (out / "years.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(lines) == forms
    with sqlite3.connect(out / "jixiao-manifest.sqlite") as db:
        status, records = db.execute("select status, records from sources").fetchone()
    assert (status, records) == ("done", forms)
    assert not list(out.glob(".jixiao-tmp-*"))


def _rows(url: str) -> dict[str, list[tuple]]:
    """Every table's rows, without the load time (ids are given in the same order both ways)."""
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.connect() as connection:
        out = {}
        for table in ("documents", "records", "indicators", "warnings"):
            result = connection.execute(sa.text(f"select * from {table} order by id"))
            keep = [k for k, name in enumerate(result.keys()) if name != "loaded_at"]
            out[table] = [tuple(row[k] for k in keep) for row in result]
    engine.dispose()
    return out


def test_a_source_file_loads_the_rows_its_records_load(tmp_path: Path) -> None:
    from jixiao.db.engine import open_database
    from jixiao.db.load import load_records
    from jixiao.db.load_file import load_source_file

    text, _ = big_dump_text("tsv", 40_000, seed=13)
    source = tmp_path / "d.txt"
    source.write_text(text, encoding="utf-8")
    records = records_from_path(source)
    output = StreamedOutput(tmp_path / "out", "jsonl")
    for record in records:
        output.write(record)
    written = output.close()
    assert written is not None
    by_records, by_file = f"sqlite:///{tmp_path / 'a.sqlite'}", f"sqlite:///{tmp_path / 'b.sqlite'}"
    load_records(open_database(by_records), records)
    load_source_file(open_database(by_file), written, len(records), source.stat().st_size)
    loaded = _rows(by_file)
    assert loaded == _rows(by_records) and len(loaded["records"]) == len(records)


def test_a_batch_with_a_database_loads_a_streamed_dump(tmp_path: Path, monkeypatch) -> None:
    source = tmp_path / "in" / "years.md"
    source.parent.mkdir()
    forms = write_big_dump(source, "markdown", 300_000, seed=4)
    monkeypatch.setenv("JIXIAO_STREAM_MIN_BYTES", "1000")
    monkeypatch.setenv("JIXIAO_STREAM_SEGMENT_BYTES", "20000")
    url = f"sqlite:///{tmp_path / 'db.sqlite'}"
    assert main(["extract", str(source), "-o", str(tmp_path / "out"), "--quiet", "--db", url]) == 0
    assert len(_rows(url)["records"]) == forms
