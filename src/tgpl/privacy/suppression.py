"""Small-cell suppression for published tables (ẩn ô số liệu nhỏ).

A published count of 1, 2 or 3 persons in a narrow breakdown (a group × a district × a
legal field) can point at a person (docs/architecture.md principle 11). The usual protection
is *small-cell suppression*: cells with a count below a threshold ``k`` (and above 0) are
replaced by a marker such as ``"<5"``; that is **primary** suppression.

Hiding a cell is not enough when totals are published: if a row has one hidden cell and a
total, the cell is the total minus the shown cells. So **complementary** (secondary)
suppression hides further cells until no hidden value can be worked back exactly:

1. *line rule* — every line (row or column) that has a published total must hide either
   no entry or at least two; a line with exactly one hidden entry hides another one: a
   non-zero cell of the line (then its total, and a zero only as a last resort), choosing
   first a cell whose crossing line also has a single hidden entry (one suppression then
   mends two lines) and otherwise the smallest (the least information lost); repeated to
   a fixed point;
2. *cycle rule* — the line rule is necessary but not sufficient: two hidden blocks joined
   by a single hidden cell still give that cell away (sum the rows of one block, subtract
   its columns). Seen as a graph whose nodes are the lines and whose edges are the hidden
   entries, a hidden value can be derived from the published figures exactly when its
   edge is a *bridge* (it lies on no cycle). While a primary cell is a bridge, the cell
   that closes a cycle through it at the least cost is hidden too.

Totals themselves are counts: a published total below ``k`` is a primary cell too.

Conventions, stated so a reader of the published table can rely on them:

* ``0`` is shown as ``0``, as statistical offices usually do: a zero points at nobody
  (no one is in the cell), and hiding zeros would also hide real gaps in service. A
  zero is hidden only as a last-resort complement.
* A primary cell shows ``"<k"`` (e.g. ``"<5"``): true, and it tells the reader that the
  figure is small but not zero. A complementary cell shows ``"x"`` (configurable): it is
  *not* small, and marking it ``"<5"`` would be false.
* ``k`` of 0 or 1 hides nothing. Suppression is off unless a report asks for it (the
  report layer applies it for ``--suppress-below K``).

What this does not do: it guarantees that no hidden figure can be *computed exactly*
from the table; it does not guarantee a minimum width of the interval a reader can infer
for a hidden figure from non-negativity, nor protect against combining several
differently cut tables of the same data. Publish few, coarse tables.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping, Sequence
from typing import Generic, TypeVar

from attrs import frozen

from tgpl.errors import InvalidRecordError

__all__ = [
    "DEFAULT_COMPLEMENTARY_MARKER",
    "Position",
    "SuppressedMapping",
    "SuppressedTable",
    "primary_marker",
    "suppress",
    "suppress_mapping",
]

#: Where an entry sits: ``(row, column)``; ``None`` in a place means "the total", so
#: ``(2, None)`` is the total of row 2, ``(None, 0)`` the total of column 0 and
#: ``(None, None)`` the grand total.
Position = tuple[int | None, int | None]

#: Marker shown for a complementary (secondary) suppression.
DEFAULT_COMPLEMENTARY_MARKER = "x"

K = TypeVar("K", bound=Hashable)


def primary_marker(k: int) -> str:
    """The marker of a primary suppression, ``"<k"``."""
    return f"<{k}"


@frozen
class SuppressedTable:
    """A table ready to publish: hidden entries replaced by markers.

    ``cells`` mirrors the input rows; ``row_totals``/``col_totals`` are ``None`` when
    they were not requested, and ``grand_total`` is published only when both are.
    ``primary`` and ``complementary`` list the hidden positions (see :data:`Position`).
    """

    k: int
    cells: tuple[tuple[int | str, ...], ...]
    row_totals: tuple[int | str, ...] | None
    col_totals: tuple[int | str, ...] | None
    grand_total: int | str | None
    primary: frozenset[Position]
    complementary: frozenset[Position]

    @property
    def hidden(self) -> frozenset[Position]:
        """Every suppressed position, primary or complementary."""
        return self.primary | self.complementary

    def value(self, position: Position) -> int | str | None:
        """The published entry at ``position`` (``None`` for a total that is not published)."""
        match position:
            case (None, None):
                return self.grand_total
            case (int(i), None):
                return None if self.row_totals is None else self.row_totals[i]
            case (None, int(j)):
                return None if self.col_totals is None else self.col_totals[j]
            case (int(i), int(j)):
                return self.cells[i][j]
        raise TypeError(f"not a table position: {position!r}")


@frozen
class SuppressedMapping(Generic[K]):
    """A ``{key: count}`` breakdown ready to publish.

    ``cells`` keeps the input order; ``total`` is ``None`` when not requested. In
    ``primary`` and ``complementary`` the key ``None`` stands for the total.
    """

    k: int
    cells: Mapping[K, int | str]
    total: int | str | None
    primary: frozenset[K | None]
    complementary: frozenset[K | None]

    @property
    def hidden(self) -> frozenset[K | None]:
        return self.primary | self.complementary


# --- the algorithm, on the full grid --------------------------------------------------
#
# The input R×C table is extended to an (R+1)×(C+1) grid whose last row holds the column
# totals and whose last column holds the row totals (corner: the grand total). Every
# line of that grid satisfies "cells sum to the total", whether or not the total is
# published; totals that are not published are simply unknown (treated as hidden but
# never reported as suppressed). Grid node ("r", i) is row line i, ("c", j) column line j;
# a hidden entry (i, j) is the edge between them.

_Node = tuple[str, int]
_Entry = tuple[int, int]


def _check_k(k: int) -> None:
    if isinstance(k, bool) or not isinstance(k, int) or k < 0:
        raise ValueError(f"k must be a whole number 0 or more, got {k!r}")


def _check_count(v: object, path: str) -> None:
    if isinstance(v, bool) or not isinstance(v, int):
        raise InvalidRecordError(f"a cell must be a whole-number count, got {type(v).__name__}", path=path)
    if v < 0:
        raise InvalidRecordError(f"a count cannot be negative, got {v}", path=path)


def _validate(table: Sequence[Sequence[int]], k: int) -> tuple[list[list[int]], int]:
    _check_k(k)
    rows = [list(r) for r in table]
    width = len(rows[0]) if rows else 0
    for i, row in enumerate(rows):
        if len(row) != width:
            raise InvalidRecordError(f"row {i} has {len(row)} cells, row 0 has {width}; a table must be rectangular", path=f"$[{i}]")
        for j, v in enumerate(row):
            _check_count(v, f"$[{i}][{j}]")
    return rows, width


def _bridges(edges: set[_Entry]) -> set[_Entry]:
    """Bridges of the bipartite graph whose edges are hidden grid entries (Tarjan, iterative)."""
    adj: dict[_Node, list[tuple[_Node, _Entry]]] = {}
    for i, j in edges:
        adj.setdefault(("r", i), []).append((("c", j), (i, j)))
        adj.setdefault(("c", j), []).append((("r", i), (i, j)))
    disc: dict[_Node, int] = {}
    low: dict[_Node, int] = {}
    found: set[_Entry] = set()
    counter = 0
    for root in sorted(adj):
        if root in disc:
            continue
        disc[root] = low[root] = counter
        counter += 1
        stack: list[tuple[_Node, _Entry | None, int]] = [(root, None, 0)]
        while stack:
            node, via, idx = stack[-1]
            if idx < len(adj[node]):
                stack[-1] = (node, via, idx + 1)
                nxt, edge = adj[node][idx]
                if edge == via:
                    continue
                if nxt in disc:
                    low[node] = min(low[node], disc[nxt])
                else:
                    disc[nxt] = low[nxt] = counter
                    counter += 1
                    stack.append((nxt, edge, 0))
            else:
                stack.pop()
                if stack and via is not None:
                    parent = stack[-1][0]
                    low[parent] = min(low[parent], low[node])
                    if low[node] > disc[parent]:
                        found.add(via)
    return found


def _component(start: _Node, edges: set[_Entry]) -> set[_Node]:
    adj: dict[_Node, list[_Node]] = {}
    for i, j in edges:
        adj.setdefault(("r", i), []).append(("c", j))
        adj.setdefault(("c", j), []).append(("r", i))
    seen = {start}
    todo = [start]
    while todo:
        for nxt in adj.get(todo.pop(), ()):
            if nxt not in seen:
                seen.add(nxt)
                todo.append(nxt)
    return seen


def _protect(
    grid: list[list[int]], published: set[_Entry], total_lines: list[list[_Entry]], primary: set[_Entry]
) -> set[_Entry]:
    """Complementary suppressions (grid entries) for ``primary``; see the module docstring."""
    n_rows, n_cols = len(grid), len(grid[0])
    corner = (n_rows - 1, n_cols - 1)
    hidden = set(primary) | {(i, j) for i in range(n_rows) for j in range(n_cols)} - published

    def cost(e: _Entry) -> tuple[int, int, int, int]:
        i, j = e
        v = grid[i][j]
        kind = 3 if v == 0 else (0 if i < n_rows - 1 and j < n_cols - 1 else (2 if e == corner else 1))
        return (kind, v, i, j)

    lines_of: dict[_Entry, list[int]] = {}
    for n, line in enumerate(total_lines):
        for e in line:
            lines_of.setdefault(e, []).append(n)

    def lonely(n: int) -> bool:
        return sum(e in hidden for e in total_lines[n]) == 1

    added: set[_Entry] = set()
    while True:
        changed = False
        for n, line in enumerate(total_lines):  # line rule, to a fixed point
            if lonely(n):
                # Prefer a cell whose crossing line is lonely too: one suppression fixes both.
                choice = min(
                    (e for e in line if e not in hidden),
                    key=lambda e: (cost(e)[0], not any(m != n and lonely(m) for m in lines_of[e]), *cost(e)[1:]),
                )
                hidden.add(choice)
                added.add(choice)
                changed = True
        if changed:
            continue
        weak = sorted(_bridges(hidden) & primary)
        if not weak:
            return added
        i, j = weak[0]  # cycle rule: close a cycle through this primary cell
        rest = hidden - {(i, j)}
        side_a, side_b = _component(("r", i), rest), _component(("c", j), rest)
        candidates = [
            (a, b)
            for a in range(n_rows)
            for b in range(n_cols)
            if (a, b) not in hidden
            and ((("r", a) in side_a and ("c", b) in side_b) or (("r", a) in side_b and ("c", b) in side_a))
        ]
        if not candidates:  # cannot happen after the line rule; extend the cell's lines instead
            candidates = [(a, b) for a in range(n_rows) for b in range(n_cols) if (a, b) not in hidden and (a == i or b == j)]
        if not candidates:  # pragma: no cover - the full grid is bridgeless, so hiding all ends it
            raise RuntimeError("small-cell suppression could not protect a cell")
        choice = min(candidates, key=cost)
        hidden.add(choice)
        added.add(choice)


def suppress(
    table: Sequence[Sequence[int]],
    *,
    k: int,
    row_totals: bool = True,
    col_totals: bool = True,
    complementary_marker: str = DEFAULT_COMPLEMENTARY_MARKER,
) -> SuppressedTable:
    """Suppress counts below ``k`` in ``table`` and protect them against the totals.

    ``table`` is a rectangular sequence of rows of non-negative counts. Totals are
    computed from the cells; ``row_totals``/``col_totals`` say which the publication
    shows (the grand total is shown when both are). Cells (and shown totals) with
    ``0 < value < k`` become ``"<k"``; complementary suppressions become
    ``complementary_marker``. Raises :class:`~tgpl.errors.InvalidRecordError` naming the
    cell (``$[row][col]``) for a negative or non-integer count.
    """
    if not complementary_marker:
        raise ValueError("complementary_marker must be a non-empty text")
    rows, width = _validate(table, k)
    n = len(rows)
    row_sums = [sum(r) for r in rows]
    col_sums = [sum(rows[i][j] for i in range(n)) for j in range(width)]
    grid = [[*rows[i], row_sums[i]] for i in range(n)] + [[*col_sums, sum(row_sums)]]
    published = {(i, j) for i in range(n) for j in range(width)}
    if row_totals:
        published |= {(i, width) for i in range(n)}
    if col_totals:
        published |= {(n, j) for j in range(width)}
    if row_totals and col_totals:
        published.add((n, width))
    total_lines: list[list[_Entry]] = []
    if row_totals:
        total_lines += [[(i, j) for j in range(width + 1)] for i in range(n)]
    if col_totals:
        total_lines += [[(i, j) for i in range(n + 1)] for j in range(width)]
    if row_totals and col_totals:
        total_lines += [[(n, j) for j in range(width + 1)], [(i, width) for i in range(n + 1)]]
    primary = {e for e in published if 0 < grid[e[0]][e[1]] < k}
    complementary = _protect(grid, published, total_lines, primary) if primary else set()

    def shown(i: int, j: int) -> int | str:
        if (i, j) in primary:
            return primary_marker(k)
        if (i, j) in complementary:
            return complementary_marker
        return grid[i][j]

    def position(e: _Entry) -> Position:
        return (None if e[0] == n else e[0], None if e[1] == width else e[1])

    return SuppressedTable(
        k=k,
        cells=tuple(tuple(shown(i, j) for j in range(width)) for i in range(n)),
        row_totals=tuple(shown(i, width) for i in range(n)) if row_totals else None,
        col_totals=tuple(shown(n, j) for j in range(width)) if col_totals else None,
        grand_total=shown(n, width) if row_totals and col_totals else None,
        primary=frozenset(position(e) for e in primary),
        complementary=frozenset(position(e) for e in complementary),
    )


def suppress_mapping(
    counts: Mapping[K, int],
    *,
    k: int,
    total: bool = True,
    complementary_marker: str = DEFAULT_COMPLEMENTARY_MARKER,
) -> SuppressedMapping[K]:
    """Suppress a one-way breakdown ``{key: count}`` with (by default) its total.

    The breakdown is a one-row table: with a total, a single hidden count would be the
    total minus the others, so at least two entries are hidden (the smallest non-zero
    count first, else the total itself). Errors name the key: ``$['<key>']``.
    """
    keys = list(counts)
    _check_k(k)
    for key in keys:
        _check_count(counts[key], f"$[{key!r}]")
    result = suppress([[counts[key] for key in keys]], k=k, row_totals=total, col_totals=False, complementary_marker=complementary_marker)

    def key_of(position: Position) -> K | None:
        return None if position[1] is None else keys[position[1]]

    return SuppressedMapping(
        k=k,
        cells={key: result.cells[0][j] for j, key in enumerate(keys)},
        total=result.row_totals[0] if result.row_totals is not None else None,
        primary=frozenset(key_of(p) for p in result.primary),
        complementary=frozenset(key_of(p) for p in result.complementary),
    )
