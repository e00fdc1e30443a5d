"""The TGV litigation quota (tgpl.reporting.quota): the ``tgv_litigation`` tally table, the
quota judged on it, and what reports show and withhold."""

from __future__ import annotations

import datetime as dt
import json
import math
from collections import Counter
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tgpl.domain import (
    VN_TZ,
    Accepted,
    Beneficiary,
    Case,
    ChangeGround,
    Ended,
    EndKind,
    FileCode,
    Form,
    LegalField,
    ProcedureRole,
    ProviderAssigned,
    ProviderChanged,
    ProviderKind,
    UnitRef,
)
from tgpl.errors import InvalidRecordError
from tgpl.reporting.aggregate import aggregate, aggregate_one
from tgpl.reporting.build import report_from_tally
from tgpl.reporting.formats import render_json
from tgpl.reporting.plugins import load_plugins
from tgpl.reporting.quota import (
    QuotaCounting,
    QuotaHolder,
    TgvQuota,
    evaluate_quota,
    per_provider,
    published_tally,
    quota_values,
    window_fraction,
)
from tgpl.reporting.tally import Tally, merge
from tgpl.reporting.windows import Window, custom, year
from tgpl.testing.strategies import cases, tgv_quotas

UNIT = UnitRef.parse("2004:06")
WINDOWS: tuple[Window, ...] = (
    year(2023), year(2024), custom(dt.date(2023, 11, 1), dt.date(2024, 10, 31)), custom(dt.date(2024, 3, 1), dt.date(2024, 8, 31)),
)
QUICK = settings(max_examples=40, deadline=None)


def _day(moment: dt.datetime) -> dt.date:
    return moment.astimezone(VN_TZ).date()


def brute_counts(records: Sequence[Case], start: dt.date, end: dt.date, counting: QuotaCounting) -> Counter[str]:
    """Litigation cases per TGV, recounted straight from the cases (the documented rule)."""
    out: Counter[str] = Counter()
    for c in records:
        if c.form is not Form.LITIGATION:
            continue
        accepted = next((_day(e.on) for e in c.events if isinstance(e, Accepted)), None)
        end_at = next(((i, e) for i, e in enumerate(c.events) if isinstance(e, Ended)), None)
        if accepted is None or accepted > end or (end_at is not None and _day(end_at[1].on) < start):
            continue
        provs = [
            (_day(e.on), i, e) for i, e in enumerate(c.events)
            if isinstance(e, ProviderAssigned | ProviderChanged) and (end_at is None or i < end_at[0]) and _day(e.on) <= end
        ]
        if not provs:
            continue
        _, _, last = max(provs, key=lambda p: (p[0], p[1]))
        assert isinstance(last, ProviderAssigned | ProviderChanged)
        if last.provider_kind is not ProviderKind.TGV:
            continue
        completed = end_at is not None and _day(end_at[1].on) <= end and end_at[1].outcome is EndKind.COMPLETED
        if counting is QuotaCounting.HANDLED or completed:
            out[last.provider_id] += 1
    return out


def brute_outcome(records: Sequence[Case], quota: TgvQuota, w: Window) -> tuple[int, int] | None:
    """(TGVs with a quota, TGVs who met it), recounted from the cases and the quota's rules."""
    if w.end.year != quota.year:
        return None
    days = (w.end - w.start).days + 1
    first_after = dt.date(w.start.year + 1, w.start.month, w.start.day) if (w.start.month, w.start.day) != (2, 29) \
        else dt.date(w.start.year + 1, 3, 1)
    year_days = (first_after - w.start).days
    if days != year_days and not quota.prorate:
        return None
    fraction = Fraction(1) if days == year_days else Fraction(days, year_days)
    counted = brute_counts(records, w.start, w.end, quota.counting)
    seen = brute_counts(records, w.start, w.end, QuotaCounting.HANDLED)
    people = {h.provider: h for h in quota.roster if not h.exempt}
    listed = {h.provider for h in quota.roster}
    if quota.default is not None:
        people |= {p: QuotaHolder(p, quota.default) for p in seen if p not in listed}
    met = sum(
        1 for p, h in people.items()
        if counted[p] >= math.ceil(quota.minimum[h.seniority] * Fraction(h.percent, 100) * fraction)
    )
    return len(people), met


@st.composite
def register(draw: st.DrawFn) -> list[Case]:
    recs = draw(st.lists(cases(form=Form.LITIGATION, start=dt.date(2023, 1, 1), end=dt.date(2024, 12, 31))
                         | cases(start=dt.date(2023, 1, 1), end=dt.date(2024, 12, 31)), max_size=14))
    seen: set[str] = set()
    return [c for c in recs if not (c.id in seen or seen.add(c.id))]  # type: ignore[func-returns-value]


# -- the tally table ---------------------------------------------------------------------------------


@QUICK
@given(register(), st.sampled_from(QuotaCounting))
def test_per_provider_counts_equal_a_recount_from_the_cases(records: list[Case], counting: QuotaCounting) -> None:
    tallies = aggregate(records, WINDOWS)
    for w in WINDOWS:
        assert per_provider(tallies[w], counting) == dict(brute_counts(records, w.start, w.end, counting))


@QUICK
@given(register())
def test_handled_tgv_cases_are_the_litigation_cases_with_a_tgv_at_the_end(records: list[Case]) -> None:
    # Conservation: each case credits one TGV, so the per-TGV counts sum to the litigation
    # cases the case table keys to a TGV (inflow measures), and completed to ended.completed.
    for w, t in aggregate(records, WINDOWS).items():
        handled = t.count("case", measure=("carried_over", "accepted"), form="litigation", provider_kind="tgv")
        completed = t.count("case", measure="ended.completed", form="litigation", provider_kind="tgv")
        assert sum(per_provider(t).values()) == handled, w
        assert sum(per_provider(t, QuotaCounting.COMPLETED).values()) == completed, w


@QUICK
@given(register(), st.integers(0, 14), tgv_quotas(year=2024))
def test_merge_law_per_provider_counts_sum_and_the_quota_is_judged_on_the_merge(
    records: list[Case], cut: int, quota: TgvQuota
) -> None:
    w = year(2024)
    whole = aggregate_one(records, w)
    parts = merge(aggregate_one(records[:cut], w), aggregate_one(records[cut:], w))
    assert parts == whole
    assert evaluate_quota(quota, parts, w.start, w.end) == evaluate_quota(quota, whole, w.start, w.end)
    # the JSON round trip keeps the private table (a tally file is not a report)
    assert Tally.from_json(json.loads(json.dumps(whole.to_json()))) == whole


def test_a_tally_1_file_reads_with_no_tgv_counts() -> None:
    old = Tally.from_json({"schema": "tgpl.tally/1", "tables": {"reception": {"dims": ["unit"], "rows": [["2004:06", 3]]}}})
    assert per_provider(old) == {}
    quota = TgvQuota(year=2024, minimum={"5_years_or_more": 10}, basis="x", default="5_years_or_more")
    assert evaluate_quota(quota, old, dt.date(2024, 1, 1), dt.date(2024, 12, 31)) is not None
    assert evaluate_quota(quota, old, dt.date(2024, 1, 1), dt.date(2024, 12, 31)).share is None  # type: ignore[union-attr]


# -- the quota --------------------------------------------------------------------------------------


@QUICK
@given(register(), st.sampled_from(WINDOWS), st.data())
def test_share_equals_a_brute_force_recount_from_the_cases(records: list[Case], w: Window, data: st.DataObject) -> None:
    quota = data.draw(tgv_quotas(year=data.draw(st.sampled_from((w.end.year, w.end.year - 1)))))
    outcome = evaluate_quota(quota, aggregate_one(records, w), w.start, w.end)
    expected = brute_outcome(records, quota, w)
    if expected is None:
        assert outcome is None
        assert set(quota_values(quota, aggregate_one(records, w), w.start, w.end).values()) == {None}
        return
    assert outcome is not None
    assert (outcome.with_quota, outcome.met) == expected
    assert outcome.not_met == expected[0] - expected[1]
    assert outcome.share == (None if expected[0] == 0 else 100 * expected[1] / expected[0])


def _case(seq: int, provider: str, *, ended: str | None = None, kind: ProviderKind = ProviderKind.TGV) -> Case:
    at = dt.datetime(2024, 2, 1, 9, 0, tzinfo=VN_TZ)
    events: list[Any] = [Accepted(on=at), ProviderAssigned(on=at, provider_id=provider, provider_kind=kind)]
    if ended is not None:
        events.append(Ended(on=dt.datetime.fromisoformat(ended).replace(tzinfo=VN_TZ), outcome=EndKind.COMPLETED))
    return Case(code=FileCode("TT", Form.LITIGATION, seq, 2024), organisation="o", unit=UNIT, form=Form.LITIGATION,
                field=LegalField.CRIMINAL, role=ProcedureRole.DEFENCE_COUNSEL, beneficiaries=(Beneficiary(id="b"),),
                events=tuple(events))


def _tally(spec: dict[str, int], w: Window | None = None) -> Tally:
    recs, seq = [], 0
    for provider, n in spec.items():
        for _ in range(n):
            seq += 1
            recs.append(_case(seq, provider, ended="2024-06-01T10:00:00" if seq % 2 else None))
    return aggregate_one(recs, w or year(2024))


def test_roster_zero_cases_exemption_and_reduction() -> None:
    tally = _tally({"A": 14, "B": 13, "C": 5, "D": 20, "L": 9})
    quota = TgvQuota(
        year=2024, minimum={"under_3_years": 7, "5_years_or_more": 14}, basis="Công văn thử",
        roster=(
            QuotaHolder("A", "5_years_or_more"),  # 14 ≥ 14: met
            QuotaHolder("B", "5_years_or_more"),  # 13 < 14: not met
            QuotaHolder("C", "5_years_or_more", percent=30),  # director: ⌈14 × 30 %⌉ = 5: met
            QuotaHolder("D", "under_3_years", exempt=True),  # exempt: not counted at all
            QuotaHolder("Z", "under_3_years"),  # no case in the records: not met
        ),
    )
    w = year(2024)
    assert quota_values(quota, tally, w.start, w.end) == {
        "tgv_quota.with_quota": 4, "tgv_quota.met": 2, "tgv_quota.not_met": 2, "tgv_quota.met_share": 50.0,
    }
    # "L" (a lawyer's cases would not count; here a TGV not on the roster) counts only with a default band.
    with_default = TgvQuota(year=2024, minimum=quota.minimum, basis="x", roster=quota.roster, default="under_3_years")
    assert quota_values(with_default, tally, w.start, w.end)["tgv_quota.with_quota"] == 5
    assert quota_values(with_default, tally, w.start, w.end)["tgv_quota.met"] == 3  # L: 9 ≥ 7


def test_completed_counting_and_lawyers_never_count() -> None:
    recs = [_case(1, "A", ended="2024-03-01T10:00:00"), _case(2, "A"), _case(3, "K", kind=ProviderKind.CENTER_LAWYER)]
    t = aggregate_one(recs, year(2024))
    assert per_provider(t) == {"A": 2}
    assert per_provider(t, QuotaCounting.COMPLETED) == {"A": 1}
    quota = TgvQuota(year=2024, minimum={"under_3_years": 2}, basis="x", default="under_3_years", counting="completed")
    assert quota_values(quota, t, dt.date(2024, 1, 1), dt.date(2024, 12, 31))["tgv_quota.met"] == 0
    handled = TgvQuota(year=2024, minimum={"under_3_years": 2}, basis="x", default="under_3_years")
    assert quota_values(handled, t, dt.date(2024, 1, 1), dt.date(2024, 12, 31))["tgv_quota.met"] == 1


def test_the_provider_at_the_window_end_gets_the_case() -> None:
    at = dt.datetime(2024, 2, 1, 9, 0, tzinfo=VN_TZ)
    later = dt.datetime(2024, 9, 1, 9, 0, tzinfo=VN_TZ)
    c = Case(code=FileCode("TT", Form.LITIGATION, 1, 2024), organisation="o", unit=UNIT, form=Form.LITIGATION,
             field=LegalField.CRIMINAL, role=ProcedureRole.DEFENCE_COUNSEL, beneficiaries=(Beneficiary(id="b"),),
             events=(Accepted(on=at), ProviderAssigned(on=at, provider_id="A", provider_kind=ProviderKind.TGV),
                     ProviderChanged(on=later, provider_id="B", provider_kind=ProviderKind.TGV,
                                     ground=ChangeGround.BENEFICIARY_REQUEST)))
    assert per_provider(aggregate_one([c], year(2024))) == {"B": 1}
    assert per_provider(aggregate_one([c], custom(dt.date(2024, 1, 1), dt.date(2024, 6, 30)))) == {"A": 1}


@pytest.mark.parametrize(("start", "end", "prorate", "expected"), [
    (dt.date(2024, 1, 1), dt.date(2024, 12, 31), False, Fraction(1)),
    (dt.date(2023, 11, 1), dt.date(2024, 10, 31), False, Fraction(1)),  # the letters' year 01/11–31/10
    (dt.date(2024, 1, 1), dt.date(2024, 6, 30), False, None),
    (dt.date(2024, 1, 1), dt.date(2024, 6, 30), True, Fraction(182, 366)),
    (dt.date(2024, 2, 29), dt.date(2025, 2, 28), False, Fraction(1)),
])
def test_window_fraction(start: dt.date, end: dt.date, prorate: bool, expected: Fraction | None) -> None:
    assert window_fraction(start, end, prorate=prorate) == expected


def test_prorated_half_year_rounds_the_quota_up() -> None:
    # 14 × 182/366 = 6.96… → 7 cases by 30/06/2024.
    w = custom(dt.date(2024, 1, 1), dt.date(2024, 6, 30))
    quota = TgvQuota(year=2024, minimum={"5_years_or_more": 14}, basis="x", default="5_years_or_more", prorate=True)
    assert quota_values(quota, _tally({"A": 7, "B": 6}, w), w.start, w.end)["tgv_quota.met"] == 1


@pytest.mark.parametrize(("kwargs", "path"), [
    ({"roster": (), "default": None}, "$.roster"),
    ({"roster": (QuotaHolder("A", "under_3_years"), QuotaHolder("A", "under_3_years"))}, "$.roster[1].provider"),
    ({"roster": (QuotaHolder("A", "3_to_5_years"),)}, "$.roster[0].seniority"),
    ({"default": "3_to_5_years"}, "$.default"),
    ({"minimum": {"under_3_years": 0}}, "$.minimum"),
    ({"minimum": {"ten_years": 5}}, "$.minimum"),
    ({"basis": " "}, "$.basis"),
])
def test_a_bad_quota_names_the_field(kwargs: dict[str, Any], path: str) -> None:
    base: dict[str, Any] = {"year": 2024, "minimum": {"under_3_years": 7}, "basis": "x", "default": "under_3_years"}
    with pytest.raises(InvalidRecordError) as info:
        TgvQuota(**(base | kwargs))
    assert info.value.path == path


@pytest.mark.parametrize(("kwargs", "path"), [({"percent": 0}, "$.percent"), ({"percent": 101}, "$.percent"), ({"provider": ""}, "$.provider")])
def test_a_bad_roster_line_names_the_field(kwargs: dict[str, Any], path: str) -> None:
    with pytest.raises(InvalidRecordError) as info:
        QuotaHolder(**({"provider": "A", "seniority": "under_3_years"} | kwargs))
    assert info.value.path == path


# -- reports --------------------------------------------------------------------------------------------


def _report(tally: Tally, quota: TgvQuota | None, window: str = "2024", k: int | None = None) -> Any:
    return report_from_tally(tally, window, plugins=load_plugins(load_entrypoints=False), tgv_quota=quota, suppress_below=k,
                             generated_at=dt.datetime(2025, 1, 5, 9, 0, tzinfo=VN_TZ))


QUOTA = TgvQuota(year=2024, minimum={"5_years_or_more": 10}, basis="Công văn số 1/BTP-TGPL", default="5_years_or_more")


def test_report_shows_the_quota_and_never_the_per_tgv_counts() -> None:
    tally = _tally({f"T{i}": 8 + 2 * i for i in range(8)})  # 8, 10, …, 22: 7 of 8 met 10
    rep = _report(tally, QUOTA)
    assert [(i.code, i.value) for i in rep.indicators if i.code.startswith("tgv_quota.")] == [
        ("tgv_quota.with_quota", 8), ("tgv_quota.met", 7), ("tgv_quota.not_met", 1), ("tgv_quota.met_share", 87.5),
    ]
    assert "Công văn số 1/BTP-TGPL" in rep.indicator("tgv_quota.met_share").basis
    doc = json.loads(render_json(rep))
    assert doc["indicators"]["tgv_quota.met_share"] == 87.5
    assert "tgv_litigation" not in doc["tally"]["tables"]
    assert "T3" not in json.dumps(doc)  # no provider id anywhere in the report
    assert published_tally(tally) == Tally({k: n for k, n in tally.counts.items() if k[0] != "tgv_litigation"})
    assert not any("chỉ tiêu" in n for n in rep.meta.notices)


def test_report_says_when_no_quota_is_configured_or_the_window_is_not_judged() -> None:
    tally = _tally({"A": 3})
    rep = _report(tally, None)
    assert not any(i.code.startswith("tgv_quota.") for i in rep.indicators)
    assert any(n.startswith("Lưu ý: chưa cấu hình chỉ tiêu vụ việc tham gia tố tụng") for n in rep.meta.notices)
    assert not any("chỉ tiêu vụ việc" in n for n in _report(Tally.empty(), None).meta.notices)  # no TGV case: nothing to say
    half = _report(tally, QUOTA, window="2024-H1")
    assert half.indicator("tgv_quota.met_share").value is None
    assert any("không tròn một năm" in n for n in half.meta.notices)
    other_year = _report(_tally({"A": 3}, year(2025)), QUOTA, window="2025")
    assert other_year.indicator("tgv_quota.with_quota").value is None
    assert any("kỳ báo cáo kết thúc năm 2025" in n for n in other_year.meta.notices)


def test_small_counts_of_tgvs_are_suppressed_with_the_share() -> None:
    rep = _report(_tally({"A": 12, "B": 3, "C": 11}), QUOTA, k=5)
    hidden = {i.code: i.suppressed for i in rep.indicators if i.code.startswith("tgv_quota.")}
    assert hidden["tgv_quota.with_quota"] == "<5"
    assert hidden["tgv_quota.met"] == "<5"
    assert hidden["tgv_quota.met_share"]
