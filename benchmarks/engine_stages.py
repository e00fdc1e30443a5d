"""Benchmark: CPU per line of each stage of the bulk engine's statement (docs/performance.md).

    python benchmarks/engine_stages.py benchmarks/data/cases-100000-seed2024-p2-v2.jsonl [--lines 25000]

Copies ``--lines`` lines of the file into a DuckDB table first (so that reading is out of the
way), then times, with one DuckDB thread, the common table expressions of
:func:`tgpl.reporting.engine.statement` cumulatively, one stage more each time, and prints the
µs of CPU per line of each (best of ``--repeat``). The first row times reading the whole file
as text. Prints as its last line ``statement_us_per_line=T lines=N``.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from typing import Any


def _best(con: Any, sql: str, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        c0 = time.process_time()
        con.execute(sql).fetchall()
        best = min(best, time.process_time() - c0)
    return best


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("path")
    p.add_argument("--lines", type=int, default=25_000)
    p.add_argument("--window", default="2024")
    p.add_argument("--repeat", type=int, default=3)
    args = p.parse_args(argv)

    import duckdb

    from tgpl.reporting import engine, parse_window, schema_sql

    window = parse_window(args.window)
    with tempfile.TemporaryDirectory() as spill:
        con = duckdb.connect(config={"threads": 1, "preserve_insertion_order": False,
                                     "memory_limit": engine.MEMORY_LIMIT, "temp_directory": spill})
        read = engine._read_sql([args.path])
        con.execute(f"CREATE TEMP TABLE src AS SELECT j FROM {read} LIMIT {args.lines}")
        n = con.execute("SELECT count(*) FROM src").fetchall()[0][0]
        total = con.execute(f"SELECT count(*) FROM {read}").fetchall()[0][0]

        def sql(rules: bool) -> str:
            return engine.statement(["-"], [window], None, [], rules=rules).replace(engine._read_sql(["-"]), "src")

        full = sql(True)
        head = full[: full.index("SELECT * FROM (")]
        before_parsed = head.split("parsed AS")[0].rstrip().rstrip(",")
        norules = sql(False)
        structure = engine._q(json.dumps(schema_sql.structure(), ensure_ascii=False))
        checks, sig, raw = schema_sql.checks("c"), schema_sql.signature("c"), schema_sql.raw_signature("j")
        stages = [
            ("parse into the case structure (json_transform)",
             f"SELECT sum(len(c.events)) FROM (SELECT json_transform(j, {structure}) AS c FROM src)"),
            ("+ line pre-checks and the generated checks (types, codes, event fields)",
             f"{before_parsed} SELECT count(*) FILTER (WHERE {checks}) FROM typed"),
            ("+ shape signature (parsed and raw side)",
             f"{before_parsed} SELECT count(*) FILTER (WHERE {checks} AND {sig} = {raw}) FROM typed"),
            ("+ duplicate identity, facts",
             head.split("cases AS")[0].rstrip().rstrip(",")
             + " SELECT count(*) FILTER (WHERE checked), count(DISTINCT ident), sum(len(ev)) FROM parsed"),
            ("+ constructor and consistency rules, fold into keys",
             norules[: norules.index("SELECT * FROM (")] + " SELECT count(*) FILTER (WHERE ok), sum(len(keys)) FROM keyed"),
            ("+ validation rules (SQL predicates, keys of the keyed rules)",
             head + " SELECT count(*) FILTER (WHERE ok), sum(len(keys)) FROM keyed"),
            ("whole statement (+ counting the keys and identities)", full),
        ]
        print(f"{'read the line as text (read_csv, whole file)':72s} {_best(con, f'SELECT count(*) FROM {read}', args.repeat) / total * 1e6:7.1f}")
        us = 0.0
        for name, query in stages:
            us = _best(con, query, args.repeat) / n * 1e6
            print(f"{name:72s} {us:7.1f}", flush=True)
        con.close()
    print(f"statement_us_per_line={us:.1f} lines={n}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
