"""Fixtures of the store tests: every test runs on SQLite and on a real PostgreSQL.

PostgreSQL comes from ``pgserver`` (a PostgreSQL build shipped as a wheel, in the
``testing`` extra): one server per test session, on a Unix socket in a temporary folder,
stopped at the end. Each test gets a fresh database on it.
"""

from __future__ import annotations

import itertools
import shutil
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tgpl.store import EventStore, open_store

BACKENDS = ("sqlite", "postgresql")
_NUMBERS = itertools.count(1)


@pytest.fixture(scope="session")
def pg_server() -> Iterator[Any]:
    pgserver = pytest.importorskip("pgserver")
    pytest.importorskip("psycopg")
    # A folder of its own under the system temporary folder: run as root, pgserver starts
    # PostgreSQL as an unprivileged user, who cannot enter pytest's private folders.
    root = Path(tempfile.mkdtemp(prefix="tgpl-pg-"))
    server = pgserver.get_server(root, cleanup_mode="stop")
    try:
        yield server
    finally:
        server.cleanup()
        shutil.rmtree(root, ignore_errors=True)


def _pg_database(server: Any) -> str:
    import psycopg

    name = f"tgpl_test_{next(_NUMBERS)}"
    admin = server.get_uri()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name}")
        conn.execute(f"CREATE DATABASE {name}")
    return admin.replace("/postgres?", f"/{name}?")


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of a fresh, empty store on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return _pg_database(request.getfixturevalue("pg_server"))


@pytest.fixture
def store(store_url: str) -> Iterator[EventStore]:
    s = open_store(store_url)
    try:
        yield s
    finally:
        s.close()
