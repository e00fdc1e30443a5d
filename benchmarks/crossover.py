"""Benchmark: where the bulk engine starts to pay, the input size of ``build_report``'s choice.

    python benchmarks/crossover.py [--sizes 343,1000,2000,5000,10000] [--repeat 3]

Takes the first N lines of the benchmark register (``benchmarks/aggregate.py``'s data file,
made once; ``--cases`` its size) for each N of ``--sizes``, and times
:func:`tgpl.reporting.build.build_report` on it in a fresh subprocess on both paths — the
engine forced (``engine=True``) and the Python fold (``engine=False``) — as
``aggregate.py --tgpl-part`` does: the first call in the process, so the engine's fixed costs
(importing DuckDB, connecting, compiling the statement) are in it, as in a ``tgpl report``
command. Prints, for each size, the file size and the medians of wall and CPU time of each
path, then as its last line ``crossover_bytes=B`` (the file size where the two CPU-time lines
cross, interpolated between the measured sizes; ``none`` when one path is cheaper at every size).
The threshold of ``build_report`` (:data:`tgpl.reporting.build.ENGINE_MIN_BYTES`) was set from
this script's figures (docs/performance.md).
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

import aggregate as bench  # noqa: E402  (the benchmark beside this one)


def head(source: Path, lines: int, data_dir: Path) -> Path:
    """The first ``lines`` lines of ``source`` as a file of their own (made once)."""
    path = data_dir / f"{source.stem}-head{lines}.jsonl"
    if not path.exists():
        tmp = path.with_suffix(".tmp")
        with source.open("rb") as fh, tmp.open("wb") as out:
            for n, raw in enumerate(fh):
                if n >= lines:
                    break
                out.write(raw)
        tmp.replace(path)
    return path


def crossing(points: list[tuple[int, float, float]]) -> float | None:
    """The size where ``engine - python`` changes sign, linearly interpolated, or ``None``."""
    for (s0, e0, p0), (s1, e1, p1) in itertools.pairwise(points):
        d0, d1 = e0 - p0, e1 - p1
        if d0 > 0 >= d1:
            return s0 + (s1 - s0) * d0 / (d0 - d1)
    return None


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    p.add_argument("--sizes", default="343,1000,2000,5000,10000", help="numbers of lines, comma-separated")
    p.add_argument("--cases", type=int, default=100_000, help="the register the lines are taken from")
    p.add_argument("--seed", type=int, default=2024)
    p.add_argument("--processes", type=int, default=2)
    p.add_argument("--window", default="2024")
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--data-dir", type=Path, default=bench.DATA)
    args = p.parse_args(argv)

    source = bench.ensure_data(args.cases, args.seed, args.data_dir, args.processes)
    sizes = [int(s) for s in args.sizes.split(",")]
    points: list[tuple[int, float, float]] = []
    print(f"{'lines':>8} {'bytes':>11}  {'engine wall':>11} {'engine CPU':>10}  {'python wall':>11} {'python CPU':>10}")
    for n in sizes:
        path = head(source, n, args.data_dir)
        bench.warm_cache(path)
        runs: dict[bool, list[dict[str, float]]] = {True: [], False: []}
        for _ in range(args.repeat):
            for engine in (True, False):  # taking turns: both see the same load
                runs[engine].append(bench.run_tgpl(path, args.window, args.processes, engine))
        med = {e: (statistics.median(r["seconds"] for r in rs), statistics.median(r["cpu_seconds"] for r in rs))
               for e, rs in runs.items()}
        size = path.stat().st_size
        points.append((size, med[True][1], med[False][1]))
        print(f"{n:>8} {size:>11,}  {med[True][0]:>10.2f}s {med[True][1]:>9.2f}s  {med[False][0]:>10.2f}s {med[False][1]:>9.2f}s")
    cross = crossing(points)
    print(f"crossover_bytes={'none' if cross is None else f'{cross:.0f}'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
