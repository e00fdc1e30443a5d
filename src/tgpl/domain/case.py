"""The legal aid case (vụ việc trợ giúp pháp lý) and its file code."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping
from types import MappingProxyType
from typing import ClassVar, Final

import attrs
from attrs import frozen

from tgpl.domain.beneficiary import Beneficiary
from tgpl.domain.enums import (
    Form,
    LegalField,
    OnlineServiceLevel,
    ProcedureRole,
    RequestChannel,
    RequestSource,
)
from tgpl.domain.events import Event
from tgpl.domain.units import UnitRef
from tgpl.errors import InvalidRecordError, quote_value

__all__ = ["DEFAULT_CODE_WORDS", "IDENTITY_TRIM", "Case", "FileCode", "FormCodeWords", "case_identity", "identity_text"]


@frozen
class FormCodeWords:
    """The form part of a file code (TT12 Art 11 cl. 1).

    TT12 shows ``TV`` (tư vấn, advice) and ``TGTT`` (tham gia tố tụng, litigation). The
    word for out-of-court representation is not shown in the text (UNVERIFIED): the
    default writes ``ĐDNTT`` and also reads the ASCII spelling ``DDNTT``; a province that
    uses another word passes its own :class:`FormCodeWords`.
    """

    words: Mapping[Form, str]
    aliases: Mapping[str, Form] = MappingProxyType({})

    def word(self, form: Form) -> str:
        return self.words[form]

    def form_of(self, word: str) -> Form | None:
        for form, w in self.words.items():
            if w == word:
                return form
        return self.aliases.get(word)


DEFAULT_CODE_WORDS = FormCodeWords(
    words=MappingProxyType({Form.LITIGATION: "TGTT", Form.ADVICE: "TV", Form.REPRESENTATION: "ĐDNTT"}),
    aliases=MappingProxyType({"DDNTT": Form.REPRESENTATION}),
)

# ASCII digits only: ``\d`` would also read "٠١" or "０１" as 1.
_CODE_RE = re.compile(r"^(?P<org>[^.\s]+)\.(?P<form>[^.\s]+)\.(?P<seq>[0-9]{1,6})\.(?P<year>[0-9]{4})$")


@frozen(order=True)
class FileCode:
    """A case file code ``<org>.<form>.<seq>.<year>`` (TT12 Art 11 cl. 1), e.g. ``TT.TV.01.2018``.

    ``org`` is the organisation part (``TT`` Center, ``CN1`` branch 1), ``seq`` the
    sequence in the case register, ``year`` the year the request was received. The
    canonical text pads ``seq`` to two digits.
    """

    org: str
    form: Form
    seq: int
    year: int

    def __str__(self) -> str:
        return self.format()

    def format(self, words: FormCodeWords = DEFAULT_CODE_WORDS) -> str:
        return f"{self.org}.{words.word(self.form)}.{self.seq:02d}.{self.year}"

    @classmethod
    def parse(cls, text: str, words: FormCodeWords = DEFAULT_CODE_WORDS) -> FileCode:
        """Parse and validate a file code; raise :class:`InvalidRecordError` naming the part at fault."""
        m = _CODE_RE.match(text.strip())
        shown = quote_value(text)
        if m is None:
            raise InvalidRecordError(
                f"file code {shown} is not of the form <org>.<form>.<seq>.<year> (TT12 Art 11 cl. 1)",
                path="$.code",
            )
        form = words.form_of(m["form"])
        if form is None:
            raise InvalidRecordError(
                f"file code {shown}: unknown form word {quote_value(m['form'])} "
                f"(known: {', '.join(sorted(set(words.words.values()) | set(words.aliases)))})",
                path="$.code",
            )
        seq, year = int(m["seq"]), int(m["year"])
        if seq < 1:
            raise InvalidRecordError(f"file code {shown}: sequence must be 1 or more", path="$.code")
        if not 2000 <= year <= 2200:
            raise InvalidRecordError(f"file code {shown}: implausible year {year}", path="$.code")
        return cls(m["org"], form, seq, year)


#: The characters trimmed from both ends of an identity part: every character for which
#: Python's ``str.isspace()`` is true (the set ``str.strip()`` removes), listed so that an
#: engine outside Python (SQL ``trim(x, chars)``) can remove exactly the same ones.
IDENTITY_TRIM: Final = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680"
    "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)


def identity_text(text: str, *, fold_case: bool) -> str:
    """One part of a record identity: NFC, trimmed of :data:`IDENTITY_TRIM`, optionally lower-cased.

    The steps, in this order: Unicode normalisation form NFC; removal of the characters
    of :data:`IDENTITY_TRIM` at both ends (none inside); when ``fold_case``, the Unicode
    *simple* lower-case mapping of each character (``str.lower()`` except that ``İ``
    U+0130 becomes ``i``, not ``i`` + U+0307 — the simple mapping is what SQL engines'
    ``lower()`` apply), followed by NFC again.
    """
    out = unicodedata.normalize("NFC", text).strip(IDENTITY_TRIM)
    if fold_case:
        out = unicodedata.normalize("NFC", out.replace("\u0130", "i").lower())
    return out


def case_identity(organisation: str, code: FileCode | str) -> tuple[str, str]:
    """The identity of a case for duplicate detection: ``(organisation key, file code key)``.

    Two records are the same case (*một vụ việc*), counted once, exactly when their
    identities are equal. The rule (TT12 Art 11 cl. 1 gives each case file one code
    ``<org>.<form>.<seq>.<year>`` unique within its organisation):

    * organisation key: ``identity_text(organisation, fold_case=True)`` — the
      organisation id in NFC, trimmed, lower-cased;
    * file code key: the code read as :meth:`FileCode.parse` reads it (surrounding
      whitespace ignored, the sequence as a number, ``DDNTT`` as ``ĐDNTT``) and written
      back canonically, ``<org>.<form word>.<seq, at least 2 digits>.<year>``, with its
      organisation part passed through ``identity_text(org, fold_case=True)``. The form
      word, sequence and year are already canonical after parsing.

    Letter case is folded in both organisation parts because the file-code rules write the
    organisation as an abbreviation (``TT`` the Center, ``CN1`` branch 1) whose case
    carries no meaning; NFC and trimming make the same text typed on two machines (a
    composed or decomposed ``ạ``, a trailing space) one identity. ``code`` may be a
    :class:`FileCode` or its text (raising :class:`InvalidRecordError` when the text is
    not a file code).
    """
    parsed = code if isinstance(code, FileCode) else FileCode.parse(unicodedata.normalize("NFC", code))
    org = identity_text(parsed.org, fold_case=True)
    return (
        identity_text(organisation, fold_case=True),
        f"{org}.{DEFAULT_CODE_WORDS.word(parsed.form)}.{parsed.seq:02d}.{parsed.year}",
    )


#: The request sources a duty shift brings (programmes 1603/BTP-TANDTC and 5789/CTPH-BTP-BCA).
_DUTY_SOURCES = frozenset({RequestSource.COURT_DUTY, RequestSource.INVESTIGATION_DUTY})


def _non_empty(_i: object, _a: object, value: tuple[Beneficiary, ...]) -> None:
    if not value:
        raise ValueError("a case has at least one beneficiary")
    ids = [b.id for b in value]
    if len(set(ids)) != len(ids):
        raise ValueError("the same beneficiary id appears twice in one case")


@frozen(kw_only=True, hash=False)
class Case:
    """A legal aid case: a header and its append-only events.

    Counting: a case is one *vụ việc*; each of its beneficiaries is one *lượt người*
    (person-occasion) — a case for two co-defendants counts as 1 case and 2
    person-occasions (indicator 1301 of TT 10/2017/TT-BTP counts each service to each
    person). ``unit`` is the reporting unit (the organisation's province, with its
    scheme); ``role`` is the provider's procedural role and is only for litigation.
    The state of the case is never stored: fold ``events`` with
    :func:`tgpl.domain.lifecycle.replay`.
    """

    schema: ClassVar[str] = "tgpl.case/1"

    code: FileCode
    organisation: str
    unit: UnitRef
    form: Form
    field: LegalField
    beneficiaries: tuple[Beneficiary, ...] = attrs.field(validator=_non_empty)
    source: RequestSource = RequestSource.UNKNOWN
    role: ProcedureRole | None = None
    #: How the request was received (Law Art 29; TT12 Art 13); ``None`` when not recorded.
    channel: RequestChannel | None = None
    #: The online public service's level, only for ``channel`` online public service.
    online_level: OnlineServiceLevel | None = None
    #: The id of the duty shift (``tgpl.duty_shift/1``) the request was received at, only
    #: for ``source`` court duty or investigation duty; ``None`` when not linked.
    duty_shift: str | None = None
    #: The national target programmes (chương trình mục tiêu quốc gia) the case is done under,
    #: by stable code (``tgpl.rules.programmes``); empty when none.
    programmes: tuple[str, ...] = ()
    events: tuple[Event, ...] = ()

    def __attrs_post_init__(self) -> None:
        if self.code.form is not self.form:
            raise ValueError(
                f"file code {quote_value(str(self.code))} is for {self.code.form.value}, "
                f"but the case form is {self.form.value}"
            )
        if self.role is not None and self.form is not Form.LITIGATION:
            raise ValueError("a procedural role (role) is only recorded for litigation cases")
        if self.online_level is not None and self.channel is not RequestChannel.ONLINE_PUBLIC_SERVICE:
            raise ValueError("an online service level (online_level) is only recorded for the online public service channel")
        if self.duty_shift is not None and self.source not in _DUTY_SOURCES:
            raise ValueError("a duty shift (duty_shift) is only linked to a request received on court or investigation duty (source)")

    @property
    def id(self) -> str:
        """The record id used in errors and duplicate detection: the file code text."""
        return str(self.code)

    def with_events(self, *events: Event) -> Case:
        """A copy with ``events`` appended (the original is unchanged)."""
        from attrs import evolve

        return evolve(self, events=self.events + events)
