"""The public Hypothesis strategies: every value constructs, histories obey the lifecycle."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tgpl.domain import (
    PROVINCES_2004,
    PROVINCES_2025,
    Accepted,
    Activity,
    Beneficiary,
    Case,
    Event,
    FileCode,
    Form,
    Organisation,
    Provider,
    QualityReview,
    RequestReceived,
    UnitRef,
    UnitScheme,
    unit,
)
from tgpl.domain.lifecycle import check_history, replay
from tgpl.errors import LifecycleError
from tgpl.testing import strategies as s


@given(s.unit_refs())
def test_unit_refs_name_real_units(ref: UnitRef) -> None:
    assert unit(ref).ref == ref


@given(st.dates(dt.date(2018, 1, 1), dt.date(2030, 12, 31)).flatmap(lambda d: st.tuples(st.just(d), s.unit_refs(on=d))))
def test_unit_refs_on_a_date_are_in_force(pair: tuple[dt.date, UnitRef]) -> None:
    day, ref = pair
    table = PROVINCES_2004 if day < dt.date(2025, 7, 1) else PROVINCES_2025
    assert ref in table


@given(st.dates(dt.date(2018, 1, 1), dt.date(2028, 12, 31)).flatmap(lambda d: st.tuples(st.just(d), s.beneficiaries(on=d))))
def test_beneficiaries_on_a_date_record_only_groups_in_force(pair: tuple[dt.date, Beneficiary]) -> None:
    from tgpl.demo import groups_in_force

    day, b = pair
    assert isinstance(b, Beneficiary)
    assert b.groups <= groups_in_force(day)
    if b.birth_date is not None:
        assert b.birth_date <= day
    assert b.name is None
    assert b.id_number is None


@given(s.beneficiaries(with_identities=True))
def test_identities_are_hidden_from_repr(b: Beneficiary) -> None:
    assert b.name is not None
    assert b.id_number is not None
    assert len(b.id_number) == 12
    assert b.name not in repr(b)
    assert b.id_number not in repr(b)


@given(s.providers(form=Form.LITIGATION))
def test_providers_for_a_form_may_perform_it(p: Provider) -> None:
    assert p.may_perform(Form.LITIGATION)


@given(s.organisations())
def test_organisations_construct(o: Organisation) -> None:
    assert o.code
    assert unit(o.province).ref == o.province


@given(st.sampled_from(tuple(Form)).flatmap(lambda f: st.tuples(st.just(f), s.file_codes(f))))
def test_file_codes_round_trip(pair: tuple[Form, FileCode]) -> None:
    form, code = pair
    assert code.form is form
    assert FileCode.parse(str(code)) == code


@given(s.quality_reviews(Form.ADVICE))
def test_reviews_stay_within_the_rubric(review: QualityReview) -> None:
    assert set(review.scores) | review.not_applicable == {"1a", "1b", "1c", "2a", "2b", "2c", "2d", "2đ", "3"}
    assert all(v >= 0 for v in review.scores.values())


@given(st.sampled_from(tuple(Form)).flatmap(lambda f: st.tuples(st.just(f), s.valid_histories(f))))
def test_valid_histories_are_allowed_by_the_lifecycle(pair: tuple[Form, tuple[Event, ...]]) -> None:
    form, events = pair
    assert check_history(events, form) == []
    times = [e.on for e in events]
    assert times == sorted(times)
    assert isinstance(events[0], RequestReceived)


@given(s.cases())
def test_cases_replay(case: Case) -> None:
    state = replay(case)
    assert state.event_count == len(case.events)
    assert case.code.year == case.events[0].on.year
    assert len({b.id for b in case.beneficiaries}) == len(case.beneficiaries)


@given(s.invalid_histories())
def test_invalid_histories_have_exactly_one_illegal_event(h: s.InvalidHistory) -> None:
    problems = check_history(h.events, h.form)
    assert [p.index for p in problems] == [h.index]
    assert problems[0].kind == h.event.kind
    assert check_history(h.valid, h.form) == []
    assert len(h.valid) == len(h.events) - 1


@given(s.cases(valid=False))
def test_invalid_cases_are_refused_by_replay(case: Case) -> None:
    with pytest.raises(LifecycleError):
        replay(case)


@pytest.mark.parametrize("why", s.ILLEGAL_KINDS)
def test_every_illegal_kind_is_refused(why: str) -> None:
    @settings(max_examples=10)
    @given(s.invalid_histories(kinds=(why,)))
    def check(h: s.InvalidHistory) -> None:
        assert h.why == why
        assert [p.index for p in check_history(h.events, h.form)] == [h.index]

    check()


@given(s.activities())
def test_activities_construct(a: Activity) -> None:
    assert a.id
    assert a.unit == a.unit  # a hashable, comparable unit reference
    assert a.unit.scheme is (UnitScheme.P2004 if a.on < dt.date(2025, 7, 1) else UnitScheme.P2025)


def test_histories_shrink_to_the_bare_request() -> None:
    from hypothesis import find

    quick = settings(max_examples=20, database=None)
    smallest = find(s.valid_histories(Form.ADVICE), lambda events: True, settings=quick)
    assert len(smallest) == 1
    assert isinstance(smallest[0], RequestReceived)
    accepted = find(s.valid_histories(Form.LITIGATION), lambda ev: any(isinstance(e, Accepted) for e in ev), settings=quick)
    assert [type(e) for e in accepted] == [RequestReceived, Accepted]


def test_windows_are_windows() -> None:
    windows = pytest.importorskip("tgpl.reporting.windows")

    @given(s.windows())
    def check(w: object) -> None:
        assert isinstance(w, windows.Window)
        assert w.start <= w.end
        assert windows.parse_window(w.label) == w

    check()


def test_tallies_are_tallies() -> None:
    tally = pytest.importorskip("tgpl.reporting.tally")

    @settings(max_examples=50)
    @given(s.tallies(), s.tallies())
    def check(a: object, b: object) -> None:
        assert isinstance(a, tally.Tally)
        assert isinstance(b, tally.Tally)
        assert tally.merge(a, b) == tally.merge(b, a)
        assert tally.merge(a, tally.Tally.empty()) == a

    check()
