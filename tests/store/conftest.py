"""Fixtures of the store tests: every test runs on SQLite and on a real PostgreSQL.

PostgreSQL comes from ``pgserver`` (a PostgreSQL build shipped as a wheel, in the
``testing`` extra): one server per test session, on a Unix socket in a temporary folder,
stopped at the end. Each test gets a fresh schema of its database.
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
    import psycopg

    # Durability against power loss is not what these tests check (a killed client is
    # rolled back either way); without fsync the shared machine's disk is not a bottleneck.
    with psycopg.connect(server.get_uri(), autocommit=True) as conn:
        conn.execute("ALTER SYSTEM SET fsync = off")
        conn.execute("ALTER SYSTEM SET synchronous_commit = off")
        conn.execute("SELECT pg_reload_conf()")
    try:
        yield server
    finally:
        server.cleanup()
        shutil.rmtree(root, ignore_errors=True)


def _pg_store_url(server: Any) -> str:
    """A fresh, empty schema of the server's database, as a store URL (its search_path)."""
    import psycopg

    name = f"tgpl_test_{next(_NUMBERS)}"
    admin = server.get_uri()
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f"DROP SCHEMA IF EXISTS {name} CASCADE")
        conn.execute(f"CREATE SCHEMA {name}")
    return f"{admin}&options=-csearch_path%3D{name}"


@pytest.fixture(params=BACKENDS)
def store_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """The URL of a fresh, empty store on each backend."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'store.db'}"
    return _pg_store_url(request.getfixturevalue("pg_server"))


@pytest.fixture
def store(store_url: str) -> Iterator[EventStore]:
    s = open_store(store_url)
    try:
        yield s
    finally:
        s.close()
