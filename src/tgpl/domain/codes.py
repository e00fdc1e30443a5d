"""Closed code lists with Vietnamese and English labels and their legal basis (public).

Every layer defines its code lists with :class:`CodeEnum` and :func:`describe`: the domain's
enums, the rules' facts and statuses, and province plugins' own lists.

Every enum here is a ``str`` enum whose value is the stable code written to files.
Labels live in a registry so that mypy sees plain string members.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping

__all__ = ["CodeEnum", "describe"]

#: Labels by (code list, member name). Not by member: ``StrEnum`` members compare and hash as
#: their string value, so ``LegalField.OTHER`` and ``TargetGroup.OTHER`` ("other") would
#: share one entry and the last code list described would win.
_LABELS: dict[tuple[type, str], tuple[str, str, str]] = {}


class CodeEnum(enum.StrEnum):
    """A code list member: ``value`` is the stable code, with labels and basis as metadata."""

    @property
    def label_vi(self) -> str:
        """Vietnamese label, with full diacritics."""
        return _LABELS[type(self), self.name][0]

    @property
    def label_en(self) -> str:
        """English label."""
        return _LABELS[type(self), self.name][1]

    @property
    def basis(self) -> str:
        """The legal basis (document, article, clause) of this code, or ``""``."""
        return _LABELS[type(self), self.name][2]


def describe(cls: type[CodeEnum], table: Mapping[str, tuple[str, str, str]]) -> None:
    """Attach ``(label_vi, label_en, basis)`` to every member of ``cls``.

    Raises at import time if a member is left without labels, so a new code can never
    ship unlabelled.
    """
    for member in cls:
        try:
            _LABELS[cls, member.name] = table[member.name]
        except KeyError:
            raise TypeError(f"{cls.__name__}.{member.name} has no label") from None
    extra = set(table) - {m.name for m in cls}
    if extra:
        raise TypeError(f"labels for unknown members of {cls.__name__}: {sorted(extra)}")
