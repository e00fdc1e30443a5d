"""A request before acceptance (yêu cầu trợ giúp pháp lý): the header of a case stream.

A case file code (TT12 Art 11 cl. 1: ``<org>.<form>.<seq>.<year>``) is the entry in the
organisation's case register, so it exists only once the request is accepted (thụ lý,
Law Art 30 cl. 1; TT12 Art 5 cl. 2). Until then a request is known by its own ``id``,
which the caller chooses (a reception number, a UUID). :class:`Request` holds what a
:class:`~tgpl.domain.Case` holds except the code and the events; ``code_org`` is the
organisation part of the code the register will give it (``TT`` for the Center,
``CN1`` for branch 1).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Final

import attrs
from attrs import frozen

from tgpl.domain import VN_TZ, Beneficiary, Case, FileCode, Form, LegalField, UnitRef
from tgpl.domain.enums import OnlineServiceLevel, ProcedureRole, RequestChannel, RequestSource
from tgpl.domain.events import Event

__all__ = ["REQUEST_CODE_SUFFIX", "Request", "request_code"]

#: Suffix of the organisation part of the code under which a request that never got a
#: file code (refused, transferred, or not decided yet) is written to JSON Lines:
#: ``TT-YC.TV.17.2026`` ("YC": yêu cầu). It is not a register entry (TT12 Art 11); its
#: sequence is the request's row number in the store.
REQUEST_CODE_SUFFIX: Final = "-YC"


def _id(_i: object, _a: object, value: str) -> None:
    if not value or len(value) > 100 or value != value.strip():
        raise ValueError("a request id is 1 to 100 characters without surrounding spaces")


def _code_org(_i: object, _a: object, value: str) -> None:
    if not value or "." in value or any(c.isspace() for c in value) or value.endswith(REQUEST_CODE_SUFFIX):
        raise ValueError(f"code_org is the organisation part of a file code (e.g. TT, CN1): no dots, spaces or {REQUEST_CODE_SUFFIX!r} suffix")


def _beneficiaries(_i: object, _a: object, value: tuple[Beneficiary, ...]) -> None:
    """The rule of :class:`~tgpl.domain.Case` for its beneficiaries, checked when the request
    is made: a request the case would refuse could never be accepted."""
    if not value:
        raise ValueError("a request has at least one beneficiary")
    if len({b.id for b in value}) != len(value):
        raise ValueError("the same beneficiary id appears twice in one request")


@frozen(kw_only=True, hash=False)
class Request:
    """The header of a case stream: a request for legal aid, identified by ``id``.

    The fields are those of :class:`~tgpl.domain.Case` (same meaning, same JSON forms)
    without ``code`` and ``events``: the store assigns the code on acceptance.
    """

    id: str = attrs.field(validator=_id)
    organisation: str
    code_org: str = attrs.field(validator=_code_org)
    unit: UnitRef
    form: Form
    field: LegalField
    beneficiaries: tuple[Beneficiary, ...] = attrs.field(validator=_beneficiaries)
    source: RequestSource = RequestSource.UNKNOWN
    role: ProcedureRole | None = None
    channel: RequestChannel | None = None
    online_level: OnlineServiceLevel | None = None
    duty_shift: str | None = None
    programmes: tuple[str, ...] = ()

    def __attrs_post_init__(self) -> None:
        # The rules of Case, checked when the request is made: a request the case would
        # refuse could never be accepted.
        if self.role is not None and self.form is not Form.LITIGATION:
            raise ValueError("a procedural role (role) is only recorded for litigation cases")
        if self.online_level is not None and self.channel is not RequestChannel.ONLINE_PUBLIC_SERVICE:
            raise ValueError("an online service level (online_level) is only recorded for the online public service channel")
        if self.duty_shift is not None and self.source not in (RequestSource.COURT_DUTY, RequestSource.INVESTIGATION_DUTY):
            raise ValueError("a duty shift (duty_shift) is only linked to a request received on court or investigation duty (source)")

    @classmethod
    def of_case(cls, case: Case) -> Request:
        """The header of a recorded case; its id is the file code text."""
        return cls(
            id=case.id, organisation=case.organisation, code_org=case.code.org, unit=case.unit,
            form=case.form, field=case.field, beneficiaries=case.beneficiaries, source=case.source,
            role=case.role, channel=case.channel, online_level=case.online_level, duty_shift=case.duty_shift,
            programmes=case.programmes,
        )

    def case(self, code: FileCode, events: tuple[Event, ...] = ()) -> Case:
        """The case this request is under ``code``, with ``events``."""
        return Case(
            code=code, organisation=self.organisation, unit=self.unit, form=self.form, field=self.field,
            beneficiaries=self.beneficiaries, source=self.source, role=self.role, channel=self.channel,
            online_level=self.online_level, duty_shift=self.duty_shift, programmes=self.programmes,
            events=events,
        )

    def header_dict(self, unstructure: Any) -> dict[str, Any]:
        """The JSON form of the header as a case record has it (no id, code or events)."""
        data: dict[str, Any] = unstructure(self)
        data.pop("id", None)
        data.pop("code_org", None)
        return data


def request_code(code_org: str, form: Form, row: int, first_event_on: dt.datetime) -> FileCode:
    """The code a request without a file code is written under (see :data:`REQUEST_CODE_SUFFIX`)."""
    return FileCode(code_org + REQUEST_CODE_SUFFIX, form, row, first_event_on.astimezone(VN_TZ).year)
