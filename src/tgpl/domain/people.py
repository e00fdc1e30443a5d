"""Providers (người thực hiện TGPL) and organisations (tổ chức thực hiện TGPL)."""

from __future__ import annotations

import datetime as dt

from attrs import field, frozen

from tgpl.domain.enums import Form, OrgKind, ProviderKind
from tgpl.domain.units import UnitRef, unit_on

__all__ = ["Organisation", "Provider"]


@frozen
class Provider:
    """A legal aid provider: TGV, lawyer, legal consultant or collaborator (Law Art 17)."""

    id: str
    kind: ProviderKind
    organisation: str | None = None

    @property
    def allowed_forms(self) -> frozenset[Form]:
        """Forms this provider may perform (Law Art 24 cl. 3, Art 31 cl. 1, Art 33 cl. 1)."""
        return self.kind.allowed_forms

    def may_perform(self, form: Form) -> bool:
        return form in self.kind.allowed_forms


@frozen
class Organisation:
    """A legal aid organisation: Center, branch, contracted or registered organisation.

    ``province`` is a unit reference carrying its scheme; :meth:`province_on` reads it at
    a date, so a Center of the former Bắc Giang (2004:24) reports under the merged Bắc
    Ninh (2025:24) from 01/07/2025. ``code`` is the organisation part of its file codes
    (``TT`` for a Center, ``CN1`` for branch 1, TT12 Art 11 cl. 1).
    """

    id: str
    kind: OrgKind
    name: str
    province: UnitRef
    code: str = "TT"
    parent: str | None = field(default=None)

    def province_on(self, on: dt.date) -> UnitRef:
        """The province in the scheme in force on ``on``."""
        return unit_on(self.province, on)
