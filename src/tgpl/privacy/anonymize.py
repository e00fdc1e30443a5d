"""Keyed pseudonymisation of case data (bí danh hóa, ẩn danh hóa dữ liệu cá nhân).

docs/architecture.md principle 11: personal data stays in. This module turns a case file into
a copy that can leave the organisation — to a researcher, a higher level, a benchmark —
while every statistic computed from it stays the same:

* **beneficiary ids** become keyed pseudonyms (:class:`Pseudonymiser`, HMAC-SHA256): the
  same person keeps the same pseudonym across files and runs with the same key, so
  repeat beneficiaries can still be linked; without the key nobody can go back, or
  check a guessed id;
* **every attrs field marked sensitive** (:data:`tgpl.domain.SENSITIVE` —
  today ``Beneficiary.name`` and ``id_number``) is dropped, wherever it sits: the fields
  are found by walking the records with :func:`tgpl.domain.is_sensitive`, not by name,
  so a field marked sensitive tomorrow is covered without a change here;
* **birth dates** are coarsened to the year (``birth_date=None``, ``birth_year=<year>``):
  a full date of birth together with a province is close to identifying; the year still
  gives every age band the reports use;
* **free text** that may hold personal data is blanked (:data:`FREE_TEXT_FIELDS`):
  ``Refused.reason`` (written reasons of a refusal routinely name the person and their
  circumstances), ``Proof.description`` and ``Proof.issued_by`` (a described document —
  "sổ hộ nghèo số 123 của hộ ông …", a named commune office — identifies the holder);
* **staff identities** (on by default, ``staff=True``): provider ids in
  ``ProviderAssigned``/``ProviderChanged``, ``QualityReview.reviewer``,
  ``SuccessAssessed.assessor``, ``Provider.id``, ``DutyShift.provider`` and ``HearingAttended.provider_id`` become keyed pseudonyms in a separate
  domain. Reports count providers by *kind*, never by id, so nothing changes for them;
  sampling for evaluation (:mod:`tgpl.rules.sampling`) needs providers *distinct*, which
  pseudonyms keep (the sample drawn differs, the sampling stays valid). Staff are people
  too, and the reviewer of a poor appraisal should not be named in a research extract.

* **file codes and organisation ids** (they join straight back to the register): the
  ``organisation`` of every record becomes a keyed pseudonym; a file code
  ``<org>.<form>.<seq>.<year>`` keeps its form word and year (reports count by them) but
  its organisation part becomes ``O`` + 10 hex digits and its sequence a keyed
  *permutation* of 1…999,999 (:meth:`Pseudonymiser.file_code`), so two cases never
  collide; an activity's ``id`` becomes a keyed pseudonym. Each is computed from the
  identity text of :func:`tgpl.domain.case_identity` (NFC, trimmed, organisation
  case-folded), so two spellings of one case stay one case and distinct cases stay
  distinct: every report of the anonymised file equals the report of the original;
* **times** of events are coarsened to the day (00:00 Vietnam time) — or, with
  ``time_precision="month"``, to the first day of the month, as is ``Proof.issued_on``.
  Reports by calendar periods are unchanged at day precision (only the hour-based
  deadline counts of ``--deadlines`` can move);
* **k-anonymity** (:func:`k_anonymity`): every person of every case is described by the
  quasi-identifiers sex, year of birth, ethnic minority, legal field and request date (as
  released); the summary gives the smallest class and how many persons are in classes
  smaller than ``k``. ``k=K`` generalises further — years of birth to 5-year bands (the
  first year of the band is written), then request dates to the month — until the
  smallest class holds at least ``K`` persons, or refuses (:class:`KAnonymityError`) and
  writes nothing.

Kept as they are: units (province level), codes and enums (sex, groups, ethnicity,
roles, outcomes), scores, the form and year of file codes. **Activities** (simple
answers, reception, outreach, mobile trips, trainings) carry no personal data — counts,
communes, dates — and keep everything but their organisation and id.

The key must be strong (:func:`check_key`): at least :data:`MIN_KEY_BYTES` bytes with at
least :data:`MIN_DISTINCT_KEY_BYTES` distinct byte values, and a key file must not parse
as a data file (a register exported by mistake, :func:`read_key_file`).

This is *pseudonymisation* with generalisation, not a guarantee of anonymity: publish
counts, not records, and use :mod:`tgpl.privacy.suppression` on small cells. An
age-based eligibility check on anonymised data sees only the year of birth (or its
band), and therefore the lower bound of the age (:meth:`tgpl.domain.Beneficiary.age_on`).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import os
import secrets
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final, Literal, TypeVar

import attrs
from attrs import field, frozen

from tgpl.domain import (
    VN_TZ,
    Beneficiary,
    Case,
    DutyShift,
    FileCode,
    HearingAttended,
    Proof,
    Provider,
    ProviderAssigned,
    ProviderChanged,
    QualityReview,
    Refused,
    RequestReceived,
    SuccessAssessed,
    identity_text,
    is_sensitive,
)
from tgpl.errors import InvalidRecordError
from tgpl.fsutil import atomic_open
from tgpl.io.jsonl import read_jsonl, write_jsonl

__all__ = [
    "ACTIVITY",
    "BENEFICIARY",
    "DEFAULT_REPORT_K",
    "FREE_TEXT_FIELDS",
    "MIN_DISTINCT_KEY_BYTES",
    "MIN_KEY_BYTES",
    "ORGANISATION",
    "PSEUDONYM_BITS",
    "PSEUDONYM_PREFIX",
    "QUASI_IDENTIFIERS",
    "STAFF",
    "STAFF_ID_FIELDS",
    "AnonymizeSummary",
    "Generalisation",
    "KAnonymity",
    "KAnonymityError",
    "Pseudonymiser",
    "WeakKeyError",
    "anonymize_beneficiary",
    "anonymize_case",
    "anonymize_file",
    "anonymize_record",
    "anonymize_records",
    "check_key",
    "k_anonymity",
    "new_key",
    "read_key_file",
]

#: Tag that starts every pseudonym, so a reader sees at once that an id is not original.
PSEUDONYM_PREFIX: Final = "p_"
#: Bits of HMAC-SHA256 output kept in a pseudonym (24 hex digits). Birthday bound: the
#: chance of any collision among ``n`` ids is about ``n² / 2⁹⁷`` — for ten million ids
#: (far beyond a national caseload over decades) about 6·10⁻¹⁶. 64 bits would give
#: 3·10⁻⁶ at that size, too close for comfort; 128 bits would only make ids longer.
PSEUDONYM_BITS: Final = 96
#: Shortest key accepted (256 bits, what :func:`new_key` makes). 32 bytes and not 16:
#: a random 16-byte key has fewer than 16 distinct byte values about a third of the
#: time, which the distinct-bytes check below would refuse.
MIN_KEY_BYTES: Final = 32
#: Fewest distinct byte values a key may have: a key of one repeated byte, or of a few,
#: is a typing accident or a placeholder, never a secret.
MIN_DISTINCT_KEY_BYTES: Final = 16
#: Pseudonym domain of organisation ids and of the organisation part of file codes.
ORGANISATION: Final = "organisation"
#: Pseudonym domain of activity ids.
ACTIVITY: Final = "activity"
#: The quasi-identifiers of the k-anonymity summary, in the order of a class key.
QUASI_IDENTIFIERS: Final = ("sex", "birth_year", "ethnic_minority", "field", "request_date")
#: The ``k`` the summary counts against when none is asked for (a common publication threshold).
DEFAULT_REPORT_K: Final = 5
_SEQ_DOMAIN: Final = 999_999  # file-code sequences are 1..999,999 (TT12 Art 11 cl. 1, six digits at most)
#: Pseudonym domain of beneficiary ids.
BENEFICIARY: Final = "beneficiary"
#: Pseudonym domain of staff identities (providers, reviewers, assessors). Separate
#: domains mean a beneficiary id and a provider id that happen to be the same text get
#: unrelated pseudonyms: the two id spaces are not linked by accident.
STAFF: Final = "staff"

#: Free-text fields blanked because they may hold personal data (see the module docstring).
FREE_TEXT_FIELDS: Final[Mapping[type, tuple[str, ...]]] = MappingProxyType({
    Refused: ("reason",),
    Proof: ("description", "issued_by"),
})

#: Fields holding a staff identity, pseudonymised in the :data:`STAFF` domain when ``staff=True``.
STAFF_ID_FIELDS: Final[Mapping[type, tuple[str, ...]]] = MappingProxyType({
    ProviderAssigned: ("provider_id",),
    ProviderChanged: ("provider_id",),
    QualityReview: ("reviewer",),
    SuccessAssessed: ("assessor",),
    Provider: ("id",),
    DutyShift: ("provider",),
    HearingAttended: ("provider_id",),
})

R = TypeVar("R")


def new_key() -> bytes:
    """A fresh random 256-bit key (``secrets.token_bytes(32)``). Keep it secret, and keep it:
    the same key is what makes pseudonyms stable across files and years."""
    return secrets.token_bytes(32)


class WeakKeyError(ValueError):
    """A key too short, too repetitive, or a data file given as the key file."""


class KAnonymityError(ValueError):
    """The asked ``k`` cannot be reached by the generalisations tgpl offers; nothing is written."""


def check_key(value: bytes) -> None:
    """Refuse a weak key (:class:`WeakKeyError`): shorter than :data:`MIN_KEY_BYTES`, or with
    fewer than :data:`MIN_DISTINCT_KEY_BYTES` distinct byte values (all one byte included)."""
    if not isinstance(value, bytes):
        raise TypeError(f"the pseudonymisation key must be bytes, got {type(value).__name__}")
    if len(value) < MIN_KEY_BYTES:
        raise WeakKeyError(
            f"the pseudonymisation key must have at least {MIN_KEY_BYTES} bytes (256 bits), got {len(value)}; "
            "make one with tgpl.privacy.anonymize.new_key() or secrets.token_hex(32)"
        )
    distinct = len(set(value))
    if distinct < MIN_DISTINCT_KEY_BYTES:
        raise WeakKeyError(
            f"the pseudonymisation key has only {distinct} distinct byte value{'s' if distinct != 1 else ''} "
            f"(at least {MIN_DISTINCT_KEY_BYTES} needed): it is not a random secret"
        )


def _check_key(_inst: object, _attr: object, value: Any) -> None:
    check_key(value)


def _looks_like_data(text: str) -> bool:
    """Whether a key file's text parses as data: a JSON value or JSON Lines records, or a table."""
    stripped = text.strip()
    if not stripped:
        return False
    candidates = [stripped, *stripped.splitlines()[:5]]
    for candidate in candidates:
        try:
            value = json.loads(candidate)
        except ValueError:
            continue
        if isinstance(value, dict | list):
            return True
    first = stripped.splitlines()[0]
    return "tgpl." in stripped or (len(stripped.splitlines()) > 1 and any(sep in first for sep in (",", ";", "\t")))


def read_key_file(path: str | os.PathLike[str]) -> bytes:
    """The key in a key file: hex text (``secrets.token_hex(32)``; surrounding whitespace ignored) or raw bytes.

    Refused with :class:`WeakKeyError`: a file that parses as data (a JSON document, JSON
    Lines records, a CSV table — a register given by mistake is not a secret) and a weak
    key (:func:`check_key`). An unreadable file raises :class:`OSError`.
    """
    raw = Path(path).read_bytes()
    text = raw.strip()
    if text and len(text) % 2 == 0 and all(c in b"0123456789abcdefABCDEF" for c in text):
        key = bytes.fromhex(text.decode("ascii"))
    else:
        try:
            decoded = raw.decode("utf-8")
        except UnicodeDecodeError:
            decoded = ""
        if decoded and _looks_like_data(decoded):
            raise WeakKeyError(
                f"the key file {os.fspath(path)} holds data (JSON, JSON Lines or a table), not a key; "
                "was a register given as the key?"
            )
        key = raw
    check_key(key)
    return key


@frozen
class Pseudonymiser:
    """Keyed pseudonyms: ``p_`` + the first 96 bits of HMAC-SHA256(key, domain ‖ 0 ‖ value), in hex.

    * the same key and the same value (in the same domain) give the same pseudonym, in
      every file and every run — linkage across data sets keeps working;
    * another key gives unrelated pseudonyms; without the key a pseudonym cannot be
      reversed, nor a guessed id checked (unlike a plain hash of a 12-digit number,
      which anyone can brute-force);
    * values are used exactly as given (no case folding, no Unicode normalisation), so
      ids that differ stay different and counts do not change.

    The key stays with the caller and is never written anywhere by tgpl; it is hidden
    from ``repr``.
    """

    key: bytes = field(repr=False, validator=_check_key)

    def pseudonym(self, value: str, *, domain: str = BENEFICIARY) -> str:
        """The pseudonym of ``value`` in ``domain`` (``BENEFICIARY``, ``STAFF``, ``ORGANISATION``, ``ACTIVITY``)."""
        if not isinstance(value, str):
            raise TypeError(f"only text ids are pseudonymised, got {type(value).__name__}")
        return PSEUDONYM_PREFIX + self._digest(domain, value)[: PSEUDONYM_BITS // 4]

    def _digest(self, domain: str, value: str) -> str:
        message = domain.encode("utf-8") + b"\x00" + value.encode("utf-8")
        return hmac.new(self.key, message, hashlib.sha256).hexdigest()

    def organisation(self, organisation: str) -> str:
        """The pseudonym of an organisation id, from its identity text (NFC, trimmed, case-folded)."""
        return self.pseudonym(identity_text(organisation, fold_case=True), domain=ORGANISATION)

    def file_code(self, code: FileCode) -> FileCode:
        """A file code with its organisation part and sequence pseudonymised; form and year kept.

        The organisation part becomes ``O`` + 10 upper-case hex digits of the keyed hash of
        its identity text (so ``cn1`` and ``CN1`` stay one organisation); the sequence goes
        through a keyed permutation of 1…999,999 (a Feistel network with cycle walking,
        tweaked by organisation, form and year), so distinct codes stay distinct — never
        two cases made one — and the same code always gives the same pseudonym.
        """
        org_key = identity_text(code.org, fold_case=True)
        org = "O" + self._digest(ORGANISATION + "-code", org_key)[:10].upper()
        tweak = f"{org_key}\x00{code.form.value}\x00{code.year}"
        return FileCode(org, code.form, self._permute(code.seq, tweak), code.year)

    def _permute(self, seq: int, tweak: str) -> int:
        """A keyed permutation of 1…999,999 (4-round Feistel on 20 bits, cycle walking)."""
        if not 1 <= seq <= _SEQ_DOMAIN:
            raise ValueError(f"a file-code sequence is 1…{_SEQ_DOMAIN}, got {seq}")
        x = seq - 1
        while True:
            x = self._feistel(x, tweak)
            if x < _SEQ_DOMAIN:
                return x + 1

    def _feistel(self, x: int, tweak: str) -> int:
        left, right = x >> 10, x & 0x3FF
        base = b"seq\x00" + tweak.encode("utf-8") + b"\x00"
        for rnd in range(4):
            f = hmac.new(self.key, base + bytes((rnd,)) + right.to_bytes(2, "big"), hashlib.sha256).digest()
            left, right = right, left ^ (int.from_bytes(f[:2], "big") & 0x3FF)
        return (left << 10) | right


_SENSITIVE, _FREE, _STAFF, _WALK = range(4)

TimePrecision = Literal["day", "month"]


@frozen
class Generalisation:
    """How far the quasi-identifiers are generalised: request ``dates`` to the day or the
    month, years of birth exact (``birth_band=1``) or in bands of ``birth_band`` years."""

    dates: TimePrecision = "day"
    birth_band: int = 1

    def describe(self) -> str:
        """Vietnamese and English, for the summary line."""
        birth = "năm sinh" if self.birth_band == 1 else f"năm sinh theo nhóm {self.birth_band} năm"
        dates = "ngày" if self.dates == "day" else "tháng"
        english = ("birth year" if self.birth_band == 1 else f"{self.birth_band}-year birth bands") + f", {self.dates}"
        return f"{birth}, thời gian theo {dates} ({english})"


def _ladder(precision: TimePrecision) -> list[Generalisation]:
    """The generalisations ``k=K`` tries, least first: as asked, 5-year birth bands, then months."""
    steps = [Generalisation(precision, 1), Generalisation(precision, 5), Generalisation("month", 5)]
    return list(dict.fromkeys(steps))


def _coarsen_moment(moment: dt.datetime, precision: TimePrecision) -> dt.datetime:
    day = moment.astimezone(VN_TZ).date()
    return dt.datetime(day.year, day.month, 1 if precision == "month" else day.day, tzinfo=VN_TZ)


def _band(year: int | None, band: int) -> int | None:
    return year if year is None or band == 1 else year - year % band


class _Walker:
    """Rebuilds a value with every change applied; unchanged parts are shared, not copied.

    The plan of each record class (which field gets which treatment) is worked out once
    and cached, and types found to hold nothing to walk (text, numbers, enums, dates)
    are remembered, so a large file costs little more than reading it.
    """

    def __init__(
        self, pseudonymiser: Pseudonymiser, staff: bool, generalisation: Generalisation = Generalisation()
    ) -> None:
        self.p = pseudonymiser
        self.staff = staff
        self.g = generalisation
        self.plans: dict[type, tuple[tuple[str, str, int], ...]] = {}
        self.leaves: set[type] = {str, int, float, bool, type(None), bytes, dt.date}

    def walk(self, obj: Any) -> Any:
        t = type(obj)
        if t in self.leaves:
            return obj
        if t is dt.datetime:
            return _coarsen_moment(obj, self.g.dates)
        plan = self.plans.get(t)
        if plan is not None or attrs.has(t):
            return self._record(obj, plan if plan is not None else self._plan(t))
        if isinstance(obj, tuple):
            items = tuple(self.walk(x) for x in obj)
            return obj if all(a is b for a, b in zip(items, obj, strict=True)) else items
        if isinstance(obj, list):
            listed = [self.walk(x) for x in obj]
            return obj if all(a is b for a, b in zip(listed, obj, strict=True)) else listed
        if isinstance(obj, frozenset | set):
            pairs = [(x, self.walk(x)) for x in obj]
            return obj if all(a is b for a, b in pairs) else type(obj)(b for _, b in pairs)
        if isinstance(obj, Mapping):
            new = {k: self.walk(v) for k, v in obj.items()}
            return obj if all(new[k] is v for k, v in obj.items()) else new
        self.leaves.add(t)
        return obj

    def _plan(self, cls: type) -> tuple[tuple[str, str, int], ...]:
        free = FREE_TEXT_FIELDS.get(cls, ())
        staff_fields = STAFF_ID_FIELDS.get(cls, ()) if self.staff else ()
        plan = tuple(
            (a.name, a.alias, _SENSITIVE if is_sensitive(a) else _FREE if a.name in free else _STAFF if a.name in staff_fields else _WALK)
            for a in attrs.fields(cls)
            if a.init
        )
        self.plans[cls] = plan
        return plan

    def _record(self, obj: Any, plan: tuple[tuple[str, str, int], ...]) -> Any:
        changes: dict[str, Any] = {}
        for name, alias, action in plan:
            value = getattr(obj, name)
            if action == _SENSITIVE:
                new: Any = None
            elif action == _FREE:
                new = "" if isinstance(value, str) else None
            elif action == _STAFF and isinstance(value, str) and value:
                new = self.p.pseudonym(value, domain=STAFF)
            else:
                new = self.walk(value)
            if new is not value and new != value:
                changes[alias] = new
        if isinstance(obj, Beneficiary):
            changes["id"] = self.p.pseudonym(obj.id, domain=BENEFICIARY)
            year = _band(obj.known_birth_year, self.g.birth_band)
            if obj.birth_date is not None:
                changes["birth_date"] = None
            if year != obj.birth_year:
                changes["birth_year"] = year
        elif isinstance(obj, Proof) and obj.issued_on is not None and self.g.dates == "month":
            changes["issued_on"] = obj.issued_on.replace(day=1)
        elif isinstance(obj, Case):
            changes["organisation"] = self.p.organisation(obj.organisation)
            changes["code"] = self.p.file_code(obj.code)
            if obj.duty_shift is not None:  # the shift's pseudonymous id, so the link still joins
                changes["duty_shift"] = self.p.pseudonym(identity_text(obj.duty_shift, fold_case=False), domain=ACTIVITY)
        elif isinstance(getattr(obj, "organisation", None), str) and isinstance(getattr(type(obj), "schema", None), str):
            changes["organisation"] = self.p.organisation(obj.organisation)
            if isinstance(getattr(obj, "id", None), str):
                changes["id"] = self.p.pseudonym(identity_text(obj.id, fold_case=False), domain=ACTIVITY)
        return attrs.evolve(obj, **changes) if changes else obj


def anonymize_beneficiary(beneficiary: Beneficiary, pseudonymiser: Pseudonymiser) -> Beneficiary:
    """The beneficiary with a pseudonymous id, no sensitive fields, the year of birth only,
    and proofs without free text."""
    if not isinstance(beneficiary, Beneficiary):
        raise TypeError(f"expected a Beneficiary, got {type(beneficiary).__name__}")
    out: Beneficiary = _Walker(pseudonymiser, staff=True).walk(beneficiary)
    return out


def anonymize_case(
    case: Case, pseudonymiser: Pseudonymiser, *, staff: bool = True, generalisation: Generalisation | None = None
) -> Case:
    """The case with its personal data removed (see the module docstring for exactly what).

    ``staff=False`` keeps provider ids, reviewers and assessors as they are (for an
    extract that stays inside the organisation but must not show beneficiaries).
    ``generalisation``: time precision and birth-year bands (default: day, exact year).
    """
    if not isinstance(case, Case):
        raise TypeError(f"expected a Case, got {type(case).__name__}")
    out: Case = _Walker(pseudonymiser, staff, generalisation or Generalisation()).walk(case)
    return out


def anonymize_record(
    record: R, pseudonymiser: Pseudonymiser, *, staff: bool = True, generalisation: Generalisation | None = None
) -> R:
    """Any tgpl record (a case, an activity, a provider, …) with its personal data removed.

    An activity keeps its counts, communes and dates; its organisation and id become pseudonyms.
    """
    if not attrs.has(type(record)):
        raise TypeError(f"cannot anonymise a {type(record).__name__}: not a tgpl record")
    out: R = _Walker(pseudonymiser, staff, generalisation or Generalisation()).walk(record)
    return out


def _pseudonymiser(key: bytes | Pseudonymiser) -> Pseudonymiser:
    return key if isinstance(key, Pseudonymiser) else Pseudonymiser(key)


def anonymize_records(
    records: Iterable[R], key: bytes | Pseudonymiser, *, staff: bool = True, generalisation: Generalisation | None = None
) -> Iterator[R]:
    """Stream ``records`` anonymised one by one (constant memory; see :func:`anonymize_record`)."""
    p = _pseudonymiser(key)
    walker = _Walker(p, staff, generalisation or Generalisation())
    for record in records:
        if not attrs.has(type(record)):
            raise TypeError(f"cannot anonymise a {type(record).__name__}: not a tgpl record")
        yield walker.walk(record)


# -- k-anonymity ------------------------------------------------------------------------------


def _request_day(case: Case) -> dt.date | None:
    moments = [e.on for e in case.events if isinstance(e, RequestReceived)] or [e.on for e in case.events[:1]]
    return moments[0].astimezone(VN_TZ).date() if moments else None


def _quasi_identifiers(case: Case, g: Generalisation) -> Iterator[tuple[object, ...]]:
    """The class key of each person of ``case`` under ``g`` (see :data:`QUASI_IDENTIFIERS`)."""
    day = _request_day(case)
    if day is not None and g.dates == "month":
        day = day.replace(day=1)
    for b in case.beneficiaries:
        yield (b.sex.value, _band(b.known_birth_year, g.birth_band), b.ethnic_minority.value, case.field.value, day)


@frozen
class KAnonymity:
    """The k-anonymity summary of the persons of the cases released.

    ``persons``: person-occasions (beneficiaries of cases); ``classes``: distinct
    quasi-identifier combinations; ``smallest``: the size of the smallest class (0 when
    there is no person); ``below_k``: persons in classes smaller than ``k``;
    ``generalisation``: how the quasi-identifiers were released.
    """

    persons: int
    classes: int
    smallest: int
    below_k: int
    k: int
    generalisation: Generalisation

    @classmethod
    def of(cls, counts: Counter[tuple[object, ...]], k: int, generalisation: Generalisation) -> KAnonymity:
        sizes = counts.values()
        return cls(
            persons=sum(sizes), classes=len(counts), smallest=min(sizes, default=0),
            below_k=sum(n for n in sizes if n < k), k=k, generalisation=generalisation,
        )

    def describe(self) -> str:
        """One line, Vietnamese then English."""
        return (
            f"k-ẩn danh (k-anonymity) theo giới tính, năm sinh, dân tộc thiểu số, lĩnh vực, ngày yêu cầu "
            f"[{self.generalisation.describe()}]: {self.persons} người, {self.classes} nhóm, "
            f"nhóm nhỏ nhất {self.smallest} người, {self.below_k} người trong nhóm dưới {self.k} "
            f"({self.persons} persons, smallest class {self.smallest}, {self.below_k} below k={self.k})"
        )


def k_anonymity(
    records: Iterable[object], *, k: int = DEFAULT_REPORT_K, generalisation: Generalisation | None = None
) -> KAnonymity:
    """The k-anonymity summary of the cases among ``records`` as they would be released under ``generalisation``."""
    g = generalisation or Generalisation()
    counts: Counter[tuple[object, ...]] = Counter()
    for record in records:
        if isinstance(record, Case):
            counts.update(_quasi_identifiers(record, g))
    return KAnonymity.of(counts, k, g)


@frozen
class AnonymizeSummary:
    """What :func:`anonymize_file` did: ``records`` written, ``lines`` read, the ``errors`` of
    the lines skipped (only when ``strict=False``) and the ``k_anonymity`` of what was written."""

    records: int
    lines: int
    errors: tuple[InvalidRecordError, ...] = ()
    k_anonymity: KAnonymity | None = None


def _choose(src: str | os.PathLike[str], k: int, precision: TimePrecision) -> tuple[Generalisation, KAnonymity]:
    """The least generalisation that reaches ``k`` (one pass over ``src``), or :class:`KAnonymityError`."""
    ladder = _ladder(precision)
    counts: list[Counter[tuple[object, ...]]] = [Counter() for _ in ladder]
    with read_jsonl(src, strict=False) as stream:
        for record in stream:
            if isinstance(record, Case):
                for g, c in zip(ladder, counts, strict=True):
                    c.update(_quasi_identifiers(record, g))
    summaries = [KAnonymity.of(c, k, g) for g, c in zip(ladder, counts, strict=True)]
    for summary in summaries:
        if summary.persons == 0 or summary.smallest >= k:
            return summary.generalisation, summary
    last = summaries[-1]
    raise KAnonymityError(
        f"không đạt được k = {k}: ngay cả khi khái quát hóa tối đa ({last.generalisation.describe()}) nhóm nhỏ "
        f"nhất chỉ có {last.smallest} người, {last.below_k} người dưới k (cannot reach k={k}: the smallest class "
        f"is {last.smallest} even at the most general level); nothing was written"
    )


def anonymize_file(
    src: str | os.PathLike[str],
    dst: str | os.PathLike[str],
    key: bytes | Pseudonymiser,
    *,
    staff: bool = True,
    strict: bool = True,
    time_precision: TimePrecision = "day",
    k: int | None = None,
) -> AnonymizeSummary:
    """Anonymise the JSON Lines file ``src`` into ``dst``, streaming (constant memory).

    Reads with :func:`tgpl.io.jsonl.read_jsonl`, writes with
    :func:`tgpl.io.jsonl.write_jsonl` (``include_sensitive=False`` as a second guard)
    through :func:`tgpl.fsutil.atomic_open`: ``dst`` appears complete or not at all.

    An invalid line is never copied (it could not be anonymised). With ``strict=True``
    (the default) any invalid line means no output: every line is still checked, then
    the first problem is raised as :class:`~tgpl.errors.InvalidRecordError` (naming the
    file, line, record and field, with a note counting the others) and ``dst`` is left
    untouched — an anonymised copy with holes would give different statistics. With
    ``strict=False`` the valid records are written and the problems returned in
    :attr:`AnonymizeSummary.errors`; a caller must report them.

    ``time_precision``: event times to the ``"day"`` (default) or the ``"month"``.
    ``k``: generalise (5-year birth bands, then request months) until every class of
    quasi-identifiers holds at least ``k`` persons, reading ``src`` once more first;
    :class:`KAnonymityError` (nothing written) when even the last step falls short. The
    summary's :attr:`AnonymizeSummary.k_anonymity` describes what was written (against
    ``k``, or :data:`DEFAULT_REPORT_K`).

    ``src`` and ``dst`` must differ (``dst`` is replaced only at the end, but reading
    and replacing the same file is never what was meant).
    """
    if Path(src).resolve() == Path(dst).resolve():
        raise ValueError("anonymize_file: src and dst are the same file")
    if k is not None and (isinstance(k, bool) or not isinstance(k, int) or k < 1):
        raise ValueError(f"k must be a whole number 1 or more, got {k!r}")
    if time_precision not in ("day", "month"):
        raise ValueError(f"time_precision must be 'day' or 'month', got {time_precision!r}")
    p = _pseudonymiser(key)
    g = Generalisation(time_precision) if k is None else _choose(src, k, time_precision)[0]
    counts: Counter[tuple[object, ...]] = Counter()

    def counted(records: Iterable[Any]) -> Iterator[Any]:
        for record in records:
            if isinstance(record, Case):
                counts.update(_quasi_identifiers(record, g))
            yield record

    with read_jsonl(src, strict=False) as stream, atomic_open(dst, "wb") as out:
        written = write_jsonl(
            anonymize_records(counted(stream), p, staff=staff, generalisation=g), out, include_sensitive=False
        )
        errors = tuple(stream.errors)
        if strict and errors:
            first = errors[0]
            if len(errors) > 1:
                first.add_note(f"… and {len(errors) - 1} more problem(s) in {stream.source}; nothing was written")
            raise first
    summary = KAnonymity.of(counts, k if k is not None else DEFAULT_REPORT_K, g)
    return AnonymizeSummary(records=written, lines=stream.lines, errors=errors, k_anonymity=summary)
