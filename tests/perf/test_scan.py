"""The compiled line scanner (tgpl.integrations._scan): used on canonical lines, declines
everything else, and never changes a tally or an error.

Reference: the typed path (:func:`tgpl.integrations.parallel.aggregate_files_parallel`
on one process). No timing is asserted here (see benchmarks/aggregate.py).
"""

from __future__ import annotations

import datetime as dt
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import numpy as np
import orjson
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tgpl.demo import DEMO_PROVINCE, generate
from tgpl.integrations import fast
from tgpl.integrations._scan import scanner
from tgpl.integrations.fast import run_fast
from tgpl.integrations.parallel import aggregate_files_parallel
from tgpl.io import to_dict, write_jsonl
from tgpl.reporting import half, year

pytest.importorskip("numba")

WINDOWS = (year(2021), year(2022), half(2022, 1))


def _cases(seed: int = 11, per_year: int = 40) -> list[Any]:
    recs = generate(seed=seed, province=DEMO_PROVINCE, start=dt.date(2021, 3, 1), end=dt.date(2022, 12, 31),
                    cases_per_year=per_year, activities=False)
    return list(recs)


def _canonical_lines(records: list[Any]) -> list[bytes]:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "c.jsonl"
        write_jsonl(records, path)
        return path.read_bytes().splitlines(keepends=True)


def _scan_status(lines: list[bytes], as_of: dt.date | None = None) -> list[int]:
    sc = scanner()
    assert sc is not None
    buf = b"".join(lines)
    arr = np.frombuffer(buf, dtype=np.uint8)
    ends = np.flatnonzero(arr == 10)
    starts = np.empty_like(ends)
    starts[0] = 0
    starts[1:] = ends[:-1] + 1
    res = sc.scan(buf, starts, ends, as_of)
    return [int(x) for x in res.rows[:, 0]]


def _assert_same(path: Path, **kw: Any) -> None:
    typed = aggregate_files_parallel([path], WINDOWS, processes=1, **kw)
    res = run_fast([path], WINDOWS, **kw)
    for w in WINDOWS:
        assert res.tallies[w] == typed[w], w
    assert [(e.line, e.path, e.message) for e in res.errors] == [(e.line, e.path, e.message) for e in typed.errors]


@pytest.fixture(autouse=True)
def _scanner_on() -> Iterator[None]:
    before = fast.USE_SCANNER, fast.SCAN_BLOCK
    fast.USE_SCANNER = True
    try:
        yield
    finally:
        fast.USE_SCANNER, fast.SCAN_BLOCK = before


def test_scanner_accepts_every_canonical_demo_case() -> None:
    # The writer's output is what the scanner is for: every demo case is read by it.
    lines = _canonical_lines(_cases())
    assert len(lines) > 50
    assert _scan_status(lines) == [1] * len(lines)
    assert _scan_status(lines, dt.date(2022, 1, 1)) == [1] * len(lines)


def _reordered(rec: dict[str, Any]) -> bytes:
    return orjson.dumps(dict(reversed(list(rec.items())))) + b"\n"


def _spaced(rec: dict[str, Any]) -> bytes:
    return json.dumps(rec, ensure_ascii=False).encode() + b"\n"  # ", " and ": " separators


def _escaped(rec: dict[str, Any]) -> bytes:
    return json.dumps(rec, ensure_ascii=True).encode() + b"\n"  # \\uXXXX escapes


def _explicit_null(rec: dict[str, Any]) -> bytes:
    r = dict(rec)
    r["role"] = None if r["form"] != "litigation" else r.get("role")
    return orjson.dumps(r) + b"\n"


@pytest.mark.parametrize("variant", [_reordered, _spaced, _escaped, _explicit_null])
def test_valid_lines_in_another_form_are_declined_and_still_counted(tmp_path: Path, variant: Any) -> None:
    records = _cases(seed=5)
    dicts = [to_dict(r) for r in records]
    dicts[0]["beneficiaries"][0]["name"] = "Nguyễn Thị Ánh"  # non-ASCII text
    lines = [variant(d) for d in dicts]
    status = _scan_status(lines)
    if variant is _escaped or variant is _spaced or variant is _reordered:
        assert status[0] == 0  # not canonical: declined, read by the per-line paths
    path = tmp_path / "v.jsonl"
    path.write_bytes(b"".join(lines))
    _assert_same(path)
    assert run_fast([path], WINDOWS).fast == len(lines)  # all valid, all counted fast


def test_lines_across_blocks_and_longer_than_a_block(tmp_path: Path) -> None:
    # A tiny block: most lines straddle two reads, many are longer than the buffer.
    lines = _canonical_lines(_cases(seed=8, per_year=20))
    lines[-1] = lines[-1].rstrip(b"\n")  # and no final newline
    path = tmp_path / "b.jsonl"
    path.write_bytes(b"".join(lines))
    before = fast.SCAN_BLOCK
    try:
        for block in (64, 700, 4096):
            fast.SCAN_BLOCK = block
            _assert_same(path)
    finally:
        fast.SCAN_BLOCK = before
    _assert_same(path, as_of=dt.date(2022, 3, 31))


@st.composite
def damaged(draw: st.DrawFn) -> list[bytes]:
    """Canonical lines with bytes flipped, dropped, inserted or swapped."""
    lines = _canonical_lines(_cases(seed=draw(st.integers(0, 50)), per_year=10))
    for _ in range(draw(st.integers(1, 6))):
        i = draw(st.integers(0, len(lines) - 1))
        raw = bytearray(lines[i].rstrip(b"\n"))
        at = draw(st.integers(0, len(raw) - 1))
        how = draw(st.integers(0, 3))
        byte = draw(st.sampled_from(b'"\\{}[],:0123456789-.eEtfnxT+ \x00\x7f\xc3\xa3\xff'))
        if how == 0:
            raw[at] = byte
        elif how == 1:
            del raw[at]
        elif how == 2:
            raw.insert(at, byte)
        else:
            j = draw(st.integers(0, len(raw) - 1))
            raw[at], raw[j] = raw[j], raw[at]
        lines[i] = bytes(raw) + b"\n"
    return lines


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], deadline=None)
@given(lines=damaged(), as_of=st.sampled_from([None, dt.date(2022, 6, 30)]))
def test_damaged_bytes_never_change_a_tally_or_an_error(lines: list[bytes], as_of: dt.date | None) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "d.jsonl"
        path.write_bytes(b"".join(lines))
        _assert_same(path, as_of=as_of)


# -- reviews graded from the kernel's columns --------------------------------------------------

_CODES = ("1a", "1b", "1c", "2a", "2b", "2c", "2d", "2đ", "3")


@st.composite
def reviews(draw: st.DrawFn) -> dict[str, Any]:
    """Review dicts in canonical key order: plain ones mostly, and every kind of unusual one
    (an unknown or respelled code, a score out of range, a criterion unscored, a rubric named)."""
    from tgpl.rules.scoring import TT12_RUBRIC

    maxima = {c.code: c.max_points for c in TT12_RUBRIC.criteria}
    codes = st.sampled_from(_CODES) if draw(st.booleans()) else st.sampled_from((*_CODES, "2D", "4", "2đ "))
    na = draw(st.lists(codes, max_size=3, unique=True))
    scored = [c for c in _CODES if c not in na] if draw(st.integers(0, 4)) else draw(st.lists(codes, unique=True))
    scores = {c: draw(st.integers(0, maxima.get(c, 10)) if draw(st.integers(0, 9)) else st.integers(-2, 30))
              for c in scored}
    review: dict[str, Any] = {"reviewer": "TTTGPL-06.TGV01", "level": draw(st.sampled_from(("organisation", "doj"))),
                              "trigger": "plan", "scores": scores}
    if na:
        review["not_applicable"] = na
    if draw(st.integers(0, 5)) == 0:
        review["art6_violation"] = True
    if draw(st.integers(0, 15)) == 0:
        review["rubric"] = draw(st.sampled_from(("tt12-2021", "tt12-2018-assumed", "no-such-rubric")))
    return review


@settings(suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large], deadline=None, max_examples=60)
@given(data=st.data())
def test_reviews_graded_from_columns_equal_the_typed_path(data: st.DataObject) -> None:
    # Every appraisal and evaluation of the demo cases gets a generated review and a date on
    # either side of 15/07/2021 (TT12 as amended); scanner tallies and errors equal the
    # typed path's, and every plain review is graded without the Python grader.
    from tgpl.integrations._scan import BlockFolder
    from tgpl.rules.scoring import quick_grade, rubric_on

    dicts = [to_dict(r) for r in _cases(seed=data.draw(st.integers(0, 20)), per_year=12)]
    for d in dicts:
        for e in d["events"]:
            if e["type"] in ("appraisal_recorded", "evaluation_recorded"):
                e["review"] = data.draw(reviews())
                if data.draw(st.integers(0, 4)) == 0:
                    e["on"] = "2021-07-1" + data.draw(st.sampled_from("3456")) + "T10:00:00+07:00"
    lines = [orjson.dumps(d) + b"\n" for d in dicts]
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "r.jsonl"
        path.write_bytes(b"".join(lines))
        _assert_same(path)
    sc = scanner()
    assert sc is not None
    buf = bytearray(b"".join(lines))
    arr = np.frombuffer(buf, dtype=np.uint8)
    ends = np.flatnonzero(arr == 10)
    starts = np.concatenate(([0], ends[:-1] + 1))
    res = sc.scan(buf, starts, ends, None)
    from tgpl.integrations import _scankernel as k

    rev = res.spec[res.spec[:, 1] != k.E_SUCCESS]
    forms = res.rows[rev[:, 0], k.C_FORM]
    grader = BlockFolder(sc, fast._Folder(WINDOWS, fast.UnitMode.AS_RECORDED, None)).grader
    got = grader.grades(rev, forms)
    for row, form, g in zip(rev.tolist(), forms.tolist(), got.tolist(), strict=True):
        ev = orjson.loads(bytes(buf[row[4]:row[5]]))
        review = ev["review"]
        day = dt.date(1970, 1, 1) + dt.timedelta(days=row[2])
        try:
            rubric = rubric_on(day)
        except Exception:
            assert g == -1  # no rubric in force: the Python grader decides (ungraded)
            continue
        quick = None if "rubric" in review else quick_grade(
            review["scores"], not_applicable=review.get("not_applicable", ()),
            art6_violation=review.get("art6_violation", False), form=fast.Form(sc.forms[form]), rubric=rubric)
        if quick is None:
            assert g == -1
        else:
            assert grader.codes[g] == quick.value


# -- threads or processes -------------------------------------------------------------------------


def test_threads_and_processes_count_the_same(tmp_path: Path) -> None:
    lines = _canonical_lines(_cases(seed=3, per_year=60))
    path = tmp_path / "t.jsonl"
    path.write_bytes(b"".join(lines))
    typed = aggregate_files_parallel([path], WINDOWS, processes=1)
    for workers in ("threads", "processes", "auto"):
        res = run_fast([path], WINDOWS, processes=2, chunk_bytes=20_000, workers=workers)
        for w in WINDOWS:
            assert res.tallies[w] == typed[w], (workers, w)
        assert res.fast == len(lines)
    with pytest.raises(ValueError, match="workers"):
        run_fast([path], WINDOWS, processes=2, workers="fibres")


def test_auto_takes_threads_only_for_input_the_scanner_reads(tmp_path: Path) -> None:
    records = _cases(seed=4)
    canonical = tmp_path / "c.jsonl"
    canonical.write_bytes(b"".join(_canonical_lines(records)))
    spaced = tmp_path / "s.jsonl"
    spaced.write_bytes(b"".join(_spaced(to_dict(r)) for r in records))
    assert fast._scanner_suits([str(canonical)])
    assert not fast._scanner_suits([str(spaced)])
    fast.USE_SCANNER = False
    assert not fast._scanner_suits([str(canonical)])
