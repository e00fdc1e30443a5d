"""The seeded demo generator: determinism, lawful histories, coverage, speed."""

from __future__ import annotations

import datetime as dt
import itertools
from collections import Counter
from pathlib import Path

import pytest

from tgpl.demo import (
    DEMO_PROVINCE,
    demo_dataset,
    demo_organisations,
    demo_providers,
    generate,
    groups_in_force,
    write_demo,
)
from tgpl.domain import (
    VN_TZ,
    Accepted,
    Activity,
    AppraisalRecorded,
    Case,
    Ended,
    EndKind,
    FileCode,
    FileHandedOver,
    Form,
    Grade,
    Group,
    LegacySuccessBasis,
    LegalField,
    NotContinuedGround,
    OutreachSession,
    ProviderAssigned,
    ProviderChanged,
    RequestReceived,
    RequestSource,
    SuccessAssessed,
    UnitRef,
    UnitScheme,
)
from tgpl.domain.lifecycle import check_history, replay
from tgpl.errors import RuleNotInForceError
from tgpl.io.jsonl import read_jsonl
from tgpl.rules.eligibility import EligibilityStatus, check_case_beneficiary
from tgpl.rules.scoring import grade_review

START, END = dt.date(2021, 1, 1), dt.date(2025, 12, 31)


def _cases(records: list[Case | Activity]) -> list[Case]:
    return [r for r in records if isinstance(r, Case)]


@pytest.fixture(scope="module")
def sample() -> list[Case | Activity]:
    """About 2,000 cases over 2021–2025 with the non-case work."""
    return list(generate(seed=11, province=DEMO_PROVINCE, start=START, end=END, cases_per_year=400))


@pytest.fixture(scope="module")
def cases(sample: list[Case | Activity]) -> list[Case]:
    return _cases(sample)


# --- determinism ---------------------------------------------------------------------------


def test_same_seed_same_records() -> None:
    kwargs = {"province": DEMO_PROVINCE, "start": dt.date(2023, 1, 1), "end": dt.date(2023, 12, 31), "cases_per_year": 300}
    a = list(generate(seed=5, **kwargs))  # type: ignore[arg-type]
    b = list(generate(seed=5, **kwargs))  # type: ignore[arg-type]
    assert a == b
    assert len(_cases(a)) > 200


def test_different_seed_different_records() -> None:
    kwargs = {"province": DEMO_PROVINCE, "start": dt.date(2023, 1, 1), "end": dt.date(2023, 3, 31), "cases_per_year": 300}
    a = list(generate(seed=5, **kwargs))  # type: ignore[arg-type]
    b = list(generate(seed=6, **kwargs))  # type: ignore[arg-type]
    assert a != b


def test_global_random_is_untouched() -> None:
    import random

    random.seed(1)
    expected = random.random()
    random.seed(1)
    list(generate(seed=1, province=DEMO_PROVINCE, start=dt.date(2024, 1, 1), end=dt.date(2024, 2, 1), cases_per_year=200))
    assert random.random() == expected


def test_generation_is_lazy() -> None:
    stream = generate(seed=1, province=DEMO_PROVINCE, start=START, end=END, cases_per_year=10_000_000)
    first = list(itertools.islice(stream, 5))  # would take minutes if it were not streaming
    assert len(first) == 5


# --- validity ------------------------------------------------------------------------------


def test_every_case_replays_through_the_lifecycle(cases: list[Case]) -> None:
    assert len(cases) > 1800
    for case in cases:
        assert check_history(case) == [], case.id
        replay(case)


def test_events_are_chronological_aware_and_within_the_data(cases: list[Case]) -> None:
    cut = dt.datetime(END.year, END.month, END.day, 23, 59, tzinfo=VN_TZ)
    for case in cases:
        times = [e.on for e in case.events]
        assert times == sorted(times), case.id
        assert all(t.utcoffset() == dt.timedelta(hours=7) for t in times)
        assert times[-1] <= cut
        assert isinstance(case.events[0], RequestReceived)
        assert START <= times[0].date() <= END


def test_requests_come_in_office_hours_on_working_days(cases: list[Case]) -> None:
    for case in cases:
        on = case.events[0].on
        minute = on.hour * 60 + on.minute
        assert 450 <= minute < 690 or 810 <= minute < 1020, case.id
        assert on.weekday() < 5


def test_file_codes_are_unique_and_follow_the_register(cases: list[Case]) -> None:
    codes = [c.code for c in cases]
    assert len(set(codes)) == len(codes)
    for case in cases:
        assert FileCode.parse(str(case.code)) == case.code
        assert case.code.year == case.events[0].on.year
    # seq runs 1, 2, 3 … per organisation, form and year (TT12 Art 11 cl. 1)
    by_register: dict[tuple[str, Form, int], list[int]] = {}
    for c in cases:
        by_register.setdefault((c.code.org, c.code.form, c.code.year), []).append(c.code.seq)
    for seqs in by_register.values():
        assert seqs == list(range(1, len(seqs) + 1))


def test_groups_are_in_force_on_the_request_date(cases: list[Case]) -> None:
    for case in cases:
        allowed = groups_in_force(case.events[0].on.date())
        for b in case.beneficiaries:
            assert b.groups <= allowed, (case.id, b.groups)
    assert Group.TRAFFICKING_VICTIM not in groups_in_force(dt.date(2025, 6, 30))
    assert Group.TRAFFICKING_VICTIM in groups_in_force(dt.date(2025, 7, 1))
    assert Group.JUVENILE_VICTIM not in groups_in_force(dt.date(2026, 1, 1))


def test_accepted_beneficiaries_are_eligible(cases: list[Case]) -> None:
    for case in cases:
        if not any(isinstance(e, Accepted) for e in case.events):
            continue
        for b in case.beneficiaries:
            result = check_case_beneficiary(case, b)
            assert result.status is EligibilityStatus.ELIGIBLE, (case.id, b, result)


def test_provider_kinds_fit_the_form(cases: list[Case]) -> None:
    for case in cases:
        for e in case.events:
            if isinstance(e, ProviderAssigned | ProviderChanged):
                assert case.form in e.provider_kind.allowed_forms


def test_unit_follows_the_2025_merger(cases: list[Case]) -> None:
    for case in cases:
        day = case.events[0].on.date()
        expected = DEMO_PROVINCE if day < dt.date(2025, 7, 1) else UnitRef(UnitScheme.P2025, "19")
        assert case.unit == expected


def test_a_2025_province_before_the_merger_is_refused() -> None:
    with pytest.raises(RuleNotInForceError):
        generate(seed=1, province=UnitRef(UnitScheme.P2025, "19"), start=dt.date(2025, 1, 1), end=dt.date(2025, 12, 31), cases_per_year=10)


@pytest.mark.parametrize(
    "kwargs",
    [
        {"end": dt.date(2020, 1, 1)},
        {"cases_per_year": -1},
        {"invalid_share": 1.5},
        {"branches": 12},
    ],
)
def test_bad_arguments_are_refused(kwargs: dict[str, object]) -> None:
    args: dict[str, object] = {"seed": 1, "province": DEMO_PROVINCE, "start": START, "end": END, "cases_per_year": 10}
    args.update(kwargs)
    with pytest.raises(ValueError):
        generate(**args)  # type: ignore[arg-type]


def test_invalid_mode_records_groups_not_in_force() -> None:
    records = generate(seed=2, province=DEMO_PROVINCE, start=START, end=END, cases_per_year=200, activities=False, invalid_share=0.5)
    stale = 0
    for case in _cases(list(records)):
        allowed = groups_in_force(case.events[0].on.date())
        stale += sum(1 for b in case.beneficiaries if not b.groups <= allowed)
    assert stale > 100


def test_identities_are_synthetic_and_only_on_request(cases: list[Case]) -> None:
    assert all(b.name is None and b.id_number is None for c in cases for b in c.beneficiaries)
    with_ids = _cases(list(generate(seed=3, province=DEMO_PROVINCE, start=START, end=dt.date(2021, 6, 30), cases_per_year=200, with_identities=True)))
    people = [b for c in with_ids for b in c.beneficiaries]
    assert people
    for b in people:
        assert b.name is not None
        assert len(b.name.split()) == 3
        assert b.id_number is not None
        assert len(b.id_number) == 12
        assert b.id_number.isdigit()
        assert b.id_number.startswith("006")  # Bắc Kạn's code, like a citizen id
        assert b.name not in repr(b)
        assert b.id_number not in repr(b)


# --- realism and coverage ------------------------------------------------------------------


def test_every_code_list_value_appears(cases: list[Case]) -> None:
    assert {c.form for c in cases} == set(Form)
    assert {c.field for c in cases} == set(LegalField)
    assert {c.source for c in cases} == set(RequestSource)
    ends = {e.outcome for c in cases for e in c.events if isinstance(e, Ended)}
    assert ends == set(EndKind)
    grounds = {e.ground for c in cases for e in c.events if isinstance(e, Ended) and e.ground is not None}
    assert grounds == set(NotContinuedGround)
    kinds = Counter(e.kind for c in cases for e in c.events)
    from tgpl.domain import EVENT_TYPES

    assert set(kinds) == set(EVENT_TYPES), set(EVENT_TYPES) - set(kinds)


def test_shares_look_like_the_national_figures(cases: list[Case]) -> None:
    forms = Counter(c.form for c in cases)
    assert 0.6 <= forms[Form.LITIGATION] / len(cases) <= 0.7
    lit = [c for c in cases if c.form is Form.LITIGATION and c.field is LegalField.CRIMINAL]
    notices = sum(c.source is RequestSource.PROCEDURE_BODY_NOTICE for c in lit)
    assert notices / len(lit) > 0.6
    sizes = Counter(len(c.beneficiaries) for c in cases)
    assert set(sizes) == {1, 2, 3}
    assert sizes[1] / len(cases) > 0.8
    per_year = Counter(c.events[0].on.year for c in cases)
    assert all(300 <= per_year[y] <= 500 for y in range(2021, 2026))


def test_appraisals_grade_mostly_good(cases: list[Case]) -> None:
    grades: Counter[Grade] = Counter()
    appraised = ended = 0
    for case in cases:
        if case.form is Form.LITIGATION and any(isinstance(e, Ended) and e.outcome is EndKind.COMPLETED for e in case.events):
            ended += 1
            appraised += any(isinstance(e, AppraisalRecorded) for e in case.events)
        for e in case.events:
            # before TT03/2021 (15/07/2021) only a provisional rubric exists in tgpl.rules.scoring
            if isinstance(e, AppraisalRecorded) and e.on.date() >= dt.date(2021, 7, 15):
                grades[grade_review(e.review, form=case.form, on=e.on.date())] += 1
    assert appraised / ended > 0.6
    total = sum(grades.values())
    assert (grades[Grade.GOOD] + grades[Grade.FAIRLY_GOOD]) / total > 0.8
    assert grades[Grade.FAIL] / total < 0.03


def test_success_assessments_only_for_ended_litigation_by_the_rules_of_their_date(cases: list[Case]) -> None:
    seen = legacy = 0
    groups: set[str] = set()
    for case in cases:
        for e in case.events:
            if isinstance(e, SuccessAssessed):
                seen += 1
                assert case.form is Form.LITIGATION
                if e.on.date() >= dt.date(2022, 5, 16):  # QĐ 1179/QĐ-BTP: a criterion, no earlier guidance
                    assert e.legacy_basis is None
                    if e.criterion is not None:
                        # criminal criteria TC01–TC19 for criminal cases only; civil TC20–TC26,
                        # administrative TC27–TC30 for the other fields
                        n = int(e.criterion[2:])
                        if case.field is LegalField.CRIMINAL:
                            assert n <= 6
                        elif case.field is LegalField.ADMINISTRATIVE:
                            assert 27 <= n <= 30
                        else:
                            assert 20 <= n <= 26
                        groups.add("criminal" if n <= 19 else "civil" if n <= 26 else "administrative")
                else:  # the guidance of Công văn 427/CTGPL-TC&QLCL, recorded from TT 03/2021 (15/07/2021)
                    legacy += 1
                    assert e.on.date() >= dt.date(2021, 7, 15)
                    assert e.criterion is None
                    assert e.legacy_basis is LegacySuccessBasis.CV427_2020
    assert seen > 20
    assert legacy > 0
    assert {"criminal", "civil"} <= groups


def test_some_deadlines_are_missed_on_purpose(cases: list[Case]) -> None:
    late = on_time = 0
    for case in cases:
        ended = next((e.on for e in case.events if isinstance(e, Ended)), None)
        handed = next((e.on for e in case.events if isinstance(e, FileHandedOver)), None)
        if ended and handed:
            if (handed.date() - ended.date()).days > 30:
                late += 1
            else:
                on_time += 1
    assert late > 0
    assert late / (late + on_time) < 0.1


def test_activities_cover_the_non_case_work(sample: list[Case | Activity]) -> None:
    kinds = Counter(type(r).__name__ for r in sample if not isinstance(r, Case))
    assert set(kinds) == {
        "SimpleAnswer", "Reception", "OutreachSession", "MobileTrip", "Training", "DutyShift", "CouncilActivity",
    }
    sessions = [r for r in sample if isinstance(r, OutreachSession)]
    assert all(s.commune.startswith("xã ") and s.attendees > 0 and s.leaflets >= s.attendees for s in sessions)
    ids = [r.id for r in sample if not isinstance(r, Case)]
    assert len(set(ids)) == len(ids)


def test_records_come_in_date_order(sample: list[Case | Activity]) -> None:
    days = [r.events[0].on.date() if isinstance(r, Case) else r.on for r in sample]
    assert days == sorted(days)


def test_organisations_and_providers_match_the_records(cases: list[Case]) -> None:
    orgs = {o.id: o for o in demo_organisations(DEMO_PROVINCE)}
    providers = {p.id: p for p in demo_providers(DEMO_PROVINCE, 400)}
    assert orgs[next(iter(orgs))].code == "TT"
    for case in cases:
        assert case.organisation in orgs
        assert orgs[case.organisation].code == case.code.org
        for e in case.events:
            if isinstance(e, ProviderAssigned | ProviderChanged):
                assert providers[e.provider_id].kind is e.provider_kind


# --- files and speed -----------------------------------------------------------------------


def test_write_demo_round_trips_through_read_jsonl(tmp_path: Path) -> None:
    path = tmp_path / "demo.jsonl"
    kwargs = {"seed": 4, "province": DEMO_PROVINCE, "start": dt.date(2024, 1, 1), "end": dt.date(2024, 12, 31), "cases_per_year": 150}
    n = write_demo(path, **kwargs)
    stream = read_jsonl(path)
    back = list(stream)
    assert stream.errors == []
    assert len(back) == n
    assert back == list(generate(**kwargs))  # type: ignore[arg-type]


def test_demo_dataset_is_a_few_thousand_cases(tmp_path: Path) -> None:
    path = tmp_path / "bundled.jsonl"
    n = demo_dataset(path)
    back = list(read_jsonl(path))
    assert len(back) == n
    cases = _cases(back)
    assert 2500 <= len(cases) <= 3500
    assert {c.events[0].on.year for c in cases} == {2021, 2022, 2023, 2024, 2025}


def test_generates_twenty_thousand_cases_streaming() -> None:
    # Speed is measured by benchmarks/, not asserted here; this checks the volume and that
    # the generator streams (a generator, consumed lazily) with unique file codes.
    stream = generate(seed=9, province=DEMO_PROVINCE, start=START, end=END, cases_per_year=4000, activities=False)
    assert iter(stream) is stream
    codes: set[tuple[str, str]] = set()
    n = 0
    for case in stream:
        assert isinstance(case, Case)
        codes.add((case.organisation, str(case.code)))
        n += 1
    assert n > 19_000
    assert len(codes) == n
