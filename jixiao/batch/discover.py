"""Which files a batch reads, and every file or folder it leaves out, with why.

Files named on the command line are read whatever their kind (the readers tell it by content);
under a folder, the files whose suffix a reader takes, recursively, sorted, hidden names (a dot
first) left out. Any name the file system holds is read, UTF-8 or not (`jixiao.paths`).

Symbolic links are followed after the real files and folders of the tree, each file and folder
once (by device and inode): what only a link reaches is read under the link's name; what is reached
a second time (directly and through a link, through a loop, a second link) is skipped with the path
it was read as. Dangling links, link
loops, pipes, sockets and devices are skipped with why (a pipe is never opened: it would block).
Unreadable folders and files are skipped as errors: they may hold a source that was not read.
"""

from __future__ import annotations

import errno
import os
import stat
from collections import deque
from dataclasses import dataclass, field
from pathlib import Path

from jixiao.extract.readers import supported_suffixes
from jixiao.paths import display_path

__all__ = ["Discovery", "Skipped", "discover", "display_path"]

# codes of what is left out for a reason no one needs to act on: said as a count, listed on request
ROUTINE_CODES = ("unsupported", "hidden")
_FILE_TYPES = {stat.S_IFIFO: "a named pipe", stat.S_IFSOCK: "a socket", stat.S_IFCHR: "a character device",
               stat.S_IFBLK: "a block device"}

Identity = tuple[int, int]  # (st_dev, st_ino): the same file or folder whatever the path


@dataclass(frozen=True, slots=True)
class Skipped:
    path: str  # display_path: valid UTF-8, bytes that are not shown as \xNN
    reason: str  # one line, for people
    code: str = "other"  # unsupported, hidden, dangling_link, link_loop, already_read, not_regular, unreadable, missing
    error: bool = False  # a source may have been lost (unreadable), or a path named to be read is not there

    @property
    def routine(self) -> bool:
        return self.code in ROUTINE_CODES and not self.error


@dataclass(slots=True)
class Discovery:
    sources: list[Path] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def errors(self) -> list[Skipped]:
        return [s for s in self.skipped if s.error]

@dataclass(slots=True)
class _Seen:
    """What the batch already holds, by identity, with the path it was taken as."""

    folders: dict[Identity, str] = field(default_factory=dict)
    files: dict[Identity, str] = field(default_factory=dict)


def _identity(status: os.stat_result) -> Identity:
    return status.st_dev, status.st_ino


def _list_folder(folder: Path) -> list[os.DirEntry[str]]:
    """The entries of a folder by name (a seam the tests replace to refuse a folder as root)."""
    with os.scandir(folder) as entries:
        return sorted(entries, key=lambda e: e.name)


def _readable(path: Path) -> bool:
    """May this process open the file (a seam the tests replace: root may read anything)?"""
    return os.access(path, os.R_OK)


def _link_problem(path: Path, error: OSError, named: bool) -> Skipped:
    shown = display_path(path)
    if error.errno == errno.ELOOP:
        return Skipped(shown, "symbolic link loop", "link_loop", named)
    if isinstance(error, FileNotFoundError):
        try:
            target = display_path(os.readlink(path))
        except OSError:
            target = "?"
        return Skipped(shown, f"dangling symbolic link (to {target})", "dangling_link", named)
    return Skipped(shown, f"cannot follow this symbolic link ({error.strerror or error})", "unreadable", True)


def _not_regular(path: Path, status: os.stat_result, named: bool) -> Skipped:
    kind = _FILE_TYPES.get(stat.S_IFMT(status.st_mode), "an unknown kind of file")
    return Skipped(display_path(path), f"not a regular file: {kind}", "not_regular", named)


def _take_file(path: Path, status: os.stat_result, seen: _Seen) -> Skipped | None:
    """None when the file is a source; what is wrong otherwise."""
    first = seen.files.get(_identity(status))
    if first is not None:
        return Skipped(display_path(path), f"the same file as {first}", "already_read")
    if not _readable(path):
        return Skipped(display_path(path), "cannot read this file (Permission denied)", "unreadable", True)
    seen.files[_identity(status)] = display_path(path)
    return None


@dataclass(slots=True)
class _Tree:
    """One named folder being walked: its real folders and files first, then what its links point at,
    so that a file or folder reached both directly and through a link is read at its own path."""

    seen: _Seen
    suffixes: frozenset[str]
    sources: list[Path] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    folders: deque[Path] = field(default_factory=deque)
    linked_folders: deque[Path] = field(default_factory=deque)
    linked_files: list[tuple[Path, os.stat_result]] = field(default_factory=list)

    def walk(self, root: Path) -> None:
        self.folders.append(root)
        while self.folders or self.linked_folders:
            folder = self.folders.popleft() if self.folders else self.linked_folders.popleft()
            self._enter(folder)
        for path, status in self.linked_files:
            self._take(path, status)
        self.sources.sort()
        self.skipped.sort(key=lambda s: Path(s.path))

    def _enter(self, folder: Path) -> None:
        try:
            identity = _identity(os.stat(folder))
            first = self.seen.folders.get(identity)
            entries = _list_folder(folder) if first is None else []
        except OSError as error:
            self.skipped.append(Skipped(display_path(folder), f"cannot read this folder ({error.strerror or error})",
                                        "unreadable", True))
            return
        if first is not None:
            self.skipped.append(Skipped(display_path(folder), f"the folder was already read as {first}",
                                        "already_read"))
            return
        self.seen.folders[identity] = display_path(folder)
        for entry in entries:
            self._entry(folder / entry.name, entry)

    def _entry(self, path: Path, entry: os.DirEntry[str]) -> None:
        if entry.name.startswith("."):
            self.skipped.append(Skipped(display_path(path), "hidden", "hidden"))
            return
        link = False
        try:
            link = entry.is_symlink()
            status = os.stat(path) if link else entry.stat(follow_symlinks=False)
        except OSError as error:
            self.skipped.append(_link_problem(path, error, False) if link else Skipped(
                display_path(path), f"cannot read this entry ({error.strerror or error})", "unreadable", True))
            return
        if stat.S_ISDIR(status.st_mode):
            (self.linked_folders if link else self.folders).append(path)
        elif not stat.S_ISREG(status.st_mode):
            self.skipped.append(_not_regular(path, status, False))
        elif path.suffix.lower() not in self.suffixes:
            kind = path.suffix.lower() or "no suffix"
            self.skipped.append(Skipped(display_path(path), f"unsupported kind ({kind})", "unsupported"))
        elif link:
            self.linked_files.append((path, status))
        else:
            self._take(path, status)

    def _take(self, path: Path, status: os.stat_result) -> None:
        problem = _take_file(path, status, self.seen)
        if problem is None:
            self.sources.append(path)
        else:
            self.skipped.append(problem)


def _named(path: Path, seen: _Seen, suffixes: frozenset[str]) -> Discovery:
    """A path named to be read: a file of any kind, or a folder walked."""
    try:
        os.lstat(path)
    except OSError as error:
        reason = "no such file or directory" if isinstance(error, FileNotFoundError) else error.strerror or str(error)
        return Discovery(skipped=[Skipped(display_path(path), reason, "missing", True)])
    try:
        status = os.stat(path)
    except OSError as error:
        return Discovery(skipped=[_link_problem(path, error, True)])
    if stat.S_ISDIR(status.st_mode):
        tree = _Tree(seen, suffixes)
        tree.walk(path)
        return Discovery(tree.sources, tree.skipped)
    if not stat.S_ISREG(status.st_mode):
        return Discovery(skipped=[_not_regular(path, status, True)])
    problem = _take_file(path, status, seen)
    return Discovery(skipped=[problem]) if problem else Discovery(sources=[path])


def discover(paths: list[Path]) -> Discovery:
    """The sources under `paths` in reading order, and every file or folder left out, with why."""
    seen, suffixes = _Seen(), supported_suffixes()
    found = Discovery()
    for path in paths:
        part = _named(Path(path), seen, suffixes)
        found.sources.extend(part.sources)
        found.skipped.extend(part.skipped)
    return found
