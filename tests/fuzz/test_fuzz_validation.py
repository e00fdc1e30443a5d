"""Fuzzing the case validators with cases that construct but make little legal sense.

``validate_case`` and ``validate_cases`` take valid :class:`~tgpl.domain.Case` objects,
so the hostile input here is *semantic*: shuffled histories, events of random kinds,
moments in year 1 or 9999 and in offsets of ±23:59, forms that do not match the
providers, roles on the wrong forms, beneficiaries born after their request. The
built-in rules must report problems — never raise (a raising built-in rule would surface
as a :class:`~tgpl.errors.PluginError` blaming tgpl itself).
"""

from __future__ import annotations

import datetime as dt
import io
import re

from fuzz_strategies import CASE_POOL, case_batches, odd_cases
from hypothesis import given
from hypothesis import strategies as st

from tgpl.domain import Case
from tgpl.io.jsonl import read_jsonl, write_jsonl
from tgpl.rules.validation import (
    BUILTIN_RULES,
    DUPLICATE_CODE,
    Problem,
    Severity,
    validate_case,
    validate_cases,
)

CODES = {r.code for r in BUILTIN_RULES}
_INDEX = re.compile(r"^\$\.(events|beneficiaries)\[(\d+)\]")

as_of_dates = st.none() | st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31))


def _well_formed(p: Problem, case: Case, index: int | None) -> None:
    assert p.code in CODES
    assert isinstance(p.severity, Severity)
    assert p.path.startswith("$")
    assert p.case_id == case.id
    assert p.index == index
    assert p.basis
    assert p.message_vi
    assert p.message_en
    m = _INDEX.match(p.path)
    if m is not None:  # the path names an element that exists
        items = case.events if m[1] == "events" else case.beneficiaries
        assert int(m[2]) < len(items), p
    for b in case.beneficiaries:  # never a name or an ID number in a message
        for secret in (b.name, b.id_number):
            if secret:
                assert secret not in p.message_vi
                assert secret not in p.message_en


@given(odd_cases(), as_of_dates)
def test_validate_case_reports_and_never_raises(case: Case, as_of: dt.date | None) -> None:
    problems = validate_case(case, as_of=as_of)
    for p in problems:
        _well_formed(p, case, None)
    # Deterministic: the same case gives the same problems.
    assert validate_case(case, as_of=as_of) == problems


@given(odd_cases())
def test_events_listed_out_of_order_are_reported(case: Case) -> None:
    disorder = [
        i for i in range(1, len(case.events)) if case.events[i].on < case.events[i - 1].on
    ]
    found = [p.path for p in validate_case(case) if p.code == "EVENTS_OUT_OF_ORDER"]
    assert found == [f"$.events[{i}].on" for i in disorder]


def _vn_day(moment: dt.datetime) -> dt.date:
    """Vietnam's civil date of a moment, by plain arithmetic (independent of the code under test)."""
    offset = moment.utcoffset()
    assert offset is not None
    return (moment.replace(tzinfo=None) + (dt.timedelta(hours=7) - offset)).date()


@given(odd_cases(), as_of_dates)
def test_dates_after_the_reference_date_are_reported(case: Case, as_of: dt.date | None) -> None:
    flagged = {p.path for p in validate_case(case, as_of=as_of) if p.code == "DATE_AFTER_AS_OF"}
    if as_of is None:
        assert not flagged
        return
    expected = {f"$.events[{i}].on" for i, e in enumerate(case.events) if _vn_day(e.on) > as_of}
    expected |= {
        f"$.beneficiaries[{i}].birth_date" for i, b in enumerate(case.beneficiaries)
        if b.birth_date is not None and b.birth_date > as_of
    }
    expected |= {
        f"$.beneficiaries[{i}].proofs[{j}].issued_on" for i, b in enumerate(case.beneficiaries)
        for j, pr in enumerate(b.proofs) if pr.issued_on is not None and pr.issued_on > as_of
    }
    assert flagged == expected


@given(case_batches(), as_of_dates)
def test_duplicate_codes_are_reported_on_every_later_occurrence(
    batch: tuple[list[Case], list[int]], as_of: dt.date | None
) -> None:
    cases, later = batch
    grouped = validate_cases(cases, as_of=as_of)
    duplicates = sorted(p.index or 0 for ps in grouped.values() for p in ps if p.code == DUPLICATE_CODE)
    assert duplicates == later
    for cid, problems in grouped.items():
        for p in problems:
            assert p.case_id == cid
            assert p.path.startswith("$")
            if p.code == DUPLICATE_CODE:
                assert p.path == "$.code"
                assert p.severity is Severity.ERROR
                first = next(i for i, c in enumerate(cases) if c.id == cid)
                assert f"#{first + 1}" in p.message_en
            else:
                assert p.index is not None
                _well_formed(p, cases[p.index], p.index)


def test_the_reader_yields_both_copies_and_the_batch_check_flags_the_second() -> None:
    """The same file code twice in one file: the reader keeps both (it does not judge
    duplicates); ``validate_cases`` reports DUPLICATE_CODE on the second."""
    first, other = CASE_POOL[0], CASE_POOL[1]
    twin = Case(
        code=first.code, organisation=other.organisation, unit=other.unit, form=first.form,
        field=other.field, beneficiaries=other.beneficiaries, events=other.events[:2],
        role=first.role,
    )
    buf = io.BytesIO()
    write_jsonl([first, other, twin], buf)
    stream = read_jsonl(io.BytesIO(buf.getvalue()))
    got = list(stream)
    assert got == [first, other, twin]
    assert stream.errors == []
    cases = [r for r in got if isinstance(r, Case)]
    dup = [p for p in validate_cases(cases).get(first.id, []) if p.code == DUPLICATE_CODE]
    assert [(p.index, p.path) for p in dup] == [(2, "$.code")]
