"""A source read while it stays the same file: vanished or changed sources are typed errors.

A batch finds its sources first and reads them later, maybe hours later; a file may be
removed in between, or still being copied in while it is read. Its size, modification
time and identity (device, inode) are taken before and after reading; any difference
means the records may mix two versions of the file, so none are kept.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from jixiao.errors import SourceChangedError, SourceVanishedError
from jixiao.paths import display_path

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class FileState:
    size: int
    mtime_ns: int
    identity: tuple[int, int]  # (st_dev, st_ino): another file renamed into place has another

    @classmethod
    def of(cls, status: os.stat_result) -> FileState:
        return cls(status.st_size, status.st_mtime_ns, (status.st_dev, status.st_ino))

    def change_to(self, after: FileState) -> str | None:
        """How the file changed, in a few words; None when it did not."""
        if after.identity != self.identity:
            return "replaced by another file"
        if after.size != self.size:
            return f"size {self.size} → {after.size} bytes"
        if after.mtime_ns != self.mtime_ns:
            return "modified"
        return None


def read_steadily(path: Path, read: Callable[[], T]) -> T:
    """`read()`'s result, when `path` is the same file before and after it."""
    try:
        before = FileState.of(os.stat(path))
    except FileNotFoundError as error:
        raise SourceVanishedError("no such file or directory", display_path(path)) from error
    result = read()
    try:
        change = before.change_to(FileState.of(os.stat(path)))
    except FileNotFoundError:
        change = "removed"
    if change is not None:
        raise SourceChangedError(f"changed while read ({change}); nothing of it was kept", display_path(path))
    return result
