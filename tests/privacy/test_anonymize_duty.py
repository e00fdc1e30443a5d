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


def test_the_provider_at_a_hearing_gets_the_same_pseudonym_as_when_assigned() -> None:
    import attrs

    from tgpl.domain import HearingAttended, HearingMode, ProviderAssigned, ProviderKind
    from tgpl.privacy.anonymize import Pseudonymiser, anonymize_record

    case = next(r for r in generate(seed=8, province=DEMO_PROVINCE, start=dt.date(2024, 1, 1),
                                    end=dt.date(2024, 12, 31), cases_per_year=40, activities=False)
                if isinstance(r, Case))
    on = max(e.on for e in case.events) + dt.timedelta(days=1)
    case = attrs.evolve(case, events=(
        *case.events,
        ProviderAssigned(on=on, provider_id="TGV-Nguyen-Van-A", provider_kind=ProviderKind.TGV),
        HearingAttended(on=on + dt.timedelta(days=1), mode=HearingMode.ONLINE, provider_id="TGV-Nguyen-Van-A"),
    ))
    p = Pseudonymiser(KEY)
    out = anonymize_record(case, p)
    assigned = [e for e in out.events if isinstance(e, ProviderAssigned)][-1]
    hearing = next(e for e in out.events if isinstance(e, HearingAttended))
    assert hearing.provider_id == assigned.provider_id != "TGV-Nguyen-Van-A"
    kept = anonymize_record(case, p, staff=False)
    assert next(e for e in kept.events if isinstance(e, HearingAttended)).provider_id == "TGV-Nguyen-Van-A"
