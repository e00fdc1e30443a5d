"""Generate the synthetic Bắc Kạn register behind the H1 2022 example (deterministic).

Run from the repository root::

    .venv/bin/python examples/bac-kan-2022-h1/generate.py

It writes ``cases.jsonl`` (the case register, including cases carried over from 2021) and
``activities.jsonl`` (the activity log) next to this file, with :func:`tgpl.io.write_jsonl`.
The records are synthetic — no real person appears; beneficiary ids are pseudonyms — but
internally consistent, and built so that tgpl reproduces every figure of the Center's
report "Kết quả nổi bật trong công tác trợ giúp pháp lý 6 tháng đầu năm 2022" (dated
01/08/2022) for the statistics six-month window 01/01–31/05/2022. June 2022 activity is
included on purpose, so that the calendar half-year gives *different* numbers (see
README.md). :func:`build` returns the records without writing anything.
"""

from __future__ import annotations

import datetime as dt
import random
import sys
from collections.abc import Iterator
from pathlib import Path

from tgpl.domain import (
    Accepted,
    Activity,
    AdviceGiven,
    AppraisalRecorded,
    Beneficiary,
    Case,
    Ended,
    EndKind,
    EvaluationRecorded,
    Event,
    FileCode,
    FileHandedOver,
    FinancialBasis,
    Form,
    Group,
    ImmediateReason,
    LegalField,
    OutreachSession,
    PersonRole,
    ProcedureRole,
    Proof,
    ProofKind,
    ProofSupplied,
    ProviderAssigned,
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
    Tri,
    Trigger,
    UnitRef,
    at_vn,
)

HERE = Path(__file__).resolve().parent
SEED = 20220801
UNIT = UnitRef.parse("2004:06")  # Bắc Kạn (2004 codes; merged into Thái Nguyên 2025:19 on 01/07/2025)
ORGS = {"TT": "backan-center", "CN1": "backan-cn1", "CN2": "backan-cn2"}
#: Last day anything is recorded: the report is dated 01/08/2022.
DATA_UNTIL = dt.date(2022, 7, 31)

# Public holidays (Bộ luật Lao động 2019 Art 112 and the yearly compensatory days off).
HOLIDAYS = frozenset(
    dt.date.fromisoformat(d)
    for d in (
        "2021-01-01", "2021-02-10", "2021-02-11", "2021-02-12", "2021-02-15", "2021-02-16",
        "2021-04-21", "2021-04-30", "2021-05-03", "2021-09-02", "2021-09-03",
        "2022-01-03", "2022-01-31", "2022-02-01", "2022-02-02", "2022-02-03", "2022-02-04",
        "2022-04-11", "2022-05-02", "2022-05-03", "2022-09-01", "2022-09-02",
    )
)

GOOD = {"1a": 10, "1b": 10, "1c": 9, "2a": 5, "2b": 9, "2c": 19, "2d": 19, "2đ": 5, "3": 9}  # 95 → Tốt
FAIRLY_GOOD = {"1a": 9, "1b": 8, "1c": 8, "2a": 4, "2b": 8, "2c": 16, "2d": 15, "2đ": 4, "3": 8}  # 80 → Khá
PASS = {"1a": 8, "1b": 6, "1c": 6, "2a": 3, "2b": 6, "2c": 12, "2d": 12, "2đ": 3, "3": 6}  # 62 → Đạt

# Communes of Bắc Kạn (district in brackets) where communication sessions took place.
COMMUNES = (
    "Cốc Đán (Ngân Sơn)", "Thượng Quan (Ngân Sơn)", "Đức Vân (Ngân Sơn)", "Vân Tùng (Ngân Sơn)",
    "Bộc Bố (Pác Nặm)", "Cổ Linh (Pác Nặm)", "Nghiên Loan (Pác Nặm)", "Khang Ninh (Ba Bể)",
    "Nam Mẫu (Ba Bể)", "Cao Thượng (Ba Bể)", "Kim Hỷ (Na Rì)", "Côn Minh (Na Rì)",
    "Bản Thi (Chợ Đồn)", "Xuân Lạc (Chợ Đồn)", "Quảng Khê (Ba Bể)",
)


def working_days(start: dt.date, end: dt.date) -> list[dt.date]:
    """Mondays to Fridays from ``start`` to ``end`` (inclusive) that are not public holidays."""
    out: list[dt.date] = []
    d = start
    while d <= end:
        if d.weekday() < 5 and d not in HOLIDAYS:
            out.append(d)
        d += dt.timedelta(days=1)
    return out


def next_working_day(d: dt.date, n: int = 1) -> dt.date:
    while n > 0:
        d += dt.timedelta(days=1)
        if d.weekday() < 5 and d not in HOLIDAYS:
            n -= 1
    return d


def split(rng: random.Random, total: int, parts: int, low: int) -> list[int]:
    """``parts`` integers ≥ ``low`` summing to ``total`` (random but reproducible)."""
    rest = total - parts * low
    cuts = sorted(rng.randint(0, rest) for _ in range(parts - 1))
    bounds = [0, *cuts, rest]
    return [low + bounds[i + 1] - bounds[i] for i in range(parts)]


class Register:
    """Per-organisation, per-year sequence numbers of the case register (TT12 Art 11 cl. 1)."""

    def __init__(self) -> None:
        self.seq: dict[tuple[str, int], int] = {}

    def code(self, org: str, form: Form, year: int) -> FileCode:
        n = self.seq.get((org, year), 0) + 1
        self.seq[(org, year)] = n
        return FileCode(org, form, n, year)


class Builder:
    """Builds cases with realistic events (request, acceptance, assignment, end, hand-over, reviews)."""

    def __init__(self, rng: random.Random) -> None:
        self.rng = rng
        self.register = Register()
        self.person = 0

    def org(self) -> str:
        return self.rng.choices(("TT", "CN1", "CN2"), weights=(5, 3, 2))[0]

    def beneficiary(self, form: Form, fld: LegalField, role: ProcedureRole | None, year: int) -> Beneficiary:
        rng = self.rng
        self.person += 1
        pid = f"BK-{self.person:04d}"
        groups: set[Group] = set()
        financial = FinancialBasis.UNKNOWN
        minority = Tri.YES if rng.random() < 0.82 else Tri.NO  # Tày, Nùng, Dao, H'Mông … are the majority
        if role is ProcedureRole.DEFENCE_COUNSEL:
            prole = rng.choice((PersonRole.SUSPECT, PersonRole.DEFENDANT, PersonRole.DEFENDANT, PersonRole.IN_CUSTODY))
            sex = Sex.MALE if rng.random() < 0.9 else Sex.FEMALE
            r = rng.random()
            if r < 0.08:
                groups.add(Group.JUVENILE_16_18)
                birth = year - 17
            else:
                birth = year - rng.randint(19, 60)
            r = rng.random()
            if minority is Tri.YES and r < 0.55:
                groups.add(Group.ETHNIC_MINORITY_DIFFICULT_AREA)
            if r < 0.2 or 0.55 <= r < 0.7:
                groups.add(Group.POOR_HOUSEHOLD)
            elif 0.7 <= r < 0.8:
                groups.add(Group.ACCUSED_NEAR_POOR)
            if rng.random() < 0.04:
                groups.add(Group.MERITORIOUS)
            if not groups:  # every beneficiary is eligible under some clause of Law Art 7
                groups.add(Group.ETHNIC_MINORITY_DIFFICULT_AREA if minority is Tri.YES else Group.POOR_HOUSEHOLD)
        else:
            prole = PersonRole.VICTIM if role is ProcedureRole.VICTIM_PROTECTOR else (
                PersonRole.PARTY if role is ProcedureRole.PARTY_PROTECTOR else PersonRole.NONE
            )
            sex = Sex.FEMALE if rng.random() < 0.6 else Sex.MALE
            r = rng.random()
            if prole is PersonRole.VICTIM and r < 0.4:
                groups.add(Group.CHILD)
                birth = year - rng.randint(8, 15)
            else:
                birth = year - rng.randint(20, 80)
                if birth <= year - 60 and rng.random() < 0.5:
                    groups.add(Group.ELDERLY)
                    financial = FinancialBasis.MONTHLY_SOCIAL_ALLOWANCE
                elif rng.random() < 0.25:
                    groups.add(Group.DISABILITY)
                    financial = FinancialBasis.NEAR_POOR_HOUSEHOLD
                elif sex is Sex.FEMALE and rng.random() < 0.3:
                    groups.add(Group.DOMESTIC_VIOLENCE_VICTIM)
                    financial = FinancialBasis.NEAR_POOR_HOUSEHOLD
            if minority is Tri.YES and rng.random() < 0.6:
                groups.add(Group.ETHNIC_MINORITY_DIFFICULT_AREA)
            if rng.random() < 0.3:
                groups.add(Group.POOR_HOUSEHOLD)
            if not groups:
                groups.add(Group.POOR_HOUSEHOLD)
        proofs = tuple(Proof(_PROOF[g]) for g in sorted(groups))
        return Beneficiary(
            pid, sex=sex, birth_year=birth, ethnic_minority=minority, residence=UNIT,
            extreme_difficulty_area=Tri.YES if Group.ETHNIC_MINORITY_DIFFICULT_AREA in groups else Tri.UNKNOWN,
            groups=frozenset(groups), financial=financial, role=prole, proofs=proofs,
        )

    def litigation(
        self,
        accepted: dt.date,
        source: RequestSource,
        *,
        ended: dt.date | None = None,
        handed_over: dt.date | None = None,
    ) -> tuple[Case, list[Event]]:
        rng = self.rng
        fld = rng.choices(
            (LegalField.CRIMINAL, LegalField.CIVIL, LegalField.MARRIAGE_FAMILY, LegalField.ADMINISTRATIVE),
            weights=(85, 7, 5, 3),
        )[0]
        if fld is LegalField.CRIMINAL:
            role = ProcedureRole.DEFENCE_COUNSEL if rng.random() < 0.8 else ProcedureRole.VICTIM_PROTECTOR
        else:
            role = ProcedureRole.PARTY_PROTECTOR
        org = self.org()
        code = self.register.code(org, Form.LITIGATION, accepted.year)
        ben = self.beneficiary(Form.LITIGATION, fld, role, accepted.year)
        kind = ProviderKind.TGV if rng.random() < 0.85 else ProviderKind.CENTER_LAWYER
        provider = f"TGV-{rng.randint(1, 6):02d}" if kind is ProviderKind.TGV else f"LS-{rng.randint(1, 3):02d}"
        immediate = source is RequestSource.PROCEDURE_BODY_NOTICE and ben.role is PersonRole.IN_CUSTODY
        events: list[Event] = [RequestReceived(on=at_vn(accepted, 8, 30))]
        if immediate:
            events.append(Accepted(on=at_vn(accepted, 9, 0), immediate=True,
                                   immediate_reason=ImmediateReason.COURT_APPOINTED_OR_NOTICE))
            events.append(ProviderAssigned(on=at_vn(accepted, 10, 0), provider_id=provider, provider_kind=kind))
            events.append(ProofSupplied(on=at_vn(next_working_day(accepted), 14, 0), proofs=ben.proofs))
        else:
            events.append(Accepted(on=at_vn(accepted, 9, 0)))
            events.append(ProviderAssigned(on=at_vn(next_working_day(accepted), 9, 0), provider_id=provider, provider_kind=kind))
        if ended is not None:
            events.append(Ended(on=at_vn(ended, 16, 0), outcome=EndKind.COMPLETED))
            if handed_over is not None:
                events.append(FileHandedOver(on=at_vn(handed_over, 10, 0)))
        case = Case(
            code=code, organisation=ORGS[org], unit=UNIT, form=Form.LITIGATION, field=fld,
            beneficiaries=(ben,), source=source, role=role, events=(),
        )
        return case, events

    def advice(self, accepted: dt.date, *, ended: dt.date, handed_over: dt.date) -> tuple[Case, list[Event]]:
        rng = self.rng
        fld = rng.choice((LegalField.LAND, LegalField.MARRIAGE_FAMILY, LegalField.CIVIL))
        org = self.org()
        code = self.register.code(org, Form.ADVICE, accepted.year)
        ben = self.beneficiary(Form.ADVICE, fld, None, accepted.year)
        events: list[Event] = [
            RequestReceived(on=at_vn(accepted, 8, 0)),
            Accepted(on=at_vn(accepted, 8, 30)),
            ProviderAssigned(on=at_vn(accepted, 9, 0), provider_id=f"TGV-{rng.randint(1, 6):02d}", provider_kind=ProviderKind.TGV),
            AdviceGiven(on=at_vn(ended, 10, 0)),
            Ended(on=at_vn(ended, 11, 0), outcome=EndKind.COMPLETED),
            FileHandedOver(on=at_vn(handed_over, 10, 0)),
        ]
        case = Case(
            code=code, organisation=ORGS[org], unit=UNIT, form=Form.ADVICE, field=fld,
            beneficiaries=(ben,), source=rng.choice((RequestSource.SELF, RequestSource.RELATIVE)), events=(),
        )
        return case, events

    def refused_request(self, on: dt.date, outcome: str) -> Case:
        fld = self.rng.choice((LegalField.CIVIL, LegalField.LAND))
        org = self.org()
        code = self.register.code(org, Form.ADVICE, on.year)
        ben = self.beneficiary(Form.ADVICE, fld, None, on.year)
        decision: Event
        if outcome == "refused":
            decision = Refused(on=at_vn(on, 15, 0), ground=RefusalGround.NOT_ELIGIBLE,
                               reason="Người yêu cầu không thuộc diện được trợ giúp pháp lý")
        else:
            decision = Transferred(on=at_vn(on, 15, 0), reason=TransferReason.NO_TERRITORIAL_COMPETENCE,
                                   to_organisation="thainguyen-center")
        return Case(
            code=code, organisation=ORGS[org], unit=UNIT, form=Form.ADVICE, field=fld, beneficiaries=(ben,),
            source=RequestSource.SELF, events=(RequestReceived(on=at_vn(on, 8, 0)), decision),
        )


_PROOF = {
    Group.MERITORIOUS: ProofKind.MERIT_RECOGNITION,
    Group.POOR_HOUSEHOLD: ProofKind.POOR_HOUSEHOLD_CERTIFICATE,
    Group.CHILD: ProofKind.BIRTH_CERTIFICATE_OR_ID,
    Group.ETHNIC_MINORITY_DIFFICULT_AREA: ProofKind.ETHNICITY_RESIDENCE_DOCUMENT,
    Group.JUVENILE_16_18: ProofKind.BIRTH_CERTIFICATE_OR_ID,
    Group.ACCUSED_NEAR_POOR: ProofKind.NEAR_POOR_CERTIFICATE,
    Group.ELDERLY: ProofKind.SOCIAL_ALLOWANCE_DECISION,
    Group.DISABILITY: ProofKind.DISABILITY_CERTIFICATE,
    Group.DOMESTIC_VIOLENCE_VICTIM: ProofKind.NO_CONTACT_ORDER,
}


def _review(scores: dict[str, int], level: ReviewerLevel, reviewer: str) -> QualityReview:
    return QualityReview(reviewer=reviewer, level=level, trigger=Trigger.PLAN, scores=scores)


def build(seed: int = SEED) -> tuple[list[Case], list[Activity]]:
    """The case register and the activity log (deterministic for a given seed)."""
    rng = random.Random(seed)
    b = Builder(rng)
    window_days = working_days(dt.date(2022, 1, 4), dt.date(2022, 5, 31))
    june_days = working_days(dt.date(2022, 6, 1), dt.date(2022, 6, 30))
    pending: list[tuple[Case, list[Event]]] = []

    def handover(end: dt.date) -> dt.date | None:
        h = next_working_day(end, rng.randint(2, 6))
        return h if h <= DATA_UNTIL else None

    # (A) 25 litigation cases accepted and ended in 2021 — neither carried over nor counted.
    for a in sorted(rng.sample(working_days(dt.date(2021, 3, 1), dt.date(2021, 9, 30)), 25)):
        end_a = next_working_day(a, rng.randint(25, 60))
        case, ev = b.litigation(a, RequestSource.PROCEDURE_BODY_NOTICE, ended=end_a, handed_over=handover(end_a))
        if rng.random() < 0.4:
            ev.append(AppraisalRecorded(on=at_vn(next_working_day(end_a, 10), 9, 0), review=_review(GOOD, ReviewerLevel.ORGANISATION, "BK-TĐ-2021")))
        pending.append((case, ev))

    # (B) 140 litigation cases accepted in 2021 and still open on 01/01/2022 (carried over):
    #     118 end in the window, 8 in June, 14 stay open.
    carried_days = sorted(rng.choices(working_days(dt.date(2021, 7, 1), dt.date(2021, 12, 31)), k=140))
    ends_b = sorted(rng.choices(window_days, k=118))
    fates: list[dt.date | None] = [*ends_b, *sorted(rng.choices(june_days, k=8)), *([None] * 14)]
    rng.shuffle(fates)
    carried: list[tuple[dt.date, dt.date | None]] = sorted(zip(carried_days, fates, strict=True), key=lambda p: p[0])
    for a, fate in carried:
        source = rng.choices(
            (RequestSource.PROCEDURE_BODY_NOTICE, RequestSource.SELF, RequestSource.RELATIVE), weights=(80, 12, 8)
        )[0]
        pending.append(b.litigation(a, source, ended=fate, handed_over=handover(fate) if fate else None))

    # (C) 152 litigation cases accepted in the window: 124 on a procedure-conducting body's
    #     notice (TTLT10 Art 7 cl. 2); 32 end in the window, 12 in June, 108 stay open.
    sources = (
        [RequestSource.PROCEDURE_BODY_NOTICE] * 124 + [RequestSource.SELF] * 12 + [RequestSource.RELATIVE] * 8
        + [RequestSource.COMMUNE_REFERRAL] * 5 + [RequestSource.PROCEDURE_BODY_INFORMATION] * 3
    )
    rng.shuffle(sources)
    accepted_days = sorted(rng.choices(window_days, k=152))
    early = set(range(40))  # the first 40 accepted: 32 of them end in the window
    ending_in_window = set(rng.sample(sorted(early), 32))
    later = [i for i in range(152) if i not in ending_in_window]
    ending_in_june = set(rng.sample(later, 12))
    for i, (a, source) in enumerate(zip(accepted_days, sources, strict=True)):
        end_c: dt.date | None = None
        if i in ending_in_window:
            choices = [d for d in window_days if d >= next_working_day(a, 15)]
            end_c = rng.choice(choices)
        elif i in ending_in_june:
            end_c = rng.choice(june_days)
        pending.append(b.litigation(a, source, ended=end_c, handed_over=handover(end_c) if end_c else None))

    # (D) 4 advice cases accepted in the window, all answered and ended in it (Law Art 32 cl. 2).
    for a in (dt.date(2022, 2, 15), dt.date(2022, 3, 22), dt.date(2022, 4, 19), dt.date(2022, 5, 12)):
        end = next_working_day(a, rng.randint(3, 6))
        pending.append(b.advice(a, ended=end, handed_over=next_working_day(end, 2)))

    # (E) June 2022 (outside the statistics window, inside the calendar half-year).
    for a in sorted(rng.choices(june_days, k=17)):
        source = RequestSource.PROCEDURE_BODY_NOTICE if rng.random() < 0.8 else RequestSource.SELF
        pending.append(b.litigation(a, source))
    a = dt.date(2022, 6, 8)
    end = next_working_day(a, 4)
    pending.append(b.advice(a, ended=end, handed_over=next_working_day(end, 2)))

    # Quality appraisal (TT12 Art 14): 91 litigation cases appraised in the window, all
    # graded pass or better; one of them appraised twice (only the latest counts).
    candidates = [
        i for i, (case, ev) in enumerate(pending)
        if case.form is Form.LITIGATION and _handover_day(ev) is not None
        and dt.date(2022, 1, 1) <= _end_day(ev) <= dt.date(2022, 5, 31)  # type: ignore[operator]
        and next_working_day(_handover_day(ev), 8) <= dt.date(2022, 5, 31)  # type: ignore[arg-type]
    ]
    appraised = sorted(rng.sample(candidates, 91))
    grades = [GOOD] * 63 + [FAIRLY_GOOD] * 24 + [PASS] * 4
    rng.shuffle(grades)
    for i, scores in zip(appraised, grades, strict=True):
        _case, ev = pending[i]
        h = _handover_day(ev)
        assert h is not None
        day = next_working_day(h, rng.randint(1, 8))
        ev.append(AppraisalRecorded(on=at_vn(day, 14, 0), review=_review(scores, ReviewerLevel.ORGANISATION, "BK-TĐ-01")))
    twice = appraised[0]
    _c, ev0 = pending[twice]
    first = ev0[-1]
    assert isinstance(first, AppraisalRecorded)
    ev0.insert(len(ev0) - 1, AppraisalRecorded(
        on=first.on - dt.timedelta(days=1), review=_review(FAIRLY_GOOD, ReviewerLevel.ORGANISATION, "BK-TĐ-02"),
    ))
    # Appraisals done in June (outside the window).
    june_cands = [
        i for i, (case, ev) in enumerate(pending)
        if i not in appraised and case.form is Form.LITIGATION and _handover_day(ev) is not None
        and _handover_day(ev) <= dt.date(2022, 6, 20)  # type: ignore[operator]
        and _end_day(ev) >= dt.date(2022, 4, 1)  # type: ignore[operator]
    ]
    for i in sorted(rng.sample(june_cands, 9)):
        _case, ev = pending[i]
        h = _handover_day(ev)
        assert h is not None
        day = max(next_working_day(h, 2), dt.date(2022, 6, 21))
        ev.append(AppraisalRecorded(on=at_vn(day, 14, 0), review=_review(GOOD, ReviewerLevel.ORGANISATION, "BK-TĐ-01")))

    # DOJ evaluation (TT12 Art 15) of 6 appraised cases in April–May, by plan.
    evaluated = [i for i in appraised if (_last_appraisal(pending[i][1]) or dt.date.max) <= dt.date(2022, 5, 20)]
    for i in sorted(rng.sample(evaluated, 6)):
        _case, ev = pending[i]
        la = _last_appraisal(ev)
        assert la is not None
        day = next_working_day(la, 5)
        ev.append(EvaluationRecorded(on=at_vn(day, 15, 0), review=QualityReview(
            reviewer="STP-BK", level=ReviewerLevel.DOJ, trigger=Trigger.PLAN, scores=FAIRLY_GOOD)))

    # Effectiveness evaluation (QĐ 1179/QĐ-BTP, in force 16/05/2022): 3 successful criminal
    # litigation cases and 2 not successful, assessed 16–31/05/2022.
    criminal_ended = [
        i for i, (case, ev) in enumerate(pending)
        if case.form is Form.LITIGATION and case.field is LegalField.CRIMINAL and case.role is ProcedureRole.DEFENCE_COUNSEL
        and _end_day(ev) is not None and dt.date(2022, 1, 1) <= _end_day(ev) <= dt.date(2022, 5, 13)  # type: ignore[operator]
    ]
    picked = rng.sample(criminal_ended, 5)
    for n, i in enumerate(picked):
        _case, ev = pending[i]
        day = dt.date(2022, 5, 17) + dt.timedelta(days=2 * n)
        crit = ("TC06", "TC05", "TC02", None, None)[n]
        ev.append(SuccessAssessed(on=at_vn(day, 10, 0), successful=crit is not None, criterion=crit, assessor="backan-center"))

    cases = [case.with_events(*sorted(ev, key=lambda e: e.on)) for case, ev in pending]

    # (F) Requests refused (Law Art 30 cl. 3) or transferred (Law Art 35) — never cases.
    cases.append(b.refused_request(dt.date(2022, 3, 9), "refused"))
    cases.append(b.refused_request(dt.date(2022, 4, 26), "refused"))
    cases.append(b.refused_request(dt.date(2022, 5, 18), "transferred"))
    cases.append(b.refused_request(dt.date(2022, 6, 14), "refused"))
    cases.sort(key=lambda c: (c.code.year, c.code.org, c.code.seq))
    return cases, activities(rng, window_days, june_days)


def activities(rng: random.Random, window_days: list[dt.date], june_days: list[dt.date]) -> list[Activity]:
    """Reception, simple answers, communication sessions and training."""
    out: list[Activity] = []
    ids = _ids()

    def org() -> str:
        return ORGS[rng.choices(("TT", "CN1", "CN2"), weights=(5, 3, 2))[0]]

    # Reception at the office: 122 person-visits in the window (60 reception days), 25 in June.
    for days, persons in ((sorted(rng.sample(window_days, 60)), 122), (sorted(rng.sample(june_days, 12)), 25)):
        for day, n in zip(days, split(rng, persons, len(days), 1), strict=True):
            out.append(Reception(id=next(ids), on=day, organisation=org(), unit=UNIT, persons=n))
    # Simple on-the-spot answers: 32 in the window, 7 in June.
    fields = (LegalField.LAND, LegalField.MARRIAGE_FAMILY, LegalField.CIVIL, LegalField.ADMINISTRATIVE, LegalField.OTHER)
    for day in sorted([*rng.choices(window_days, k=32), *rng.choices(june_days, k=7)]):
        out.append(SimpleAnswer(id=next(ids), on=day, organisation=org(), unit=UNIT, field=rng.choice(fields)))
    # Communication sessions in the window: 32 sessions in 14 communes, 1,389 attendees, of
    # which 21 sessions in 13 communes for 825 persons with disabilities in financial
    # difficulty and 4 sessions in 2 communes for 100 women; 4,628 leaflets.
    disabled = [*COMMUNES[:13], *rng.choices(COMMUNES[:13], k=8)]
    women = [COMMUNES[0], COMMUNES[0], COMMUNES[1], COMMUNES[1]]
    general = [COMMUNES[13], COMMUNES[13], COMMUNES[2], COMMUNES[5], COMMUNES[8], COMMUNES[10], COMMUNES[3]]
    plan = (
        [(c, TargetGroup.DISABLED_IN_FINANCIAL_DIFFICULTY) for c in disabled]
        + [(c, TargetGroup.WOMEN) for c in women]
        + [(c, TargetGroup.GENERAL) for c in general]
    )
    attendees = (
        split(rng, 825, len(disabled), 20) + split(rng, 100, len(women), 20) + split(rng, 464, len(general), 40)
    )
    leaflets = split(rng, 4628, len(plan), 60)
    days = sorted(rng.sample([d for d in window_days if d >= dt.date(2022, 3, 1)], len(plan)))
    order = list(range(len(plan)))
    rng.shuffle(order)
    for day, k in zip(days, order, strict=True):
        commune, target = plan[k]
        out.append(OutreachSession(
            id=next(ids), on=day, organisation=org(), unit=UNIT, commune=commune, target=target,
            attendees=attendees[k], leaflets=leaflets[k],
        ))
    # June: 3 more sessions, one in a 15th commune.
    for day, commune, n in zip(sorted(rng.sample(june_days, 3)), (COMMUNES[14], COMMUNES[4], COMMUNES[14]), (45, 38, 41), strict=True):
        out.append(OutreachSession(id=next(ids), on=day, organisation=org(), unit=UNIT, commune=commune,
                                   target=TargetGroup.GENERAL, attendees=n, leaflets=100))
    # The 2022 skills training for providers and Center staff (TT12 Art 4).
    out.append(Training(id=next(ids), on=dt.date(2022, 4, 21), organisation=ORGS["TT"], unit=UNIT, participants=35, hours=8.0))
    out.sort(key=lambda a: (a.on, a.id))
    return out


def _ids() -> Iterator[str]:
    n = 0
    while True:
        n += 1
        yield f"BK-HĐ-{n:04d}"


def _end_day(events: list[Event]) -> dt.date | None:
    for e in events:
        if isinstance(e, Ended):
            return e.on.date()
    return None


def _handover_day(events: list[Event]) -> dt.date | None:
    for e in events:
        if isinstance(e, FileHandedOver):
            return e.on.date()
    return None


def _last_appraisal(events: list[Event]) -> dt.date | None:
    days = [e.on.date() for e in events if isinstance(e, AppraisalRecorded)]
    return max(days) if days else None


def main(argv: list[str] | None = None) -> int:
    """Write ``cases.jsonl`` and ``activities.jsonl`` next to this script (or into ``argv[0]``)."""
    from tgpl.io.jsonl import write_jsonl

    out = Path(argv[0]) if argv else HERE
    cases, acts = build()
    write_jsonl(cases, out / "cases.jsonl")
    write_jsonl(acts, out / "activities.jsonl")
    print(f"wrote {len(cases)} cases and {len(acts)} activities to {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
