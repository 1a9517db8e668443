"""A throwaway PostgreSQL cluster for the tests and the benchmark: initdb in a temporary folder, on 127.0.0.1.

The server binaries are found on PATH or under /usr/lib/postgresql/*/bin (Debian's `postgresql`,
which `make test` installs where missing). initdb refuses to run as root, so as root the
cluster is made and run by the `postgres` user (created by Debian's package) through runuser.
Connections need a password (scram-sha-256), so wrong credentials can be tested for real.

    cluster = start_cluster()            # raises ClusterUnavailable with the reason
    url = cluster.create_database("t1")  # postgresql://jixiao_admin:…@127.0.0.1:PORT/t1
    cluster.stop()
"""

from __future__ import annotations

import atexit
import functools
import os
import pwd
import re
import shutil
import socket
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

ADMIN = "jixiao_admin"
ADMIN_PASSWORD = "throwaway-admin"
RUN_AS_ROOT = "postgres"


class ClusterUnavailable(RuntimeError):
    """No PostgreSQL server can be started here (the reason says why)."""


def _version_key(bindir: Path) -> tuple[int, ...]:
    return tuple(int(part) for part in re.findall(r"\d+", bindir.parent.name)) or (0,)


def find_bindir() -> Path | None:
    """The folder holding initdb and pg_ctl: PATH first, then Debian's versioned folders, newest first."""
    candidates = []
    on_path = shutil.which("pg_ctl")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
    candidates += sorted(Path("/usr/lib/postgresql").glob("*/bin"), key=_version_key, reverse=True)
    for folder in candidates:
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    return None


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _runner() -> tuple[list[str], pwd.struct_passwd | None]:
    """The command prefix that runs the server binaries (runuser as root), and the user it runs them as."""
    if os.geteuid() != 0:
        return [], None
    try:
        account = pwd.getpwnam(RUN_AS_ROOT)
    except KeyError as error:
        raise ClusterUnavailable(f"running as root and there is no {RUN_AS_ROOT!r} user to run initdb") from error
    runuser = shutil.which("runuser")
    if runuser is None:
        raise ClusterUnavailable("running as root and runuser is missing")
    return [runuser, "-u", RUN_AS_ROOT, "--"], account


@dataclass
class Cluster:
    bindir: Path
    folder: Path
    port: int
    prefix: list[str]
    fsync: bool
    running: bool = field(default=False)

    @property
    def data(self) -> Path:
        return self.folder / "data"

    def url(self, database: str = "postgres", user: str = ADMIN, password: str | None = ADMIN_PASSWORD) -> str:
        secret = f":{password}" if password is not None else ""
        return f"postgresql://{user}{secret}@127.0.0.1:{self.port}/{database}"

    def _run(self, *args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([*self.prefix, *args], cwd=self.folder, capture_output=True, text=True, timeout=120,
                              check=False)

    def init(self) -> None:
        (self.folder / "pw").write_text(ADMIN_PASSWORD + "\n")
        done = self._run(str(self.bindir / "initdb"), "-D", str(self.data), "-U", ADMIN,
                         f"--pwfile={self.folder / 'pw'}", "--auth=scram-sha-256", "-E", "UTF8", "--locale=C",
                         "--no-sync", "--no-instructions")
        if done.returncode != 0:
            raise ClusterUnavailable(f"initdb failed: {' '.join(done.stderr.split())[-300:]}")

    def start(self) -> None:
        options = f"-h 127.0.0.1 -p {self.port} -k {self.folder} -c max_connections=40"
        if not self.fsync:
            options += " -F -c synchronous_commit=off -c full_page_writes=off"
        done = self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-l", str(self.folder / "log"),
                         "-w", "-t", "60", "-o", options, "start")
        if done.returncode != 0:
            log = (self.folder / "log").read_text(errors="replace") if (self.folder / "log").exists() else ""
            raise ClusterUnavailable(f"pg_ctl start failed: {' '.join((done.stderr + log).split())[-300:]}")
        self.running = True

    def admin(self, *statements: str) -> None:
        """Run statements as the superuser, outside a transaction (CREATE DATABASE needs that)."""
        import psycopg

        with psycopg.connect(self.url(), autocommit=True) as connection:
            for statement in statements:
                connection.execute(statement)

    def create_database(self, name: str, owner: str = ADMIN) -> str:
        self.admin(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)',
                   f'CREATE DATABASE "{name}" OWNER "{owner}" STRATEGY FILE_COPY')
        return self.url(name)

    def create_role(self, name: str, password: str) -> None:
        self.admin(f'DROP ROLE IF EXISTS "{name}"', f"CREATE ROLE \"{name}\" LOGIN PASSWORD '{password}'")

    def stop(self) -> None:
        if self.running:
            self._run(str(self.bindir / "pg_ctl"), "-D", str(self.data), "-m", "immediate", "-w", "stop")
            self.running = False
        shutil.rmtree(self.folder, ignore_errors=True)


def start_cluster(fsync: bool = False, attempts: int = 3) -> Cluster:
    """A new cluster, started; fsync off by default (a test cluster need not survive a power cut)."""
    bindir = find_bindir()
    if bindir is None:
        raise ClusterUnavailable("no PostgreSQL server binaries (initdb, pg_ctl) on PATH or in "
                                 "/usr/lib/postgresql/*/bin; `make test` installs Debian's postgresql")
    prefix, account = _runner()
    folder = Path(tempfile.mkdtemp(prefix="jixiao-pg-"))
    if account is not None:
        os.chown(folder, account.pw_uid, account.pw_gid)
    cluster = Cluster(bindir, folder, 0, prefix, fsync)
    try:
        cluster.init()
        if account is not None:
            os.chown(folder / "pw", account.pw_uid, account.pw_gid)
        for attempt in range(attempts):
            cluster.port = free_port()
            try:
                cluster.start()
                break
            except ClusterUnavailable:
                if attempt == attempts - 1:
                    raise
    except BaseException:
        cluster.stop()
        raise
    atexit.register(cluster.stop)
    return cluster


@functools.cache
def shared_cluster() -> Cluster:
    """One cluster for the whole test session (stopped when the process exits)."""
    return start_cluster()
