"""Benchmark: how long ``import tgpl`` (and its core subpackages) takes, and what it pulls in.

    python benchmarks/importtime.py [--repeat 5]

Each module is imported in a fresh interpreter with ``python -X importtime -c "import M"``
(best of ``--repeat``); the figure is the cumulative time of ``M`` reported by
``-X importtime`` (the interpreter's own start-up is not included). A second fresh
interpreter lists which heavy optional dependencies ended up in ``sys.modules``: none of
them should be imported by the core — they load lazily where they are used.

The last line is ``import_tgpl_ms=T heavy=...`` (``heavy=none`` when the core is clean).
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys

MODULES = ("tgpl", "tgpl.domain", "tgpl.rules", "tgpl.reporting", "tgpl.io")
#: Optional dependencies the core must not import eagerly.
HEAVY = ("dask", "distributed", "openpyxl", "docx", "matplotlib", "duckdb", "holidays",
         "transitions", "statemachine", "hypothesis", "pandas", "numpy")
TARGET_MS = 150.0


def import_ms(module: str) -> tuple[float, list[tuple[float, str]]]:
    """Cumulative import time of ``module`` in a fresh interpreter (ms), and the other
    top-level packages it loaded with their cumulative times, slowest first."""
    out = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", f"import {module}"],
        check=True, capture_output=True, text=True,
    )
    total = None
    tops: dict[str, float] = {}
    for line in out.stderr.splitlines():
        parts = line.removeprefix("import time:").split("|")
        if len(parts) != 3 or not parts[1].strip().isdigit():
            continue
        name = parts[2].strip()
        ms = int(parts[1]) / 1000
        if name == module:
            total = ms
        top = name.split(".", 1)[0]
        tops[top] = max(tops.get(top, 0.0), ms)
    if total is None:
        raise RuntimeError(f"-X importtime did not report {module}")
    return total, sorted(((ms, n) for n, ms in tops.items() if n != "tgpl"), reverse=True)


def pulled_in(module: str) -> dict[str, object]:
    """Which heavy modules, and how many modules in all, ``import module`` loads."""
    code = (
        "import sys, json\n"
        f"before = set(sys.modules)\nimport {module}\n"
        f"heavy = sorted(h for h in {HEAVY!r} if h in sys.modules)\n"
        "new = set(sys.modules) - before\n"
        "print(json.dumps({'heavy': heavy, 'modules': len(new), "
        "'tgpl': sorted(m for m in new if m.startswith('tgpl'))}))"
    )
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True, text=True)
    result: dict[str, object] = json.loads(out.stdout)
    return result


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description="Import time of tgpl and what it pulls in")
    p.add_argument("--repeat", type=int, default=5)
    args = p.parse_args(argv)
    tgpl_ms = 0.0
    heavy_all: set[str] = set()
    for module in MODULES:
        runs = [import_ms(module) for _ in range(args.repeat)]
        ms, tops = min(runs)
        info = pulled_in(module)
        heavy = list(info["heavy"])  # type: ignore[call-overload]
        heavy_all.update(heavy)
        if module == "tgpl":
            tgpl_ms = ms
        print(f"import {module:16} {ms:7.1f} ms  {info['modules']:4} modules  heavy: {', '.join(heavy) or '-'}")
        print("    slowest non-tgpl packages it loads: " + ", ".join(f"{n} {t:.0f} ms" for t, n in tops[:5]))
    verdict = "OK" if tgpl_ms < TARGET_MS else "ABOVE TARGET"
    print(f"target: import tgpl < {TARGET_MS:.0f} ms — {verdict}")
    print(f"import_tgpl_ms={tgpl_ms:.1f} heavy={','.join(sorted(heavy_all)) or 'none'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
