"""Typed, dated case events (docs/architecture.md principle 1).

A case is a header plus an append-only, ordered tuple of these events; its state is a
fold of :func:`tgpl.domain.lifecycle.evolve` over them. Every event has ``on``, a
timezone-aware moment (Asia/Ho_Chi_Minh), because some deadlines run in hours
(Law Art 31 cl. 2; TTLT10 Art 6). ``kind`` is the stable tag written to files.
"""

from __future__ import annotations

import datetime as dt
from typing import ClassVar

from attrs import field, frozen

from tgpl.domain._time import require_aware
from tgpl.domain.beneficiary import Proof
from tgpl.domain.enums import (
    ChangeGround,
    ComplaintLevel,
    ComplaintSubject,
    EndKind,
    ImmediateReason,
    LegacySuccessBasis,
    NotContinuedGround,
    ProviderKind,
    RefusalGround,
    RegistrationRefusal,
    ReviewerLevel,
    TransferReason,
)
from tgpl.domain.hearing import HearingMode, TrialInstance
from tgpl.domain.review import QualityReview

__all__ = [
    "EVENT_TYPES",
    "Accepted",
    "AdviceDeadlineExtended",
    "AdviceGiven",
    "AppraisalRecorded",
    "Archived",
    "ComplaintDecided",
    "ComplaintLodged",
    "Ended",
    "EvaluationRecorded",
    "Event",
    "EventBase",
    "FileHandedOver",
    "HearingAttended",
    "ProofSupplied",
    "ProviderAssigned",
    "ProviderChangeDeclined",
    "ProviderChangeRequested",
    "ProviderChanged",
    "Refused",
    "RegistrationRefused",
    "RequestReceived",
    "SuccessAssessed",
    "Transferred",
]


@frozen(kw_only=True)
class EventBase:
    """Common part of every event: when it happened."""

    kind: ClassVar[str] = ""
    on: dt.datetime = field(validator=require_aware)


@frozen(kw_only=True)
class RequestReceived(EventBase):
    """A request for legal aid was received (tiếp nhận yêu cầu), Law Art 29."""

    kind: ClassVar[str] = "request_received"


@frozen(kw_only=True)
class Accepted(EventBase):
    """The request was accepted (thụ lý): entered in the case register, TT12 Art 5 cl. 2.

    ``immediate`` marks immediate acceptance of an incomplete file (thụ lý ngay, Law Art
    30 cl. 4), which needs ``immediate_reason`` and starts the proof deadline of TT12 Art 6.
    """

    kind: ClassVar[str] = "accepted"
    immediate: bool = False
    immediate_reason: ImmediateReason | None = None

    def __attrs_post_init__(self) -> None:
        if self.immediate and self.immediate_reason is None:
            raise ValueError("an immediate acceptance needs its Law Art 30 cl. 4 reason (immediate_reason)")
        if not self.immediate and self.immediate_reason is not None:
            raise ValueError("immediate_reason is only for immediate acceptance (immediate=true)")


@frozen(kw_only=True)
class Refused(EventBase):
    """The request was refused on a Law Art 30 cl. 3 ground, with a written reason (Mẫu 08)."""

    kind: ClassVar[str] = "refused"
    ground: RefusalGround
    reason: str = ""


@frozen(kw_only=True)
class Transferred(EventBase):
    """The request was forwarded to another organisation (Law Art 35; Mẫu 09)."""

    kind: ClassVar[str] = "transferred"
    reason: TransferReason
    to_organisation: str


@frozen(kw_only=True)
class ProviderAssigned(EventBase):
    """A provider was assigned (cử người thực hiện), Law Art 31 cl. 2, Art 33 cl. 2."""

    kind: ClassVar[str] = "provider_assigned"
    provider_id: str
    provider_kind: ProviderKind


@frozen(kw_only=True)
class ProviderChangeRequested(EventBase):
    """The beneficiary asked to change the provider (Mẫu 04); answer due in 3 working days (TT12 Art 9 cl. 1)."""

    kind: ClassVar[str] = "provider_change_requested"
    ground: ChangeGround = ChangeGround.BENEFICIARY_REQUEST


@frozen(kw_only=True)
class ProviderChangeDeclined(EventBase):
    """The organisation declined the beneficiary's change-of-provider request, in writing with
    reasons (TT12 Art 9 cl. 1): this answers the request without a replacement."""

    kind: ClassVar[str] = "provider_change_declined"
    reason: str = ""


@frozen(kw_only=True)
class RegistrationRefused(EventBase):
    """A procedure-conducting body refused or cancelled the provider's registration (TTLT10 Art 6)."""

    kind: ClassVar[str] = "registration_refused"
    refusal: RegistrationRefusal


@frozen(kw_only=True)
class ProviderChanged(EventBase):
    """The provider was replaced, with the ground (Law Art 25 cl. 3; TT12 Art 9; TTLT10 Art 6)."""

    kind: ClassVar[str] = "provider_changed"
    provider_id: str
    provider_kind: ProviderKind
    ground: ChangeGround


@frozen(kw_only=True)
class ProofSupplied(EventBase):
    """Proof of eligibility was supplied (TT08 Art 33; after an immediate acceptance, TT12 Art 6)."""

    kind: ClassVar[str] = "proof_supplied"
    proofs: tuple[Proof, ...] = ()


@frozen(kw_only=True)
class AdviceGiven(EventBase):
    """The written advice was delivered (Law Art 32 cl. 2)."""

    kind: ClassVar[str] = "advice_given"


def _advice_days(_i: object, _a: object, value: int) -> None:
    if not 10 < value <= 30:
        raise ValueError(f"an advice deadline may be extended beyond 10 and up to 30 days, got {value}")


@frozen(kw_only=True)
class AdviceDeadlineExtended(EventBase):
    """The advice deadline was extended for a complex matter, up to 30 days (Law Art 32 cl. 2)."""

    kind: ClassVar[str] = "advice_deadline_extended"
    total_days: int = field(default=30, validator=_advice_days)


@frozen(kw_only=True)
class Ended(EventBase):
    """The case ended (kết thúc vụ việc), TT12 Art 10.

    ``outcome`` NOT_CONTINUED needs a ``ground`` (Law Art 37 cl. 1; TT12 Art 6 cl. 2 pt b).
    """

    kind: ClassVar[str] = "ended"
    outcome: EndKind
    ground: NotContinuedGround | None = None

    def __attrs_post_init__(self) -> None:
        if self.outcome is EndKind.NOT_CONTINUED and self.ground is None:
            raise ValueError("a case not continued needs its Law Art 37 cl. 1 ground")
        if self.outcome is not EndKind.NOT_CONTINUED and self.ground is not None:
            raise ValueError("a ground is only recorded when the case is not continued")


@frozen(kw_only=True)
class FileHandedOver(EventBase):
    """The provider handed the case file to the organisation (Law Art 39; within 30 days of the end)."""

    kind: ClassVar[str] = "file_handed_over"


@frozen(kw_only=True)
class Archived(EventBase):
    """The case file was archived (lưu trữ hồ sơ), Law Art 39."""

    kind: ClassVar[str] = "archived"


@frozen(kw_only=True, hash=False)
class AppraisalRecorded(EventBase):
    """A quality appraisal (thẩm định chất lượng) by the organisation itself (TT12 Art 14)."""

    kind: ClassVar[str] = "appraisal_recorded"
    review: QualityReview


@frozen(kw_only=True, hash=False)
class EvaluationRecorded(EventBase):
    """A quality evaluation (đánh giá chất lượng) by the DOJ or the MoJ (TT12 Art 15)."""

    kind: ClassVar[str] = "evaluation_recorded"
    review: QualityReview


@frozen(kw_only=True)
class SuccessAssessed(EventBase):
    """An assessment of whether an ended litigation case was successful (QĐ 1179/QĐ-BTP; TT12 Art 14)."""

    kind: ClassVar[str] = "success_assessed"
    successful: bool
    criterion: str | None = None
    assessor: str = ""
    level: ReviewerLevel = ReviewerLevel.ORGANISATION
    #: For an assessment dated before QĐ 1179/QĐ-BTP (16/05/2022): the earlier guidance it
    #: was made under, in place of a criterion (:data:`tgpl.rules.success.LEGACY_BASES`).
    legacy_basis: LegacySuccessBasis | None = None

    def __attrs_post_init__(self) -> None:
        if self.successful and self.criterion is None and self.legacy_basis is None:
            raise ValueError("a successful case records the QĐ 1179 criterion met (TC01…TC30), "
                             "or, before 16/05/2022, the earlier guidance (legacy_basis)")
        if self.criterion is not None and self.legacy_basis is not None:
            raise ValueError("a success assessment records a QĐ 1179 criterion or an earlier guidance, not both")


@frozen(kw_only=True)
class ComplaintLodged(EventBase):
    """A complaint (khiếu nại) under Law Art 45 cl. 1."""

    kind: ClassVar[str] = "complaint_lodged"
    subject: ComplaintSubject
    level: ComplaintLevel = ComplaintLevel.ORGANISATION_HEAD


@frozen(kw_only=True)
class ComplaintDecided(EventBase):
    """A decision on a complaint (Law Art 45 cl. 2–3)."""

    kind: ClassVar[str] = "complaint_decided"
    level: ComplaintLevel = ComplaintLevel.ORGANISATION_HEAD
    upheld: bool = False


@frozen(kw_only=True)
class HearingAttended(EventBase):
    """The provider took part in a court hearing of the case (tham gia phiên tòa), in person
    or online (Law Art 31 cl. 1; NQ 33/2021/QH15; TTLT 05/2021/TTLT-TANDTC-VKSNDTC-BCA-BQP-BTP).

    ``instance``: first instance or appeal, ``None`` when not recorded; ``provider_id``: the
    provider's name-free id, ``None`` when not recorded.
    """

    kind: ClassVar[str] = "hearing_attended"
    mode: HearingMode
    instance: TrialInstance | None = None
    provider_id: str | None = None


Event = (
    RequestReceived
    | Accepted
    | Refused
    | Transferred
    | ProviderAssigned
    | ProviderChangeRequested
    | ProviderChangeDeclined
    | RegistrationRefused
    | ProviderChanged
    | ProofSupplied
    | AdviceGiven
    | AdviceDeadlineExtended
    | Ended
    | FileHandedOver
    | Archived
    | AppraisalRecorded
    | EvaluationRecorded
    | SuccessAssessed
    | ComplaintLodged
    | ComplaintDecided
    | HearingAttended
)

#: Event classes by their stable ``kind`` tag.
EVENT_TYPES: dict[str, type[EventBase]] = {
    cls.kind: cls
    for cls in (
        RequestReceived, Accepted, Refused, Transferred, ProviderAssigned,
        ProviderChangeRequested, ProviderChangeDeclined, RegistrationRefused, ProviderChanged, ProofSupplied,
        AdviceGiven, AdviceDeadlineExtended, Ended, FileHandedOver, Archived,
        AppraisalRecorded, EvaluationRecorded, SuccessAssessed, ComplaintLodged,
        ComplaintDecided, HearingAttended,
    )
}
