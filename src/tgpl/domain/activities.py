"""Non-case work the reports count beside cases (hoạt động khác ngoài vụ việc).

Counting units differ from cases (docs/architecture.md principle 4): a simple answer is one
*việc*, a reception record counts person-visits (*lượt người*), a communication session
counts sessions, communes, attendees and leaflets.

Every count of one record is bounded (:data:`MAX_PERSONS`, :data:`MAX_LEAFLETS`,
:data:`MAX_HOURS`): a number far beyond what one day's reception, one session, one trip
or one training can hold is a typing or export error (``2**63`` persons would otherwise
be printed as 9 quintillion visits), refused on its record instead of counted.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar, Final

import attrs
from attrs import frozen
from attrs.validators import and_, ge, le

from tgpl.domain.duty import CouncilActivity, DutyShift
from tgpl.domain.enums import LegalField, TargetGroup
from tgpl.domain.units import UnitRef

__all__ = [
    "MAX_HOURS",
    "MAX_LEAFLETS",
    "MAX_PERSONS",
    "Activity",
    "MobileTrip",
    "OutreachSession",
    "Reception",
    "SimpleAnswer",
    "Training",
]

#: Most persons (person-visits, attendees, participants) one activity record may count:
#: 100,000 — more than the largest stadium event; a province's whole year of reception
#: is a few thousand visits. A larger value is refused as a typing or export error.
MAX_PERSONS: Final = 100_000
#: Most leaflets one outreach session may count (1,000,000).
MAX_LEAFLETS: Final = 1_000_000
#: Most hours one training record may count (8,784: every hour of a leap year).
MAX_HOURS: Final = 8_784.0

_PERSONS = and_(ge(0), le(MAX_PERSONS))


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
    persons: int = attrs.field(default=1, validator=_PERSONS)


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
    attendees: int = attrs.field(default=0, validator=_PERSONS)
    leaflets: int = attrs.field(default=0, validator=and_(ge(0), le(MAX_LEAFLETS)))
    #: National target programmes the session is held under (codes of ``tgpl.rules.programmes``).
    programmes: tuple[str, ...] = ()


@frozen(kw_only=True)
class MobileTrip:
    """A mobile legal aid trip (đợt TGPL lưu động) to one or more communes."""

    schema: ClassVar[str] = "tgpl.mobile_trip/1"
    id: str
    on: dt.date
    organisation: str
    unit: UnitRef
    communes: tuple[str, ...] = ()
    persons: int = attrs.field(default=0, validator=_PERSONS)
    #: National target programmes the trip is made under (codes of ``tgpl.rules.programmes``).
    programmes: tuple[str, ...] = ()


@frozen(kw_only=True)
class Training:
    """A training for providers (tập huấn, bồi dưỡng); TGVs need ≥ 8 hours a year (TT12 Art 4)."""

    schema: ClassVar[str] = "tgpl.training/1"
    id: str
    on: dt.date
    organisation: str
    unit: UnitRef
    participants: int = attrs.field(default=0, validator=_PERSONS)
    hours: float = attrs.field(default=0.0, validator=and_(ge(0.0), le(MAX_HOURS)))


Activity = SimpleAnswer | Reception | OutreachSession | MobileTrip | Training | DutyShift | CouncilActivity
