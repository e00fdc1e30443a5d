"""Anonymisation of duty shifts and of the cases linked to them: the link still joins."""

from __future__ import annotations

import datetime as dt

from tgpl.demo import DEMO_PROVINCE, generate
from tgpl.domain import Case, DutyShift
from tgpl.privacy.anonymize import anonymize_records
from tgpl.rules.duty import duty_link_problems

KEY = bytes(range(7, 39))


def test_links_survive_and_no_provider_id_is_left() -> None:
    records = list(generate(seed=8, province=DEMO_PROVINCE, start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31),
                            cases_per_year=300))
    out = list(anonymize_records(records, KEY))
    shifts = {r.id: r for r in out if isinstance(r, DutyShift)}
    linked = [(c0, c1) for c0, c1 in zip(records, out, strict=True) if isinstance(c0, Case) and c0.duty_shift]
    assert linked
    originals = {r.id: r for r in records if isinstance(r, DutyShift)}
    for c0, c1 in linked:
        assert isinstance(c1, Case)
        assert c0.duty_shift is not None
        assert c1.duty_shift is not None
        assert c1.duty_shift != c0.duty_shift
        assert c1.duty_shift in shifts  # the pseudonymous id of the same shift
        assert shifts[c1.duty_shift].on == originals[c0.duty_shift].on
    providers = {r.provider for r in records if isinstance(r, DutyShift)}
    assert providers.isdisjoint(r.provider for r in shifts.values())
    assert duty_link_problems(records) == duty_link_problems(out) == []
