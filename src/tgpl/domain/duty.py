"""Legal aid duty shifts and the coordination council's work (trực TGPL; Hội đồng phối hợp liên ngành).

Two kinds of non-case activity records of coordination in proceedings:

* :class:`DutyShift` (``tgpl.duty_shift/1``) — one provider on duty (ca trực) on one day at
  one court (trực TGPL tại Tòa án: Chương trình phối hợp 1603/BTP-TANDTC of 19/05/2022
  between the Ministry of Justice and the Supreme People's Court) or at one investigation
  body (trực TGPL trong điều tra hình sự 24/24 giờ: Chương trình phối hợp
  5789/CTPH-BTP-BCA of 27/11/2023 between the Ministry of Justice and the Ministry of
  Public Security), with the persons advised and the requests received during the shift.
  TTLT10 Art 8 cl. 9 encourages courts and investigation bodies to let providers be on
  duty at their premises.
* :class:`CouncilActivity` (``tgpl.council_activity/1``) — a meeting (họp) or an inspection
  (kiểm tra) of an interagency coordination council on legal aid in proceedings (Hội đồng
  phối hợp liên ngành về trợ giúp pháp lý trong hoạt động tố tụng; TTLT10 Art 16–21: the
  local council's tasks, Art 20; its support group, Art 21).

The place of a shift and the units an inspection covers are **institutions** (a court, an
investigation body, a detention facility, a district), named or coded, never a person;
the provider is a name-free id (the ids of ``ProviderAssigned``). Counts are bounded like
the other activities (:data:`MAX_SHIFT_COUNT`). Sources and what is not verified:
``docs/data-format.md``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import ClassVar, Final

import attrs
from attrs import frozen
from attrs.validators import and_, ge, le

from tgpl.domain.codes import CodeEnum, describe
from tgpl.domain.enums import ProviderKind
from tgpl.domain.units import UnitRef

__all__ = [
    "INVESTIGATION_DUTY_PROVIDERS",
    "MAX_INSPECTED",
    "MAX_PLACE_CHARS",
    "MAX_SHIFT_COUNT",
    "CouncilActivity",
    "CouncilActivityKind",
    "DutyMode",
    "DutyPlaceKind",
    "DutyShift",
]

#: Most persons advised or requests received one duty shift may count (10,000): a shift is
#: one provider on one day at one place; a larger value is a typing or export error.
MAX_SHIFT_COUNT: Final = 10_000
#: Longest text of a place or of an inspected unit (200 characters, one line).
MAX_PLACE_CHARS: Final = 200
#: Most units one inspection may list (1,000: more than the districts and bodies of a province).
MAX_INSPECTED: Final = 1_000


class DutyPlaceKind(CodeEnum):
    """Where a provider is on duty: at a court, or with an investigation body."""

    COURT = "court"
    INVESTIGATION = "investigation"


describe(DutyPlaceKind, {
    "COURT": ("Trực tại Tòa án", "Duty at a court",
              "Chương trình phối hợp 1603/BTP-TANDTC ngày 19/05/2022 (Bộ Tư pháp – Tòa án nhân dân tối cao); TTLT10 Art 8 cl. 9"),
    "INVESTIGATION": ("Trực trong điều tra hình sự", "Duty in criminal investigation",
                      "Chương trình phối hợp 5789/CTPH-BTP-BCA ngày 27/11/2023 (Bộ Tư pháp – Bộ Công an); TTLT10 Art 8 cl. 9"),
})


class DutyMode(CodeEnum):
    """How the duty is kept: at the premises by roster, or by telephone (5789/CTPH-BTP-BCA:
    mainly by telephone; provincial court programmes: both)."""

    ON_SITE = "on_site"
    PHONE = "phone"


describe(DutyMode, {
    "ON_SITE": ("Trực tại trụ sở", "On site", "TTLT10 Art 8 cl. 9; provincial court-duty programmes"),
    "PHONE": ("Trực qua điện thoại", "By telephone", "5789/CTPH-BTP-BCA (trực chủ yếu qua điện thoại)"),
})


class CouncilActivityKind(CodeEnum):
    """What the coordination council did: met, or inspected coordination in proceedings."""

    MEETING = "meeting"
    INSPECTION = "inspection"


describe(CouncilActivityKind, {
    "MEETING": ("Họp Hội đồng phối hợp liên ngành", "Council meeting", "TTLT10 Art 16–21"),
    "INSPECTION": ("Kiểm tra hoạt động phối hợp", "Inspection of coordination", "TTLT10 Art 20"),
})

#: Who may keep investigation duty: legal aid officers and lawyers under contract with the
#: Center ("Trợ giúp viên pháp lý, luật sư thực hiện trợ giúp pháp lý theo hợp đồng với
#: Trung tâm", 5789/CTPH-BTP-BCA).
INVESTIGATION_DUTY_PROVIDERS: Final = frozenset({ProviderKind.TGV, ProviderKind.CENTER_LAWYER})

_COUNT = and_(ge(0), le(MAX_SHIFT_COUNT))


def _institution(text: str, what: str) -> None:
    """An institution's name or code: not blank, one line, at most :data:`MAX_PLACE_CHARS`.
    The message never repeats the text (it could be anything typed into the field)."""
    if not text.strip():
        raise ValueError(f"{what} is blank")
    if len(text) > MAX_PLACE_CHARS:
        raise ValueError(f"{what} is longer than {MAX_PLACE_CHARS} characters")
    if any(ch in text for ch in "\n\r\t\x00"):
        raise ValueError(f"{what} must be one line of text")


def _place(_i: object, _a: object, value: str) -> None:
    _institution(value, "the place of duty (place)")


#: A name-free provider id: one token of ASCII code characters, like the ids of
#: ``ProviderAssigned`` (``TGV-24-003``) and their pseudonyms (``p_8ce97e5e…``).
_PROVIDER_ID = re.compile(r"[A-Za-z0-9_.:/+\-]{1,64}")
#: What a name-free id must not be: a long number (an ID card or telephone number) or a
#: single capitalised word (a name such as ``Nguyen``).
_NOT_AN_ID = re.compile(r"[0-9]{9,}|[A-Z][a-z]+")


def _provider(_i: object, _a: object, value: str) -> None:
    if _PROVIDER_ID.fullmatch(value) is None or _NOT_AN_ID.fullmatch(value) is not None:
        raise ValueError("the provider (provider) must be a name-free id (a code such as TGV-24-003), not a name or a number")


def _inspected(_i: object, _a: object, value: tuple[str, ...]) -> None:
    if len(value) > MAX_INSPECTED:
        raise ValueError(f"an inspection lists at most {MAX_INSPECTED:,} units (inspected)")
    for item in value:
        _institution(item, "an inspected unit (inspected)")


@frozen(kw_only=True)
class DutyShift:
    """One provider's duty shift (ca trực TGPL) on one day at a court or an investigation body.

    ``persons_advised`` counts the persons the provider explained the right to legal aid to
    or advised during the shift; ``requests_received`` the legal aid requests received
    (each becomes a case whose ``source`` is ``court_duty`` or ``investigation_duty``).
    The two are counted independently: a request may come from a body's call without a
    person advised, and most persons advised make no request.
    Investigation duty is kept by a legal aid officer or a lawyer under contract with the
    Center (5789/CTPH-BTP-BCA): ``provider_kind``, when recorded, must be one of
    :data:`INVESTIGATION_DUTY_PROVIDERS`.
    """

    schema: ClassVar[str] = "tgpl.duty_shift/1"
    id: str
    on: dt.date
    organisation: str
    unit: UnitRef
    place_kind: DutyPlaceKind
    #: The court or investigation body (name or code of the institution, never a person).
    place: str = attrs.field(validator=_place)
    #: The provider on duty: a name-free id.
    provider: str = attrs.field(validator=_provider)
    provider_kind: ProviderKind | None = None
    mode: DutyMode | None = None
    persons_advised: int = attrs.field(default=0, validator=_COUNT)
    requests_received: int = attrs.field(default=0, validator=_COUNT)

    def __attrs_post_init__(self) -> None:
        if (self.place_kind is DutyPlaceKind.INVESTIGATION and self.provider_kind is not None
                and self.provider_kind not in INVESTIGATION_DUTY_PROVIDERS):
            raise ValueError(
                "investigation duty is kept by a legal aid officer (tgv) or a lawyer under contract "
                "with the Center (center_lawyer), 5789/CTPH-BTP-BCA"
            )


@frozen(kw_only=True)
class CouncilActivity:
    """A meeting or an inspection of the interagency coordination council (TTLT10 Art 16–21).

    ``inspected`` lists the units an inspection covered (districts, courts, procuracies,
    police or detention facilities — institutions, never persons); a meeting lists none.
    """

    schema: ClassVar[str] = "tgpl.council_activity/1"
    id: str
    on: dt.date
    organisation: str
    unit: UnitRef
    kind: CouncilActivityKind
    inspected: tuple[str, ...] = attrs.field(default=(), validator=_inspected)

    def __attrs_post_init__(self) -> None:
        if self.inspected and self.kind is not CouncilActivityKind.INSPECTION:
            raise ValueError("only an inspection lists inspected units (inspected)")
