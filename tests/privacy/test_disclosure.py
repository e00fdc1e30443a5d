"""tgpl.privacy.disclosure on small tables, checked by means independent of its own reasoning.

* The attacker is *sound*: whatever it infers contains the true value (it never "recovers"
  a wrong figure), on random tables with random hidden cells and shares.
* The protection is checked against an exhaustive search: for every hidden figure another
  world exists — other whole numbers that satisfy every relation, every marker and every
  shown share's rounding — in which that figure differs. Such a witness proves that *no*
  reasoning, however clever, recovers the figure from the published table.
"""

from __future__ import annotations

import itertools
from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tgpl.privacy.disclosure import attack, disclosed, protect
from tgpl.reporting.relations import Ratio, Relation


def _table_relations(rows: int, cols: int) -> list[Relation]:
    rel = [Relation(f"r{i}", tuple(f"c{i}_{j}" for j in range(cols))) for i in range(rows)]
    rel += [Relation(f"k{j}", tuple(f"c{i}_{j}" for i in range(rows))) for j in range(cols)]
    rel.append(Relation("g", tuple(f"r{i}" for i in range(rows))))
    rel.append(Relation("g", tuple(f"k{j}" for j in range(cols))))
    return rel


def _values(cells: list[list[int]]) -> dict[str, int]:
    out = {f"c{i}_{j}": v for i, row in enumerate(cells) for j, v in enumerate(row)}
    out |= {f"r{i}": sum(row) for i, row in enumerate(cells)}
    out |= {f"k{j}": sum(row[j] for row in cells) for j in range(len(cells[0]))}
    out["g"] = sum(map(sum, cells))
    return out


def _round(x: float) -> float:
    return float(Decimal(repr(x)).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))


@st.composite
def tables(draw: st.DrawFn) -> tuple[list[list[int]], int]:
    rows, cols = draw(st.integers(2, 3)), draw(st.integers(2, 3))
    cells = [[draw(st.sampled_from((0, 1, 2, 3, 4, 6, 9, 15))) for _ in range(cols)] for _ in range(rows)]
    return cells, draw(st.integers(3, 5))


SHARE = Ratio("s", ("c0_0",), ("r0",))


def _published(values: dict[str, int], share: float | None, hidden: set[str], primary: set[str], k: int) -> dict[str, object]:
    view: dict[str, object] = {n: ((f"<{k}" if n in primary else "x") if n in hidden else v) for n, v in values.items()}
    view["s"] = "x" if hidden & {"c0_0", "r0"} else share
    return view


@settings(max_examples=60, deadline=None)
@given(tables(), st.data())
def test_the_attacker_never_infers_a_wrong_value(table: tuple[list[list[int]], int], data: st.DataObject) -> None:
    cells, k = table
    values = _values(cells)
    nonzero = sorted(n for n, v in values.items() if v)
    hidden = set(data.draw(st.lists(st.sampled_from(nonzero), unique=True))) if nonzero else set()
    primary = {n for n in hidden if values[n] < k}
    share = None if values["r0"] == 0 else _round(100 * values["c0_0"] / values["r0"])
    view = _published(values, share, hidden, primary, k)
    bounds = attack(view, _table_relations(len(cells), len(cells[0])), [SHARE], k=k)
    for name in hidden:
        low, high = bounds[name]
        assert low <= values[name], name
        assert high is None or values[name] <= high, name


def _worlds(view: dict[str, object], hidden: list[str], truth: dict[str, int], relations: list[Relation], k: int,
            step: int) -> dict[str, set[int]]:
    """Every value each hidden figure takes in some world within ``step`` of the truth."""
    seen: dict[str, set[int]] = {n: set() for n in hidden}
    for delta in itertools.product(range(-step, step + 1), repeat=len(hidden)):
        world = dict(truth)
        for n, d in zip(hidden, delta, strict=True):
            world[n] = truth[n] + d
        ok = True
        for n in hidden:
            v = world[n]
            ok = 1 <= v <= k - 1 if view[n] == f"<{k}" else v >= 1
            if not ok:
                break
        if not ok or not all(r.holds(world) for r in relations):
            continue
        if view["s"] != "x":
            den = world["r0"]
            shown = None if den == 0 else _round(100 * world["c0_0"] / den)
            if shown != view["s"]:
                continue
        for n in hidden:
            seen[n].add(world[n])
    return seen


@settings(max_examples=40, deadline=None)
@given(tables())
def test_every_hidden_figure_has_another_possible_value(table: tuple[list[list[int]], int]) -> None:
    cells, k = table
    values = _values(cells)
    relations = _table_relations(len(cells), len(cells[0]))
    share = None if values["r0"] == 0 else _round(100 * values["c0_0"] / values["r0"])
    chosen = protect({**values, "s": share}, relations, [SHARE], k=k)
    hidden = sorted(chosen.primary | chosen.complementary)
    view = _published(values, share, set(hidden), set(chosen.primary), k)
    assert disclosed(view, relations, [SHARE], k=k) == {}
    assert {n for n, v in values.items() if 0 < v < k} <= set(hidden)
    if not hidden or len(hidden) > 9:
        return
    step = 2 if len(hidden) <= 6 else 1
    worlds = _worlds(view, hidden, values, relations, k, step)
    for n in hidden:
        assert len(worlds[n]) >= 2, (n, cells, k, hidden)


@pytest.mark.parametrize(
    ("view", "expected"),
    [
        # appraised − good − fairly good − fail = pass (issue 12 §1, first recovery)
        ({"t": 91, "a": 63, "b": 24, "c": "<5", "d": 0}, {"c": 4}),
        # two small parts under a small total of two: each is 1
        ({"t": "<5", "a": "<5", "b": "<5", "c": 0, "d": 0}, {}),
        ({"t": 2, "a": "<5", "b": "<5", "c": 0, "d": 0}, {"a": 1, "b": 1}),
    ],
)
def test_small_disclosures(view: dict[str, object], expected: dict[str, int]) -> None:
    assert disclosed(view, [Relation("t", ("a", "b", "c", "d"))], k=5) == expected


def test_a_rounded_share_times_a_count() -> None:
    # "tỷ lệ 2,0 %" × 150 ended litigation cases = 3 (issue 12 §1, third recovery)
    q = [Ratio("share", ("won",), ("ended",))]
    assert disclosed({"won": "<5", "ended": 150, "share": 2.0}, [], q, k=5) == {"won": 3}
    assert disclosed({"won": "<5", "ended": 150, "share": "x"}, [], q, k=5) == {}
    # a share shown as missing says its denominator is 0
    assert attack({"won": 0, "ended": "rest", "share": None}, [Relation("ended", ("won",), ">=")], q, k=5)["ended"] == (0, 0)


def test_protect_rejects_bad_input() -> None:
    with pytest.raises(ValueError, match="whole number"):
        protect({"a": 1}, [], k=-1)
    with pytest.raises(ValueError, match="negative"):
        protect({"a": -1}, [], k=5)
    with pytest.raises(ValueError, match="kind"):
        Relation("a", ("b",), "<")
    assert protect({"a": 7, "b": 0}, [Relation("a", ("b",), ">=")], k=5).hidden == frozenset()
