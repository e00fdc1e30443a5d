"""Small-cell suppression: primary cells hidden, complementary cells protect them from totals."""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tgpl.errors import InvalidRecordError
from tgpl.privacy.suppression import (
    Position,
    SuppressedTable,
    primary_marker,
    suppress,
    suppress_mapping,
)

# Small counts dominate so that suppression actually has work to do.
counts = st.one_of(st.integers(0, 6), st.integers(0, 60))


@st.composite
def tables(draw: st.DrawFn) -> list[list[int]]:
    n_rows = draw(st.integers(0, 5))
    n_cols = draw(st.integers(0 if n_rows == 0 else 1, 5)) if n_rows else 0
    return [[draw(counts) for _ in range(n_cols)] for _ in range(n_rows)]


def _full_grid(table: list[list[int]]) -> dict[Position, int]:
    """Every entry of the table with its totals, by position."""
    n_cols = len(table[0]) if table else 0
    grid: dict[Position, int] = {}
    for i, row in enumerate(table):
        for j, v in enumerate(row):
            grid[(i, j)] = v
        grid[(i, None)] = sum(row)
    for j in range(n_cols):
        grid[(None, j)] = sum(row[j] for row in table)
    grid[(None, None)] = sum(map(sum, table))
    return grid


def _published(result: SuppressedTable, grid: dict[Position, int]) -> set[Position]:
    return {p for p in grid if result.value(p) is not None}


def _lines(table: list[list[int]]) -> list[list[Position]]:
    """Every line of the full grid: cells plus the line's total, each summing to that total."""
    n_rows, n_cols = len(table), (len(table[0]) if table else 0)
    rows: list[int | None] = [*range(n_rows), None]
    cols: list[int | None] = [*range(n_cols), None]
    return [[(i, j) for j in cols] for i in rows] + [[(i, j) for i in rows] for j in cols]


def _rank(matrix: list[list[Fraction]]) -> int:
    m = [row[:] for row in matrix]
    rank, n_cols = 0, len(m[0]) if m else 0
    for c in range(n_cols):
        pivot = next((r for r in range(rank, len(m)) if m[r][c] != 0), None)
        if pivot is None:
            continue
        m[rank], m[pivot] = m[pivot], m[rank]
        for r in range(len(m)):
            if r != rank and m[r][c] != 0:
                f = m[r][c] / m[rank][c]
                m[r] = [a - f * b for a, b in zip(m[r], m[rank], strict=True)]
        rank += 1
    return rank


def _derivable(table: list[list[int]], result: SuppressedTable) -> set[Position]:
    """Hidden entries whose value follows exactly from what is published (linear algebra).

    Unknowns: the hidden entries and the totals that are not published. Each line of the
    full grid gives one equation. An unknown is determined iff dropping its column lowers
    the rank of the system.
    """
    grid = _full_grid(table)
    unknown = sorted((p for p in grid if p in result.hidden or result.value(p) is None), key=str)
    if not unknown:
        return set()
    index = {p: n for n, p in enumerate(unknown)}
    rows: list[list[Fraction]] = []
    for line in _lines(table):
        total = line[-1]
        eq = [Fraction(0)] * len(unknown)
        for p in line[:-1]:
            if p in index:
                eq[index[p]] += 1
        if total in index:
            eq[index[total]] -= 1
        rows.append(eq)
    full = _rank(rows)
    return {
        p for p in unknown
        if p in result.hidden and _rank([r[: index[p]] + r[index[p] + 1:] for r in rows]) < full
    }


@given(table=tables(), k=st.integers(0, 8), row_totals=st.booleans(), col_totals=st.booleans())
def test_suppression_properties(table: list[list[int]], k: int, row_totals: bool, col_totals: bool) -> None:
    result = suppress(table, k=k, row_totals=row_totals, col_totals=col_totals)
    grid = _full_grid(table)
    published = _published(result, grid)
    assert (result.row_totals is not None) == row_totals
    assert (result.col_totals is not None) == col_totals
    assert (result.grand_total is not None) == (row_totals and col_totals)
    # every small published count (0 < v < k) is a primary suppression, and only those
    assert result.primary == {p for p in published if 0 < grid[p] < k}
    assert not result.primary & result.complementary
    assert result.hidden <= published
    for p in published:
        if p in result.primary:
            assert result.value(p) == primary_marker(k)
        elif p in result.complementary:
            assert result.value(p) == "x"
        else:
            assert result.value(p) == grid[p]  # shown entries are unchanged
    # no line with a published total has exactly one hidden entry (subtraction reveals it)
    for line in _lines(table):
        if line[-1] in published:
            assert sum(p in result.hidden for p in line) != 1, line
    # stronger: no primary count can be computed exactly from the published figures
    assert not _derivable(table, result) & result.primary
    if k <= 1:
        assert result.hidden == frozenset()


@given(table=tables(), k=st.integers(2, 8))
def test_without_totals_only_primary_cells_are_hidden(table: list[list[int]], k: int) -> None:
    result = suppress(table, k=k, row_totals=False, col_totals=False)
    assert result.complementary == frozenset()


@given(
    counts=st.dictionaries(st.sampled_from(["nam", "nữ", "khác", "a", "b", "c"]), st.integers(0, 12)),
    k=st.integers(0, 6),
    total=st.booleans(),
)
def test_mapping_properties(counts: dict[str, int], k: int, total: bool) -> None:
    result = suppress_mapping(counts, k=k, total=total)
    assert list(result.cells) == list(counts)
    grand = sum(counts.values())
    small = {key for key, v in counts.items() if 0 < v < k}
    if total and 0 < grand < k:
        small_total: set[str | None] = {None}
    else:
        small_total = set()
    assert result.primary == small | small_total
    for key, v in counts.items():
        if key not in result.hidden:
            assert result.cells[key] == v
    if total:
        assert sum(1 for key in [*counts, None] if key in result.hidden) != 1
        if None not in result.hidden:
            assert result.total == grand
    else:
        assert result.total is None
        assert result.complementary == frozenset()


def test_documented_example() -> None:
    table = [[12, 3, 20], [8, 15, 9], [30, 2, 7]]
    result = suppress(table, k=5)
    assert result.cells == (("x", "<5", 20), (8, 15, 9), ("x", "<5", 7))
    assert result.row_totals == (35, 32, 39)
    assert result.col_totals == (50, 20, 36)
    assert result.grand_total == 106
    assert result.primary == {(0, 1), (2, 1)}
    assert result.complementary == {(0, 0), (2, 0)}


def test_zero_is_shown_and_small_total_is_primary() -> None:
    result = suppress([[3, 0], [0, 0]], k=5)
    assert result.cells[0][1] == 0
    assert result.cells[1] == (0, 0)
    assert (0, None) in result.primary
    assert (None, 0) in result.primary
    assert (None, None) in result.primary


def test_bridge_between_two_blocks_is_closed() -> None:
    # Two hidden 2×2 blocks joined by one small cell: the line rule alone is satisfied,
    # but the joining cell could be computed; the cycle rule hides one more cell.
    table = [
        [2, 2, 50, 50, 50],
        [2, 2, 3, 50, 50],
        [50, 50, 2, 2, 50],
        [50, 50, 2, 2, 50],
    ]
    result = suppress(table, k=5, row_totals=True, col_totals=True)
    assert not _derivable(table, result) & result.primary


def test_mapping_single_small_count_takes_the_smallest_other() -> None:
    result = suppress_mapping({"nam": 40, "nữ": 3, "khác": 0, "không rõ": 9}, k=5)
    assert result.cells == {"nam": 40, "nữ": "<5", "khác": 0, "không rõ": "x"}
    assert result.total == 52
    assert result.primary == {"nữ"}
    assert result.complementary == {"không rõ"}


def test_bad_input_names_the_cell() -> None:
    with pytest.raises(InvalidRecordError, match=r"\$\[1\]\[0\]"):
        suppress([[1, 2], [-1, 3]], k=5)
    with pytest.raises(InvalidRecordError, match=r"\$\[1\]"):
        suppress([[1, 2], [3]], k=5)
    with pytest.raises(InvalidRecordError, match=r"\$\['nữ'\]"):
        suppress_mapping({"nam": 1, "nữ": -2}, k=5)
    with pytest.raises(InvalidRecordError, match="whole-number"):
        suppress([[1.5]], k=5)  # type: ignore[list-item]
    with pytest.raises(ValueError, match="k must be"):
        suppress([[1]], k=-1)
    with pytest.raises(ValueError, match="marker"):
        suppress([[1]], k=5, complementary_marker="")
