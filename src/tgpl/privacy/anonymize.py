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
  ``SuccessAssessed.assessor`` and ``Provider.id`` become keyed pseudonyms in a separate
  domain. Reports count providers by *kind*, never by id, so nothing changes for them;
  sampling for evaluation (:mod:`tgpl.rules.sampling`) needs providers *distinct*, which
  pseudonyms keep (the sample drawn differs, the sampling stays valid). Staff are people
  too, and the reviewer of a poor appraisal should not be named in a research extract.

Kept as they are, on purpose: file codes (``TT.TV.01.2018``: an entry in the
organisation's own register, meaningless without it and needed for error messages and
duplicate detection), organisation ids, units (province level), dates of events
(deadlines and windows need them), codes and enums (sex, groups, ethnicity, roles,
outcomes), scores, and ``Proof.issued_on``. **Activities** (simple answers, reception,
outreach, mobile trips, trainings) carry no personal data — counts, communes, dates —
and pass through unchanged (they are still walked, so a sensitive field added to them
later would be dropped).

This is *pseudonymisation*, not anonymity: a rare combination (the only woman of an
ethnic minority aged 80 in a district with a land case in March) can still point at a
person. Publish counts, not records, and use :mod:`tgpl.privacy.suppression` on small
cells. An age-based eligibility check on anonymised data sees only the year of birth,
and therefore the lower bound of the age (:meth:`tgpl.domain.Beneficiary.age_on`).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from collections.abc import Iterable, Iterator, Mapping
from pathlib import Path
from types import MappingProxyType
from typing import Any, Final, TypeVar

import attrs
from attrs import field, frozen

from tgpl.domain import (
    Beneficiary,
    Case,
    Proof,
    Provider,
    ProviderAssigned,
    ProviderChanged,
    QualityReview,
    Refused,
    SuccessAssessed,
    is_sensitive,
)
from tgpl.errors import InvalidRecordError
from tgpl.fsutil import atomic_open
from tgpl.io.jsonl import read_jsonl, write_jsonl

__all__ = [
    "BENEFICIARY",
    "FREE_TEXT_FIELDS",
    "MIN_KEY_BYTES",
    "PSEUDONYM_BITS",
    "PSEUDONYM_PREFIX",
    "STAFF",
    "STAFF_ID_FIELDS",
    "AnonymizeSummary",
    "Pseudonymiser",
    "anonymize_beneficiary",
    "anonymize_case",
    "anonymize_file",
    "anonymize_record",
    "anonymize_records",
    "new_key",
]

#: Tag that starts every pseudonym, so a reader sees at once that an id is not original.
PSEUDONYM_PREFIX: Final = "p_"
#: Bits of HMAC-SHA256 output kept in a pseudonym (24 hex digits). Birthday bound: the
#: chance of any collision among ``n`` ids is about ``n² / 2⁹⁷`` — for ten million ids
#: (far beyond a national caseload over decades) about 6·10⁻¹⁶. 64 bits would give
#: 3·10⁻⁶ at that size, too close for comfort; 128 bits would only make ids longer.
PSEUDONYM_BITS: Final = 96
#: Shortest key accepted (128 bits); :func:`new_key` makes 256-bit keys.
MIN_KEY_BYTES: Final = 16
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
})

R = TypeVar("R")


def new_key() -> bytes:
    """A fresh random 256-bit key (``secrets.token_bytes(32)``). Keep it secret, and keep it:
    the same key is what makes pseudonyms stable across files and years."""
    return secrets.token_bytes(32)


def _check_key(_inst: object, _attr: object, value: Any) -> None:
    if not isinstance(value, bytes):
        raise TypeError(f"the pseudonymisation key must be bytes, got {type(value).__name__}")
    if len(value) < MIN_KEY_BYTES:
        raise ValueError(
            f"the pseudonymisation key must have at least {MIN_KEY_BYTES} bytes (128 bits), got {len(value)}; "
            "make one with tgpl.privacy.anonymize.new_key()"
        )


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
        """The pseudonym of ``value`` in ``domain`` (``BENEFICIARY`` or ``STAFF``)."""
        if not isinstance(value, str):
            raise TypeError(f"only text ids are pseudonymised, got {type(value).__name__}")
        message = domain.encode("utf-8") + b"\x00" + value.encode("utf-8")
        digest = hmac.new(self.key, message, hashlib.sha256).hexdigest()
        return PSEUDONYM_PREFIX + digest[: PSEUDONYM_BITS // 4]


_SENSITIVE, _FREE, _STAFF, _WALK = range(4)


class _Walker:
    """Rebuilds a value with every change applied; unchanged parts are shared, not copied.

    The plan of each record class (which field gets which treatment) is worked out once
    and cached, and types found to hold nothing to walk (text, numbers, enums, dates)
    are remembered, so a large file costs little more than reading it.
    """

    def __init__(self, pseudonymiser: Pseudonymiser, staff: bool) -> None:
        self.p = pseudonymiser
        self.staff = staff
        self.plans: dict[type, tuple[tuple[str, str, int], ...]] = {}
        self.leaves: set[type] = {str, int, float, bool, type(None), bytes}

    def walk(self, obj: Any) -> Any:
        t = type(obj)
        if t in self.leaves:
            return obj
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
            if obj.birth_date is not None:
                changes["birth_date"] = None
                changes["birth_year"] = obj.birth_date.year
        return attrs.evolve(obj, **changes) if changes else obj


def anonymize_beneficiary(beneficiary: Beneficiary, pseudonymiser: Pseudonymiser) -> Beneficiary:
    """The beneficiary with a pseudonymous id, no sensitive fields, the year of birth only,
    and proofs without free text."""
    if not isinstance(beneficiary, Beneficiary):
        raise TypeError(f"expected a Beneficiary, got {type(beneficiary).__name__}")
    out: Beneficiary = _Walker(pseudonymiser, staff=True).walk(beneficiary)
    return out


def anonymize_case(case: Case, pseudonymiser: Pseudonymiser, *, staff: bool = True) -> Case:
    """The case with its personal data removed (see the module docstring for exactly what).

    ``staff=False`` keeps provider ids, reviewers and assessors as they are (for an
    extract that stays inside the organisation but must not show beneficiaries).
    """
    if not isinstance(case, Case):
        raise TypeError(f"expected a Case, got {type(case).__name__}")
    out: Case = _Walker(pseudonymiser, staff).walk(case)
    return out


def anonymize_record(record: R, pseudonymiser: Pseudonymiser, *, staff: bool = True) -> R:
    """Any tgpl record (a case, an activity, a provider, …) with its personal data removed.

    Records without personal data (activities) are returned as they are — the same object.
    """
    if not attrs.has(type(record)):
        raise TypeError(f"cannot anonymise a {type(record).__name__}: not a tgpl record")
    out: R = _Walker(pseudonymiser, staff).walk(record)
    return out


def _pseudonymiser(key: bytes | Pseudonymiser) -> Pseudonymiser:
    return key if isinstance(key, Pseudonymiser) else Pseudonymiser(key)


def anonymize_records(
    records: Iterable[R], key: bytes | Pseudonymiser, *, staff: bool = True
) -> Iterator[R]:
    """Stream ``records`` anonymised one by one (constant memory; see :func:`anonymize_record`)."""
    p = _pseudonymiser(key)
    walker = _Walker(p, staff)
    for record in records:
        if not attrs.has(type(record)):
            raise TypeError(f"cannot anonymise a {type(record).__name__}: not a tgpl record")
        yield walker.walk(record)


@frozen
class AnonymizeSummary:
    """What :func:`anonymize_file` did: ``records`` written, ``lines`` read, and the
    ``errors`` of the lines skipped (only when ``strict=False``)."""

    records: int
    lines: int
    errors: tuple[InvalidRecordError, ...] = ()


def anonymize_file(
    src: str | os.PathLike[str],
    dst: str | os.PathLike[str],
    key: bytes | Pseudonymiser,
    *,
    staff: bool = True,
    strict: bool = True,
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

    ``src`` and ``dst`` must differ (``dst`` is replaced only at the end, but reading
    and replacing the same file is never what was meant).
    """
    if Path(src).resolve() == Path(dst).resolve():
        raise ValueError("anonymize_file: src and dst are the same file")
    p = _pseudonymiser(key)
    with read_jsonl(src, strict=False) as stream, atomic_open(dst, "wb") as out:
        written = write_jsonl(anonymize_records(stream, p, staff=staff), out, include_sensitive=False)
        errors = tuple(stream.errors)
        if strict and errors:
            first = errors[0]
            if len(errors) > 1:
                first.add_note(f"… and {len(errors) - 1} more problem(s) in {stream.source}; nothing was written")
            raise first
    return AnonymizeSummary(records=written, lines=stream.lines, errors=errors)
