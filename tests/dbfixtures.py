"""Database fixtures: `db_url` runs a test on SQLite and on a real PostgreSQL server the tests start.

    from tests.dbfixtures import db_url, pg_cluster  # noqa: F401 - fixtures

The PostgreSQL cluster (tests/pgcluster.py) is started once per test session and stopped at
exit; each test gets a database of its own. Where no server can be started (no binaries,
no apt to install them) the PostgreSQL cases skip with the reason, unless
JIXIAO_REQUIRE_POSTGRES is set (CI sets it): then they fail.
"""

from __future__ import annotations

import itertools
import os
from pathlib import Path

import pytest

from tests.pgcluster import Cluster, ClusterUnavailable, shared_cluster

BACKENDS = ("sqlite", "postgresql")
_unavailable: list[str] = []
_numbers = itertools.count(1)


def cluster_or_skip() -> Cluster:
    if not _unavailable:
        try:
            return shared_cluster()
        except ClusterUnavailable as error:
            _unavailable.append(str(error))
    reason = f"no PostgreSQL server here: {_unavailable[0]}"
    if os.environ.get("JIXIAO_REQUIRE_POSTGRES"):
        pytest.fail(reason + " (JIXIAO_REQUIRE_POSTGRES is set)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def pg_cluster() -> Cluster:
    return cluster_or_skip()


def new_url(backend: str, tmp_path: Path, name: str = "j") -> str:
    """A new, empty database of this backend."""
    if backend == "sqlite":
        return f"sqlite:///{tmp_path / (name + '.db')}"
    return cluster_or_skip().create_database(f"{name}_{os.getpid()}_{next(_numbers)}")


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest) -> str:
    return request.param


@pytest.fixture()
def db_url(backend: str, tmp_path: Path) -> str:
    return new_url(backend, tmp_path)
