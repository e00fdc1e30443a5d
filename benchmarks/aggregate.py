"""Benchmark: tgpl's fast aggregation of a JSON Lines file against DuckDB on the same file.

    python benchmarks/aggregate.py --cases 100000

1. Generates (or reuses) ``--cases`` synthetic cases with :func:`tgpl.demo.generate`
   (Bắc Kạn, 2021–2025, no activities) as JSON Lines in ``benchmarks/data/`` (git-ignored).
2. Runs tgpl's full report for one window (default: the calendar year 2024) in a
   *subprocess* — :func:`tgpl.integrations.fast.run_fast` on ``--processes`` processes, then
   the breakdowns of the report (flows by form, field and beneficiary group, appraisal
   grades, refusals and referrals) and every built-in indicator — so that the peak RSS
   of the tgpl part can be measured with ``resource.getrusage`` without DuckDB's memory.
3. Runs DuckDB (``read_ndjson`` with the events array, ``--processes`` threads) computing
   the core flow counts by form — carried over, accepted, ended, open at the window end,
   with accepted_on = the first ``accepted`` event and ended_on = the ``ended`` event,
   both as dates in Vietnam's civil time — and CHECKS that both agree (exit 1 if not).
4. Prints, as its last line, ``ratio_vs_duckdb=R peak_rss_mb=M cases=N``.

R is the tgpl wall time over the DuckDB wall time, both measured around the work alone
(imports and interpreter start excluded on both sides; tgpl's process-pool start is
included). M is the peak resident memory of the tgpl part in MiB, counted
conservatively as the subprocess's own peak plus ``processes`` times the peak of its
largest worker (``getrusage`` reports the largest child, not the sum), so the true peak
of the process tree is at most M.

``--profile`` also prints a cProfile summary of the tgpl part on one process (what bounds
it: parsing, checking, folding). See ``docs/performance.md``.
"""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import json
import math
import os
import resource
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
DATA = HERE / "data"
FORMS = ("advice", "litigation", "representation")
MEASURES = ("carried_over", "accepted", "ended", "open_at_end")
START = dt.date(2021, 1, 1)
END = dt.date(2025, 12, 31)


# -- data -----------------------------------------------------------------------------------------


#: One former province per data part, none merged into the same 2025 unit as another, so
#: the parts never share an organisation and no file code repeats (a register has each
#: case once; duplicates would be refused by `tgpl report`). Part 0 is the demo's Bắc Kạn.
PART_PROVINCES = ("06", "24", "02", "10", "17", "30", "34", "35", "44", "49", "62", "64")


def _generate_part(path: str, seed: int, cases: int, part: int = 0) -> int:
    from tgpl.demo import generate
    from tgpl.domain import UnitRef, UnitScheme
    from tgpl.io import write_jsonl

    province = UnitRef(UnitScheme.P2004, PART_PROVINCES[part % len(PART_PROVINCES)])
    per_year = max(1, math.ceil(cases / 5 * 1.3))  # enough requests over 2021–2025, then cut
    records = generate(
        seed=seed, province=province, start=START, end=END, cases_per_year=per_year, activities=False
    )
    return write_jsonl(itertools.islice(records, cases), path)


def ensure_data(cases: int, seed: int, data_dir: Path, processes: int, *, regenerate: bool = False) -> Path:
    """The data file for ``cases`` cases (made once, then reused).

    Made in ``processes`` parts (part *k* uses seed ``seed + k`` and its own province,
    :data:`PART_PROVINCES`) concatenated in order, so that generating a million cases uses
    every core and no file code repeats; the file is deterministic for given ``cases``,
    ``seed`` and ``processes``.
    """
    data_dir.mkdir(parents=True, exist_ok=True)
    path = data_dir / f"cases-{cases}-seed{seed}-p{processes}-v2.jsonl"
    if path.exists() and not regenerate:
        return path
    sizes = [cases // processes + (1 if k < cases % processes else 0) for k in range(processes)]
    parts = [data_dir / f".{path.name}.part{k}" for k in range(processes)]
    t0 = time.perf_counter()
    if processes == 1:
        _generate_part(str(parts[0]), seed, sizes[0], 0)
    else:
        with ProcessPoolExecutor(processes) as pool:
            list(pool.map(_generate_part, map(str, parts), [seed + k for k in range(processes)], sizes,
                          range(processes)))
    tmp = path.with_suffix(".tmp")
    with tmp.open("wb") as out:
        for part in parts:
            with part.open("rb") as fh:
                while chunk := fh.read(1 << 22):
                    out.write(chunk)
            part.unlink()
    tmp.replace(path)
    took = time.perf_counter() - t0
    print(f"generated {cases} cases in {took:.1f} s ({cases / took:,.0f} cases/s) -> {path}", file=sys.stderr)
    return path


def warm_cache(path: Path) -> None:
    """Read the file once so that both sides start with it in the page cache."""
    with path.open("rb") as fh:
        while fh.read(1 << 24):
            pass


# -- tgpl -----------------------------------------------------------------------------------------


def tgpl_report(path: str, window_text: str, processes: int, workers: str = "auto") -> dict[str, Any]:
    """The tgpl part (run inside the subprocess): fast aggregation, breakdowns, indicators."""
    from tgpl.integrations.fast import _line_scanner, run_fast
    from tgpl.reporting import compute_indicators, parse_window

    window = parse_window(window_text)
    # Loading the line scanner (importing numba, mapping the cached machine code) is an
    # import, paid once per process: like DuckDB's import and connect, before the clock.
    t_load = time.perf_counter()
    _load_scanner(_line_scanner())
    load_seconds = time.perf_counter() - t_load
    cpu0 = _cpu()
    t0 = time.perf_counter()
    res = run_fast([path], [window], processes=processes, workers=workers)
    tally = res.tallies[window]
    report: dict[str, Any] = {
        "by_form": tally.breakdown("case", ["measure", "form"]),
        "by_field": tally.breakdown("case", ["measure", "field"]),
        "by_group": tally.breakdown("case", ["measure", "groups"]),
        "persons": tally.breakdown("person", ["measure", "sex"]),
        "appraisal": tally.breakdown("appraisal", ["grade", "form"]),
        "requests": tally.breakdown("request", ["outcome", "form"]),
        "indicators": compute_indicators(tally),
    }
    seconds = time.perf_counter() - t0
    cpu = _cpu() - cpu0
    flows: dict[str, dict[str, int]] = {f: dict.fromkeys(MEASURES, 0) for f in FORMS}
    for (measure, form), n in report["by_form"].items():
        m = "ended" if measure.startswith("ended.") else measure
        flows.setdefault(form, dict.fromkeys(MEASURES, 0))[m] += n
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    kids = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return {
        "seconds": seconds, "cpu_seconds": cpu, "flows": flows, "records": res.records, "fast": res.fast,
        "typed": res.typed, "errors": [str(e) for e in res.errors[:5]], "n_errors": len(res.errors),
        "rss_self_kib": me, "rss_child_kib": kids, "indicators": len(report["indicators"]),
        "checker": _checker_name(), "load_seconds": load_seconds,
    }


def _load_scanner(sc: Any) -> None:
    """Load the scanner's machine code (its first call); nothing when it is off or absent."""
    if sc is not None:
        sc.warm()


def _checker_name() -> str:
    """Which readers the fast path uses: the line scanner (numba), the compiled checker
    (msgspec) or the dict checker."""
    import importlib.util

    from tgpl.integrations import fast

    line = "dict checker"
    if fast.USE_COMPILED and importlib.util.find_spec("msgspec") is not None:
        line = "compiled checker (msgspec)"
    if fast.USE_SCANNER and importlib.util.find_spec("numba") is not None:
        return f"line scanner (numba), then {line}"
    return line


def compile_scanner() -> None:
    """Compile the line scanner into numba's disk cache (not timed, like an import: after
    the first run on a machine, every process loads the machine code from the cache)."""
    import subprocess

    code = ("from tgpl.integrations._scan import scanner\n"
            "sc = scanner()\n"
            "sc is None or sc.warm()\n")
    subprocess.run([sys.executable, "-c", code], check=True)


def _dict_checker_only(fn: Any) -> Any:
    """Run ``fn`` with the compiled checker switched off (the fast path's dict checker only)."""
    from tgpl.integrations import fast

    before = fast.USE_COMPILED
    fast.USE_COMPILED = False
    try:
        return fn()
    finally:
        fast.USE_COMPILED = before


def _cpu() -> float:
    """CPU seconds (user + system) of this process and of its finished children."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def run_tgpl(path: Path, window: str, processes: int, *, scanner: bool = True, workers: str = "auto") -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--tgpl-part", str(path), "--window", window,
           "--processes", str(processes), "--workers", workers, *(["--no-scanner"] if not scanner else [])]
    t0 = time.perf_counter()
    out = subprocess.run(cmd, check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    result["process_seconds"] = time.perf_counter() - t0
    return result


# -- DuckDB ---------------------------------------------------------------------------------------


def duckdb_sql(path: Path, start: dt.date, end: dt.date) -> str:
    """Core flow counts by form in SQL (dates in Vietnam's civil time, UTC+07:00)."""
    day = "CAST(CAST({x} AS TIMESTAMPTZ) AT TIME ZONE 'UTC' + INTERVAL 7 HOUR AS DATE)"
    acc = day.format(x="list_filter(events, lambda e: e.type = 'accepted')[1].on")
    ended = day.format(x="list_filter(events, lambda e: e.type = 'ended')[1].on")
    s, e = f"DATE '{start.isoformat()}'", f"DATE '{end.isoformat()}'"
    src = (f"read_ndjson('{path}', columns = {{form: 'VARCHAR', "
           f"events: 'STRUCT(type VARCHAR, \"on\" VARCHAR)[]'}})")
    return f"""
        WITH c AS (SELECT form, {acc} AS acc, {ended} AS ended FROM {src}),
        h AS (SELECT * FROM c WHERE acc <= {e} AND (ended IS NULL OR ended >= {s}))
        SELECT form,
            count(*) FILTER (WHERE acc < {s}) AS carried_over,
            count(*) FILTER (WHERE acc >= {s}) AS accepted,
            count(*) FILTER (WHERE ended <= {e}) AS ended,
            count(*) FILTER (WHERE ended IS NULL OR ended > {e}) AS open_at_end
        FROM h GROUP BY form ORDER BY form
    """


def run_duckdb(
    path: Path, start: dt.date, end: dt.date, threads: int
) -> tuple[float, float, dict[str, dict[str, int]]]:
    import duckdb

    con = duckdb.connect()
    con.execute(f"SET threads = {threads}")
    sql = duckdb_sql(path, start, end)
    cpu0 = _cpu()
    t0 = time.perf_counter()
    rows = con.execute(sql).fetchall()
    seconds = time.perf_counter() - t0
    cpu = _cpu() - cpu0
    con.close()
    flows = {f: dict.fromkeys(MEASURES, 0) for f in FORMS}
    for form, *values in rows:
        flows[form] = dict(zip(MEASURES, (int(v) for v in values), strict=True))
    return seconds, cpu, flows


# -- main -----------------------------------------------------------------------------------------


def profile(path: Path, window: str, limit: int = 50_000) -> None:
    """What bounds the tgpl part: CPU per case of parsing, checking and the whole fast path
    (one process, the first ``limit`` lines), then a cProfile summary."""
    import cProfile
    import pstats
    import tempfile

    import orjson

    from tgpl.integrations.fast import plainly_valid, run_fast
    from tgpl.reporting import parse_window

    w = parse_window(window)
    with path.open("rb") as fh:
        lines = list(itertools.islice(fh, limit))
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "sample.jsonl"
        sample.write_bytes(b"".join(lines))
        stages: list[tuple[str, Any]] = [
            ("read + orjson.loads", lambda: [orjson.loads(x) for x in sample.open("rb")]),
            ("read + loads + plainly_valid", lambda: [plainly_valid(orjson.loads(x)) for x in sample.open("rb")]),
            ("run_fast, dict checker (read, loads, check, fold)",
             lambda: _dict_checker_only(lambda: run_fast([sample], [w]))),
            (f"run_fast, {_checker_name()}", lambda: run_fast([sample], [w])),
        ]
        print(f"CPU per case, best of 3, {len(lines):,} cases, one process:")
        for label, fn in stages:
            best_cpu = math.inf
            for _ in range(3):
                c0 = time.process_time()
                fn()
                best_cpu = min(best_cpu, time.process_time() - c0)
            print(f"  {label:50} {best_cpu / len(lines) * 1e6:6.1f} µs")
    prof = cProfile.Profile()
    prof.runcall(run_fast, [str(path)], [w], processes=1)
    pstats.Stats(prof, stream=sys.stdout).sort_stats("tottime").print_stats(14)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--cases", type=int, default=100_000)
    p.add_argument("--seed", type=int, default=2024)
    p.add_argument("--window", default="2024", help="a tgpl window, e.g. 2024, 2024-H1 (default 2024)")
    p.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    p.add_argument("--data-dir", type=Path, default=DATA)
    p.add_argument("--regenerate", action="store_true")
    p.add_argument("--profile", action="store_true", help="print a cProfile summary of the tgpl part")
    p.add_argument("--no-scanner", action="store_true",
                   help="read line by line (msgspec / dict checkers) without the compiled line scanner")
    p.add_argument("--workers", choices=("auto", "threads", "processes"), default="auto",
                   help="what runs tgpl's parallel parts (run_fast's workers; default auto)")
    p.add_argument("--tgpl-part", help=argparse.SUPPRESS)
    args = p.parse_args(argv)

    if args.no_scanner:
        from tgpl.integrations import fast

        fast.USE_SCANNER = False
    if args.tgpl_part:
        print(json.dumps(tgpl_report(args.tgpl_part, args.window, args.processes, args.workers)))
        return 0

    from tgpl.reporting import parse_window

    window = parse_window(args.window)
    path = ensure_data(args.cases, args.seed, args.data_dir, args.processes, regenerate=args.regenerate)
    from tgpl.integrations.fast import find_duplicate_cases

    duplicates = find_duplicate_cases([path])  # not timed: a register must hold each case once
    if duplicates:
        print(f"the data file repeats {len(duplicates):,} case(s), e.g. {duplicates[0]}; regenerate it "
              f"with --regenerate", file=sys.stderr)
        return 1
    warm_cache(path)
    if not args.no_scanner:
        compile_scanner()
    tg = run_tgpl(path, args.window, args.processes, scanner=not args.no_scanner, workers=args.workers)
    db_seconds, db_cpu, db_flows = run_duckdb(path, window.start, window.end, args.processes)
    size_mb = path.stat().st_size / 2**20
    print(f"data: {path} ({size_mb:,.0f} MiB, {args.cases:,} cases); window {args.window}; "
          f"{args.processes} processes / DuckDB threads")
    print(f"tgpl:   {tg['seconds']:.2f} s ({args.cases / tg['seconds']:,.0f} cases/s; fast path "
          f"{tg['fast']:,}, typed path {tg['typed']:,}, errors {tg['n_errors']}; "
          f"{tg['indicators']} indicators; subprocess total {tg['process_seconds']:.2f} s; "
          f"CPU {tg['cpu_seconds']:.2f} s; checker {tg['checker']}; workers {args.workers}; "
          f"scanner loaded before the clock in {tg['load_seconds']:.2f} s)")
    print(f"duckdb: {db_seconds:.2f} s ({args.cases / db_seconds:,.0f} cases/s; CPU {db_cpu:.2f} s)")
    print(f"CPU-time ratio (robust on a shared machine): {tg['cpu_seconds'] / db_cpu:.2f}")
    for err in tg["errors"]:
        print(f"  tgpl error: {err}")
    ok = True
    for form in FORMS:
        a, b = tg["flows"][form], db_flows[form]
        same = a == b
        ok &= same
        print(f"  {form:15} tgpl {a} duckdb {b} {'OK' if same else 'MISMATCH'}")
    rss_mb = (tg["rss_self_kib"] + args.processes * tg["rss_child_kib"]) / 1024
    print(f"peak RSS: parent {tg['rss_self_kib'] / 1024:.0f} MiB + {args.processes} x largest worker "
          f"{tg['rss_child_kib'] / 1024:.0f} MiB")
    if args.profile:
        profile(path, args.window)
    if not ok:
        print("tgpl and DuckDB disagree", file=sys.stderr)
    print(f"ratio_vs_duckdb={tg['seconds'] / db_seconds:.2f} peak_rss_mb={rss_mb:.0f} cases={args.cases}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
