"""Tests of case validation: each built-in rule triggered and not triggered, batches, the registry."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tgpl.domain import (
    VN_TZ,
    Accepted,
    AdviceDeadlineExtended,
    AdviceGiven,
    AppraisalRecorded,
    Beneficiary,
    Case,
    ChangeGround,
    Ended,
    EndKind,
    EvaluationRecorded,
    Event,
    FileCode,
    Form,
    Group,
    LegalField,
    PersonRole,
    ProcedureRole,
    Proof,
    ProofKind,
    ProviderAssigned,
    ProviderChanged,
    ProviderKind,
    QualityReview,
    RequestReceived,
    ReviewerLevel,
    SuccessAssessed,
    Trigger,
    UnitRef,
    UnitScheme,
    at_vn,
)
from tgpl.errors import DuplicateRecordError, PluginError
from tgpl.rules.validation import (
    BUILTIN_RULES,
    DUPLICATE_CODE,
    Finding,
    Problem,
    Severity,
    ValidationContext,
    ValidationRule,
    default_registry,
    validate_case,
    validate_cases,
)

D = dt.date
UNIT = UnitRef(UnitScheme.P2025, "01")


def at(y: int, m: int, d: int, h: int = 9) -> dt.datetime:
    return at_vn(D(y, m, d), h)


def ben(**kw: object) -> Beneficiary:
    kw.setdefault("id", "b1")
    kw.setdefault("role", PersonRole.DEFENDANT)
    return Beneficiary(**kw)  # type: ignore[arg-type]


def case(
    form: Form = Form.LITIGATION,
    events: tuple[Event, ...] | None = None,
    beneficiaries: tuple[Beneficiary, ...] | None = None,
    role: ProcedureRole | None = ProcedureRole.DEFENCE_COUNSEL,
    year: int = 2025,
    seq: int = 1,
) -> Case:
    if events is None:
        events = (RequestReceived(on=at(2025, 3, 3, 8)), Accepted(on=at(2025, 3, 3)))
    return Case(
        code=FileCode("TT", form, seq, year),
        organisation="org-01",
        unit=UNIT,
        form=form,
        field=LegalField.CRIMINAL,
        beneficiaries=beneficiaries or (ben(),),
        role=role if form is Form.LITIGATION else None,
        events=events,
    )


def review() -> QualityReview:
    return QualityReview(reviewer="r1", level=ReviewerLevel.ORGANISATION, trigger=Trigger.PLAN, scores={"1a": 10})


def codes(c: Case, **kw: object) -> set[str]:
    return {p.code for p in validate_case(c, **kw)}  # type: ignore[arg-type]


REQ = RequestReceived(on=at(2025, 3, 3, 8))
ACC = Accepted(on=at(2025, 3, 3))
END = Ended(on=at(2025, 6, 2), outcome=EndKind.COMPLETED)


def tgv(on: dt.datetime, kind: ProviderKind = ProviderKind.TGV) -> ProviderAssigned:
    return ProviderAssigned(on=on, provider_id="p1", provider_kind=kind)


# (code, a case that triggers it, a close case that does not, expected path, severity)
CASES: list[tuple[str, Callable[[], Case], Callable[[], Case], str, Severity]] = [
    (
        "PROVIDER_FORM_NOT_ALLOWED",
        lambda: case(events=(REQ, ACC, tgv(at(2025, 3, 4), ProviderKind.COLLABORATOR))),
        lambda: case(Form.ADVICE, events=(REQ, ACC, tgv(at(2025, 3, 4), ProviderKind.COLLABORATOR))),
        "$.events[2].provider_kind",
        Severity.ERROR,
    ),
    (
        "PROVIDER_FORM_NOT_ALLOWED",
        lambda: case(Form.REPRESENTATION, events=(REQ, ACC, ProviderChanged(
            on=at(2025, 3, 5), provider_id="p2", provider_kind=ProviderKind.REGISTERED_ORG_CONSULTANT,
            ground=ChangeGround.OTHER))),
        lambda: case(Form.REPRESENTATION, events=(REQ, ACC, ProviderChanged(
            on=at(2025, 3, 5), provider_id="p2", provider_kind=ProviderKind.REGISTERED_ORG_LAWYER,
            ground=ChangeGround.OTHER))),
        "$.events[2].provider_kind",
        Severity.ERROR,
    ),
    (
        "CL6_WITHOUT_ACCUSED_ROLE",
        lambda: case(beneficiaries=(ben(groups=frozenset({Group.ACCUSED_NEAR_POOR}), role=PersonRole.VICTIM),),
                     role=ProcedureRole.VICTIM_PROTECTOR),
        lambda: case(beneficiaries=(ben(groups=frozenset({Group.ACCUSED_NEAR_POOR}), role=PersonRole.SUSPECT),)),
        "$.beneficiaries[0].role",
        Severity.ERROR,
    ),
    (
        "CL5_WITHOUT_LISTED_ROLE",
        # Before 2026 clause 5 covers only accused persons: a witness is not listed.
        lambda: case(beneficiaries=(ben(groups=frozenset({Group.JUVENILE_16_18}), role=PersonRole.WITNESS),),
                     role=ProcedureRole.VICTIM_PROTECTOR),
        # From 01/01/2026 (Law 59/2024) a witness is listed.
        lambda: case(
            events=(RequestReceived(on=at(2026, 3, 3)), Accepted(on=at(2026, 3, 3, 10))), year=2026,
            beneficiaries=(ben(groups=frozenset({Group.JUVENILE_16_18}), role=PersonRole.WITNESS),),
            role=ProcedureRole.VICTIM_PROTECTOR),
        "$.beneficiaries[0].role",
        Severity.ERROR,
    ),
    (
        "ACCEPTED_BEFORE_REQUEST",
        lambda: case(events=(RequestReceived(on=at(2025, 3, 4)), Accepted(on=at(2025, 3, 4, 8)))),
        lambda: case(events=(RequestReceived(on=at(2025, 3, 4)), Accepted(on=at(2025, 3, 4, 10)))),
        "$.events[1].on",
        Severity.ERROR,
    ),
    (
        "EVENTS_OUT_OF_ORDER",
        lambda: case(events=(REQ, ACC, tgv(at(2025, 3, 5)), tgv(at(2025, 3, 4)))),
        lambda: case(events=(REQ, ACC, tgv(at(2025, 3, 4)), tgv(at(2025, 3, 5)))),
        "$.events[3].on",
        Severity.ERROR,
    ),
    (
        "ADVICE_WITHOUT_ACCEPTANCE",
        lambda: case(Form.ADVICE, events=(REQ, AdviceGiven(on=at(2025, 3, 4)))),
        lambda: case(Form.ADVICE, events=(REQ, ACC, AdviceGiven(on=at(2025, 3, 4)))),
        "$.events[1]",
        Severity.ERROR,
    ),
    (
        "ADVICE_NOT_ADVICE_CASE",
        lambda: case(Form.REPRESENTATION, events=(REQ, ACC, AdviceDeadlineExtended(on=at(2025, 3, 4)))),
        lambda: case(Form.ADVICE, events=(REQ, ACC, AdviceDeadlineExtended(on=at(2025, 3, 4)))),
        "$.events[2]",
        Severity.ERROR,
    ),
    (
        "SECOND_END",
        lambda: case(events=(REQ, ACC, END, Ended(on=at(2025, 6, 3), outcome=EndKind.SUSPENDED))),
        lambda: case(events=(REQ, ACC, END)),
        "$.events[3]",
        Severity.ERROR,
    ),
    (
        "SUCCESS_NOT_LITIGATION",
        lambda: case(Form.REPRESENTATION, events=(REQ, ACC, END, SuccessAssessed(on=at(2025, 7, 1), successful=False))),
        lambda: case(Form.LITIGATION, events=(REQ, ACC, END, SuccessAssessed(on=at(2025, 7, 1), successful=False))),
        "$.events[3]",
        Severity.ERROR,
    ),
    (
        "SUCCESS_BEFORE_END",
        lambda: case(events=(REQ, ACC, SuccessAssessed(on=at(2025, 5, 1), successful=True, criterion="TC02"))),
        lambda: case(events=(REQ, ACC, END, SuccessAssessed(on=at(2025, 7, 1), successful=True, criterion="TC02"))),
        "$.events[2]",
        Severity.ERROR,
    ),
    (
        "CODE_YEAR_MISMATCH",
        lambda: case(year=2024),
        lambda: case(year=2025),
        "$.code",
        Severity.WARNING,
    ),
    (
        "BORN_AFTER_REQUEST",
        lambda: case(beneficiaries=(ben(birth_date=D(2025, 3, 4)),)),
        lambda: case(beneficiaries=(ben(birth_date=D(2025, 3, 3)),)),
        "$.beneficiaries[0].birth_date",
        Severity.ERROR,
    ),
    (
        "BORN_AFTER_REQUEST",
        lambda: case(beneficiaries=(ben(birth_year=2026),)),
        lambda: case(beneficiaries=(ben(birth_year=2025),)),
        "$.beneficiaries[0].birth_year",
        Severity.ERROR,
    ),
    (
        "ROLE_MISSING",
        lambda: case(role=None),
        lambda: case(role=ProcedureRole.DEFENCE_COUNSEL),
        "$.role",
        Severity.WARNING,
    ),
    (
        "DEFENCE_WITHOUT_ACCUSED",
        lambda: case(beneficiaries=(ben(role=PersonRole.VICTIM),)),
        lambda: case(beneficiaries=(ben(role=PersonRole.VICTIM), ben(id="b2", role=PersonRole.EMERGENCY_HELD))),
        "$.role",
        Severity.ERROR,
    ),
]


@pytest.mark.parametrize(("code", "bad", "good", "path", "severity"), CASES, ids=[c[0] for c in CASES])
def test_rule_triggers_on_bad_and_not_on_good(
    code: str, bad: Callable[[], Case], good: Callable[[], Case], path: str, severity: Severity
) -> None:
    problems = [p for p in validate_case(bad()) if p.code == code]
    assert len(problems) == 1, problems
    p = problems[0]
    assert p.path == path
    assert p.severity is severity
    assert p.message_vi
    assert p.message_en
    assert p.basis
    assert p.case_id == bad().id
    assert code in str(p)
    assert code not in codes(good())


def test_appraisal_and_evaluation_before_end() -> None:
    rv = review()
    bad = case(events=(REQ, ACC, AppraisalRecorded(on=at(2025, 5, 1), review=rv), EvaluationRecorded(on=at(2025, 5, 2), review=rv)))
    found = [p for p in validate_case(bad) if p.code == "APPRAISAL_BEFORE_END"]
    assert [p.path for p in found] == ["$.events[2]", "$.events[3]"]
    good = case(events=(REQ, ACC, END, AppraisalRecorded(on=at(2025, 7, 1), review=rv)))
    assert "APPRAISAL_BEFORE_END" not in codes(good)


def test_date_after_as_of() -> None:
    c = case(
        events=(REQ, ACC, tgv(at(2025, 3, 10))),
        beneficiaries=(ben(birth_date=D(2000, 1, 1), proofs=(Proof(ProofKind.OTHER, issued_on=D(2025, 3, 9)),)),),
    )
    found = [p.path for p in validate_case(c, as_of=D(2025, 3, 8)) if p.code == "DATE_AFTER_AS_OF"]
    assert found == ["$.events[2].on", "$.beneficiaries[0].proofs[0].issued_on"]
    assert "DATE_AFTER_AS_OF" not in codes(c, as_of=D(2025, 3, 10))
    assert "DATE_AFTER_AS_OF" not in codes(c)  # no reference date, no check
    born = case(beneficiaries=(ben(birth_date=D(2025, 3, 1)),))
    assert [p.path for p in validate_case(born, as_of=D(2025, 2, 1)) if p.code == "DATE_AFTER_AS_OF"][-1] == "$.beneficiaries[0].birth_date"


@pytest.mark.parametrize(
    ("code", "c"),
    [
        ("CL6_WITHOUT_ACCUSED_ROLE", case(beneficiaries=(ben(groups=frozenset({Group.ACCUSED_NEAR_POOR}), role=PersonRole.UNKNOWN),))),
        ("CL5_WITHOUT_LISTED_ROLE", case(beneficiaries=(ben(groups=frozenset({Group.JUVENILE_16_18}), role=PersonRole.UNKNOWN),))),
        ("DEFENCE_WITHOUT_ACCUSED", case(beneficiaries=(ben(role=PersonRole.UNKNOWN),))),
    ],
)
def test_unknown_role_is_a_warning_not_an_error(code: str, c: Case) -> None:
    (p,) = [p for p in validate_case(c) if p.code == code]
    assert p.severity is Severity.WARNING


def test_cl5_before_any_version_is_a_warning() -> None:
    c = case(events=(RequestReceived(on=at(2017, 12, 1)), Accepted(on=at(2017, 12, 1, 10))), year=2017,
             beneficiaries=(ben(groups=frozenset({Group.JUVENILE_16_18})),))
    (p,) = [p for p in validate_case(c) if p.code == "CL5_WITHOUT_LISTED_ROLE"]
    assert p.severity is Severity.WARNING


def test_a_clean_case_has_no_problems() -> None:
    c = case(events=(REQ, ACC, tgv(at(2025, 3, 4)), END))
    assert validate_case(c, as_of=D(2025, 12, 31)) == []


def test_every_problem_is_reported_not_just_the_first() -> None:
    c = case(role=None, year=2024, events=(RequestReceived(on=at(2025, 3, 4)), Accepted(on=at(2025, 3, 3)),
                                           AdviceGiven(on=at(2025, 3, 2))))
    assert codes(c) >= {"ROLE_MISSING", "CODE_YEAR_MISMATCH", "ACCEPTED_BEFORE_REQUEST", "EVENTS_OUT_OF_ORDER",
                        "ADVICE_NOT_ADVICE_CASE"}


def test_messages_carry_no_personal_data() -> None:
    c = case(beneficiaries=(ben(name="Nguyễn Văn A", id_number="001099000001", birth_date=D(2026, 1, 1)),), year=2024,
             role=None)
    for p in validate_case(c, as_of=D(2025, 1, 1)):
        for text in (p.message_vi, p.message_en, str(p)):
            assert "Nguyễn Văn A" not in text
            assert "001099000001" not in text


def test_batch_groups_by_case_and_reports_duplicates() -> None:
    a = case(seq=1)
    b = case(seq=2, role=None)
    dup = case(seq=1)
    grouped = validate_cases([a, b, dup])
    assert set(grouped) == {a.id, b.id}
    assert [p.code for p in grouped[b.id]] == ["ROLE_MISSING"]
    (p,) = grouped[a.id]
    assert p.code == DUPLICATE_CODE
    assert p.index == 2
    assert p.path == "$.code"
    assert "#1" in p.message_en


def test_registry_register_and_plugins() -> None:
    reg = default_registry()
    assert [r.code for r in reg] == [r.code for r in BUILTIN_RULES]
    assert len(reg) == len(BUILTIN_RULES)
    assert default_registry() is not reg  # a fresh registry each time

    def check(c: Case, ctx: ValidationContext) -> Iterator[Finding]:
        if c.organisation == "org-01":
            yield Finding("$.organisation", "Tổ chức thử nghiệm", "test organisation", Severity.WARNING)

    rule = ValidationRule("PROVINCE_TEST_ORG", "Flags the test organisation", "Quyết định giả định của tỉnh",
                          check, origin="tgpl-province-x")
    reg.register(rule)
    assert "PROVINCE_TEST_ORG" in reg
    assert reg["PROVINCE_TEST_ORG"] is rule
    (p,) = [p for p in validate_case(case(), registry=reg) if p.code == "PROVINCE_TEST_ORG"]
    assert p.severity is Severity.WARNING
    assert p.basis == "Quyết định giả định của tỉnh"
    assert "PROVINCE_TEST_ORG" not in codes(case())  # the default set is unchanged
    with pytest.raises(DuplicateRecordError):
        reg.register(rule)
    with pytest.raises(TypeError):
        reg.register("nope")  # type: ignore[arg-type]
    assert reg.unregister("PROVINCE_TEST_ORG") is rule
    assert len(reg.copy()) == len(BUILTIN_RULES)
    # A plain iterable of rules works as a registry too.
    assert validate_case(case(role=None), registry=[r for r in BUILTIN_RULES if r.code == "ROLE_MISSING"])[0].code == "ROLE_MISSING"


def test_failing_plugin_rule_is_named() -> None:
    def boom(c: Case, ctx: ValidationContext) -> list[Finding]:
        raise RuntimeError("bug")

    def wrong(c: Case, ctx: ValidationContext) -> list[Finding]:
        return ["not a finding"]  # type: ignore[list-item]

    with pytest.raises(PluginError, match="tgpl-bad") as info:
        validate_case(case(), registry=[ValidationRule("BAD_RULE", "x", "y", boom, origin="tgpl-bad")])
    assert info.value.plugin == "tgpl-bad"
    with pytest.raises(PluginError, match="not a Finding"):
        validate_case(case(), registry=[ValidationRule("WRONG_RULE", "x", "y", wrong, origin="tgpl-bad")])


def test_rule_definition_checks() -> None:
    with pytest.raises(ValueError, match="UPPER_SNAKE_CASE"):
        ValidationRule("lower", "x", "basis", lambda c, ctx: ())
    with pytest.raises(ValueError, match="basis"):
        ValidationRule("NO_BASIS", "x", "", lambda c, ctx: ())


def test_builtin_rules_are_documented() -> None:
    for r in BUILTIN_RULES:
        assert r.description
        assert r.description_vi
        assert r.basis
    assert len({r.code for r in BUILTIN_RULES}) == len(BUILTIN_RULES)
    assert isinstance(Problem("X", Severity.ERROR, "$", "a", "b", "c"), Problem)
    assert Severity.ERROR.label_vi == "Lỗi"
    assert Severity.WARNING.label_vi == "Cảnh báo"


# -- properties ---------------------------------------------------------------------------------

moments = st.datetimes(min_value=dt.datetime(2019, 1, 1), max_value=dt.datetime(2026, 6, 30), timezones=st.just(VN_TZ))


@given(st.lists(moments, min_size=1, max_size=8))
def test_out_of_order_reported_exactly_where_time_goes_back(times: list[dt.datetime]) -> None:
    events = tuple(tgv(t) for t in times)
    c = case(events=events)
    paths = [p.path for p in validate_case(c) if p.code == "EVENTS_OUT_OF_ORDER"]
    assert paths == [f"$.events[{i}].on" for i in range(1, len(times)) if times[i] < times[i - 1]]


@given(st.lists(moments, min_size=1, max_size=8), st.dates(min_value=D(2019, 1, 1), max_value=D(2026, 6, 30)))
def test_as_of_flags_exactly_the_later_events(times: list[dt.datetime], as_of: dt.date) -> None:
    c = case(events=tuple(tgv(t) for t in sorted(times)))
    flagged = [p.path for p in validate_case(c, as_of=as_of) if p.code == "DATE_AFTER_AS_OF"]
    expected = [f"$.events[{i}].on" for i, t in enumerate(sorted(times)) if t.date() > as_of]
    assert flagged == expected


@given(st.lists(st.integers(min_value=1, max_value=5), min_size=1, max_size=10))
def test_duplicates_reported_once_per_repeat(seqs: list[int]) -> None:
    batch = [case(seq=s) for s in seqs]
    grouped = validate_cases(batch)
    dups = [p for ps in grouped.values() for p in ps if p.code == DUPLICATE_CODE]
    assert len(dups) == len(seqs) - len(set(seqs))
