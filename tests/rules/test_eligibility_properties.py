"""Hypothesis properties of the eligibility check (Law Art 7 versions)."""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from tgpl.domain import Beneficiary, FinancialBasis, Form, Group, LegalField, PersonRole, Tri
from tgpl.rules.eligibility import EligibilityStatus, Matter, Reading2027, check_eligibility

E, N, U = EligibilityStatus.ELIGIBLE, EligibilityStatus.NOT_ELIGIBLE, EligibilityStatus.UNKNOWN
GROUPS = [g for g in Group if g not in (Group.CHILD, Group.JUVENILE_16_18, Group.JUVENILE_VICTIM, Group.ELDERLY)]
AGES = [5, 15, 16, 17, 18, 40, 59, 60, 75]

dates = st.dates(dt.date(2018, 1, 1), dt.date(2028, 12, 31))
ages = st.one_of(st.none(), st.sampled_from(AGES).map(lambda a: ("age", a)), st.integers(1940, 2015).map(lambda y: ("year", y)))
roles = st.sampled_from(list(PersonRole))
fins = st.sampled_from(list(FinancialBasis))
tris = st.sampled_from(list(Tri))
groups = st.frozensets(st.sampled_from(GROUPS), max_size=3)
fields = st.sampled_from(list(LegalField))


def build(age: tuple[str, int] | None, on: dt.date, **kw: object) -> Beneficiary:
    if age is None:
        return Beneficiary(id="p", **kw)  # type: ignore[arg-type]
    kind, value = age
    if kind == "year":
        return Beneficiary(id="p", birth_year=min(value, on.year), **kw)  # type: ignore[arg-type]
    born = dt.date(on.year - value, 1, 1)  # birthday on 1 January: exactly ``value`` on ``on``
    return Beneficiary(id="p", birth_date=born, **kw)  # type: ignore[arg-type]


def completions(b: Beneficiary, on: dt.date) -> list[Beneficiary]:
    """Every way the unknown facts of ``b`` could be filled in (ages by representative)."""
    if b.birth_date is not None:
        births: list[tuple[dt.date | None, int | None]] = [(b.birth_date, None)]
    elif b.birth_year is not None:
        candidates = [dt.date(b.birth_year, 1, 1), dt.date(b.birth_year, 12, 31)]
        births = [(d, None) for d in candidates if d <= on] or [(dt.date(on.year, 1, 1), None)]
    else:
        births = [(dt.date(on.year - a - 1, 12, 31) if (on.month, on.day) != (12, 31) else dt.date(on.year - a, 12, 31), None) for a in (3, 16, 17, 30, 70)]
    rs = [b.role] if b.role is not PersonRole.UNKNOWN else [r for r in PersonRole if r is not PersonRole.UNKNOWN]
    fs = [b.financial] if b.financial is not FinancialBasis.UNKNOWN else [f for f in FinancialBasis if f is not FinancialBasis.UNKNOWN]
    es = [b.ethnic_minority] if b.ethnic_minority is not Tri.UNKNOWN else [Tri.YES, Tri.NO]
    ars = [b.extreme_difficulty_area] if b.extreme_difficulty_area is not Tri.UNKNOWN else [Tri.YES, Tri.NO]
    return [
        Beneficiary(id="p", birth_date=bd, groups=b.groups, role=r, financial=f, ethnic_minority=e, extreme_difficulty_area=a)
        for (bd, _), r, f, e, a in itertools.product(births, rs, fs, es, ars)
    ]


@settings(max_examples=60)
@given(ages, roles, fins, tris, tris, groups, fields, dates)
def test_unknown_only_when_a_missing_fact_could_change_the_answer(
    age: tuple[str, int] | None, role: PersonRole, fin: FinancialBasis, eth: Tri, area: Tri,
    grp: frozenset[Group], field: LegalField, on: dt.date,
) -> None:
    b = build(age, on, role=role, financial=fin, ethnic_minority=eth, extreme_difficulty_area=area, groups=grp)
    matter = Matter(Form.LITIGATION, field)
    result = check_eligibility(b, matter, on=on)
    outcomes = {check_eligibility(c, matter, on=on).status for c in completions(b, on)}
    assert U not in outcomes
    if result.status is U:
        assert outcomes == {E, N}
        assert result.missing
    else:
        assert outcomes == {result.status}


@given(ages, roles, fins, tris, tris, groups, st.sampled_from(GROUPS), fields, dates)
def test_recording_another_group_never_removes_eligibility(
    age: tuple[str, int] | None, role: PersonRole, fin: FinancialBasis, eth: Tri, area: Tri,
    grp: frozenset[Group], extra: Group, field: LegalField, on: dt.date,
) -> None:
    matter = Matter(Form.ADVICE, field)
    kw: dict[str, object] = {"role": role, "financial": fin, "ethnic_minority": eth, "extreme_difficulty_area": area}
    before = check_eligibility(build(age, on, groups=grp, **kw), matter, on=on)
    after = check_eligibility(build(age, on, groups=grp | {extra}, **kw), matter, on=on)
    if before.status is E:
        assert after.status is E
        assert set(before.groups) <= set(after.groups)
    if before.status is U:
        assert after.status in (E, U)


@given(ages, roles, tris, tris, groups, fields, dates, st.sampled_from([FinancialBasis.NEAR_POOR_HOUSEHOLD, FinancialBasis.MONTHLY_SOCIAL_ALLOWANCE]))
def test_financial_difficulty_never_removes_eligibility(
    age: tuple[str, int] | None, role: PersonRole, eth: Tri, area: Tri,
    grp: frozenset[Group], field: LegalField, on: dt.date, basis: FinancialBasis,
) -> None:
    matter = Matter(Form.ADVICE, field)
    kw: dict[str, object] = {"role": role, "ethnic_minority": eth, "extreme_difficulty_area": area, "groups": grp}
    without = check_eligibility(build(age, on, financial=FinancialBasis.NONE, **kw), matter, on=on)
    with_ = check_eligibility(build(age, on, financial=basis, **kw), matter, on=on)
    if without.status is E:
        assert with_.status is E


@given(st.sampled_from(AGES), roles, groups, dates)
def test_child_and_juvenile_are_exclusive_by_age(age: int, role: PersonRole, grp: frozenset[Group], on: dt.date) -> None:
    r = check_eligibility(build(("age", age), on, role=role, groups=grp, financial=FinancialBasis.NONE,
                                ethnic_minority=Tri.NO, extreme_difficulty_area=Tri.NO), Matter(Form.LITIGATION, LegalField.CRIMINAL), on=on)
    assert (Group.CHILD in r.groups) == (age < 16)
    if Group.JUVENILE_16_18 in r.groups:
        assert 16 <= age < 18


@given(ages, roles, fins, tris, tris, groups, fields, dates, st.sampled_from(list(Reading2027)))
@settings(max_examples=60, deadline=None)
def test_every_date_from_2018_answers_and_2027_is_provisional(
    age: tuple[str, int] | None, role: PersonRole, fin: FinancialBasis, eth: Tri, area: Tri,
    grps: frozenset[Group], fld: LegalField, on: dt.date, reading: Reading2027,
) -> None:
    b = build(age, on, groups=grps, role=role, financial=fin, ethnic_minority=eth, extreme_difficulty_area=area)
    r = check_eligibility(b, Matter(Form.LITIGATION, fld, role), on=on, reading=reading)
    assert r.provisional is (on >= dt.date(2027, 1, 1))
    assert bool(r.provisional_basis) is r.provisional
    # The DIRECT reading only drops financial tests: whoever is eligible under the other
    # reading is eligible under it too.
    if reading is Reading2027.FINANCIAL_TEST_KEPT and r.status is E:
        assert check_eligibility(b, Matter(Form.LITIGATION, fld, role), on=on).status is E
