"""Pairing over an output folder a group of records at a time, so that memory stays flat in the number
of sources: the pairs and the rewritten files are those `pair_batch` gives for the whole folder at once.

1. keys: every line of every file is checked against the schema (as `read_jsonl` does); of a record
   pairing may touch (a self-evaluation, a target form with a name) only its place (file, byte offset,
   index in its file), form, name key, year and source reference are kept;
2. groups: a self-evaluation and a target form whose names rapidfuzz puts within `NAME_FLOOR` and whose
   printed years do not differ are joined (union-find, the names compared a block at a time). No pair can
   cross two groups and `find_pairs` takes pairs best first, so pairing each group alone gives the pairs of
   the whole; a few small groups are paired together (`GROUP_RECORDS`), read back by their offsets.
   Each record that changed is checked and written to a side file;
3. the files holding changed records are rewritten a line at a time, the changed lines from the side file.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

from jixiao.db.jsonl import jsonl_lines, read_at
from jixiao.normalize import review_vocab as rv
from jixiao.normalize.cross_check import RecordRef
from jixiao.output import TEMP_PREFIX, TEMP_SUFFIX, place, write_temporary

GROUP_RECORDS = 64  # records paired at once (small groups packed together; one larger group stays whole)
NAME_BLOCK = 1024  # names compared at once on each side: a score matrix of at most 4 MiB


@dataclass(frozen=True, slots=True)
class KeyedRecord:
    """What pairing needs to know of a record before it reads it whole."""

    file: int  # index into the folder's files
    offset: int  # byte offset of its line
    index: int  # its place among its file's records, from 0
    form: str
    name: str  # `pairing.identity_key`
    year: int | None
    ref: RecordRef


@dataclass(frozen=True, slots=True)
class PairFolderSummary:
    files: int
    rewritten: list[Path]
    self_evaluations: int
    paired: int


def read_keys(paths: list[Path]) -> list[KeyedRecord]:
    """The keys of the records pairing may touch, in folder order; every line checked."""
    from jixiao.normalize.pairing import identity_key

    target_forms = set(rv.FORM_PAIRS.values())
    seen: dict[str, int] = defaultdict(int)  # as `pairing.record_refs`: a record's place among its source's
    keyed = []
    for file_no, path in enumerate(paths):
        for index, (offset, record) in enumerate(jsonl_lines(path)):
            source = record.get("source") or {}
            sha = str(source.get("sha256") or "")
            seen[sha] += 1
            form = record.get("form")
            name = identity_key(record) if form in rv.FORM_PAIRS or form in target_forms else ""
            if form in rv.FORM_PAIRS or name:
                keyed.append(KeyedRecord(file_no, offset, index, str(form), name, record.get("year"),
                                         RecordRef(sha, seen[sha], str(source.get("path") or ""))))
    return keyed


class _Union:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, k: int) -> int:
        while self.parent[k] != k:
            self.parent[k] = self.parent[self.parent[k]]
            k = self.parent[k]
        return k

    def join(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _join_names(keyed: list[KeyedRecord], evals: list[int], targets: list[int], union: _Union) -> None:
    """Join each self-evaluation to every target form whose name `_candidates` would score."""
    from rapidfuzz import fuzz, process

    for i in range(0, len(evals), NAME_BLOCK):
        rows = evals[i:i + NAME_BLOCK]
        for j in range(0, len(targets), NAME_BLOCK):
            cols = targets[j:j + NAME_BLOCK]
            scores = process.cdist([keyed[k].name for k in rows], [keyed[k].name for k in cols],
                                   scorer=fuzz.ratio, score_cutoff=rv.NAME_FLOOR)
            for row, col in zip(*scores.nonzero(), strict=True):
                union.join(rows[int(row)], cols[int(col)])


def _components(keyed: list[KeyedRecord]) -> list[list[int]]:
    """The records that may pair with each other, joined; each group in folder order, by its first record."""
    union = _Union(len(keyed))
    for eval_form, target_form in rv.FORM_PAIRS.items():
        targets_by_year: dict[int | None, list[int]] = defaultdict(list)
        evals_by_year: dict[int | None, list[int]] = defaultdict(list)
        for k, record in enumerate(keyed):
            if record.name and record.form == target_form:
                targets_by_year[record.year].append(k)
            elif record.name and record.form == eval_form:
                evals_by_year[record.year].append(k)
        every_target = sorted(k for found in targets_by_year.values() for k in found)
        for year, evals in evals_by_year.items():  # two printed years that differ never pair
            targets = every_target if year is None else sorted(targets_by_year[year] + targets_by_year[None])
            _join_names(keyed, evals, targets, union)
    groups: dict[int, list[int]] = defaultdict(list)
    for k in range(len(keyed)):
        groups[union.find(k)].append(k)
    return list(groups.values())  # keyed by their smallest member, met in order


def packed(components: list[list[int]], size: int = GROUP_RECORDS) -> Iterator[list[int]]:
    """Components packed into groups of about `size` records (a larger one alone), members in folder order."""
    group: list[int] = []
    for component in components:
        if group and len(group) + len(component) > size:
            yield sorted(group)
            group = []
        group += component
    if group:
        yield sorted(group)


@dataclass
class _Patches:
    """Changed records in a side file of the output folder; where each one's line is."""

    folder: Path
    handle: IO[bytes] | None = None
    path: Path | None = None
    lines: dict[tuple[int, int], int] = field(default_factory=dict)  # (file, index) → offset in the side file
    size: int = 0

    def add(self, file_no: int, index: int, record: dict[str, Any]) -> None:
        if self.handle is None:
            fd, name = tempfile.mkstemp(prefix=TEMP_PREFIX, suffix=TEMP_SUFFIX, dir=self.folder)
            self.path, self.handle = Path(name), os.fdopen(fd, "w+b")
        line = (json.dumps(record, ensure_ascii=False) + "\n").encode("utf-8", "backslashreplace")
        self.handle.write(line)
        self.lines[(file_no, index)] = self.size
        self.size += len(line)

    def line(self, file_no: int, index: int) -> str | None:
        """The changed record's line (as `json.dumps` wrote it), or None: the record did not change."""
        offset = self.lines.get((file_no, index))
        if offset is None or self.handle is None:
            return None
        self.handle.seek(offset)
        return self.handle.readline().decode("utf-8")

    def close(self) -> None:
        if self.handle is not None:
            self.handle.close()
        if self.path is not None:
            self.path.unlink(missing_ok=True)


def _read_group(paths: list[Path], keyed: list[KeyedRecord], members: list[int]) -> list[dict[str, Any]]:
    records: list[dict[str, Any]] = []
    handle: IO[bytes] | None = None
    file_no = -1
    try:
        for k in members:  # in folder order: each file opened once
            if keyed[k].file != file_no:
                if handle is not None:
                    handle.close()
                file_no = keyed[k].file
                handle = paths[file_no].open("rb")
            assert handle is not None
            records.append(read_at(handle, keyed[k].offset))
    finally:
        if handle is not None:
            handle.close()
    return records


def _rewritten_lines(path: Path, file_no: int, patches: _Patches) -> Iterator[str]:
    """The file's lines, the changed ones from the side file, every one as `json.dumps` writes it (as the
    whole file written anew would be)."""
    index = 0
    with path.open("rb") as handle:
        for raw in handle:
            line = raw.decode("utf-8")  # the file was read and checked in the first pass
            if not line.strip():
                continue
            new = patches.line(file_no, index)
            yield new if new is not None else json.dumps(json.loads(line), ensure_ascii=False) + "\n"
            index += 1


def pair_files(paths: list[Path]) -> PairFolderSummary:
    """Pair the self-evaluations of these JSONL files a group at a time; rewrite the files that changed."""
    from jixiao.normalize.pairing import pair_batch
    from jixiao.schema.validate import validate_record

    keyed = read_keys(paths)
    patches = _Patches(paths[0].parent)
    paired = evaluations = 0
    try:
        for members in packed(_components(keyed), GROUP_RECORDS):
            result = pair_batch(_read_group(paths, keyed, members), refs=[keyed[k].ref for k in members])
            paired += len(result.pairs)
            evaluations += len(result.pairs) + len(result.unpaired)
            for k in result.changed:
                where = keyed[members[k]]
                validate_record(result.records[k], str(paths[where.file]))
                patches.add(where.file, where.index, result.records[k])
        rewritten = []
        for file_no in sorted({file_no for file_no, _ in patches.lines}):
            path = paths[file_no]
            place(write_temporary(path.parent, _rewritten_lines(path, file_no, patches)), path)
            rewritten.append(path)
    finally:
        patches.close()
    return PairFolderSummary(len(paths), rewritten, evaluations, paired)
