"""A batch's manifest: an SQLite file in the output folder, one row per source (`entry.SourceEntry`).

Each row is committed on its own, after the source's output file is in place, so a batch killed at
any moment keeps every source it finished and none half-done (write-ahead log: a commit survives a
killed process; after a power cut the last few may be rolled back, and those sources are read again). The folder is held by one batch at
a time (a lock file, released by the kernel whatever way the batch ends). `PRAGMA user_version`
is the manifest's layout: an older layout is upgraded in place (columns added), a newer one
(a later jixiao) or a file that is not a manifest is refused.
"""

from __future__ import annotations

import os
import sqlite3
import typing
from pathlib import Path

from jixiao.batch.entry import MANIFEST_NAME, SourceEntry
from jixiao.errors import ManifestError, OutputError

LAYOUT = 2  # 1: the fields of jixiao 0.1's first manifest; 2: + mtime_ns, pages, warning_codes, options, names
LOCK_NAME = ".jixiao-batch.lock"
_SQL_TYPES = {int: "INTEGER", float: "REAL", str: "TEXT"}


def _column_type(name: str) -> str:
    hint = typing.get_type_hints(SourceEntry)[name]
    kinds = [k for k in typing.get_args(hint) if k is not type(None)] or [hint]
    return _SQL_TYPES.get(kinds[0], "TEXT")


def _lock(folder: Path) -> int:
    """Hold the folder for this batch; another batch writing to it is refused."""
    fd = os.open(folder / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        import fcntl
    except ImportError:  # no POSIX locks here: one batch per folder is up to the user
        return fd
    try:
        fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # record locks are not inherited by the workers
    except OSError as error:
        holder = os.read(fd, 32).decode(errors="replace").strip() or "?"
        os.close(fd)
        raise ManifestError(f"another jixiao batch (pid {holder}) is writing to this folder", str(folder)) from error
    os.ftruncate(fd, 0)
    os.write(fd, str(os.getpid()).encode())
    return fd


class Manifest:
    def __init__(self, folder: Path) -> None:
        self.path = folder / MANIFEST_NAME
        try:
            folder.mkdir(parents=True, exist_ok=True)
            self._lock_fd = _lock(folder)
        except OSError as error:
            raise OutputError(f"cannot write here: {error.strerror or error}", str(folder)) from error
        self.upgraded_from: int | None = None
        try:
            self.db = sqlite3.connect(self.path)
            # WAL: a commit is durable against a killed process without an fsync (12 ms each on a busy disk)
            self.db.execute("PRAGMA journal_mode=WAL")
            self.db.execute("PRAGMA synchronous=NORMAL")
            self._prepare()
        except sqlite3.DatabaseError as error:
            self.close()
            raise ManifestError(f"not a jixiao manifest ({error}); move it away to start a new batch here",
                                str(self.path)) from error

    def _prepare(self) -> None:
        layout = self.db.execute("PRAGMA user_version").fetchone()[0]
        tables = {row[0] for row in self.db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if layout > LAYOUT:
            raise ManifestError(f"written by a newer jixiao (manifest layout {layout}, this version knows up to "
                                f"{LAYOUT}); upgrade jixiao or use another output folder", str(self.path))
        if layout == 0 and tables - {"sources"}:
            raise ManifestError("not a jixiao manifest (it holds other tables); move it away", str(self.path))
        if "sources" in tables and layout < LAYOUT:
            self.upgraded_from = layout or 1
        with self.db:
            self._create(tables)
            self.db.execute(f"PRAGMA user_version = {LAYOUT}")

    def _create(self, tables: set[str]) -> None:
        columns = SourceEntry.columns()
        if "sources" not in tables:
            spec = ", ".join(f"{c} {_column_type(c)}" + (" PRIMARY KEY" if c == "path" else "") for c in columns)
            self.db.execute(f"CREATE TABLE sources ({spec})")
        present = {row[1] for row in self.db.execute("PRAGMA table_info(sources)")}
        for column in columns:
            if column not in present:
                self.db.execute(f"ALTER TABLE sources ADD COLUMN {column} {_column_type(column)}")
        if "names" not in tables:
            self.db.execute("CREATE TABLE names (path TEXT PRIMARY KEY, stem TEXT NOT NULL UNIQUE)")
            held = self.db.execute("SELECT path, output FROM sources WHERE output IS NOT NULL").fetchall()
            self.db.executemany("INSERT OR IGNORE INTO names (path, stem) VALUES (?, ?)",
                                [(path, output.rsplit(".", 1)[0]) for path, output in held])

    def entries(self) -> dict[str, SourceEntry]:
        columns = SourceEntry.columns()
        rows = self.db.execute(f"SELECT {', '.join(columns)} FROM sources")
        return {row[0]: SourceEntry(**dict(zip(columns, row, strict=True))) for row in rows}

    def held_names(self) -> dict[str, str]:
        return dict(self.db.execute("SELECT path, stem FROM names").fetchall())

    def hold_names(self, names: dict[str, str]) -> None:
        """Keep the names given to new sources, before any of their files is written."""
        with self._writing():
            self.db.executemany("INSERT OR IGNORE INTO names (path, stem) VALUES (?, ?)", names.items())

    def record(self, *entries: SourceEntry) -> None:
        """The entries' rows written, in one transaction."""
        columns = SourceEntry.columns()
        rows = [[values[c] for c in columns] for values in (entry.as_dict() for entry in entries)]
        with self._writing():
            self.db.executemany(f"INSERT OR REPLACE INTO sources ({', '.join(columns)}) VALUES "
                                f"({', '.join('?' for _ in columns)})", rows)

    def _writing(self) -> sqlite3.Connection:
        return _Transaction(self.db, self.path)  # type: ignore[return-value]

    def close(self) -> None:
        if getattr(self, "db", None) is not None:
            self.db.close()
        os.close(self._lock_fd)


class _Transaction:
    """One committed change; a full disk or a failing write is an OutputError naming the manifest."""

    def __init__(self, db: sqlite3.Connection, path: Path) -> None:
        self.db, self.path = db, path

    def __enter__(self) -> sqlite3.Connection:
        return self.db

    def __exit__(self, kind: object, error: object, trace: object) -> bool:
        if error is None:
            try:
                self.db.commit()
                return False
            except sqlite3.Error as failed:
                error = failed
        self.db.rollback()
        if isinstance(error, sqlite3.Error):
            raise OutputError(f"cannot record in the manifest: {error}", str(self.path)) from error
        return False
