"""Shared helpers for dated legal rules (``tgpl.rules._dated``).

docs/architecture.md principle 2: the law is dated data. Every rule set carries the first day it
applies (``effective_from``), the last day it applies (``effective_to``, *inclusive*, or
``None`` while still in force) and the citation of its legal basis. A rule set is chosen
explicitly by a date with :func:`select`; a date no rule set covers is a
:class:`~tgpl.errors.RuleNotInForceError` — there is no silent default version.

This module is shared by the modules of ``tgpl.rules`` (eligibility, scoring, success,
deadlines, calendar, validation). It is private to the ``tgpl.rules`` package.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from itertools import pairwise
from typing import Protocol, TypeVar

from attrs import field, frozen

from tgpl.errors import RuleNotInForceError

__all__ = [
    "Dated",
    "DatedLike",
    "RuleSet",
    "check_no_overlap",
    "in_force",
    "select",
    "select_optional",
]


class DatedLike(Protocol):
    """Anything with a validity interval and a citation (structural type for :func:`select`)."""

    @property
    def id(self) -> str: ...

    @property
    def effective_from(self) -> date: ...

    @property
    def effective_to(self) -> date | None: ...

    @property
    def citation(self) -> str: ...


def in_force(item: DatedLike, on: date) -> bool:
    """True when ``on`` lies in ``[effective_from, effective_to]`` (both ends inclusive)."""
    if on < item.effective_from:
        return False
    return item.effective_to is None or on <= item.effective_to


def _check_interval(effective_from: date, effective_to: date | None, what: str) -> None:
    if effective_to is not None and effective_to < effective_from:
        raise ValueError(
            f"{what}: effective_to {effective_to.isoformat()} is before "
            f"effective_from {effective_from.isoformat()}"
        )


@frozen
class Dated:
    """A single dated rule: identifier, validity interval (inclusive) and legal citation.

    ``effective_to`` is the last day the rule applies (inclusive), ``None`` while it is
    still in force. ``citation`` names the document, article and clause.
    """

    id: str
    effective_from: date
    effective_to: date | None
    citation: str

    def __attrs_post_init__(self) -> None:
        _check_interval(self.effective_from, self.effective_to, f"rule {self.id!r}")

    def in_force(self, on: date) -> bool:
        """True when this rule applies on ``on``."""
        return in_force(self, on)


@frozen
class RuleSet:
    """A dated version of a body of rules (e.g. Article 7 as amended on a given date).

    ``provisional`` marks a version whose text could not be confirmed from an official
    source; :func:`select` skips provisional sets unless ``include_provisional=True``.
    ``note`` explains what is assumed.
    """

    id: str
    effective_from: date
    effective_to: date | None
    citation: str
    provisional: bool = False
    note: str = field(default="")

    def __attrs_post_init__(self) -> None:
        _check_interval(self.effective_from, self.effective_to, f"rule set {self.id!r}")

    def in_force(self, on: date) -> bool:
        """True when this rule set applies on ``on``."""
        return in_force(self, on)


T = TypeVar("T", bound=DatedLike)


def select_optional(
    rule_sets: Iterable[T], on: date, *, include_provisional: bool = False
) -> T | None:
    """The one rule set in force on ``on``, or ``None`` when none is.

    Raises ``ValueError`` when two sets overlap on that date (a data error).
    """
    hits = [
        rs
        for rs in rule_sets
        if in_force(rs, on) and (include_provisional or not getattr(rs, "provisional", False))
    ]
    if len(hits) > 1:
        raise ValueError(
            f"overlapping rule sets on {on.isoformat()}: {', '.join(h.id for h in hits)}"
        )
    return hits[0] if hits else None


def select(rule_sets: Iterable[T], on: date, *, include_provisional: bool = False) -> T:
    """The one rule set in force on ``on``.

    Raises :class:`~tgpl.errors.RuleNotInForceError` naming the covered ranges when no
    rule set applies on that date (principle 2: no silent fallback). Provisional sets
    (``provisional=True``) are only considered with ``include_provisional=True``; when a
    provisional set would have matched, the error says so.
    """
    items = list(rule_sets)
    hit = select_optional(items, on, include_provisional=include_provisional)
    if hit is not None:
        return hit
    ranges = ", ".join(
        f"{rs.id} [{rs.effective_from.isoformat()}..{rs.effective_to.isoformat() if rs.effective_to else ''}]"
        + (" (provisional)" if getattr(rs, "provisional", False) else "")
        for rs in items
    )
    hint = ""
    if not include_provisional and select_optional(items, on, include_provisional=True):
        hint = " — only a provisional rule set covers this date; pass include_provisional=True to use it"
    raise RuleNotInForceError(
        f"no rule set in force on {on.isoformat()}{hint}; known: {ranges or 'none'}"
    )


def check_no_overlap(rule_sets: Sequence[DatedLike]) -> None:
    """Raise ``ValueError`` when two rule sets' intervals overlap (data self-check)."""
    ordered = sorted(rule_sets, key=lambda r: r.effective_from)
    for a, b in pairwise(ordered):
        if a.effective_to is None or a.effective_to >= b.effective_from:
            raise ValueError(f"rule sets {a.id!r} and {b.id!r} overlap")


