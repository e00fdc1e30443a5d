"""Deterministic demo-like cases for the io tests and the throughput measurement."""

from __future__ import annotations

import datetime as dt

from tgpl.domain import (
    Accepted,
    AdviceGiven,
    AppraisalRecorded,
    Beneficiary,
    Case,
    Ended,
    EndKind,
    FileCode,
    FileHandedOver,
    FinancialBasis,
    Form,
    Group,
    LegalField,
    PersonRole,
    ProcedureRole,
    Proof,
    ProofKind,
    ProviderAssigned,
    ProviderKind,
    QualityReview,
    RequestReceived,
    RequestSource,
    ReviewerLevel,
    Sex,
    Tri,
    Trigger,
    UnitRef,
    UnitScheme,
    at_vn,
)
from tgpl.domain.events import Event

_FORMS = (Form.LITIGATION, Form.ADVICE, Form.REPRESENTATION)
_FIELDS = tuple(LegalField)
_GROUPS = (Group.POOR_HOUSEHOLD, Group.CHILD, Group.ETHNIC_MINORITY_DIFFICULT_AREA, Group.MERITORIOUS, Group.DISABILITY)
_UNITS = tuple(UnitRef(UnitScheme.P2004, c) for c in ("01", "06", "19", "24", "79"))


def demo_case(i: int) -> Case:
    """The ``i``-th demo case: 1–3 beneficiaries, 4–7 events, every third one appraised."""
    form = _FORMS[i % 3]
    year = 2020 + i % 5
    start = dt.date(year, 1 + i % 12, 1 + i % 28)
    people = tuple(
        Beneficiary(
            id=f"P{i:06d}-{k}",
            sex=(Sex.MALE, Sex.FEMALE, Sex.UNKNOWN)[(i + k) % 3],
            birth_year=1950 + (i * 7 + k) % 60,
            ethnic_minority=(Tri.YES, Tri.NO, Tri.UNKNOWN)[i % 3],
            residence=_UNITS[(i + k) % len(_UNITS)],
            groups=frozenset({_GROUPS[(i + k) % len(_GROUPS)]}),
            financial=FinancialBasis.NEAR_POOR_HOUSEHOLD if i % 2 else FinancialBasis.UNKNOWN,
            role=PersonRole.DEFENDANT if form is Form.LITIGATION else PersonRole.UNKNOWN,
            proofs=(Proof(ProofKind.POOR_HOUSEHOLD_CERTIFICATE, issued_on=start),) if i % 2 else (),
            name=f"Nguyễn Văn {i}-{k}",
        )
        for k in range(1 + i % 3)
    )
    events: list[Event] = [
        RequestReceived(on=at_vn(start, 8, 30)),
        Accepted(on=at_vn(start, 10)),
        ProviderAssigned(on=at_vn(start + dt.timedelta(days=1), 9), provider_id=f"TGV{i % 40:02d}",
                         provider_kind=ProviderKind.TGV),
    ]
    if form is Form.ADVICE:
        events.append(AdviceGiven(on=at_vn(start + dt.timedelta(days=5), 15)))
    if i % 4 != 3:
        end = start + dt.timedelta(days=30 + i % 60)
        events.append(Ended(on=at_vn(end, 16), outcome=EndKind.COMPLETED))
        events.append(FileHandedOver(on=at_vn(end + dt.timedelta(days=10), 9)))
        if i % 3 == 0:
            events.append(AppraisalRecorded(
                on=at_vn(end + dt.timedelta(days=40), 9),
                review=QualityReview("TD01", ReviewerLevel.ORGANISATION, Trigger.PLAN,
                                     scores={"1a": 3, "1b": 2, "2a": 10, "3": 20}),
            ))
    return Case(
        code=FileCode("TT", form, 1 + i % 9999, year),
        organisation="STP-06-TT",
        unit=_UNITS[i % len(_UNITS)],
        form=form,
        field=_FIELDS[i % len(_FIELDS)],
        beneficiaries=people,
        source=(RequestSource.SELF, RequestSource.RELATIVE, RequestSource.PROCEDURE_BODY_NOTICE)[i % 3],
        role=ProcedureRole.DEFENCE_COUNSEL if form is Form.LITIGATION else None,
        events=tuple(events),
    )
