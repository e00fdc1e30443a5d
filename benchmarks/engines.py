"""Candidate engines for the bulk path, side by side on the same JSON Lines file.

    python benchmarks/engines.py --cases 1000000 [--repeat 3]

Each candidate runs in its own subprocess (so that its peak RSS is its own) and computes
the core flow counts by form of ``benchmarks/aggregate.py`` for the window 2024:

* ``duckdb-flows``: DuckDB ``read_ndjson`` of ``form`` and the events' ``type``/``on``;
* ``duckdb-typed``: DuckDB reading every line as text and parsing it into the whole case
  structure tgpl's engine uses (:func:`tgpl.reporting.schema_sql.structure`);
* ``polars-flows``: Polars ``scan_ndjson`` of the same two columns, streaming;
* ``polars-typed``: Polars ``scan_ndjson`` with the whole case schema.

The last line is ``engines: name=seconds/MiB ...`` (the median of ``--repeat`` runs).
Polars is not a dependency of tgpl: ``pip install polars`` to run its rows.
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

from aggregate import DATA, ensure_data, warm_cache

CANDIDATES = ("duckdb-flows", "duckdb-typed", "polars-flows", "polars-typed")


def _duckdb(path: str, typed: bool, threads: int) -> int:
    import duckdb

    from tgpl.reporting import engine, schema_sql

    con = duckdb.connect(config={"threads": threads})
    if typed:
        structure = json.dumps(schema_sql.structure(), ensure_ascii=False)
        sql = (f"SELECT count(c), sum(len(c.events)) FROM (SELECT try(json_transform(j, {engine._q(structure)})) AS c "
               f"FROM {engine._read_sql([path])})")
    else:
        sql = (f"SELECT form, count(*) FILTER (WHERE list_filter(events, lambda e: e.type = 'accepted')[1].on "
               f"BETWEEN '2024-01-01' AND '2024-12-31T23:59') FROM read_ndjson('{path}', columns = "
               "{form: 'VARCHAR', events: 'STRUCT(type VARCHAR, \"on\" VARCHAR)[]'}) GROUP BY form")
    return len(con.execute(sql).fetchall())


def _polars(path: str, typed: bool) -> int:
    import polars as pl

    event = pl.Struct({"type": pl.String, "on": pl.String})
    if typed:
        from tgpl.reporting import schema_sql

        def dtype(t: Any) -> Any:
            if isinstance(t, list):
                return pl.List(dtype(t[0]))
            if isinstance(t, dict):
                return pl.Struct({k: dtype(v) for k, v in t.items()})
            return pl.String

        schema = {k: dtype(v) for k, v in schema_sql.structure().items()}
    else:
        schema = {"form": pl.String, "events": pl.List(event)}
    lf = pl.scan_ndjson(path, schema=schema)
    acc = pl.col("events").list.eval(pl.element().filter(pl.element().struct.field("type") == "accepted")
                                     .struct.field("on")).list.first()
    out = (lf.with_columns(acc.alias("acc")).filter(pl.col("acc").is_between(pl.lit("2024-01-01"), pl.lit("2024-12-31T23:59")))
           .group_by("form").len().collect(engine="streaming"))
    return out.height


def run_one(name: str, path: str, threads: int) -> dict[str, float]:
    t0 = time.perf_counter()
    if name.startswith("duckdb"):
        _duckdb(path, name.endswith("typed"), threads)
    else:
        _polars(path, name.endswith("typed"))
    seconds = time.perf_counter() - t0
    return {"seconds": seconds, "rss_mib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--cases", type=int, default=100_000)
    p.add_argument("--seed", type=int, default=2024)
    p.add_argument("--processes", type=int, default=2)
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--data-dir", type=Path, default=DATA)
    p.add_argument("--candidates", default=",".join(CANDIDATES), help="comma-separated subset of the candidates")
    p.add_argument("--only", help=argparse.SUPPRESS)
    p.add_argument("--file", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.only:
        print(json.dumps(run_one(args.only, args.file, args.processes)))
        return 0
    path = ensure_data(args.cases, args.seed, args.data_dir, args.processes)
    warm_cache(path)
    results: dict[str, list[dict[str, float]]] = {c: [] for c in args.candidates.split(",")}
    for _ in range(args.repeat):
        for name in results:
            cmd = [sys.executable, __file__, "--only", name, "--file", str(path), "--processes", str(args.processes)]
            out = subprocess.run(cmd, capture_output=True, text=True, check=False)
            if out.returncode != 0:
                print(f"{name}: failed: {out.stderr.strip().splitlines()[-1:]}")
                continue
            results[name].append(json.loads(out.stdout.strip().splitlines()[-1]))
    summary = []
    for name, runs in results.items():
        if runs:
            s = statistics.median(r["seconds"] for r in runs)
            m = statistics.median(r["rss_mib"] for r in runs)
            print(f"{name:14} {s:6.2f} s  {m:6.0f} MiB  (runs: {', '.join(format(r['seconds'], '.2f') for r in runs)})")
            summary.append(f"{name}={s:.2f}/{m:.0f}")
    print("engines: " + " ".join(summary))
    return 0


if __name__ == "__main__":
    sys.exit(main())
