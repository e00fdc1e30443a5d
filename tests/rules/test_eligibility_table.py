"""Table tests for each version of Law Art 7 across its boundary dates."""

from __future__ import annotations

import datetime as dt
import itertools

import pytest

from tgpl.domain import (
    Accepted,
    Beneficiary,
    Case,
    Ended,
    EndKind,
    FileCode,
    FinancialBasis,
    Form,
    Group,
    LegalField,
    PersonRole,
    Proof,
    ProofKind,
    RequestReceived,
    Tri,
    UnitRef,
    at_vn,
)
from tgpl.errors import InvalidRecordError, RuleNotInForceError
from tgpl.rules.eligibility import (
    RULE_SETS,
    EligibilityStatus,
    Fact,
    Matter,
    Reading2027,
    TerritoryStatus,
    check_case_beneficiary,
    check_eligibility,
    check_territory,
    eligibility_date,
    rule_set_on,
    still_served,
)

D = dt.date
ELIGIBLE, NOT, UNKNOWN = EligibilityStatus.ELIGIBLE, EligibilityStatus.NOT_ELIGIBLE, EligibilityStatus.UNKNOWN


def person(**kw: object) -> Beneficiary:
    """An adult with every fact known and negative unless overridden."""
    base: dict[str, object] = {
        "id": "p",
        "birth_date": D(1990, 1, 1),
        "ethnic_minority": Tri.NO,
        "extreme_difficulty_area": Tri.NO,
        "financial": FinancialBasis.NONE,
        "role": PersonRole.NONE,
    }
    base.update(kw)
    return Beneficiary(**base)  # type: ignore[arg-type]


CRIM = Matter(Form.LITIGATION, LegalField.CRIMINAL)
CIVIL = Matter(Form.ADVICE, LegalField.CIVIL)
JUV = D(2008, 6, 1)  # 17 throughout 2025-2026

# (description, beneficiary, matter, date, expected status, expected group or None, rule set)
TABLE: list[tuple[str, Beneficiary, Matter, dt.date, EligibilityStatus, Group | None, str]] = [
    # 6a added / 7g repealed on 01/07/2025 (Law 53/2024/QH15)
    ("trafficking, no financial difficulty, before", person(groups=frozenset({Group.TRAFFICKING_VICTIM})), CIVIL, D(2025, 6, 30), NOT, None, "art7-2018"),
    ("trafficking, no financial difficulty, after", person(groups=frozenset({Group.TRAFFICKING_VICTIM})), CIVIL, D(2025, 7, 1), ELIGIBLE, Group.TRAFFICKING_VICTIM, "art7-2025-07"),
    ("trafficking with difficulty, before: 7g", person(groups=frozenset({Group.TRAFFICKING_VICTIM_FINANCIAL}), financial=FinancialBasis.NEAR_POOR_HOUSEHOLD), CIVIL, D(2025, 6, 30), ELIGIBLE, Group.TRAFFICKING_VICTIM_FINANCIAL, "art7-2018"),
    ("trafficking with difficulty, after: 6a", person(groups=frozenset({Group.TRAFFICKING_VICTIM_FINANCIAL}), financial=FinancialBasis.NEAR_POOR_HOUSEHOLD), CIVIL, D(2025, 7, 1), ELIGIBLE, Group.TRAFFICKING_VICTIM, "art7-2025-07"),
    # cl. 5 rewritten / 7đ repealed on 01/01/2026 (Law 59/2024/QH15)
    ("17-year-old witness, before", person(birth_date=JUV, role=PersonRole.WITNESS), CRIM, D(2025, 12, 31), NOT, None, "art7-2025-07"),
    ("17-year-old witness, after", person(birth_date=JUV, role=PersonRole.WITNESS), CRIM, D(2026, 1, 1), ELIGIBLE, Group.JUVENILE_16_18, "art7-2026"),
    ("17-year-old prisoner, after", person(birth_date=JUV, role=PersonRole.PRISONER), CRIM, D(2026, 1, 1), ELIGIBLE, Group.JUVENILE_16_18, "art7-2026"),
    ("17-year-old reported person, before", person(birth_date=JUV, role=PersonRole.REPORTED), CRIM, D(2025, 12, 31), NOT, None, "art7-2025-07"),
    ("17-year-old suspect, before", person(birth_date=JUV, role=PersonRole.SUSPECT), CRIM, D(2025, 12, 31), ELIGIBLE, Group.JUVENILE_16_18, "art7-2025-07"),
    ("17-year-old suspect, after", person(birth_date=JUV, role=PersonRole.SUSPECT), CRIM, D(2026, 1, 1), ELIGIBLE, Group.JUVENILE_16_18, "art7-2026"),
    ("17-year-old victim, no difficulty, before", person(birth_date=JUV, role=PersonRole.VICTIM), CRIM, D(2025, 12, 31), NOT, None, "art7-2025-07"),
    ("17-year-old victim, with difficulty, before: 7đ", person(birth_date=JUV, role=PersonRole.VICTIM, financial=FinancialBasis.MONTHLY_SOCIAL_ALLOWANCE), CRIM, D(2025, 12, 31), ELIGIBLE, Group.JUVENILE_VICTIM, "art7-2025-07"),
    ("17-year-old victim, no difficulty, after: cl. 5", person(birth_date=JUV, role=PersonRole.VICTIM), CRIM, D(2026, 1, 1), ELIGIBLE, Group.JUVENILE_16_18, "art7-2026"),
    ("17-year-old victim in a civil matter, before", person(birth_date=JUV, role=PersonRole.VICTIM, financial=FinancialBasis.NEAR_POOR_HOUSEHOLD), Matter(Form.LITIGATION, LegalField.CIVIL), D(2025, 12, 31), NOT, None, "art7-2025-07"),
    # first day of the law
    ("poor household on the first day", person(groups=frozenset({Group.POOR_HOUSEHOLD})), CIVIL, D(2018, 1, 1), ELIGIBLE, Group.POOR_HOUSEHOLD, "art7-2018"),
    ("child on the first day", person(birth_date=D(2010, 5, 5)), CIVIL, D(2018, 1, 1), ELIGIBLE, Group.CHILD, "art7-2018"),
    ("disabled, no difficulty", person(groups=frozenset({Group.DISABILITY})), CIVIL, D(2026, 12, 31), NOT, None, "art7-2026"),
    ("disabled, near-poor", person(groups=frozenset({Group.DISABILITY}), financial=FinancialBasis.NEAR_POOR_HOUSEHOLD), CIVIL, D(2026, 12, 31), ELIGIBLE, Group.DISABILITY, "art7-2026"),
    ("accused near-poor adult", person(role=PersonRole.DEFENDANT, financial=FinancialBasis.NEAR_POOR_HOUSEHOLD), CRIM, D(2020, 1, 1), ELIGIBLE, Group.ACCUSED_NEAR_POOR, "art7-2018"),
    ("ethnic minority in a difficult area", person(ethnic_minority=Tri.YES, extreme_difficulty_area=Tri.YES), CIVIL, D(2020, 1, 1), ELIGIBLE, Group.ETHNIC_MINORITY_DIFFICULT_AREA, "art7-2018"),
    ("elderly with allowance", person(birth_date=D(1950, 1, 1), financial=FinancialBasis.MONTHLY_SOCIAL_ALLOWANCE), CIVIL, D(2020, 1, 1), ELIGIBLE, Group.ELDERLY, "art7-2018"),
    ("adult with nothing", person(), CIVIL, D(2020, 1, 1), NOT, None, "art7-2018"),
]


@pytest.mark.parametrize(("label", "who", "matter", "on", "status", "group", "rule_set"), TABLE, ids=[t[0] for t in TABLE])
def test_article7_versions(
    label: str, who: Beneficiary, matter: Matter, on: dt.date, status: EligibilityStatus, group: Group | None, rule_set: str
) -> None:
    r = check_eligibility(who, matter, on=on)
    assert r.status is status, (label, r)
    assert r.rule_set == rule_set
    if group is not None:
        assert group in r.groups
    else:
        assert r.groups == ()


def test_before_the_law_is_an_error() -> None:
    with pytest.raises(RuleNotInForceError):
        check_eligibility(person(), CIVIL, on=D(2017, 12, 31))
    assert rule_set_on(D(2018, 1, 1)).id == "art7-2018"


def test_2027_answers_by_default_and_is_provisional() -> None:
    who = person(groups=frozenset({Group.DISABILITY}))
    r = check_eligibility(who, CIVIL, on=D(2027, 1, 5))
    assert r.status is ELIGIBLE
    assert r.provisional
    assert "31/2026/QH16" in r.provisional_basis
    assert r.rule_set == "art7-2027"
    near_poor = check_eligibility(person(financial=FinancialBasis.NEAR_POOR_HOUSEHOLD), CIVIL, on=D(2027, 1, 1))
    assert near_poor.groups == (Group.NEAR_POOR,)
    assert check_eligibility(who, CIVIL, on=D(2026, 12, 31)).status is NOT
    assert not check_eligibility(who, CIVIL, on=D(2026, 12, 31)).provisional_basis


def test_include_provisional_is_a_deprecated_no_op() -> None:
    who = person(groups=frozenset({Group.DISABILITY}))
    with pytest.warns(DeprecationWarning, match="include_provisional"):
        old = check_eligibility(who, CIVIL, on=D(2027, 1, 5), include_provisional=False)
    assert old == check_eligibility(who, CIVIL, on=D(2027, 1, 5))
    with pytest.warns(DeprecationWarning, match="no effect"):
        assert rule_set_on(D(2020, 1, 1), include_provisional=True).id == "art7-2018"


# The two readings of the 2027 amendment differ only for the elderly, domestic-violence
# victims and people with HIV without financial difficulty.
ELDER_NO_TEST = person(birth_date=D(1950, 1, 1), financial=FinancialBasis.NONE)
DV_NO_TEST = person(groups=frozenset({Group.DOMESTIC_VIOLENCE_VICTIM}), financial=FinancialBasis.NONE)
HIV_NO_TEST = person(groups=frozenset({Group.HIV}), financial=FinancialBasis.NONE)


@pytest.mark.parametrize(("who", "group"), [(ELDER_NO_TEST, Group.ELDERLY), (DV_NO_TEST, Group.DOMESTIC_VIOLENCE_VICTIM), (HIV_NO_TEST, Group.HIV)])
def test_2027_readings(who: Beneficiary, group: Group) -> None:
    direct = check_eligibility(who, CIVIL, on=D(2027, 3, 1))
    assert direct.status is ELIGIBLE
    assert direct.groups == (group,)
    assert direct.provisional
    kept = check_eligibility(who, CIVIL, on=D(2027, 3, 1), reading=Reading2027.FINANCIAL_TEST_KEPT)
    assert kept.status is NOT
    assert kept.rule_set == "art7-2027-financial-test-kept"
    assert kept.provisional
    # In 2026 neither is eligible without the financial test.
    assert check_eligibility(who, CIVIL, on=D(2026, 12, 31)).status is NOT
    # The reading changes nothing before 2027.
    assert check_eligibility(who, CIVIL, on=D(2026, 6, 1), reading=Reading2027.FINANCIAL_TEST_KEPT).rule_set == "art7-2026"


def test_2027_social_allowance_is_any_allowance() -> None:
    recorded = person(groups=frozenset({Group.SOCIAL_ALLOWANCE}), financial=FinancialBasis.NONE)
    assert check_eligibility(recorded, CIVIL, on=D(2027, 1, 5)).groups == (Group.SOCIAL_ALLOWANCE,)
    monthly = person(financial=FinancialBasis.MONTHLY_SOCIAL_ALLOWANCE)
    assert Group.SOCIAL_ALLOWANCE in check_eligibility(monthly, CIVIL, on=D(2027, 1, 5)).groups
    assert Group.SOCIAL_ALLOWANCE.label_vi == "Người hưởng trợ cấp xã hội"


def test_dates_without_a_rule_set_name_the_date() -> None:
    with pytest.raises(RuleNotInForceError, match="2017-12-31"):
        check_eligibility(person(), CIVIL, on=D(2017, 12, 31))


def test_rule_sets_are_contiguous() -> None:
    for a, b in itertools.pairwise(RULE_SETS):
        assert a.effective_to is not None
        assert a.effective_to + dt.timedelta(days=1) == b.effective_from


def test_birth_year_only_boundary_is_unknown() -> None:
    # Born in 2010: on 01/06/2026 the person is 15 or 16.
    who = person(birth_date=None, birth_year=2010)
    r = check_eligibility(who, Matter(Form.ADVICE, LegalField.CIVIL, PersonRole.NONE), on=D(2026, 6, 1))
    assert r.status is UNKNOWN
    assert r.missing == (Fact.AGE,)
    # With the year only, a 16-or-17-year-old witness is eligible under cl. 5 either way.
    r2 = check_eligibility(person(birth_date=None, birth_year=2009, role=PersonRole.WITNESS), CRIM, on=D(2026, 6, 1))
    assert r2.status is ELIGIBLE
    assert r2.groups == (Group.JUVENILE_16_18,)
    # 17 or 18: cl. 5 undecided.
    r3 = check_eligibility(person(birth_date=None, birth_year=2008, role=PersonRole.WITNESS), CRIM, on=D(2026, 6, 1))
    assert r3.status is UNKNOWN
    assert Fact.AGE in r3.missing
    # On 31/12 the year decides exactly.
    r4 = check_eligibility(person(birth_date=None, birth_year=2010), CIVIL, on=D(2026, 12, 31))
    assert r4.status is NOT


def test_age_date_can_differ_from_request_date() -> None:
    who = person(birth_date=D(2010, 3, 1))
    assert check_eligibility(who, CIVIL, on=D(2026, 3, 1)).status is NOT
    r = check_eligibility(who, CIVIL, on=D(2026, 3, 1), age_on=D(2026, 2, 28))
    assert r.status is ELIGIBLE
    assert r.age_on == D(2026, 2, 28)


def test_role_missing_reported() -> None:
    r = check_eligibility(person(birth_date=JUV, role=PersonRole.UNKNOWN), CRIM, on=D(2026, 2, 1))
    assert r.status is UNKNOWN
    assert Fact.ROLE in r.missing


def test_proofs_and_alternatives() -> None:
    who = person(groups=frozenset({Group.DISABILITY}), financial=FinancialBasis.NEAR_POOR_HOUSEHOLD,
                 proofs=(Proof(ProofKind.NEAR_POOR_CERTIFICATE),))
    m = check_eligibility(who, CIVIL, on=D(2024, 1, 1)).matches[0]
    assert m.proof_status is Tri.NO
    who2 = person(groups=frozenset({Group.DISABILITY}), financial=FinancialBasis.NEAR_POOR_HOUSEHOLD,
                  proofs=(Proof(ProofKind.NEAR_POOR_CERTIFICATE), Proof(ProofKind.DISABILITY_CERTIFICATE)))
    assert check_eligibility(who2, CIVIL, on=D(2024, 1, 1)).matches[0].proof_status is Tri.YES
    who3 = person(groups=frozenset({Group.DISABILITY}), financial=FinancialBasis.NEAR_POOR_HOUSEHOLD,
                  proofs=(Proof(ProofKind.OTHER, description="xác nhận của UBND xã"),))
    assert check_eligibility(who3, CIVIL, on=D(2024, 1, 1)).matches[0].proof_status is Tri.UNKNOWN


def test_birth_after_age_date_is_a_record_error() -> None:
    with pytest.raises(InvalidRecordError, match=r"\$\.birth_date"):
        check_eligibility(person(birth_date=D(2030, 1, 1)), CIVIL, on=D(2026, 1, 1))


def _case(*events: object, who: Beneficiary) -> Case:
    return Case(
        code=FileCode("TT", Form.LITIGATION, 1, 2025), organisation="org", unit=UnitRef.parse("2025:01"),
        form=Form.LITIGATION, field=LegalField.CRIMINAL, beneficiaries=(who,), events=events,  # type: ignore[arg-type]
    )


def test_case_helpers_and_art37_cl3() -> None:
    who = person(id="b1", birth_date=D(2008, 1, 10), role=PersonRole.DEFENDANT)
    case = _case(RequestReceived(on=at_vn(D(2025, 12, 1))), Accepted(on=at_vn(D(2025, 12, 2))), who=who)
    assert eligibility_date(case) == D(2025, 12, 1)
    r = check_case_beneficiary(case, who)
    assert r.status is ELIGIBLE
    assert r.rule_set == "art7-2025-07"
    # Turned 18 on 10/01/2026 — no longer meets Art 7, but the case goes on (Art 37 cl. 3).
    assert check_eligibility(who, CRIM, on=D(2026, 2, 1)).status is NOT
    assert still_served(case, D(2026, 2, 1))
    ended = case.with_events(Ended(on=at_vn(D(2026, 3, 1)), outcome=EndKind.COMPLETED))
    assert not still_served(ended, D(2026, 3, 1))
    with pytest.raises(InvalidRecordError):
        check_case_beneficiary(case, person(id="stranger"))
    with pytest.raises(InvalidRecordError):
        eligibility_date(_case(who=who))


def test_territory_and_merger() -> None:
    center = UnitRef.parse("2004:24")  # former Bắc Giang
    res = UnitRef.parse("2004:27")  # former Bắc Ninh
    hn = UnitRef.parse("2004:01")
    before = check_territory(center, res, hn, D(2025, 6, 30))
    assert before.status is TerritoryStatus.TRANSFER
    assert before.transfer_to == res
    after = check_territory(center, res, hn, D(2025, 7, 1))
    assert after.status is TerritoryStatus.COMPETENT
    assert after.grounds == ("residence",)
    assert check_territory(center, hn, center, D(2024, 1, 1)).grounds == ("place",)
    assert check_territory(center, hn, hn, D(2024, 1, 1), central_request=True).status is TerritoryStatus.COMPETENT
    assert check_territory(center, None, hn, D(2024, 1, 1)).status is TerritoryStatus.UNKNOWN
    with pytest.raises(RuleNotInForceError):
        check_territory(UnitRef.parse("2025:24"), res, None, D(2025, 6, 30))
    with pytest.raises(RuleNotInForceError):
        check_territory(center, res, None, D(2017, 12, 31))
