"""Non-case work the reports count beside cases (hoạt động khác ngoài vụ việc).

Counting units differ from cases (docs/architecture.md principle 4): a simple answer is one
*việc*, a reception record counts person-visits (*lượt người*), a communication session
counts sessions, communes, attendees and leaflets.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

import attrs
from attrs import frozen
from attrs.validators import ge

from tgpl.domain.enums import LegalField, TargetGroup
from tgpl.domain.units import UnitRef

__all__ = ["Activity", "MobileTrip", "OutreachSession", "Reception", "SimpleAnswer", "Training"]


@frozen(kw_only=True)
class SimpleAnswer:
    """A simple legal question answered on the spot (việc): no case file, no code (Law Art 32 cl. 2; TT12 Art 8 cl. 2)."""

    schema: ClassVar[str] = "tgpl.simple_answer/1"
    id: str
    on: dt.date
    organisation: str
    unit: UnitRef
    field: LegalField = LegalField.OTHER


@frozen(kw_only=True)
class Reception:
    """Reception of citizens at the office (tiếp công dân): ``persons`` person-visits on one day."""

    schema: ClassVar[str] = "tgpl.reception/1"
    id: str
    on: dt.date
    organisation: str
    unit: UnitRef
    persons: int = attrs.field(default=1, validator=ge(0))


@frozen(kw_only=True)
class OutreachSession:
    """A communication session on legal aid (truyền thông về TGPL) at one place (điểm) in a commune."""

    schema: ClassVar[str] = "tgpl.outreach/1"
    id: str
    on: dt.date
    organisation: str
    unit: UnitRef
    commune: str
    target: TargetGroup = TargetGroup.GENERAL
    attendees: int = attrs.field(default=0, validator=ge(0))
    leaflets: int = attrs.field(default=0, validator=ge(0))


@frozen(kw_only=True)
class MobileTrip:
    """A mobile legal aid trip (đợt TGPL lưu động) to one or more communes."""

    schema: ClassVar[str] = "tgpl.mobile_trip/1"
    id: str
    on: dt.date
    organisation: str
    unit: UnitRef
    communes: tuple[str, ...] = ()
    persons: int = attrs.field(default=0, validator=ge(0))


@frozen(kw_only=True)
class Training:
    """A training for providers (tập huấn, bồi dưỡng); TGVs need ≥ 8 hours a year (TT12 Art 4)."""

    schema: ClassVar[str] = "tgpl.training/1"
    id: str
    on: dt.date
    organisation: str
    unit: UnitRef
    participants: int = attrs.field(default=0, validator=ge(0))
    hours: float = attrs.field(default=0.0, validator=ge(0.0))


Activity = SimpleAnswer | Reception | OutreachSession | MobileTrip | Training
