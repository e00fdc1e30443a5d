"""Relations between published numbers (quan hệ giữa các số liệu công bố), as data.

A report's counts are tied together — totals and their parts, flows, bounds — and its
shares are ratios of sums of counts. :class:`Relation` and :class:`Ratio` write such ties
down once; :data:`tgpl.reporting.indicators.BUILTIN_RELATIONS` and ``BUILTIN_RATIOS`` hold
those of the built-in indicators, and :mod:`tgpl.privacy.disclosure` uses them both to
protect small cells and to attack the protection.
"""

from __future__ import annotations

from collections.abc import Mapping

from attrs import field, frozen

__all__ = ["Ratio", "Relation"]

_KINDS = frozenset({"=", ">=", "<="})


def _names(_i: object, a: object, value: tuple[str, ...]) -> None:
    if not value or any(not isinstance(v, str) or not v for v in value):
        raise ValueError(f"{getattr(a, 'name', 'names')} must be a non-empty tuple of names")


@frozen
class Relation:
    """``total`` and ``parts`` tied by ``kind``: ``"="`` (total = Σ parts), ``">="`` (total
    ≥ Σ parts: a remainder is not published) or ``"<="`` (total ≤ Σ parts, e.g. distinct
    communes over target groups). A name that is not a published count is an unpublished
    quantity (a whole number ≥ 0 nobody is told). ``basis`` says why the relation holds."""

    total: str
    parts: tuple[str, ...] = field(validator=_names)
    kind: str = "="
    basis: str = ""

    def __attrs_post_init__(self) -> None:
        if self.kind not in _KINDS:
            raise ValueError(f"relation kind must be one of {sorted(_KINDS)}, got {self.kind!r}")

    @property
    def names(self) -> tuple[str, ...]:
        return (self.total, *self.parts)

    def holds(self, values: Mapping[str, int]) -> bool:
        """Whether the relation holds for ``values`` (every name must be there)."""
        total, parts = values[self.total], sum(values[p] for p in self.parts)
        return {"=": total == parts, ">=": total >= parts, "<=": total <= parts}[self.kind]


@frozen
class Ratio:
    """The published share ``code`` = ``scale`` × Σ ``numerator`` ÷ Σ ``denominator``
    (``None`` when the denominator is 0)."""

    code: str
    numerator: tuple[str, ...] = field(validator=_names)
    denominator: tuple[str, ...] = field(validator=_names)
    scale: int = 100
    basis: str = ""

    @property
    def names(self) -> tuple[str, ...]:
        return (*self.numerator, *self.denominator)


