"""Hypothesis strategies for the io round-trip properties (private to tests/io).

They build *valid* domain values, including every event kind and every activity kind, and
exercise the awkward corners of the wire format: offsets other than +07:00, microseconds,
Vietnamese text, empty and non-empty sets, optional fields left out or filled in.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from hypothesis import strategies as st

from tgpl.domain import (
    EVENT_TYPES,
    PROVINCES_2004,
    PROVINCES_2025,
    VN_TZ,
    Accepted,
    AdviceDeadlineExtended,
    AdviceGiven,
    AppraisalRecorded,
    Archived,
    Beneficiary,
    Case,
    ChangeGround,
    ComplaintDecided,
    ComplaintLevel,
    ComplaintLodged,
    ComplaintSubject,
    Ended,
    EndKind,
    EvaluationRecorded,
    Event,
    FileCode,
    FileHandedOver,
    FinancialBasis,
    Form,
    Group,
    HearingAttended,
    HearingMode,
    ImmediateReason,
    LegalField,
    MobileTrip,
    NotContinuedGround,
    OutreachSession,
    PersonRole,
    ProcedureRole,
    Proof,
    ProofKind,
    ProofSupplied,
    ProviderAssigned,
    ProviderChanged,
    ProviderChangeDeclined,
    ProviderChangeRequested,
    ProviderKind,
    QualityReview,
    Reception,
    RefusalGround,
    Refused,
    RegistrationRefusal,
    RegistrationRefused,
    RequestReceived,
    RequestSource,
    ReviewerLevel,
    Sex,
    SimpleAnswer,
    SuccessAssessed,
    TargetGroup,
    Training,
    TransferReason,
    Transferred,
    Tri,
    TrialInstance,
    Trigger,
    UnitRef,
)
from tgpl.rules.programmes import programmes
from tgpl.testing.strategies import council_activities, duty_shifts, request_channels

__all__ = [
    "activities",
    "aware_datetimes",
    "beneficiaries",
    "cases",
    "event_of_kind",
    "events",
    "quality_reviews",
]

UNITS: list[UnitRef] = [*PROVINCES_2004, *PROVINCES_2025]
OFFSETS = [VN_TZ, dt.UTC, dt.timezone(dt.timedelta(hours=-5)), dt.timezone(dt.timedelta(hours=5, minutes=45))]

units = st.sampled_from(UNITS)
dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2100, 12, 31))
aware_datetimes = st.datetimes(
    min_value=dt.datetime(2000, 1, 1), max_value=dt.datetime(2100, 1, 1), timezones=st.sampled_from(OFFSETS)
)
#: Short text including Vietnamese letters, quotes and JSON-special characters.
texts = st.text(alphabet=st.characters(codec="utf-8"), max_size=12)
ids = st.from_regex(r"[A-Za-z0-9][A-Za-z0-9_\-]{0,9}", fullmatch=True)
scores = st.dictionaries(
    st.sampled_from(["1a", "1b", "1c", "2a", "2b", "2c", "2d", "2đ", "3"]), st.integers(-5, 50), max_size=9
)


def quality_reviews() -> st.SearchStrategy[QualityReview]:
    return st.builds(
        QualityReview,
        reviewer=ids,
        level=st.sampled_from(ReviewerLevel),
        trigger=st.sampled_from(Trigger),
        scores=scores,
        not_applicable=st.frozensets(st.sampled_from(["1a", "1b", "2đ", "3"])),
        art6_violation=st.booleans(),
        rubric=st.none() | texts,
    )


proofs = st.builds(
    Proof, kind=st.sampled_from(ProofKind), description=texts, issued_by=texts, issued_on=st.none() | dates
)


@st.composite
def beneficiaries(draw: st.DrawFn, id: st.SearchStrategy[str] = ids) -> Beneficiary:
    birth_date = draw(st.none() | st.dates(min_value=dt.date(1900, 1, 1), max_value=dt.date(2030, 12, 31)))
    birth_year = draw(st.none() | (st.just(birth_date.year) if birth_date else st.integers(1900, 2030)))
    return Beneficiary(
        id=draw(id),
        sex=draw(st.sampled_from(Sex)),
        birth_date=birth_date,
        birth_year=birth_year,
        ethnic_minority=draw(st.sampled_from(Tri)),
        residence=draw(st.none() | units),
        extreme_difficulty_area=draw(st.sampled_from(Tri)),
        groups=draw(st.frozensets(st.sampled_from(Group))),
        financial=draw(st.sampled_from(FinancialBasis)),
        role=draw(st.sampled_from(PersonRole)),
        proofs=tuple(draw(st.lists(proofs, max_size=1))),
        name=draw(st.none() | texts),
        id_number=draw(st.none() | st.from_regex(r"[0-9]{12}", fullmatch=True)),
    )


def _accepted() -> st.SearchStrategy[Accepted]:
    immediate = st.builds(Accepted, on=aware_datetimes, immediate=st.just(True),
                          immediate_reason=st.sampled_from(ImmediateReason))
    ordinary = st.builds(Accepted, on=aware_datetimes)
    return immediate | ordinary


def _ended() -> st.SearchStrategy[Ended]:
    not_continued = st.builds(Ended, on=aware_datetimes, outcome=st.just(EndKind.NOT_CONTINUED),
                              ground=st.sampled_from(NotContinuedGround))
    other = st.builds(Ended, on=aware_datetimes,
                      outcome=st.sampled_from([k for k in EndKind if k is not EndKind.NOT_CONTINUED]))
    return not_continued | other


def _success() -> st.SearchStrategy[SuccessAssessed]:
    return st.builds(
        SuccessAssessed, on=aware_datetimes, successful=st.booleans(),
        criterion=st.from_regex(r"TC[0-3][0-9]", fullmatch=True),
        assessor=texts, level=st.sampled_from(ReviewerLevel),
    ) | st.builds(SuccessAssessed, on=aware_datetimes, successful=st.just(False), criterion=st.none())


_EVENTS: dict[str, st.SearchStrategy[Any]] = {
    RequestReceived.kind: st.builds(RequestReceived, on=aware_datetimes),
    Accepted.kind: _accepted(),
    Refused.kind: st.builds(Refused, on=aware_datetimes, ground=st.sampled_from(RefusalGround), reason=texts),
    Transferred.kind: st.builds(Transferred, on=aware_datetimes, reason=st.sampled_from(TransferReason),
                                to_organisation=texts),
    ProviderAssigned.kind: st.builds(ProviderAssigned, on=aware_datetimes, provider_id=ids,
                                     provider_kind=st.sampled_from(ProviderKind)),
    ProviderChangeDeclined.kind: st.builds(ProviderChangeDeclined, on=aware_datetimes, reason=texts),
    ProviderChangeRequested.kind: st.builds(ProviderChangeRequested, on=aware_datetimes,
                                            ground=st.sampled_from(ChangeGround)),
    RegistrationRefused.kind: st.builds(RegistrationRefused, on=aware_datetimes,
                                        refusal=st.sampled_from(RegistrationRefusal)),
    ProviderChanged.kind: st.builds(ProviderChanged, on=aware_datetimes, provider_id=ids,
                                    provider_kind=st.sampled_from(ProviderKind), ground=st.sampled_from(ChangeGround)),
    ProofSupplied.kind: st.builds(ProofSupplied, on=aware_datetimes, proofs=st.lists(proofs, max_size=2).map(tuple)),
    AdviceGiven.kind: st.builds(AdviceGiven, on=aware_datetimes),
    AdviceDeadlineExtended.kind: st.builds(AdviceDeadlineExtended, on=aware_datetimes, total_days=st.integers(11, 30)),
    Ended.kind: _ended(),
    FileHandedOver.kind: st.builds(FileHandedOver, on=aware_datetimes),
    Archived.kind: st.builds(Archived, on=aware_datetimes),
    AppraisalRecorded.kind: st.builds(AppraisalRecorded, on=aware_datetimes, review=quality_reviews()),
    EvaluationRecorded.kind: st.builds(EvaluationRecorded, on=aware_datetimes, review=quality_reviews()),
    SuccessAssessed.kind: _success(),
    ComplaintLodged.kind: st.builds(ComplaintLodged, on=aware_datetimes, subject=st.sampled_from(ComplaintSubject),
                                    level=st.sampled_from(ComplaintLevel)),
    ComplaintDecided.kind: st.builds(ComplaintDecided, on=aware_datetimes, level=st.sampled_from(ComplaintLevel),
                                     upheld=st.booleans()),
    HearingAttended.kind: st.builds(HearingAttended, on=aware_datetimes, mode=st.sampled_from(HearingMode),
                                    instance=st.none() | st.sampled_from(TrialInstance), provider_id=st.none() | ids),
}
if set(_EVENTS) != set(EVENT_TYPES):  # pragma: no cover - a new event kind needs a strategy here
    raise RuntimeError(f"strategies_io lacks event kinds {sorted(set(EVENT_TYPES) - set(_EVENTS))}")


def event_of_kind(kind: str) -> st.SearchStrategy[Event]:
    """Valid events of one ``kind`` (a key of :data:`tgpl.domain.EVENT_TYPES`)."""
    return _EVENTS[kind]


#: Valid events of every kind.
events: st.SearchStrategy[Event] = st.sampled_from(sorted(_EVENTS)).flatmap(event_of_kind)


@st.composite
def cases(draw: st.DrawFn, max_events: int = 6) -> Case:
    form = draw(st.sampled_from(Form))
    code = FileCode(
        org=draw(st.sampled_from(["TT", "CN1", "CN12", "STP", "LSHN"])),
        form=form,
        seq=draw(st.integers(1, 999_999)),
        year=draw(st.integers(2000, 2200)),
    )
    people = draw(st.lists(beneficiaries(), min_size=1, max_size=2, unique_by=lambda b: b.id))
    return Case(
        code=code,
        organisation=draw(texts),
        unit=draw(units),
        form=form,
        field=draw(st.sampled_from(LegalField)),
        beneficiaries=tuple(people),
        source=(source := draw(st.sampled_from(RequestSource))),
        role=draw(st.none() | st.sampled_from(ProcedureRole)) if form is Form.LITIGATION else None,
        duty_shift=draw(st.none() | ids) if source in (RequestSource.COURT_DUTY, RequestSource.INVESTIGATION_DUTY) else None,
        **draw(request_channels()),
        # any text: the io layer carries the codes, validation judges them
        programmes=tuple(draw(st.lists(st.sampled_from(_PROGRAMMES) | st.from_regex(r"[a-z0-9_]{1,20}", fullmatch=True), max_size=2))),
        events=tuple(draw(st.lists(events, max_size=max_events))),
    )


_PROGRAMMES = tuple(p.code for p in programmes())


_common = {"id": ids, "on": dates, "organisation": texts, "unit": units}
_finite = st.floats(min_value=0.0, max_value=8_784.0, allow_nan=False, allow_infinity=False)

#: Valid activities of every kind.
activities: st.SearchStrategy[Any] = st.one_of(
    st.builds(SimpleAnswer, **_common, field=st.sampled_from(LegalField)),
    st.builds(Reception, **_common, persons=st.integers(0, 10_000)),
    st.builds(OutreachSession, **_common, commune=texts, target=st.sampled_from(TargetGroup),
              attendees=st.integers(0, 10_000), leaflets=st.integers(0, 10_000)),
    st.builds(MobileTrip, **_common, communes=st.lists(texts, max_size=3).map(tuple), persons=st.integers(0, 10_000)),
    st.builds(Training, **_common, participants=st.integers(0, 1000), hours=_finite),
    duty_shifts(),
    council_activities(),
)
