"""One pass over cases and activities that fills the tallies of several windows at once.

``aggregate(records, windows)`` reads each record once, derives its per-record facts once
(acceptance and end dates, provider history, beneficiaries' breakdown keys, reviews), and
adds its contribution to every window it touches. No hook runs per case (docs/architecture.md
principle 7) and no heavy object is built per case: the facts are plain tuples, the
accumulators plain dicts, and :class:`~tgpl.reporting.tally.Tally` values are built once
per window at the end.

Counting rules (legal basis and the reasons are in ``docs/statistics.md``):

* A case counts from its acceptance (thụ lý, entry in the register — TT12 Art 5 cl. 2).
  *Carried over* = accepted before the window start and not ended before it; *accepted*
  = accepted in the window; *handled* = both (Biểu 25/BTP/TGPL, TT 03/2019/TT-BTP);
  *ended* = the ``Ended`` event falls in the window (TT12 Art 10), by outcome; everything
  else handled is *open at window end*.
* Requests never accepted are counted only as requests *refused* (Law Art 30 cl. 3) or
  *transferred* (Law Art 35) on the date of that decision.
* Provider kind = the provider of the last assignment or change dated on or before the
  window end (for an ended case: on or before its end) — "unassigned" if none. The same
  rule keys the success assessments.
* Procedural role (``role``) = ``Case.role`` for litigation (Law Art 31 cl. 1), "unknown"
  when not recorded; "" (not applicable) for the other forms.
* Request channel (``channel``) = ``Case.channel`` (Law Art 29; TT12 Art 13), "unknown" when
  not recorded, on the ``case`` and ``request`` tables.
* TGV litigation (``tgv_litigation``, for the quota of tgpl.reporting.quota): a litigation
  case handled in the window counts once as ``handled`` — and once more as ``completed`` when
  it ended completed in it — for the provider at the window end (the provider-kind rule),
  when that provider is a TGV, by provider id.
* Person-occasions: every beneficiary of a case is one person-occasion (lượt người), with
  the same measures as the case (TT 10/2017/TT-BTP indicator 1301).
* Quality: a case is *appraised* (TT12 Art 14) in a window when it has an appraisal dated
  in it, and graded by the latest such appraisal; *evaluated* (TT12 Art 15) likewise,
  separately; *success* (QĐ 1179/QĐ-BTP) by the latest assessment dated in the window; a
  success assessed before 16/05/2022 under the earlier guidance (``legacy_basis``) has the
  group ``legacy`` and no criterion.
* Duty shifts: one per record, with its persons advised and requests received, by place
  kind (court / investigation); council meetings and inspections one per record, the units
  inspected as a set (distinct per unit and window).
* All dates are read in Vietnam's civil time (Asia/Ho_Chi_Minh). Events and activities
  dated after ``as_of`` are ignored, as if not yet recorded.
"""

from __future__ import annotations

import datetime as dt
import enum
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from typing import Any, Protocol, TypeVar

from tgpl.domain import (
    VN_TZ,
    Accepted,
    AppraisalRecorded,
    Case,
    CouncilActivity,
    DutyShift,
    Ended,
    EvaluationRecorded,
    Form,
    Grade,
    HearingAttended,
    MobileTrip,
    OutreachSession,
    ProviderAssigned,
    ProviderChanged,
    ProviderKind,
    QualityReview,
    Reception,
    Refused,
    SimpleAnswer,
    SuccessAssessed,
    Training,
    Transferred,
    UnitRef,
    to_scheme_2025,
)
from tgpl.errors import InvalidRecordError, RuleNotInForceError
from tgpl.reporting.plancounts import hearing_keys, programme_activity_keys, programme_keys
from tgpl.reporting.tally import (
    ENDED_MEASURE,
    NO_ROLE,
    TGV_COMPLETED,
    TGV_HANDLED,
    UNKNOWN,
    FlowMeasure,
    Key,
    Tally,
)

__all__ = [
    "LEGACY",
    "UNGRADED",
    "Grader",
    "UnitMode",
    "WindowLike",
    "aggregate",
    "aggregate_one",
    "groups_key",
    "latest_in_window",
]


class WindowLike(Protocol):
    """What aggregation needs of a window: inclusive ``start`` and ``end`` dates.

    :class:`tgpl.reporting.windows.Window` is one; any hashable object with these two
    attributes works.
    """

    @property
    def start(self) -> dt.date: ...

    @property
    def end(self) -> dt.date: ...


W = TypeVar("W", bound=WindowLike)

#: Grades a review: ``(review, case form, review date) -> Grade``.
Grader = Callable[[QualityReview, Form, dt.date], Grade]


class UnitMode(enum.StrEnum):
    """How the administrative-unit dimension of a tally is keyed.

    ``AS_RECORDED`` keeps the unit each record carries (the province as it was at the
    time, 2004 scheme before 01/07/2025); ``SCHEME_2025`` maps every unit onto the 34
    units of Nghị quyết 202/2025/QH15 (:func:`tgpl.domain.to_scheme_2025`), so series
    across the merger line up. ``aggregate(..., unit_mode=SCHEME_2025)`` equals
    ``aggregate(...)`` followed by :meth:`Tally.map_units_to_2025` on each tally.
    """

    AS_RECORDED = "as_recorded"
    SCHEME_2025 = "scheme_2025"


UNASSIGNED = "unassigned"
_TGV = ProviderKind.TGV.value
_COMPLETED = FlowMeasure.ENDED_COMPLETED.value
NO_GROUP = ""


def groups_key(groups: Iterable[Any]) -> str:
    """The ``groups`` dimension: sorted Art 7 group codes joined by ``+`` (``""`` for none).

    The full combination is kept (not one column per group), so any column rule —
    exclusive, inclusive, precedence — can be applied to the merged tally at the end.
    """
    return "+".join(sorted({str(getattr(g, "value", g)) for g in groups}))


#: The ``group`` of a success assessed under the guidance before QĐ 1179/QĐ-BTP (no criterion).
LEGACY = "legacy"

#: The grade code of an appraisal or evaluation that no rubric in force covers.
UNGRADED = "unknown"


def _default_grader() -> Grader:
    from tgpl.rules.scoring import grade_review

    def grade(review: QualityReview, form: Form, on: dt.date) -> Grade:
        return grade_review(review, form=form, on=on)

    return grade


def _default_success_group() -> Callable[[str], str]:
    from tgpl.rules.success import criterion_group

    def group(code: str) -> str:
        return criterion_group(code).value

    return group


def _default_overdue() -> Callable[[Case, dt.date], list[str]]:
    from tgpl.rules.deadlines import overdue

    def rule_ids(case: Case, as_of: dt.date) -> list[str]:
        # A date means the end of that day in Vietnam (tgpl.rules.deadlines).
        return [d.rule.id for d in overdue(case, as_of)]

    return rule_ids


def _day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(VN_TZ).date()


class _Acc:
    """Mutable accumulators of one window (internal)."""

    __slots__ = ("counts", "end", "sets", "start")

    def __init__(self, start: dt.date, end: dt.date) -> None:
        self.start = start
        self.end = end
        self.counts: Counter[Key] = Counter()
        self.sets: dict[Key, set[str]] = {}

    def tally(self) -> Tally:
        return Tally(self.counts, self.sets)


def aggregate(
    records: Iterable[object],
    windows: Iterable[W],
    *,
    unit_mode: UnitMode = UnitMode.AS_RECORDED,
    as_of: dt.date | None = None,
    grader: Grader | None = None,
    success_group: Callable[[str], str] | None = None,
    deadlines: bool = False,
) -> dict[W, Tally]:
    """Tally ``records`` (cases and activities, mixed) for every window in one pass.

    ``records`` is any iterable, read once and never held whole: a list, a generator, or
    the rows of a database cursor turned into records as they stream by
    (``(from_dict(json.loads(doc)) for (doc,) in cursor)``; see ``docs/quickstart.md``).

    ``grader`` grades appraisal and evaluation reviews (default:
    :func:`tgpl.rules.scoring.grade_review` with its default policy);
    ``success_group`` maps a QĐ 1179 criterion code to its group (default:
    :func:`tgpl.rules.success.criterion_group`); ``deadlines=True`` also counts the
    deadlines overdue at each window end (:func:`tgpl.rules.deadlines.overdue`) for the
    cases handled in it. A record of another type raises :class:`InvalidRecordError`;
    inconsistent events (an end without acceptance, an end before acceptance) too,
    naming the case and the event path.
    """
    wins = list(windows)
    accs = [_Acc(w.start, w.end) for w in wins]
    for w in wins:
        if w.end < w.start:
            raise InvalidRecordError(f"window {w!r} ends before it starts", path="$.window")
    grade = grader
    sgroup = success_group
    overdue_fn = _default_overdue() if deadlines else None
    unit_cache: dict[UnitRef, str] = {}

    def unit_code(ref: UnitRef) -> str:
        code = unit_cache.get(ref)
        if code is None:
            code = str(to_scheme_2025(ref)) if unit_mode is UnitMode.SCHEME_2025 else str(ref)
            unit_cache[ref] = code
        return code

    for rec in records:
        if isinstance(rec, Case):
            if grade is None and any(isinstance(e, AppraisalRecorded | EvaluationRecorded) for e in rec.events):
                grade = _default_grader()
            if sgroup is None and any(isinstance(e, SuccessAssessed) and e.successful for e in rec.events):
                sgroup = _default_success_group()
            _add_case(rec, accs, unit_code(rec.unit), as_of, grade, sgroup, overdue_fn)
        elif isinstance(rec, SimpleAnswer | Reception | OutreachSession | MobileTrip | Training | DutyShift | CouncilActivity):
            if as_of is not None and rec.on > as_of:
                continue
            _add_activity(rec, accs, unit_code(rec.unit))
        else:
            rid = getattr(rec, "id", None)
            raise InvalidRecordError(
                f"cannot aggregate a {type(rec).__name__}: expected a Case or an activity",
                record_id=str(rid) if rid is not None else None,
            )
    return {w: acc.tally() for w, acc in zip(wins, accs, strict=True)}


def aggregate_one(
    records: Iterable[object],
    window: WindowLike,
    *,
    unit_mode: UnitMode = UnitMode.AS_RECORDED,
    as_of: dt.date | None = None,
    grader: Grader | None = None,
    success_group: Callable[[str], str] | None = None,
    deadlines: bool = False,
) -> Tally:
    """The tally of one window (see :func:`aggregate`)."""
    out = aggregate(
        records, [window], unit_mode=unit_mode, as_of=as_of, grader=grader,
        success_group=success_group, deadlines=deadlines,
    )
    return next(iter(out.values()))


def _add_activity(
    rec: SimpleAnswer | Reception | OutreachSession | MobileTrip | Training | DutyShift | CouncilActivity,
    accs: Sequence[_Acc],
    unit: str,
) -> None:
    on = rec.on
    for acc in accs:
        if not acc.start <= on <= acc.end:
            continue
        c = acc.counts
        if isinstance(rec, OutreachSession | MobileTrip) and rec.programmes:
            for key in programme_activity_keys(rec.programmes, "outreach_sessions" if isinstance(rec, OutreachSession)
                                               else "mobile_trips", unit):
                c[key] += 1
        if isinstance(rec, SimpleAnswer):
            c[("simple_answer", rec.field.value, unit)] += 1
        elif isinstance(rec, Reception):
            if rec.persons:
                c[("reception", unit)] += rec.persons
        elif isinstance(rec, OutreachSession):
            t = rec.target.value
            c[("outreach", "sessions", t, unit)] += 1
            if rec.attendees:
                c[("outreach", "attendees", t, unit)] += rec.attendees
            if rec.leaflets:
                c[("outreach", "leaflets", t, unit)] += rec.leaflets
            acc.sets.setdefault(("outreach_communes", t, unit), set()).add(rec.commune)
        elif isinstance(rec, MobileTrip):
            c[("mobile_trip", "trips", unit)] += 1
            if rec.persons:
                c[("mobile_trip", "persons", unit)] += rec.persons
            if rec.communes:
                acc.sets.setdefault(("mobile_communes", unit), set()).update(rec.communes)
        elif isinstance(rec, DutyShift | CouncilActivity):
            _add_coordination(rec, acc, unit)
        else:
            c[("training", "sessions", unit)] += 1
            if rec.participants:
                c[("training", "participants", unit)] += rec.participants
            minutes = round(rec.hours * 60)
            if minutes:
                c[("training", "minutes", unit)] += minutes


def _add_coordination(rec: DutyShift | CouncilActivity, acc: _Acc, unit: str) -> None:
    """A duty shift (one shift; its persons advised and requests received, by place kind) or
    a council meeting or inspection (with the units inspected, as a set)."""
    c = acc.counts
    if isinstance(rec, DutyShift):
        k = rec.place_kind.value
        c[("duty_shift", "shifts", k, unit)] += 1
        if rec.persons_advised:
            c[("duty_shift", "persons_advised", k, unit)] += rec.persons_advised
        if rec.requests_received:
            c[("duty_shift", "requests_received", k, unit)] += rec.requests_received
    else:
        c[("council", f"{rec.kind.value}s", unit)] += 1
        if rec.inspected:
            acc.sets.setdefault(("council_inspected", unit), set()).update(rec.inspected)


def _add_case(
    case: Case,
    accs: Sequence[_Acc],
    unit: str,
    as_of: dt.date | None,
    grade: Grader | None,
    sgroup: Callable[[str], str] | None,
    overdue_fn: Callable[[Case, dt.date], list[str]] | None,
) -> None:
    # -- facts, derived once per case ------------------------------------------------
    accepted: dt.date | None = None
    ended: dt.date | None = None
    end_measure = ""
    request: tuple[str, dt.date] | None = None
    providers: list[tuple[dt.date, str, str]] = []
    appraisals: list[tuple[dt.date, int]] = []
    evaluations: list[tuple[dt.date, int]] = []
    successes: list[tuple[dt.date, int]] = []
    hearings: list[tuple[dt.date, str, str]] = []
    for i, ev in enumerate(case.events):
        day = _day(ev.on)
        if as_of is not None and day > as_of:
            continue
        if isinstance(ev, Accepted):
            if accepted is None:
                accepted = day
        elif isinstance(ev, Ended):
            if accepted is None:
                raise InvalidRecordError("the case ends but was never accepted", record_id=case.id, path=f"$.events[{i}]")
            if ended is not None:
                raise InvalidRecordError("the case ends twice", record_id=case.id, path=f"$.events[{i}]")
            if day < accepted:
                raise InvalidRecordError(
                    f"the case ends on {day.isoformat()}, before its acceptance on {accepted.isoformat()}",
                    record_id=case.id, path=f"$.events[{i}].on",
                )
            ended = day
            end_measure = ENDED_MEASURE[ev.outcome.value]
        elif isinstance(ev, ProviderAssigned | ProviderChanged):
            if ended is None:
                providers.append((day, ev.provider_kind.value, ev.provider_id))
        elif isinstance(ev, AppraisalRecorded):
            appraisals.append((day, i))
        elif isinstance(ev, EvaluationRecorded):
            evaluations.append((day, i))
        elif isinstance(ev, SuccessAssessed):
            successes.append((day, i))
        elif isinstance(ev, Refused):
            request = ("refused", day)
        elif isinstance(ev, Transferred):
            request = ("transferred", day)
        elif isinstance(ev, HearingAttended):
            hearings.append((day, ev.mode.value, ev.instance.value if ev.instance is not None else UNKNOWN))

    providers.sort(key=lambda p: p[0])
    form = case.form.value
    role = case.role.value if case.role is not None else (UNKNOWN if case.form is Form.LITIGATION else NO_ROLE)
    fld = case.field.value
    source = case.source.value
    channel = case.channel.value if case.channel is not None else UNKNOWN
    case_groups = groups_key(g for b in case.beneficiaries for g in b.groups)
    persons: Counter[tuple[str, str]] = Counter(
        (b.sex.value, groups_key(b.groups)) for b in case.beneficiaries
    )
    grades: dict[int, str] = {}

    def graded(i: int) -> str:
        g = grades.get(i)
        if g is None:
            ev = case.events[i]
            assert isinstance(ev, AppraisalRecorded | EvaluationRecorded)
            if grade is None:  # pragma: no cover - set by aggregate() whenever a review exists
                raise InvalidRecordError("no grader", record_id=case.id)
            try:
                g = grade(ev.review, case.form, _day(ev.on)).value
            except RuleNotInForceError:
                # No rubric is confirmed for that date (before 15/07/2021 the original TT12
                # points are unverified): the case still counts as appraised, its grade is
                # unknown (architecture principle 3), never a guessed pass.
                g = UNGRADED
            grades[i] = g
        return g

    # -- contributions, added to every window touched ----------------------------------
    def kind_at(e: dt.date) -> str:
        return provider_at(e)[0]

    def provider_at(e: dt.date) -> tuple[str, str]:
        kind, pid = UNASSIGNED, ""
        for day, pk, who in providers:
            if day > e:
                break
            kind, pid = pk, who
        return kind, pid

    for acc in accs:
        s, e = acc.start, acc.end
        c = acc.counts
        if accepted is None:
            if request is not None and s <= request[1] <= e:
                c[("request", request[0], form, fld, source, channel, unit)] += 1
        elif accepted <= e and (ended is None or ended >= s):
            inflow = FlowMeasure.CARRIED_OVER.value if accepted < s else FlowMeasure.ACCEPTED.value
            outflow = end_measure if ended is not None and ended <= e else FlowMeasure.OPEN_AT_END.value
            kind = kind_at(e)
            c[("case", inflow, form, role, fld, kind, source, channel, case_groups, unit)] += 1
            c[("case", outflow, form, role, fld, kind, source, channel, case_groups, unit)] += 1
            for (sex, pg), n in persons.items():
                c[("person", inflow, form, role, fld, sex, pg, unit)] += n
                c[("person", outflow, form, role, fld, sex, pg, unit)] += n
            if case.form is Form.LITIGATION:
                pk, pid = provider_at(e)
                if pk == _TGV:
                    c[("tgv_litigation", TGV_HANDLED, pid, unit)] += 1
                    if outflow == _COMPLETED:
                        c[("tgv_litigation", TGV_COMPLETED, pid, unit)] += 1
            if overdue_fn is not None:
                kinds = overdue_fn(case, e if as_of is None else min(e, as_of))
                for k in kinds:
                    c[("overdue", k, form, unit)] += 1
                if kinds:
                    c[("overdue_case", form, unit)] += 1
        if appraisals:
            last = latest_in_window(appraisals, s, e)
            if last is not None:
                c[("appraisal", graded(last), form, fld, unit)] += 1
        if evaluations:
            last = latest_in_window(evaluations, s, e)
            if last is not None:
                ev = case.events[last]
                assert isinstance(ev, EvaluationRecorded)
                c[("evaluation", ev.review.level.value, graded(last), form, fld, unit)] += 1
        if successes:
            last = latest_in_window(successes, s, e)
            if last is not None:
                sev = case.events[last]
                assert isinstance(sev, SuccessAssessed)
                if sev.successful and sev.criterion is not None and sgroup is not None:
                    c[("success", "successful", sgroup(sev.criterion), sev.criterion, kind_at(e), fld, unit)] += 1
                elif sev.successful and sev.legacy_basis is not None:
                    # Before QĐ 1179: a success under the earlier guidance, without a criterion.
                    c[("success", "successful", LEGACY, "", kind_at(e), fld, unit)] += 1
                else:
                    c[("success", "not_successful", "", "", kind_at(e), fld, unit)] += 1
        # Hearings attended and national target programmes (tgpl.reporting.plancounts).
        for key in hearing_keys(hearings, s, e, fld, unit):
            c[key] += 1
        for key in programme_keys(case.programmes, accepted, ended, s, e, form, fld, unit):
            c[key] += 1


def latest_in_window(items: list[tuple[dt.date, int]], start: dt.date, end: dt.date) -> int | None:
    """Index of the latest event dated in ``[start, end]`` (the later one on a tie)."""
    best: tuple[dt.date, int] | None = None
    for day, i in items:
        if start <= day <= end and (best is None or (day, i) >= best):
            best = (day, i)
    return None if best is None else best[1]
