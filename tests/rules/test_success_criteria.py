"""QĐ 1179/QĐ-BTP successful-litigation criteria and the assessment check."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tgpl.domain import (
    Accepted,
    Beneficiary,
    Case,
    Ended,
    EndKind,
    Event,
    FileCode,
    Form,
    LegacySuccessBasis,
    LegalField,
    SuccessAssessed,
    SuccessGroup,
    UnitRef,
    at_vn,
)
from tgpl.errors import LifecycleError, RuleNotInForceError, UnknownCodeError
from tgpl.rules.success import (
    CRITERIA,
    GENERAL_CONDITIONS,
    LEGACY_BASES,
    assess,
    check_success_assessments,
    criterion_group,
    legacy_basis_on,
    normalise_criterion,
)

END = at_vn(dt.date(2024, 5, 2))
LATER = at_vn(dt.date(2024, 6, 1))


def case(form: Form = Form.LITIGATION, field: LegalField = LegalField.CRIMINAL, *events: Event) -> Case:
    return Case(code=FileCode("TT", form, 3, 2024), organisation="org", unit=UnitRef.parse("2025:01"), form=form,
                field=field, beneficiaries=(Beneficiary(id="b"),), events=events)


ENDED = (Accepted(on=at_vn(dt.date(2024, 1, 2))), Ended(on=END, outcome=EndKind.COMPLETED))


def test_thirty_criteria_counts_and_verified() -> None:
    assert len(CRITERIA) == 30
    assert len(GENERAL_CONDITIONS) == 2
    counts = {g: sum(1 for c in CRITERIA.values() if c.group is g) for g in SuccessGroup}
    assert counts == {SuccessGroup.CRIMINAL: 19, SuccessGroup.CIVIL: 7, SuccessGroup.ADMINISTRATIVE: 4}
    assert {c.code for c in CRITERIA.values() if c.verified} == {"TC01", "TC02", "TC03", "TC05", "TC06"}
    assert all("1179/QĐ-BTP" in c.citation and c.effective_from == dt.date(2022, 5, 16) for c in CRITERIA.values())


@pytest.mark.parametrize(("code", "group"), [("TC01", SuccessGroup.CRIMINAL), ("TC19", SuccessGroup.CRIMINAL),
                                             ("TC20", SuccessGroup.CIVIL), ("TC26", SuccessGroup.CIVIL),
                                             ("TC27", SuccessGroup.ADMINISTRATIVE), ("TC30", SuccessGroup.ADMINISTRATIVE)])
def test_group_boundaries(code: str, group: SuccessGroup) -> None:
    assert criterion_group(code) is group


@pytest.mark.parametrize("code", ["TC00", "TC31", "X1", "", "TC1a"])
def test_unknown_codes(code: str) -> None:
    with pytest.raises(UnknownCodeError):
        criterion_group(code)


def test_spellings() -> None:
    assert normalise_criterion("tc 7") == "TC07"
    assert normalise_criterion("Tiêu chí 01") == "TC01"


@given(st.integers(1, 30))
def test_every_number_has_exactly_one_group(n: int) -> None:
    g = criterion_group(f"TC{n:02d}")
    assert g is (SuccessGroup.CRIMINAL if n <= 19 else SuccessGroup.CIVIL if n <= 26 else SuccessGroup.ADMINISTRATIVE)


def test_assess_success() -> None:
    ev = assess(case(Form.LITIGATION, LegalField.CRIMINAL, *ENDED), successful=True, criterion="tc2", on=LATER,
                differing_view_accepted=True, assessor="TGV lead")
    assert isinstance(ev, SuccessAssessed)
    assert ev.criterion == "TC02"
    assert ev.successful


def test_assess_refusals() -> None:
    with pytest.raises(LifecycleError, match="only litigation"):
        assess(case(Form.REPRESENTATION, LegalField.CIVIL, *ENDED), successful=False, on=LATER)
    with pytest.raises(LifecycleError, match="not ended"):
        assess(case(Form.LITIGATION, LegalField.CRIMINAL, ENDED[0]), successful=False, on=LATER)
    with pytest.raises(LifecycleError, match="not ended"):
        assess(case(Form.LITIGATION, LegalField.CRIMINAL, *ENDED), successful=False, on=at_vn(dt.date(2024, 5, 1)))
    with pytest.raises(LifecycleError, match="records the QĐ 1179 criterion"):
        assess(case(Form.LITIGATION, LegalField.CRIMINAL, *ENDED), successful=True, on=LATER, differing_view_accepted=True)
    with pytest.raises(LifecycleError, match=r"general condition \(ii\)"):
        assess(case(Form.LITIGATION, LegalField.CRIMINAL, *ENDED), successful=True, criterion="TC01", on=LATER)
    with pytest.raises(LifecycleError, match="criminal-field"):
        assess(case(Form.LITIGATION, LegalField.LAND, *ENDED), successful=True, criterion="TC01", on=LATER, differing_view_accepted=True)
    with pytest.raises(UnknownCodeError):
        assess(case(Form.LITIGATION, LegalField.CRIMINAL, *ENDED), successful=True, criterion="TC99", on=LATER, differing_view_accepted=True)
    with pytest.raises(RuleNotInForceError, match="2017-12-31"):
        assess(case(Form.LITIGATION, LegalField.CRIMINAL, *ENDED), successful=False, on=at_vn(dt.date(2017, 12, 31)))
    # Unsuccessful assessment of an ended litigation case needs no criterion.
    assert not assess(case(Form.LITIGATION, LegalField.CIVIL, *ENDED), successful=False, on=LATER).successful


def test_check_existing_events() -> None:
    good = case(Form.LITIGATION, LegalField.CIVIL, *ENDED, SuccessAssessed(on=LATER, successful=True, criterion="TC21"))
    assert check_success_assessments(good) == []
    bad = case(Form.LITIGATION, LegalField.CIVIL, ENDED[0], SuccessAssessed(on=LATER, successful=True, criterion="TC05"),
               SuccessAssessed(on=LATER, successful=True, criterion="TC77"))
    problems = check_success_assessments(bad)
    assert any(p.startswith("$.events[1]") and "before the case ended" in p for p in problems)
    assert any(p.startswith("$.events[1].criterion") and "criminal" in p for p in problems)
    assert any(p.startswith("$.events[2].criterion") and "TC77" in p for p in problems)


# -- before QĐ 1179: the earlier guidance (Công văn 427/CTGPL-TC&QLCL, 16/10/2020) ---------------

OLD_END = (Accepted(on=at_vn(dt.date(2021, 1, 4))), Ended(on=at_vn(dt.date(2021, 3, 1)), outcome=EndKind.COMPLETED))


def test_a_success_before_qd_1179_is_assessed_under_the_guidance_of_its_date() -> None:
    c = case(Form.LITIGATION, LegalField.CRIMINAL, *OLD_END)
    ev = assess(c, successful=True, on=at_vn(dt.date(2022, 5, 15)))
    assert (ev.successful, ev.criterion, ev.legacy_basis) == (True, None, LegacySuccessBasis.CV427_2020)
    assert check_success_assessments(case(Form.LITIGATION, LegalField.CRIMINAL, *OLD_END, ev)) == []
    # The day the decision applies, its criteria are required again.
    with pytest.raises(LifecycleError, match="records the QĐ 1179 criterion"):
        assess(c, successful=True, on=at_vn(dt.date(2022, 5, 16)), differing_view_accepted=True)
    # Before 16/10/2020: the earlier letters, whose text is not verified.
    early = case(Form.LITIGATION, LegalField.CIVIL, Accepted(on=at_vn(dt.date(2019, 1, 2))),
                 Ended(on=at_vn(dt.date(2019, 6, 3)), outcome=EndKind.COMPLETED))
    assert assess(early, successful=True, on=at_vn(dt.date(2020, 10, 15))).legacy_basis is LegacySuccessBasis.EARLIER_LETTERS
    assert legacy_basis_on(dt.date(2020, 10, 16)).basis is LegacySuccessBasis.CV427_2020  # type: ignore[union-attr]
    assert legacy_basis_on(dt.date(2017, 12, 31)) is None
    assert not any(b.verified for b in LEGACY_BASES)


def test_a_legacy_assessment_is_refused_with_a_criterion_or_out_of_its_dates() -> None:
    c = case(Form.LITIGATION, LegalField.CRIMINAL, *OLD_END)
    with pytest.raises(LifecycleError, match="without a criterion"):
        assess(c, successful=True, criterion="TC01", on=at_vn(dt.date(2021, 6, 1)))
    with pytest.raises(LifecycleError, match="not ended"):
        assess(case(Form.LITIGATION, LegalField.CRIMINAL, OLD_END[0]), successful=True, on=at_vn(dt.date(2021, 6, 1)))
    wrong_basis = SuccessAssessed(on=at_vn(dt.date(2021, 6, 1)), successful=True, legacy_basis=LegacySuccessBasis.EARLIER_LETTERS)
    after = SuccessAssessed(on=LATER, successful=True, legacy_basis=LegacySuccessBasis.CV427_2020)
    with_criterion = SuccessAssessed(on=at_vn(dt.date(2021, 6, 1)), successful=True, criterion="TC01")
    problems = check_success_assessments(case(Form.LITIGATION, LegalField.CRIMINAL, *OLD_END, wrong_basis, with_criterion))
    assert any(p.startswith("$.events[2].legacy_basis") and "cv427-2020" in p for p in problems)
    assert any(p.startswith("$.events[3].criterion") and "legacy_basis" in p for p in problems)
    problems = check_success_assessments(case(Form.LITIGATION, LegalField.CRIMINAL, *ENDED, after))
    assert len(problems) == 1
    assert "expected a QĐ 1179 criterion" in problems[0]
    with pytest.raises(ValueError, match="not both"):
        SuccessAssessed(on=LATER, successful=True, criterion="TC01", legacy_basis=LegacySuccessBasis.CV427_2020)
