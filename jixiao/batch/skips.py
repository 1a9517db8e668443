"""What discovery left out, said on standard error.

Errors (an unreadable folder or file, a named path that is not there) and unusual skips
(links that lead nowhere, pipes, a folder reached twice) get a line each; the routine ones
(files of kinds no reader takes, hidden names) a count per reason, each named with --list-skipped.
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path
from typing import TextIO

from jixiao.batch.discover import Discovery, Skipped

_ROUTINE_SAID = {"unsupported": ("file of a kind no reader takes", "files of kinds no reader takes"),
                 "hidden": ("hidden file or folder", "hidden files or folders")}
_KINDS_SHOWN = 6


def _kinds(skipped: list[Skipped]) -> str:
    counts = Counter(Path(s.path).suffix.lower() or "no suffix" for s in skipped)
    shown = [f"{kind} {n}" for kind, n in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]
    return " (" + ", ".join(shown[:_KINDS_SHOWN]) + (", …" if len(shown) > _KINDS_SHOWN else "") + ")"


def routine_lines(discovery: Discovery) -> list[str]:
    """One line per routine reason: how many, and of which kinds."""
    lines = []
    for code, (one, many) in _ROUTINE_SAID.items():
        group = [s for s in discovery.skipped if s.routine and s.code == code]
        if group:
            kinds = _kinds(group) if code == "unsupported" else ""
            lines.append(f"jixiao: skipped {len(group)} {one if len(group) == 1 else many}{kinds}; "
                         "--list-skipped names each")
    return lines


def skipped_lines(discovery: Discovery, list_all: bool) -> list[str]:
    """What to say about the skipped entries, in discovery order, routine counts last."""
    lines = [f"jixiao: {'error' if s.error else 'skipped'}: {s.path}: {s.reason}"
             for s in discovery.skipped if list_all or not s.routine]
    return lines if list_all else lines + routine_lines(discovery)


def say_skipped(discovery: Discovery, list_all: bool, quiet: bool, stream: TextIO | None = None) -> None:
    if quiet:
        return
    for line in skipped_lines(discovery, list_all):
        print(line, file=stream or sys.stderr)


def skipped_summary(discovery: Discovery) -> str:
    """The summary line's part: `, 3 skipped` (errors among them are counted as errors instead)."""
    count = sum(not s.error for s in discovery.skipped)
    return f", {count} skipped" if count else ""
