"""Pairing an output folder a group at a time (jixiao/review/pair_stream.py): the same files as pairing
the whole folder at once with `pair_batch`, and memory that does not grow with the number of sources.

    .venv/bin/python -m pytest tests/test_pairing_stream.py -q
"""

from __future__ import annotations

import copy
import hashlib
import json
import sys
import tracemalloc
from functools import cache
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from pairgen import make_pair_batch  # noqa: E402

from jixiao import records_from_text  # noqa: E402
from jixiao.normalize.pairing import pair_batch  # noqa: E402
from jixiao.review import pair_stream  # noqa: E402
from jixiao.review.folder import pair_folder, read_folder  # noqa: E402


@cache
def _batch_records(seed: int, n_projects: int = 6) -> list[dict]:
    batch = make_pair_batch(seed, n_projects=n_projects)
    return [records_from_text(s.text, path=s.path)[0] for s in batch.sources]


def _write(folder: Path, name: str, records: list[dict]) -> None:
    folder.mkdir(exist_ok=True)
    (folder / f"{name}.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records),
                                          encoding="utf-8")


def _mixed_folder(folder: Path) -> None:
    """Several batches whose names meet across files, with the awkward cases: a file of several records,
    the same source twice (one sha256 in two files), a printed year missing, a form with no name."""
    for seed in range(3):
        records = copy.deepcopy(_batch_records(seed))
        if seed == 1:
            records[0]["year"] = None
            records[1]["year"] = None
            records[2]["project"]["name"] = None
            records[2]["project"]["department"] = None
        if seed == 2:
            _write(folder, "several", records[:5])
            records = records[5:]
        for k, record in enumerate(records):
            _write(folder, f"s{seed}-{k:02d}", [record])
    _write(folder, "s0-00-copy", _batch_records(0)[:1])


def _whole_folder_pairing(folder: Path) -> dict[str, str]:
    """What each file holds after pairing the whole folder at once (the reference)."""
    files = read_folder(folder)
    result = pair_batch([r for _, records in files for r in records])
    expected, start = {}, 0
    for path, records in files:
        new = result.records[start:start + len(records)]
        start += len(records)
        expected[path.name] = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in new)
    return expected


def _texts(folder: Path) -> dict[str, str]:
    return {p.name: p.read_text(encoding="utf-8") for p in sorted(folder.glob("*.jsonl"))}


@pytest.mark.parametrize(("group_records", "name_block"), [(64, 1024), (1, 3)])
def test_pairing_a_group_at_a_time_gives_the_whole_folders_pairs(tmp_path: Path, monkeypatch, group_records: int,
                                                                 name_block: int) -> None:
    monkeypatch.setattr(pair_stream, "GROUP_RECORDS", group_records)
    monkeypatch.setattr(pair_stream, "NAME_BLOCK", name_block)
    folder = tmp_path / "out"
    _mixed_folder(folder)
    before = _texts(folder)
    expected = _whole_folder_pairing(folder)
    reference = pair_batch([r for _, records in read_folder(folder) for r in records])
    summary = pair_folder(folder)
    assert _texts(folder) == expected
    assert sorted(p.name for p in summary.rewritten) == sorted(n for n in before if before[n] != expected[n])
    assert (summary.paired, summary.self_evaluations) == (len(reference.pairs),
                                                          len(reference.pairs) + len(reference.unpaired))
    assert summary.paired > 10 and summary.files == len(before)
    assert not list(folder.glob(".jixiao-tmp-*"))  # the side file of changed records is gone
    again = pair_folder(folder)
    assert again.rewritten == [] and _texts(folder) == expected


def test_components_never_split_a_pair_of_the_whole_folder(tmp_path: Path) -> None:
    folder = tmp_path / "out"
    _mixed_folder(folder)
    files = read_folder(folder)
    flat = [r for _, records in files for r in records]
    result = pair_batch(flat)
    keyed = pair_stream.read_keys([p for p, _ in files])
    place = {}
    position = [(f, i) for f, (_, records) in enumerate(files) for i in range(len(records))]
    for k, key in enumerate(keyed):
        place[(key.file, key.index)] = k
    group_of = {k: g for g, members in enumerate(pair_stream._components(keyed)) for k in members}
    for pair in result.pairs:
        assert group_of[place[position[pair.self_eval]]] == group_of[place[position[pair.target]]]
    assert len(set(group_of.values())) > 3  # the folder is not one group


def _replicated_folder(folder: Path, copies: int) -> int:
    """`copies` of one batch, each in a year of its own (so that no pair crosses two copies): as many
    groups as copies, each of the same size. The number of sources."""
    base = _batch_records(5, n_projects=4)
    for copy_no in range(copies):
        for k, record in enumerate(base):
            record = copy.deepcopy(record)
            record["year"] = 1900 + copy_no
            record["source"]["sha256"] = hashlib.sha256(f"{copy_no}/{k}".encode()).hexdigest()
            record["source"]["path"] = f"c{copy_no:04d}-{k:02d}.txt"
            _write(folder, f"c{copy_no:04d}-{k:02d}", [record])
    return copies * len(base)


def _peak_of_pairing(folder: Path) -> int:
    tracemalloc.start()
    try:
        pair_folder(folder)
        return tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_memory_does_not_grow_with_the_folder(tmp_path: Path, monkeypatch) -> None:
    """Four times the sources: the peak grows by the keys of the added records (under 2 KiB each: name,
    year, place, source reference), not by the records (10 KiB each as text, several times that as dicts)."""
    monkeypatch.setattr(pair_stream, "GROUP_RECORDS", 32)
    small, large = tmp_path / "small", tmp_path / "large"
    n_small = _replicated_folder(small, 10)
    n_large = _replicated_folder(large, 40)
    _peak_of_pairing(small)  # the first pairing of a process loads modules and compiles the schema
    peak_small = _peak_of_pairing(small)
    peak_large = _peak_of_pairing(large)
    record_bytes = sum(p.stat().st_size for p in small.glob("*.jsonl")) / n_small
    grown_a_record = (peak_large - peak_small) / (n_large - n_small)
    assert grown_a_record < min(2048, record_bytes / 5), (peak_small, peak_large, record_bytes)
    assert peak_large < 1.25 * peak_small, (peak_small, peak_large)
