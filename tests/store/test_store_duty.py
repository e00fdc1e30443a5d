"""The store keeps a case's request channel and duty-shift link, and the duty and council
records, as they were imported (nothing valid is dropped)."""

from __future__ import annotations

import datetime as dt

import attrs
import pytest

from tgpl import api
from tgpl.demo import DEMO_PROVINCE, generate
from tgpl.domain import Case, CouncilActivity, DutyShift, RequestSource
from tgpl.store import EventStore


def test_duty_links_channels_and_council_records_round_trip(store: EventStore) -> None:
    records = list(generate(seed=4, province=DEMO_PROVINCE, start=dt.date(2024, 1, 1), end=dt.date(2024, 6, 30),
                            cases_per_year=400))
    assert any(isinstance(r, Case) and r.duty_shift for r in records)
    assert any(isinstance(r, Case) and r.channel for r in records)
    assert any(isinstance(r, DutyShift) for r in records)
    assert any(isinstance(r, CouncilActivity) for r in records)
    assert any(isinstance(r, Case) and r.programmes for r in records)
    store.import_records(records)
    back = list(store.records())
    key = lambda r: (type(r).__name__, r.id)  # noqa: E731
    assert sorted(back, key=key) == sorted(records, key=key)


def test_a_request_follows_the_rules_of_the_case(store: EventStore) -> None:
    with pytest.raises(ValueError, match="duty_shift"):
        api.Request(id="YC-1", organisation="org", code_org="TT", unit=DEMO_PROVINCE, form=api.Form.ADVICE,
                    field=api.LegalField.LAND, beneficiaries=(api.Beneficiary(id="b1"),), duty_shift="TT.TR.00011.2024")
    req = api.Request(id="YC-2", organisation="org", code_org="TT", unit=DEMO_PROVINCE, form=api.Form.ADVICE,
                      field=api.LegalField.LAND, beneficiaries=(api.Beneficiary(id="b1"),),
                      source=RequestSource.COURT_DUTY, duty_shift="TT.TR.00011.2024")
    store.create(req)
    assert store.load("YC-2").request.duty_shift == "TT.TR.00011.2024"  # read back from the header


def test_a_request_header_carries_every_field_of_a_case() -> None:
    """Every field of a case except its code and events is a field of the request header, so
    a field added to ``Case`` cannot be dropped silently by the store."""
    case_fields = {f.name for f in attrs.fields(Case)} - {"code", "events"}
    request_fields = {f.name for f in attrs.fields(api.Request)} - {"id", "code_org"}
    assert case_fields == request_fields
