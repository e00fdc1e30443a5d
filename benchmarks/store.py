"""Benchmark: the event store (tgpl.store) against a plain INSERT loop, on SQLite and PostgreSQL.

    python benchmarks/store.py --appends 3000 --cases 100000

For each backend (SQLite in a temporary file, as the store opens it — ``synchronous=FULL`` —
and, appends only, ``sqlite-normal`` with ``?synchronous=normal`` on both sides; PostgreSQL
from ``pgserver`` on a Unix socket in a temporary folder, with its default
``synchronous_commit=on``):

1. **Appends, one writer.** ``--appends`` single-event appends to distinct streams
   (``EventStore.append``: version check, event row, file code on acceptance,
   projections, one transaction each; on PostgreSQL one statement: a plain SQL statement,
   or the call of ``tgpl_append`` for an acceptance) to streams the store opened itself
   (untimed, as a handler creates a request and then appends its receipt), against
   the *peer*: a plain loop of ``INSERT`` of the same event rows (stream, position, JSON
   body) through the same driver, each a statement in autocommit (its own transaction, one
   round trip), and ``peer_tx``, the same loop with ``BEGIN``/``COMMIT`` around each row.
   The three take turns in blocks of 25 rows, so that they see the same disk and load.
   With ``--compare-function`` a fourth takes its turn: the store sending every append
   through ``tgpl_append``, as schema version 3 did (``store_fn``, ``ratio_fn``).
2. **Appends, 4 writers.** The same in 4 processes writing distinct streams at once; the
   writers start each turn together, and a turn lasts until the last of them is done. Their
   requests are of one organisation, so their acceptances take the numbers of one register
   (``--registers per-writer``: one organisation each).
3. **Report.** ``--cases`` generated cases (:func:`tgpl.demo.generate`, Bắc Kạn) imported
   into the store; ``build_report`` for one window from ``store.records()`` (streamed)
   against ``build_report`` on the exported JSON Lines file.

Prints one line per measure, ``backend=… measure=… store=… peer=… ratio=…`` (appends per
second, or seconds for the report; the ratio is always the store's cost over the peer's,
so lower is better); the appends lines add ``peer_tx``/``ratio_tx`` (the loop with
``BEGIN``/``COMMIT``, the peer of the figures before December 2026). Targets: appends
within 2× the plain loop; the report within 1.5× the report from the file. See ``docs/performance.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import multiprocessing as mp
import shutil
import tempfile
import time
from pathlib import Path
from typing import Any

from tgpl.domain import (
    Accepted,
    Beneficiary,
    Form,
    LegalField,
    ProviderAssigned,
    ProviderKind,
    RequestReceived,
    UnitRef,
    at_vn,
)
from tgpl.io import codec
from tgpl.io.converter import unstructure
from tgpl.store import Request, open_store
from tgpl.store.backend import connect

CTX = mp.get_context("fork")
DAY = dt.date(2026, 3, 2)


def _request(rid: str, organisation: str = "org-1") -> Request:
    return Request(id=rid, organisation=organisation, code_org="TT", unit=UnitRef.parse("2025:01"), form=Form.LITIGATION,
                   field=LegalField.CRIMINAL, beneficiaries=(Beneficiary(f"b-{rid}"),))


def _events() -> list[Any]:
    return [RequestReceived(on=at_vn(DAY, 8)), Accepted(on=at_vn(DAY, 9)),
            ProviderAssigned(on=at_vn(DAY, 10), provider_id="tgv-1", provider_kind=ProviderKind.TGV)]


def _plain_table(url: str) -> None:
    b = connect(url)
    b.begin()
    b.execute("CREATE TABLE IF NOT EXISTS plain_events (stream TEXT NOT NULL, position INTEGER NOT NULL, "
              "kind TEXT NOT NULL, body TEXT NOT NULL, PRIMARY KEY (stream, position))")
    b.commit()
    b.close()


#: Streams per block: the store, the peer and the ``BEGIN``/``COMMIT`` peer take turns,
#: block by block, so that all three see the same disk and load (the machine is shared).
BLOCK = 25


def _interleaved(url: str, prefix: str, n_streams: int, out: Any = None, barrier: Any = None,
                 compare: bool = False, organisation: str = "org-1") -> tuple[float, ...]:
    """Seconds spent by the store, the peer and the BEGIN/COMMIT peer on the same rows, taking turns
    (with ``compare``, then by the store sending every append through ``tgpl_append``, last).

    With ``barrier`` (several writers), every writer starts each turn together and the turn's
    time is until the last writer has finished it (the wall time of the writers at once).
    """
    events = _events()
    spent = [0.0] * (4 if compare else 3)

    def sync() -> float:
        if barrier is not None:
            barrier.wait()
        return time.perf_counter()

    with open_store(url) as store, open_store(url) as by_function:
        by_function.pg_plain_statement = False
        # Each store opens the streams it appends to (untimed), as a handler creates the
        # request and then appends its receipt: the store remembers them, reads nothing back.
        for i in range(n_streams):
            store.create(_request(f"{prefix}-{i}", organisation))
            if compare:
                by_function.create(_request(f"{prefix}f-{i}", organisation))
        plain, tx = connect(url), connect(url)
        for position, event in enumerate(events):
            body = codec.dumps(unstructure(event)).decode()
            for start in range(0, n_streams, BLOCK):
                block = range(start, min(start + BLOCK, n_streams))
                t0 = sync()
                for i in block:
                    store.append(f"{prefix}-{i}", [event], position)
                t1 = sync()
                for i in block:
                    plain.execute(_INSERT, (f"{prefix}p-{i}", position, event.kind, body))
                t2 = sync()
                for i in block:
                    tx.begin()
                    tx.execute(_INSERT, (f"{prefix}t-{i}", position, event.kind, body))
                    tx.commit()
                t3 = sync()
                spent[0] += t1 - t0
                spent[1] += t2 - t1
                spent[2] += t3 - t2
                if compare:
                    for i in block:
                        by_function.append(f"{prefix}f-{i}", [event], position)
                    spent[3] += sync() - t3
        plain.close()
        tx.close()
    if out is not None:
        out.put(tuple(spent))
    return tuple(spent)


_INSERT = "INSERT INTO plain_events (stream, position, kind, body) VALUES (?, ?, ?, ?)"


def _line(backend: str, measure: str, total: int, spent: tuple[float, ...]) -> str:
    store_s, plain_s, tx_s = spent[:3]
    line = (f"backend={backend} measure={measure} store={total / store_s:,.0f} peer={total / plain_s:,.0f} "
            f"ratio={store_s / plain_s:.2f} peer_tx={total / tx_s:,.0f} ratio_tx={store_s / tx_s:.2f}")
    if len(spent) > 3:
        line += f" store_fn={total / spent[3]:,.0f} ratio_fn={spent[3] / plain_s:.2f}"
    return line


def _appends(url: str, backend: str, appends: int, compare: bool, registers: str) -> None:
    n = max(appends // 3, 1)
    _plain_table(url)
    # Warm up all sides: imports, the working calendar of the deadline rules, the tables.
    _interleaved(url, "warm", 3, compare=compare)
    print(_line(backend, "appends_per_s_1_writer", 3 * n, _interleaved(url, "s", n, compare=compare)), flush=True)
    writers, per = 4, max(n // 4, 1)
    out, barrier = CTX.Queue(), CTX.Barrier(writers)
    # One register (org-1's litigation register of 2026) for every writer, or one each.
    orgs = [f"org-{w + 1}" if registers == "per-writer" else "org-1" for w in range(writers)]
    procs = [CTX.Process(target=_interleaved, args=(url, f"q{w}", per, out, barrier, compare, orgs[w]))
             for w in range(writers)]
    for p in procs:
        p.start()
    results = [out.get() for _ in procs]
    for p in procs:
        p.join()
        if p.exitcode != 0:
            raise SystemExit(f"a writer failed (exit {p.exitcode})")
    # Every writer saw the same turns: the slowest one's times are the wall times.
    spent = tuple(max(r[k] for r in results) for k in range(len(results[0])))
    print(_line(backend, "appends_per_s_4_writers", 3 * per * writers, spent), flush=True)


def _report(url: str, backend: str, data: Path, window: str, tmp: Path) -> None:
    from tgpl.reporting.build import build_report
    from tgpl.reporting.plugins import load_plugins

    plugins = load_plugins(load_entrypoints=False)
    with open_store(url) as store:
        t = time.perf_counter()
        from tgpl.io.jsonl import read_jsonl

        with read_jsonl(data, strict=True) as records:
            store.import_records(records)
        import_s = time.perf_counter() - t
        exported = tmp / f"export-{backend}.jsonl"
        store.export_jsonl(exported)
        t = time.perf_counter()
        from_store, problems_s = build_report(store.records(), window, plugins=plugins)
        store_s = time.perf_counter() - t
    t = time.perf_counter()
    from_file, problems_f = build_report([exported], window, plugins=plugins)
    file_s = time.perf_counter() - t
    if from_store.values() != from_file.values() or len(problems_s) != len(problems_f):
        raise SystemExit("the report from the store differs from the report from the exported file")
    cases = from_store.meta.records
    print(f"backend={backend} measure=report_s cases={cases} store={store_s:.2f} peer={file_s:.2f} "
          f"ratio={store_s / file_s:.2f} (import {import_s:.1f} s)", flush=True)


def _run(backend: str, url: str, args: argparse.Namespace, data: Path | None, tmp: Path) -> None:
    _appends(url, backend, args.appends, args.compare_function, args.registers)
    if data is not None:
        _report(url, backend, data, args.window, tmp)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--appends", type=int, default=3000)
    parser.add_argument("--cases", type=int, default=100_000, help="cases for the report measure (0: skip it)")
    parser.add_argument("--window", default="2024")
    parser.add_argument("--registers", choices=("one", "per-writer"), default="one",
                        help="4 writers: all accepting into one register (the default: their acceptances "
                             "take its numbers one after the other), or each into its own organisation's")
    parser.add_argument("--compare-function", action="store_true",
                        help="PostgreSQL: also time the store sending every append through tgpl_append (store_fn, "
                             "ratio_fn), the append of schema version 3, in the same turns")
    parser.add_argument("--backends", default="sqlite,sqlite-normal,postgresql",
                        help="sqlite (synchronous=FULL, the default), sqlite-normal (appends only), postgresql, "
                             "postgresql-async (synchronous_commit=off on both sides, appends only)")
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="tgpl-bench-store-"))
    data: Path | None = None
    try:
        if args.cases:
            from tgpl.demo import DEMO_PROVINCE, write_demo

            data = tmp / "cases.jsonl"
            per_year = max(args.cases // 5, 1)
            write_demo(data, seed=11, province=DEMO_PROVINCE, start=dt.date(2021, 1, 1), end=dt.date(2025, 12, 31),
                       cases_per_year=per_year, activities=False)
        for backend in args.backends.split(","):
            if backend == "sqlite":
                _run(backend, f"sqlite:///{tmp / 'bench.db'}", args, data, tmp)
            elif backend == "sqlite-normal":
                # Both sides with synchronous=NORMAL (a power loss may undo the last commits).
                _run(backend, f"sqlite:///{tmp / 'bench-normal.db'}?synchronous=normal", args, None, tmp)
            elif backend in ("postgresql", "postgresql-async"):
                import pgserver

                pgdir = Path(tempfile.mkdtemp(prefix="tgpl-bench-pg-"))
                server = pgserver.get_server(pgdir, cleanup_mode="stop")
                try:
                    if backend == "postgresql":
                        _run(backend, server.get_uri(), args, data, tmp)
                    else:
                        # Both sides with synchronous_commit=off (a crash of the server may undo the
                        # last commits, never corrupt): the store's own work without the flush.
                        _run(backend, f"{server.get_uri()}&options=-csynchronous_commit%3Doff", args, None, tmp)
                finally:
                    server.cleanup()
                    shutil.rmtree(pgdir, ignore_errors=True)
            else:
                raise SystemExit(f"unknown backend {backend!r}")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
