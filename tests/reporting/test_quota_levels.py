"""The levels of the TGV litigation quota (mức đạt / khá / tốt, tgpl.reporting.quota): each TGV
who met the quota rated at the highest level reached, judged on the merged tally."""

from __future__ import annotations

import datetime as dt
import io
import json
import math
from collections import Counter
from collections.abc import Sequence
from fractions import Fraction
from typing import Any

import openpyxl
import pytest
from hypothesis import given
from hypothesis import strategies as st
from test_quota import (  # the quota tests' builders
    QUICK,
    WINDOWS,
    _report,
    _tally,
    brute_counts,
    register,
)
from tgpl_xlsx.workbook import SHEET_INDICATORS, render_xlsx

from tgpl.domain import Case
from tgpl.errors import InvalidRecordError
from tgpl.privacy.disclosure import disclosed
from tgpl.reporting.aggregate import aggregate_one
from tgpl.reporting.formats import render_json, render_markdown
from tgpl.reporting.indicators import BUILTIN_RATIOS, BUILTIN_RELATIONS
from tgpl.reporting.quota import (
    LEVEL_CODES,
    QuotaCounting,
    QuotaHolder,
    QuotaLevel,
    TgvQuota,
    evaluate_quota,
    quota_values,
)
from tgpl.reporting.tally import merge
from tgpl.reporting.windows import Window, custom, year
from tgpl.testing.strategies import tgv_quotas


def _fraction(w: Window) -> Fraction | None:
    days = (w.end - w.start).days + 1
    year_days = (dt.date(w.start.year + 1, w.start.month, w.start.day) - w.start).days
    return Fraction(1) if days == year_days else Fraction(days, year_days)


def brute_levels(records: Sequence[Case], quota: TgvQuota, w: Window) -> Counter[str] | None:
    """TGVs per level ("tot" / "kha" / "dat" / "not_met"), recounted from the cases: each TGV
    with a quota is rated at the highest level whose ⌈minimum × percent × fraction⌉ it reaches."""
    fraction = _fraction(w)
    if w.end.year != quota.year or (fraction != 1 and not quota.prorate):
        return None
    assert fraction is not None
    counted = brute_counts(records, w.start, w.end, quota.counting)
    seen = brute_counts(records, w.start, w.end, QuotaCounting.HANDLED)
    people = {h.provider: h for h in quota.roster if not h.exempt}
    if quota.default is not None:
        listed = {h.provider for h in quota.roster}
        people |= {p: QuotaHolder(p, quota.default) for p in seen if p not in listed}
    out: Counter[str] = Counter()
    for p, h in people.items():
        need = {
            name: math.ceil(table[h.seniority] * Fraction(h.percent, 100) * fraction)
            for name, table in (("dat", quota.minimum), ("kha", quota.kha), ("tot", quota.tot))
        }
        reached = [name for name in ("tot", "kha", "dat") if counted[p] >= need[name]]
        out[reached[0] if reached else "not_met"] += 1
    return out


@QUICK
@given(register(), st.sampled_from(WINDOWS), st.data())
def test_levels_equal_a_brute_force_recount_and_sum_to_met(records: list[Case], w: Window, data: st.DataObject) -> None:
    quota = data.draw(tgv_quotas(year=w.end.year, levels=True))
    tally = aggregate_one(records, w)
    outcome = evaluate_quota(quota, tally, w.start, w.end)
    expected = brute_levels(records, quota, w)
    if expected is None:
        assert outcome is None
        return
    assert outcome is not None
    assert outcome.levels == (expected["tot"], expected["kha"], expected["dat"])
    assert sum(outcome.levels) == outcome.met
    assert outcome.not_met == expected["not_met"]
    values = quota_values(quota, tally, w.start, w.end)
    assert values["tgv_quota.met"] == sum(values[f"tgv_quota.level.{lv.value}"] or 0 for lv in QuotaLevel)
    if outcome.with_quota:
        shares = [values[f"tgv_quota.level.{lv.value}_share"] for lv in QuotaLevel]
        assert sum(s for s in shares if isinstance(s, float)) == pytest.approx(values["tgv_quota.met_share"])


def _raised(quota: TgvQuota, bumps: Sequence[int]) -> TgvQuota:
    """``quota`` with every threshold raised (đạt by bumps[0], khá by bumps[0]+bumps[1], …):
    still đạt ≤ khá ≤ tốt."""
    b0, b1, b2 = bumps
    return TgvQuota(
        year=quota.year, minimum={b: n + b0 for b, n in quota.minimum.items()}, basis=quota.basis,
        roster=quota.roster, default=quota.default, counting=quota.counting, prorate=quota.prorate,
        kha={b: n + b0 + b1 for b, n in quota.kha.items()}, tot={b: n + b0 + b1 + b2 for b, n in quota.tot.items()},
    )


@QUICK
@given(register(), st.data(), st.lists(st.integers(0, 4), min_size=3, max_size=3))
def test_levels_are_monotone_in_the_minimums(records: list[Case], data: st.DataObject, bumps: list[int]) -> None:
    # Raising any threshold never adds a TGV at that level or above: "tốt", "khá or better"
    # and "met" can only fall, and the TGVs with a quota do not change.
    w = year(2024)
    quota = data.draw(tgv_quotas(year=2024, levels=True))
    tally = aggregate_one(records, w)
    low, high = evaluate_quota(quota, tally, w.start, w.end), evaluate_quota(_raised(quota, bumps), tally, w.start, w.end)
    assert low is not None
    assert high is not None
    assert low.levels is not None
    assert high.levels is not None
    assert high.with_quota == low.with_quota
    for top in (1, 2, 3):
        assert sum(high.levels[:top]) <= sum(low.levels[:top])


@QUICK
@given(register(), st.integers(0, 14), tgv_quotas(year=2024, levels=True))
def test_merge_law_levels_are_judged_on_the_merged_counts(records: list[Case], cut: int, quota: TgvQuota) -> None:
    w = year(2024)
    whole = aggregate_one(records, w)
    parts = merge(aggregate_one(records[:cut], w), aggregate_one(records[cut:], w))
    assert evaluate_quota(quota, parts, w.start, w.end) == evaluate_quota(quota, whole, w.start, w.end)
    assert quota_values(quota, parts, w.start, w.end) == quota_values(quota, whole, w.start, w.end)


#: The 2022 letter's levels (Công văn 5008/BTP-TGPL): đạt / khá / tốt from 6 / 12 / 16,
#: 10 / 15 / 21 and 13 / 21 / 27 cases a year by band.
LEVELS_2022: dict[str, Any] = {
    "minimum": {"under_3_years": 6, "3_to_5_years": 10, "5_years_or_more": 13},
    "kha": {"under_3_years": 12, "3_to_5_years": 15, "5_years_or_more": 21},
    "tot": {"under_3_years": 16, "3_to_5_years": 21, "5_years_or_more": 27},
}


def test_levels_with_reductions_exemptions_and_a_missing_tgv() -> None:
    tally = _tally({"A": 27, "B": 26, "C": 21, "D": 13, "E": 12, "F": 9, "G": 5, "X": 30})
    quota = TgvQuota(
        year=2024, basis="Công văn thử", **LEVELS_2022,
        roster=(
            QuotaHolder("A", "5_years_or_more"),  # 27 ≥ 27: tốt
            QuotaHolder("B", "5_years_or_more"),  # 21 ≤ 26 < 27: khá
            QuotaHolder("C", "5_years_or_more"),  # 21 ≥ 21: khá
            QuotaHolder("D", "5_years_or_more"),  # 13: đạt
            QuotaHolder("E", "5_years_or_more"),  # 12 < 13: not met
            QuotaHolder("F", "5_years_or_more", percent=30),  # director: ⌈13·0.3⌉=4, ⌈21·0.3⌉=7, ⌈27·0.3⌉=9 → tốt
            QuotaHolder("G", "3_to_5_years", percent=60),  # deputy: 6 / 9 / 13 → 5: not met
            QuotaHolder("X", "under_3_years", exempt=True),  # exempt: in no count
            QuotaHolder("Z", "under_3_years"),  # no case: not met
        ),
    )
    w = year(2024)
    values = quota_values(quota, tally, w.start, w.end)
    assert {k: values[k] for k in ("tgv_quota.with_quota", "tgv_quota.met", "tgv_quota.not_met")} == {
        "tgv_quota.with_quota": 8, "tgv_quota.met": 5, "tgv_quota.not_met": 3,
    }
    assert [values[c] for c in LEVEL_CODES] == [2, 2, 1, 25.0, 25.0, 12.5]


def test_prorated_levels_round_up() -> None:
    # Half of 2024 (182 of 366 days): 13 / 21 / 27 → 7 / 11 / 14.
    half = custom(dt.date(2024, 1, 1), dt.date(2024, 6, 30))
    quota = TgvQuota(year=2024, basis="x", default="5_years_or_more", prorate=True, **LEVELS_2022)
    values = quota_values(quota, _tally({"A": 14, "B": 13, "C": 11, "D": 10, "E": 7, "F": 6}, half), half.start, half.end)
    assert [values[f"tgv_quota.level.{lv}"] for lv in ("tot", "kha", "dat")] == [1, 2, 2]  # A | B, C | D, E
    assert values["tgv_quota.not_met"] == 1  # F


def test_without_levels_only_dat_is_judged_and_no_level_indicator_is_shown() -> None:
    quota = TgvQuota(year=2024, minimum={"5_years_or_more": 10}, basis="x", default="5_years_or_more")
    assert not quota.has_levels
    w = year(2024)
    outcome = evaluate_quota(quota, _tally({"A": 30, "B": 3}), w.start, w.end)
    assert outcome is not None
    assert (outcome.met, outcome.levels, outcome.level(QuotaLevel.TOT), outcome.level_share(QuotaLevel.DAT)) == (1, None, None, None)
    assert not set(LEVEL_CODES) & set(quota_values(quota, _tally({"A": 30}), w.start, w.end))
    assert not any(i.code in LEVEL_CODES for i in _report(_tally({"A": 30}), quota).indicators)


@pytest.mark.parametrize(("kwargs", "path", "words"), [
    ({"kha": {"under_3_years": 5}, "tot": {"under_3_years": 9}}, "$.kha", "below the đạt minimum"),
    ({"kha": {"under_3_years": 9}, "tot": {"under_3_years": 8}}, "$.tot", "below the khá level"),
    ({"kha": {"under_3_years": 9}}, "$.tot", "every band"),
    ({"tot": {"under_3_years": 9}}, "$.kha", "every band"),
    ({"kha": {"under_3_years": 9, "5_years_or_more": 20}, "tot": {"under_3_years": 12}}, "$.kha", "every band"),
    ({"kha": {"under_3_years": 0}, "tot": {"under_3_years": 9}}, "$.kha", "above 0"),
    ({"kha": {"ten_years": 9}, "tot": {"under_3_years": 9}}, "$.kha", "unknown seniority band"),
])
def test_bad_levels_name_the_field(kwargs: dict[str, Any], path: str, words: str) -> None:
    base: dict[str, Any] = {"year": 2024, "minimum": {"under_3_years": 7}, "basis": "x", "default": "under_3_years"}
    with pytest.raises(InvalidRecordError) as info:
        TgvQuota(**(base | kwargs))
    assert info.value.path == path
    assert words in str(info.value)


def test_equal_levels_are_allowed_and_the_highest_wins() -> None:
    quota = TgvQuota(year=2024, minimum={"under_3_years": 7}, kha={"under_3_years": 7}, tot={"under_3_years": 7},
                     basis="x", default="under_3_years")
    w = year(2024)
    assert evaluate_quota(quota, _tally({"A": 7, "B": 6}), w.start, w.end).levels == (1, 0, 0)  # type: ignore[union-attr]


def test_the_relation_and_the_ratios_are_known_to_suppression() -> None:
    assert any(r.total == "tgv_quota.met" and set(r.parts) == {"tgv_quota.level.tot", "tgv_quota.level.kha",
                                                               "tgv_quota.level.dat"} and r.kind == "="
               for r in BUILTIN_RELATIONS)
    ratios = {r.code: r for r in BUILTIN_RATIOS}
    for lv in QuotaLevel:
        ratio = ratios[f"tgv_quota.level.{lv.value}_share"]
        assert (ratio.numerator, ratio.denominator) == ((f"tgv_quota.level.{lv.value}",), ("tgv_quota.with_quota",))


QUOTA_2022 = TgvQuota(year=2024, basis="Công văn số 1/BTP-TGPL", default="5_years_or_more", **LEVELS_2022)


def test_report_shows_the_levels_in_markdown_and_json_and_suppresses_small_ones() -> None:
    # 8 TGVs: 30, 28 (tốt), 25, 22, 21 (khá), 20, 13 (đạt), 5 (not met)
    tally = _tally({f"ma-tgv-{i}": n for i, n in enumerate((30, 28, 25, 22, 21, 20, 13, 5))})
    rep = _report(tally, QUOTA_2022)
    assert [(c, rep.value(c)) for c in LEVEL_CODES] == [
        ("tgv_quota.level.tot", 2), ("tgv_quota.level.kha", 3), ("tgv_quota.level.dat", 2),
        ("tgv_quota.level.tot_share", 25.0), ("tgv_quota.level.kha_share", 37.5), ("tgv_quota.level.dat_share", 25.0),
    ]
    assert "đạt từ 13, khá từ 21, tốt từ 27 vụ việc/năm" in rep.indicator("tgv_quota.level.tot").basis
    md = render_markdown(rep).decode()
    assert "Số Trợ giúp viên pháp lý đạt chỉ tiêu vụ việc tham gia tố tụng, xếp loại Tốt | người | 2 |" in md
    assert "xếp loại Khá | người | 3 |" in md
    assert "Tỷ lệ Trợ giúp viên pháp lý đạt chỉ tiêu vụ việc tham gia tố tụng, xếp loại Đạt | % |" in md
    doc = json.loads(render_json(rep))
    assert doc["indicators"]["tgv_quota.level.kha"] == 3
    assert "ma-tgv-" not in json.dumps(doc)
    small = _report(tally, QUOTA_2022, k=3)
    hidden = {i.code for i in small.indicators if i.suppressed}
    assert {"tgv_quota.level.tot", "tgv_quota.level.dat", "tgv_quota.level.tot_share", "tgv_quota.level.dat_share"} <= hidden
    # whatever else is hidden with them, nothing published pins a hidden level (met = tốt + khá + đạt)
    view = {i.code: i.suppressed or i.value for i in small.indicators}
    assert disclosed(view, BUILTIN_RELATIONS, BUILTIN_RATIOS, k=3) == {}


def test_the_workbook_lists_the_levels() -> None:
    tally = _tally({f"ma-tgv-{i}": n for i, n in enumerate((30, 28, 25, 22, 21, 20, 13, 5))})
    wb = openpyxl.load_workbook(io.BytesIO(render_xlsx(_report(tally, QUOTA_2022))))
    rows = {r[1].value: r[3].value for r in wb[SHEET_INDICATORS].iter_rows(min_row=7) if isinstance(r[1].value, str)}
    label = "Số Trợ giúp viên pháp lý đạt chỉ tiêu vụ việc tham gia tố tụng, xếp loại {}"
    assert [rows[label.format(lv)] for lv in ("Tốt", "Khá", "Đạt")] == [2, 3, 2]
