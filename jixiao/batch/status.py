"""`jixiao status OUTDIR`: what a batch did, from its manifest — counts by status, the slowest
sources, the warnings by code, the sources that failed."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from jixiao.batch.entry import MANIFEST_NAME, STATUSES, SourceEntry, read_manifest
from jixiao.errors import ManifestError

_FAILED_SHOWN = 10


def batch_status(folder: Path, slowest: int = 5) -> str:
    if not (folder / MANIFEST_NAME).is_file():
        raise ManifestError(f"no batch here (no {MANIFEST_NAME}; jixiao extract … -o {folder} makes one)", str(folder))
    entries = read_manifest(folder)
    lines = [f"{folder}: {len(entries)} sources, {sum(e.records for e in entries)} records, "
             f"{sum(e.warnings for e in entries)} warnings"]
    lines += _by_status(entries) + _slowest(entries, slowest) + _warning_codes(entries) + _failed(entries)
    return "\n".join(lines)


def _by_status(entries: list[SourceEntry]) -> list[str]:
    counts = Counter(e.status for e in entries)
    known = [s for s in STATUSES if counts[s]] + sorted(s for s in counts if s not in STATUSES)
    return ["", "by status:"] + [f"  {status:<10} {counts[status]:>7}" for status in known]


def _slowest(entries: list[SourceEntry], n: int) -> list[str]:
    timed = sorted((e for e in entries if e.seconds is not None), key=lambda e: e.seconds or 0, reverse=True)[:n]
    if not timed:
        return []
    lines = ["", f"slowest {len(timed)}:"]
    for e in timed:
        memory = f"{e.peak_memory / 2**20:.0f} MiB" if e.peak_memory else "? MiB"
        pages = f"{e.pages} pages" if e.pages else "? pages"
        lines.append(f"  {e.seconds:>9.2f} s  {memory:>9}  {pages:>9}  {e.status:<9}  {e.path}")
    return lines


def _warning_codes(entries: list[SourceEntry]) -> list[str]:
    codes: Counter[str] = Counter()
    for e in entries:
        codes.update(json.loads(e.warning_codes) if e.warning_codes else {})
    if not codes:
        return []
    return ["", "warnings by code:"] + [f"  {code:<24} {n:>7}" for code, n in codes.most_common()]


def _failed(entries: list[SourceEntry]) -> list[str]:
    bad = [e for e in entries if e.status in ("failed", "timed_out")]
    if not bad:
        return []
    lines = ["", f"failed and timed out ({len(bad)}; jixiao extract … --retry-failed reads them again):"]
    lines += [f"  {e.error or e.path}" for e in bad[:_FAILED_SHOWN]]
    if len(bad) > _FAILED_SHOWN:
        lines.append(f"  … and {len(bad) - _FAILED_SHOWN} more")
    return lines
