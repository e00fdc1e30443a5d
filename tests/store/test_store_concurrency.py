"""Concurrency on both backends, with real processes: races, parallel writers, a killed writer."""

from __future__ import annotations

import multiprocessing as mp
import os
import signal
import time
from typing import Any

import pytest
from store_helpers import make_request, moment

from tgpl import api
from tgpl.domain import Accepted, FileCode, Form, ProviderAssigned, ProviderKind, RequestReceived
from tgpl.errors import ConcurrencyError
from tgpl.store import EventStore, open_store

pytestmark = pytest.mark.slow
CTX = mp.get_context("fork")


def _race(url: str, barrier: Any, results: Any, rounds: int, who: int) -> None:
    with open_store(url) as store:
        for r in range(rounds):
            seen = store.load("YC-race")
            event = ProviderAssigned(on=moment(3, 8 + r), provider_id=f"tgv-{who}", provider_kind=ProviderKind.TGV)
            barrier.wait()
            try:
                store.append("YC-race", [event], seen.version)
                results.put((r, who, "won"))
            except ConcurrencyError:
                results.put((r, who, "lost"))
            barrier.wait()
            # Both writers start the next round from the same (new) version.


def test_two_writers_racing_on_one_case_exactly_one_wins(store_url: str) -> None:
    with open_store(store_url) as store:
        store.create(make_request("YC-race"))
        store.append("YC-race", [RequestReceived(on=moment(2, 8)), Accepted(on=moment(2, 9))], 0)
    rounds = 4
    barrier = CTX.Barrier(2)
    results = CTX.Queue()
    procs = [CTX.Process(target=_race, args=(store_url, barrier, results, rounds, w)) for w in (1, 2)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
        assert p.exitcode == 0
    outcomes = [results.get(timeout=10) for _ in range(2 * rounds)]
    for r in range(rounds):
        assert sorted(o for rr, _, o in outcomes if rr == r) == ["lost", "won"]
    with open_store(store_url) as store:
        assert store.load("YC-race").version == 2 + rounds


def _writer(url: str, who: int, n: int) -> None:
    with open_store(url) as store:
        for i in range(n):
            rid = f"YC-{who}-{i}"
            store.create(make_request(rid))
            for command in (RequestReceived(on=moment(2, 8)), Accepted(on=moment(2, 9))):
                while True:  # a real client reloads and retries when it loses a race
                    try:
                        result = api.apply(store.stream(rid), command, command_id=f"{rid}:{command.kind}")
                        break
                    except ConcurrencyError:  # pragma: no cover - distinct streams do not race
                        continue
                assert isinstance(result, api.Applied)


def test_eight_processes_lose_nothing_and_sequences_stay_unique(store_url: str) -> None:
    open_store(store_url).close()
    writers, per = 8, 6
    procs = [CTX.Process(target=_writer, args=(store_url, w, per)) for w in range(writers)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(180)
        assert p.exitcode == 0
    with open_store(store_url) as store:
        assert store.count() == (writers * per, 2 * writers * per)
        codes = [store.load(s).code for s in store.streams()]
        # Every acceptance got its own number of the one register (org-1, litigation, 2026).
        assert sorted(c.seq for c in codes if c is not None) == list(range(1, writers * per + 1))
        assert all(c is not None and c.year == 2026 and c.form is Form.LITIGATION for c in codes)
        live = store.projection_rows()
        store.rebuild_projections()
        assert store.projection_rows() == live


def _killed_writer(url: str, inside: Any) -> None:
    store = open_store(url)
    if store.backend.dialect.name == "postgresql":
        # The append is one statement: it stalls on the server, in the trigger
        # the test added, and the server ends it when it finds the client gone.
        store.backend.execute("SET client_connection_check_interval = 50")
        store.append("YC-kill", [Accepted(on=moment(2, 9))], 1)
        return
    original = EventStore._write_projection

    def stall(self: EventStore, row_id: int, stream: Any, **kwargs: Any) -> Any:
        written = original(self, row_id, stream, **kwargs)
        inside.set()  # events inserted, code assigned, projection written: not committed
        time.sleep(600)
        return written

    EventStore._write_projection = stall  # type: ignore[method-assign]
    store.append("YC-kill", [Accepted(on=moment(2, 9))], 1)


def _stall_in_the_server(store: EventStore) -> None:
    """A trigger that sleeps once the append has written everything, the file code last."""
    b = store.backend
    b.begin()
    b.execute("CREATE FUNCTION tgpl_test_stall() RETURNS trigger LANGUAGE plpgsql AS "
              "$$ BEGIN PERFORM pg_sleep(600); RETURN NEW; END $$")
    b.execute("CREATE TRIGGER tgpl_test_stall AFTER UPDATE OF code ON tgpl_streams "
              "FOR EACH ROW EXECUTE FUNCTION tgpl_test_stall()")
    b.commit()


def _wait_for_the_stall(store: EventStore, inside: Any) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if store.backend.query("SELECT 1 FROM pg_stat_activity WHERE wait_event = 'PgSleep' "
                               "AND position('tgpl_sequences' IN query) > 0"):
            inside.set()
            return
        time.sleep(0.05)


def test_a_writer_killed_mid_transaction_leaves_no_partial_append(store_url: str) -> None:
    with open_store(store_url) as store:
        store.create(make_request("YC-kill"))
        store.append("YC-kill", [RequestReceived(on=moment(2, 8))], 0)
        before = store.projection_rows()
        on_pg = store.backend.dialect.name == "postgresql"
        if on_pg:
            _stall_in_the_server(store)
    inside = CTX.Event()
    proc = CTX.Process(target=_killed_writer, args=(store_url, inside))
    proc.start()
    if on_pg:
        with open_store(store_url) as watcher:
            _wait_for_the_stall(watcher, inside)
    assert inside.wait(60)
    assert proc.pid is not None
    os.kill(proc.pid, signal.SIGKILL)
    proc.join(30)
    assert proc.exitcode == -signal.SIGKILL
    if on_pg:
        with open_store(store_url) as store:
            # Waits for the killed writer's statement to end (it holds the stream row).
            store.backend.begin()
            store.backend.execute("DROP TRIGGER tgpl_test_stall ON tgpl_streams")
            store.backend.commit()
    with open_store(store_url) as store:
        stream = store.load("YC-kill")
        assert stream.version == 1
        assert stream.code is None
        assert store.count() == (1, 1)
        assert store.projection_rows() == before
        # The lock is gone and the register's number was not consumed.
        result = api.apply(store.stream("YC-kill"), Accepted(on=moment(2, 9)))
        assert isinstance(result, api.Applied)
        assert result.code == FileCode("TT", Form.LITIGATION, 1, 2026)
