"""Helpers of the store tests: a request header and moments in Vietnam time."""

from __future__ import annotations

import datetime as dt

from tgpl.domain import Beneficiary, Form, LegalField, UnitRef, at_vn
from tgpl.store import Request


def make_request(rid: str, form: Form = Form.LITIGATION, *, org: str = "org-1", code_org: str = "TT") -> Request:
    return Request(
        id=rid, organisation=org, code_org=code_org, unit=UnitRef.parse("2025:01"), form=form,
        field=LegalField.CRIMINAL if form is Form.LITIGATION else LegalField.LAND,
        beneficiaries=(Beneficiary(f"b-{rid}"),),
    )


def moment(day: int, hour: int = 9, month: int = 3, year: int = 2026) -> dt.datetime:
    return at_vn(dt.date(year, month, day), hour)
