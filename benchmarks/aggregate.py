"""Benchmark: tgpl's default report pipeline on a JSON Lines file against DuckDB on the same file.

    python benchmarks/aggregate.py --cases 100000

1. Generates (or reuses) ``--cases`` synthetic cases with :func:`tgpl.demo.generate`
   (Bắc Kạn, 2021–2025, no activities) as JSON Lines in ``benchmarks/data/`` (git-ignored).
2. Runs tgpl's default pipeline (the DuckDB bulk path above ``ENGINE_MIN_BYTES``; ``--engine``: the bulk
   path forced; ``--no-engine``: the Python fold) for one window (default: the calendar year 2024) in a
   *subprocess* — :func:`tgpl.reporting.build.build_report` (read, check every line,
   detect duplicates, fold, tally, every built-in indicator; rendering excluded), then the
   breakdowns of the report (flows by form, field and beneficiary group, appraisal
   grades, refusals and referrals) — so that the peak RSS of the tgpl part can be
   measured with ``resource.getrusage`` without DuckDB's memory.
3. Runs DuckDB (``read_ndjson`` with the events array, ``--processes`` threads) computing
   the core flow counts by form — carried over, accepted, ended, open at the window end,
   with accepted_on = the first ``accepted`` event and ended_on = the ``ended`` event,
   both as dates in Vietnam's civil time — and CHECKS that both agree (exit 1 if not).
4. Prints, as its last line, ``ratio_vs_duckdb=R peak_rss_mb=M cases=N``.

R is the tgpl wall time over the DuckDB wall time, both measured around the work alone
(imports and interpreter start excluded on both sides). M is the peak resident memory
of the tgpl subprocess in MiB. ``--end-to-end`` also times the command ``tgpl report FILE
--window W --format json`` as a whole (interpreter start, imports and rendering
included) against the same DuckDB query. See ``docs/performance.md``.
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


def tgpl_report(path: str, window_text: str, processes: int, engine: bool | None = None) -> dict[str, Any]:
    """The tgpl part (run inside the subprocess): the default pipeline (``engine=True``: the bulk
    engine forced, ``False``: the Python fold), then breakdowns."""
    from tgpl.reporting.build import build_report
    from tgpl.reporting.plugins import load_plugins

    plugins = load_plugins(load_entrypoints=False)
    plugins.indicators()
    cpu0 = _cpu()
    t0 = time.perf_counter()
    report, problems = build_report([path], window_text, plugins=plugins, engine=engine)
    tally = report.tally
    breakdowns: dict[str, Any] = {
        "by_form": tally.breakdown("case", ["measure", "form"]),
        "by_field": tally.breakdown("case", ["measure", "field"]),
        "by_group": tally.breakdown("case", ["measure", "groups"]),
        "persons": tally.breakdown("person", ["measure", "sex"]),
        "appraisal": tally.breakdown("appraisal", ["grade", "form"]),
        "requests": tally.breakdown("request", ["outcome", "form"]),
    }
    seconds = time.perf_counter() - t0
    cpu = _cpu() - cpu0
    flows: dict[str, dict[str, int]] = {f: dict.fromkeys(MEASURES, 0) for f in FORMS}
    for (measure, form), n in breakdowns["by_form"].items():
        m = "ended" if measure.startswith("ended.") else measure
        flows.setdefault(form, dict.fromkeys(MEASURES, 0))[m] += n
    me = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return {
        "seconds": seconds, "cpu_seconds": cpu, "flows": flows, "records": report.meta.records,
        "errors": [str(e) for e in problems[:5]], "n_errors": len(problems), "rss_self_kib": me,
        "indicators": len(report.indicators),
    }


def _cpu() -> float:
    """CPU seconds (user + system) of this process and of its finished children."""
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    return me.ru_utime + me.ru_stime + kids.ru_utime + kids.ru_stime


def _engine_flag(engine: bool | None) -> list[str]:
    return [] if engine is None else ["--engine"] if engine else ["--no-engine"]


def run_tgpl(path: Path, window: str, processes: int, engine: bool | None = None) -> dict[str, Any]:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--tgpl-part", str(path), "--window", window,
           "--processes", str(processes), *_engine_flag(engine)]
    t0 = time.perf_counter()
    out = subprocess.run(cmd, check=True, capture_output=True, text=True)
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    result["process_seconds"] = time.perf_counter() - t0
    return result


def end_to_end(path: Path, window: str, out_dir: Path, engine: bool | None = None) -> float:
    """Wall time of ``tgpl report FILE --window W --format json`` as a whole."""
    tgpl = Path(sys.executable).with_name("tgpl")
    cmd = [str(tgpl) if tgpl.exists() else sys.executable, *([] if tgpl.exists() else ["-m", "tgpl.cli"]),
           "report", str(path), "--window", window, "--format", "json", "--out", str(out_dir), "--quiet",
           *_engine_flag(engine)]
    t0 = time.perf_counter()
    subprocess.run(cmd, check=False, capture_output=True)
    return time.perf_counter() - t0


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


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--cases", type=int, default=100_000)
    p.add_argument("--seed", type=int, default=2024)
    p.add_argument("--window", default="2024", help="a tgpl window, e.g. 2024, 2024-H1 (default 2024)")
    p.add_argument("--processes", type=int, default=os.cpu_count() or 1)
    p.add_argument("--data-dir", type=Path, default=DATA)
    p.add_argument("--regenerate", action="store_true")
    p.add_argument("--end-to-end", action="store_true",
                   help="also time the command `tgpl report FILE --window W --format json` as a whole")
    p.add_argument("--engine", action=argparse.BooleanOptionalAction, default=None,
                   help="--engine: the DuckDB bulk path whatever the size (build_report(engine=True)); "
                        "--no-engine: the Python fold (engine=False); default: build_report's own choice")
    p.add_argument("--tgpl-part", help=argparse.SUPPRESS)
    args = p.parse_args(argv)

    if args.tgpl_part:
        print(json.dumps(tgpl_report(args.tgpl_part, args.window, args.processes, args.engine)))
        return 0

    from tgpl.reporting import parse_window

    window = parse_window(args.window)
    path = ensure_data(args.cases, args.seed, args.data_dir, args.processes, regenerate=args.regenerate)
    warm_cache(path)
    tg = run_tgpl(path, args.window, args.processes, args.engine)
    db_seconds, db_cpu, db_flows = run_duckdb(path, window.start, window.end, args.processes)
    size_mb = path.stat().st_size / 2**20
    print(f"data: {path} ({size_mb:,.0f} MiB, {args.cases:,} cases); window {args.window}; "
          f"{args.processes} DuckDB threads on both sides")
    print(f"tgpl:   {tg['seconds']:.2f} s ({args.cases / tg['seconds']:,.0f} cases/s; records {tg['records']:,}, "
          f"problems {tg['n_errors']}; {tg['indicators']} indicators; subprocess total "
          f"{tg['process_seconds']:.2f} s; CPU {tg['cpu_seconds']:.2f} s)")
    print(f"duckdb: {db_seconds:.2f} s ({args.cases / db_seconds:,.0f} cases/s; CPU {db_cpu:.2f} s)")
    print(f"CPU-time ratio (robust on a shared machine): {tg['cpu_seconds'] / db_cpu:.2f}")
    for err in tg["errors"]:
        print(f"  tgpl problem: {err}")
    ok = tg["n_errors"] == 0
    for form in FORMS:
        a, b = tg["flows"][form], db_flows[form]
        same = a == b
        ok &= same
        print(f"  {form:15} tgpl {a} duckdb {b} {'OK' if same else 'MISMATCH'}")
    rss_mb = tg["rss_self_kib"] / 1024
    if args.end_to_end:
        import tempfile

        with tempfile.TemporaryDirectory() as out:
            whole = end_to_end(path, args.window, Path(out), args.engine)
        print(f"end to end: tgpl report {whole:.2f} s; ratio to the DuckDB query {whole / db_seconds:.2f}")
    if not ok:
        print("tgpl and DuckDB disagree (or tgpl found problems)", file=sys.stderr)
    print(f"ratio_vs_duckdb={tg['seconds'] / db_seconds:.2f} peak_rss_mb={rss_mb:.0f} cases={args.cases}")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
