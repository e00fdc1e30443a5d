"""The beneficiary (người được trợ giúp pháp lý) and proof of eligibility."""

from __future__ import annotations

import datetime as dt

from attrs import field, frozen

from tgpl.domain.enums import FinancialBasis, Group, PersonRole, ProofKind, Sex, Tri
from tgpl.domain.units import UnitRef

__all__ = ["SENSITIVE", "Beneficiary", "Proof", "is_sensitive"]

#: attrs metadata key marking a field as personal data that must never reach a report or
#: a log (docs/architecture.md principle 11). ``repr`` of such fields is suppressed too.
SENSITIVE = "tgpl.sensitive"


def is_sensitive(attribute: object) -> bool:
    """Whether an attrs attribute carries the :data:`SENSITIVE` mark."""
    return bool(getattr(attribute, "metadata", {}).get(SENSITIVE, False))


@frozen
class Proof:
    """A document proving eligibility (giấy tờ chứng minh), TT08 Art 33 as amended.

    The kind list is open-ended: ``ProofKind.OTHER`` with a ``description``.
    """

    kind: ProofKind
    description: str = ""
    issued_by: str = ""
    issued_on: dt.date | None = None


def _year_matches(inst: Beneficiary, _attr: object, value: int | None) -> None:
    if value is not None and inst.birth_date is not None and inst.birth_date.year != value:
        raise ValueError(f"birth_year {value} contradicts birth_date {inst.birth_date.isoformat()}")
    if value is not None and not 1880 <= value <= 2200:
        raise ValueError(f"birth_year {value} is not a plausible year")


@frozen
class Beneficiary:
    """A person receiving legal aid in one case.

    ``id`` is pseudonymous (never a name or ID number). ``groups`` are the Law Art 7
    groups the file records for the person — every clause ever in force, including the
    repealed points of clause 7, so historic data keeps its meaning; which of them make
    the person eligible on a date is for :mod:`tgpl.rules.eligibility`. ``role`` is the
    person's standing in *this* matter (clauses 5 and 6 depend on it). ``name`` and
    ``id_number`` are personal data: marked :data:`SENSITIVE`, hidden from ``repr``, and
    never counted or printed by reports.
    """

    id: str
    sex: Sex = Sex.UNKNOWN
    birth_date: dt.date | None = None
    birth_year: int | None = field(default=None, validator=_year_matches)
    ethnic_minority: Tri = Tri.UNKNOWN
    residence: UnitRef | None = None
    extreme_difficulty_area: Tri = Tri.UNKNOWN
    groups: frozenset[Group] = frozenset()
    financial: FinancialBasis = FinancialBasis.UNKNOWN
    role: PersonRole = PersonRole.UNKNOWN
    proofs: tuple[Proof, ...] = ()
    name: str | None = field(default=None, repr=False, metadata={SENSITIVE: True})
    id_number: str | None = field(default=None, repr=False, metadata={SENSITIVE: True})

    @property
    def known_birth_year(self) -> int | None:
        """Year of birth from the date or the year, whichever is known."""
        return self.birth_date.year if self.birth_date is not None else self.birth_year

    def age_on(self, on: dt.date) -> int | None:
        """Age in whole years on ``on``.

        With only a year of birth the age is ambiguous by one year; this returns the
        *lower* bound (as if born on 31/12), so an unproven birthday never makes a person
        older than the file shows. ``None`` when nothing is known.
        """
        if self.birth_date is not None:
            b = self.birth_date
            return on.year - b.year - ((on.month, on.day) < (b.month, b.day))
        if self.birth_year is not None:
            return on.year - self.birth_year - 1 if (on.month, on.day) < (12, 31) else on.year - self.birth_year
        return None
