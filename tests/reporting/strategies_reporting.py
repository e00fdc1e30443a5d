"""Hypothesis strategies for the reporting tests: small, valid cases and activities.

Built here on purpose (not from ``tgpl.testing``) so the reporting properties do not
depend on another package's generators. Dates fall between 01/10/2021 and 31/03/2023 so
they straddle the windows the tests use (2022 halves, quarters and year).
"""

from __future__ import annotations

import datetime as dt

import attrs
from hypothesis import strategies as st

from tgpl.domain import (
    ONLINE_HEARINGS_FROM,
    Accepted,
    Activity,
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
    HearingAttended,
    HearingMode,
    LegalField,
    MobileTrip,
    NotContinuedGround,
    OutreachSession,
    ProviderAssigned,
    ProviderChanged,
    ProviderKind,
    QualityReview,
    Reception,
    RefusalGround,
    Refused,
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
    TrialInstance,
    Trigger,
    UnitRef,
    at_vn,
)
from tgpl.rules.programmes import programmes_on
from tgpl.rules.success import legacy_basis_on
from tgpl.testing.strategies import council_activities, duty_shifts, request_channels

FIRST = dt.date(2021, 10, 1)
LAST = dt.date(2023, 3, 31)
#: Units, including the "24" trap (Bắc Giang in 2004, merged Bắc Ninh in 2025).
UNITS = tuple(UnitRef.parse(u) for u in ("2004:06", "2004:19", "2004:24", "2004:27", "2025:19", "2025:24"))
COMMUNES = ("Cốc Đán", "Thượng Quan", "Bộc Bố", "Nam Mẫu", "Kim Hỷ", "Bản Thi")
GROUPS = (
    Group.POOR_HOUSEHOLD, Group.ETHNIC_MINORITY_DIFFICULT_AREA, Group.CHILD, Group.DISABILITY,
    Group.MERITORIOUS, Group.JUVENILE_16_18, Group.TRAFFICKING_VICTIM,
)
SCORES = (
    {"1a": 10, "1b": 10, "1c": 9, "2a": 5, "2b": 9, "2c": 19, "2d": 19, "2đ": 5, "3": 9},
    {"1a": 9, "1b": 8, "1c": 8, "2a": 4, "2b": 8, "2c": 16, "2d": 15, "2đ": 4, "3": 8},
    {"1a": 8, "1b": 6, "1c": 6, "2a": 3, "2b": 6, "2c": 12, "2d": 12, "2đ": 3, "3": 6},
    {"1a": 2, "1b": 2, "1c": 2, "2a": 1, "2b": 2, "2c": 5, "2d": 5, "2đ": 1, "3": 2},
)

days = st.dates(min_value=FIRST, max_value=LAST)
units = st.sampled_from(UNITS)


def later(day: dt.date, most: int = 200) -> st.SearchStrategy[dt.date]:
    """A day from ``day`` to ``most`` days after it (capped at LAST)."""
    top = min(LAST, day + dt.timedelta(days=most))
    return st.dates(min_value=day, max_value=max(day, top))


@st.composite
def beneficiaries(draw: st.DrawFn, pid: str) -> Beneficiary:
    return Beneficiary(
        pid,
        sex=draw(st.sampled_from(Sex)),
        groups=frozenset(draw(st.lists(st.sampled_from(GROUPS), max_size=3))),
    )


def _review(draw: st.DrawFn, level: ReviewerLevel) -> QualityReview:
    return QualityReview(reviewer="r", level=level, trigger=Trigger.PLAN, scores=draw(st.sampled_from(SCORES)))


@st.composite
def cases(draw: st.DrawFn, unit: st.SearchStrategy[UnitRef] = units) -> Case:
    """A case whose events are in a valid order: request, then refusal / transfer / acceptance, …"""
    form = draw(st.sampled_from(Form))
    fld = draw(st.sampled_from(LegalField))
    n = draw(st.integers(1, 3))
    bens = tuple(draw(beneficiaries(f"p{i}")) for i in range(n))
    received = draw(days)
    events: list[Event] = [RequestReceived(on=at_vn(received, 8))]
    fate = draw(st.sampled_from(("accepted", "accepted", "accepted", "refused", "transferred", "pending")))
    if fate == "refused":
        events.append(Refused(on=at_vn(draw(later(received, 10)), 9), ground=RefusalGround.NOT_ELIGIBLE))
    elif fate == "transferred":
        events.append(Transferred(on=at_vn(draw(later(received, 10)), 9),
                                  reason=TransferReason.NO_TERRITORIAL_COMPETENCE, to_organisation="x"))
    elif fate == "accepted":
        acc = draw(later(received, 10))
        events.append(Accepted(on=at_vn(acc, 9)))
        allowed = [k for k in ProviderKind if form in k.allowed_forms]
        cursor = acc
        for i in range(draw(st.integers(0, 2))):
            cursor = draw(later(cursor, 60))
            kind = draw(st.sampled_from(allowed))
            if i == 0:
                events.append(ProviderAssigned(on=at_vn(cursor, 10), provider_id=f"v{i}", provider_kind=kind))
            else:
                events.append(ProviderChanged(on=at_vn(cursor, 10), provider_id=f"v{i}", provider_kind=kind,
                                              ground=ChangeGround.OTHER))
        if form is Form.LITIGATION:  # hearings attended (online from NQ 33/2021/QH15, 01/01/2022)
            for _ in range(draw(st.integers(0, 2))):
                cursor = draw(later(cursor, 60))
                modes = list(HearingMode) if cursor >= ONLINE_HEARINGS_FROM else [HearingMode.IN_PERSON]
                events.append(HearingAttended(on=at_vn(cursor, 11), mode=draw(st.sampled_from(modes)),
                                              instance=draw(st.none() | st.sampled_from(TrialInstance))))
        if draw(st.booleans()):
            end = draw(later(cursor, 300))
            outcome = draw(st.sampled_from(EndKind))
            ground = NotContinuedGround.WITHDRAWN if outcome is EndKind.NOT_CONTINUED else None
            events.append(Ended(on=at_vn(end, 16), outcome=outcome, ground=ground))
            for _ in range(draw(st.integers(0, 2))):
                events.append(AppraisalRecorded(on=at_vn(draw(later(end, 200)), 17),
                                                review=_review(draw, ReviewerLevel.ORGANISATION)))
            if draw(st.booleans()):
                events.append(EvaluationRecorded(on=at_vn(draw(later(end, 200)), 17),
                                                 review=_review(draw, draw(st.sampled_from((ReviewerLevel.DOJ, ReviewerLevel.MOJ))))))
            if form is Form.LITIGATION and draw(st.booleans()):
                ok = draw(st.booleans())
                day = draw(later(end, 200))
                legacy = legacy_basis_on(day)
                if legacy is not None:  # before QĐ 1179/QĐ-BTP: the earlier guidance, no criterion
                    events.append(SuccessAssessed(on=at_vn(day, 17), successful=ok, legacy_basis=legacy.basis))
                else:
                    events.append(SuccessAssessed(on=at_vn(day, 17), successful=ok,
                                                  criterion=draw(st.sampled_from(("TC01", "TC06", "TC20", "TC27"))) if ok else None))
    events.sort(key=lambda e: e.on)
    code = FileCode(draw(st.sampled_from(("TT", "CN1", "CN2"))), form, draw(st.integers(1, 999)), received.year)
    return Case(
        code=code, organisation="org", unit=draw(unit), form=form, field=fld, beneficiaries=bens,
        source=(source := draw(st.sampled_from(RequestSource))), **draw(request_channels()), events=tuple(events),
        duty_shift=draw(st.none() | st.just(f"TT.TR.{code.seq:05d}.{code.year}")) if source in _DUTY else None,
        programmes=_programmes(draw, received),
    )


def _programmes(draw: st.DrawFn, on: dt.date) -> tuple[str, ...]:
    """National target programme codes in force on ``on`` (tgpl.rules.programmes), maybe none."""
    codes = [p.code for p in programmes_on(on)]
    return tuple(draw(st.lists(st.sampled_from(codes), max_size=2, unique=True))) if codes else ()


_DUTY = (RequestSource.COURT_DUTY, RequestSource.INVESTIGATION_DUTY)


@st.composite
def activities(draw: st.DrawFn, unit: st.SearchStrategy[UnitRef] = units) -> Activity:
    kind = draw(st.sampled_from(("answer", "reception", "outreach", "trip", "training", "duty", "council")))
    aid, on, where = f"a{draw(st.integers(0, 10**6))}", draw(days), draw(unit)
    if kind in ("duty", "council"):
        rec = draw(duty_shifts() if kind == "duty" else council_activities())
        return attrs.evolve(rec, id=aid, on=on, organisation="org", unit=where)
    if kind == "answer":
        return SimpleAnswer(id=aid, on=on, organisation="org", unit=where, field=draw(st.sampled_from(LegalField)))
    if kind == "reception":
        return Reception(id=aid, on=on, organisation="org", unit=where, persons=draw(st.integers(0, 5)))
    if kind == "outreach":
        return OutreachSession(id=aid, on=on, organisation="org", unit=where, commune=draw(st.sampled_from(COMMUNES)),
                               target=draw(st.sampled_from(TargetGroup)),
                               attendees=draw(st.integers(0, 80)), leaflets=draw(st.integers(0, 200)),
                               programmes=_programmes(draw, on))
    if kind == "trip":
        return MobileTrip(id=aid, on=on, organisation="org", unit=where,
                          communes=tuple(draw(st.lists(st.sampled_from(COMMUNES), max_size=3))),
                          persons=draw(st.integers(0, 30)), programmes=_programmes(draw, on))
    return Training(id=aid, on=on, organisation="org", unit=where, participants=draw(st.integers(0, 40)),
                    hours=draw(st.sampled_from((0.0, 1.5, 4.0, 8.0))))


def records(unit: st.SearchStrategy[UnitRef] = units, max_size: int = 8) -> st.SearchStrategy[list[Case | Activity]]:
    """A mixed list of cases and activities."""
    one: st.SearchStrategy[Case | Activity] = st.one_of(cases(unit), activities(unit))
    return st.lists(one, max_size=max_size)
