"""Properties of tallies and aggregation: monoid laws, split invariance, flow conservation,
additivity over adjacent windows, per-province merging, unit mapping and JSON round trips."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from strategies_reporting import records

from tgpl.domain import Activity, Case
from tgpl.reporting import (
    FlowMeasure,
    Tally,
    UnitMode,
    aggregate,
    aggregate_one,
    compute_indicators,
    half,
    merge,
    quarter,
    year,
)
from tgpl.reporting.tally import ENDED_MEASURES, TABLES

WINDOWS = (half(2022, 1), half(2022, 2), year(2022), quarter(2022, 2))
INFLOW = (FlowMeasure.CARRIED_OVER.value, FlowMeasure.ACCEPTED.value)
OUTFLOW = (*ENDED_MEASURES, FlowMeasure.OPEN_AT_END.value)


def tallies(recs: Sequence[Case | Activity]) -> dict[str, Tally]:
    return {w.label: t for w, t in aggregate(recs, WINDOWS).items()}


tally_st = records().map(lambda r: aggregate_one(r, year(2022)))


@given(tally_st, tally_st, tally_st)
def test_merge_is_associative_commutative_with_identity(a: Tally, b: Tally, c: Tally) -> None:
    assert (a + b) + c == a + (b + c)
    assert a + b == b + a
    assert a + Tally.empty() == a == Tally.empty() + a
    assert merge(a, b, c) == a + b + c
    assert merge() == Tally.empty()


@given(records(), st.data())
def test_aggregate_of_a_split_is_the_merge(recs: list[Case | Activity], data: st.DataObject) -> None:
    cut = data.draw(st.integers(0, len(recs)))
    whole, left, right = tallies(recs), tallies(recs[:cut]), tallies(recs[cut:])
    for label in whole:
        assert whole[label] == left[label] + right[label]
    # Order of records does not matter either.
    assert tallies(list(reversed(recs))) == whole


@given(records())
def test_flow_conservation_for_every_breakdown_key(recs: list[Case | Activity]) -> None:
    for t in tallies(recs).values():
        for table in ("case", "person"):
            dims = [d for d in TABLES[table] if d != "measure"]
            ins = t.breakdown(table, dims, measure=INFLOW)
            outs = t.breakdown(table, dims, measure=OUTFLOW)
            assert ins == outs
        # …and therefore for every marginal (e.g. by form only, by provider kind only).
        for dim in ("form", "field", "provider_kind", "source", "groups", "unit"):
            assert t.breakdown("case", [dim], measure=INFLOW) == t.breakdown("case", [dim], measure=OUTFLOW)


@given(records())
def test_flow_counts_are_additive_over_adjacent_windows(recs: list[Case | Activity]) -> None:
    t = tallies(recs)
    h1, h2, y = t["2022-H1"], t["2022-H2"], t["2022"]
    dims = ["form", "field", "source", "groups", "unit"]  # not provider kind: it is read at each window end
    for measure in (FlowMeasure.ACCEPTED.value, *ENDED_MEASURES):
        a = Counter(h1.breakdown("case", dims, measure=measure))
        a.update(h2.breakdown("case", dims, measure=measure))
        assert dict(a) == y.breakdown("case", dims, measure=measure)
        assert h1.count("person", measure=measure) + h2.count("person", measure=measure) == y.count("person", measure=measure)
    # Carried over into H2 = open at the end of H1; the year's carried-over = H1's.
    assert h2.count("case", measure="carried_over") == h1.count("case", measure="open_at_end")
    assert y.count("case", measure="carried_over") == h1.count("case", measure="carried_over")
    assert y.count("case", measure="open_at_end") == h2.count("case", measure="open_at_end")
    for table in ("request", "simple_answer", "reception", "outreach", "mobile_trip", "training"):
        assert h1.count(table) + h2.count(table) == y.count(table)
    # Distinct communes are not additive, but their union is.
    assert (h1 + h2).members("outreach_communes") == y.members("outreach_communes")


@given(records())
def test_indicators_from_merged_province_tallies_equal_pooled(recs: list[Case | Activity]) -> None:
    pooled = aggregate_one(recs, year(2022))
    by_unit: dict[str, list[Case | Activity]] = {}
    for r in recs:
        by_unit.setdefault(str(r.unit), []).append(r)
    merged = merge(*(aggregate_one(rs, year(2022)) for rs in by_unit.values()))
    assert merged == pooled
    assert compute_indicators(merged) == compute_indicators(pooled)


@given(records(), st.data())
def test_units_mapped_to_2025_commute_with_merge(recs: list[Case | Activity], data: st.DataObject) -> None:
    cut = data.draw(st.integers(0, len(recs)))
    a, b = aggregate_one(recs[:cut], year(2022)), aggregate_one(recs[cut:], year(2022))
    assert (a + b).map_units_to_2025() == a.map_units_to_2025() + b.map_units_to_2025()
    assert aggregate_one(recs, year(2022), unit_mode=UnitMode.SCHEME_2025) == (a + b).map_units_to_2025()
    mapped = (a + b).map_units_to_2025()
    assert all(key[-1].startswith("2025:") for key in mapped.counts)
    assert mapped.count("case") == (a + b).count("case")


@given(tally_st)
def test_json_round_trip_is_lossless(t: Tally) -> None:
    doc = t.to_json()
    assert doc["schema"] == "tgpl.tally/2"
    text = json.dumps(doc, ensure_ascii=False, sort_keys=True)
    back = Tally.from_json(json.loads(text))
    assert back == t
    assert json.dumps(back.to_json(), ensure_ascii=False, sort_keys=True) == text


def _naive_breakdown(t: Tally, table: str, by: Sequence[str], where: dict[str, Any]) -> dict[tuple[str, ...], int]:
    dims = TABLES[table]
    out: Counter[tuple[str, ...]] = Counter()
    for key, n in t.counts.items():
        if key[0] != table:
            continue
        ok = True
        for d, v in where.items():
            value = key[dims.index(d) + 1]
            if v is not None and value not in ({v} if isinstance(v, str) else set(v)):
                ok = False
        if ok:
            out[tuple(key[dims.index(d) + 1] for d in by)] += n
    return dict(out)


@given(tally_st, st.data())
def test_count_and_breakdown_equal_a_plain_scan_before_and_after_caching(t: Tally, data: st.DataObject) -> None:
    # count and breakdown read cached marginals; asked in any order, again and again,
    # they equal a plain scan of the counters.
    for _ in range(4):
        table = data.draw(st.sampled_from(sorted(TABLES)))
        dims = TABLES[table]
        by = data.draw(st.lists(st.sampled_from(dims), max_size=3))
        codes = sorted({key[i + 1] for key in t.counts if key[0] == table for i in range(len(dims))}) or ["x"]
        where = data.draw(st.dictionaries(
            st.sampled_from(dims),
            st.one_of(st.none(), st.sampled_from(codes), st.lists(st.sampled_from(codes), max_size=3)),
            max_size=2,
        ))
        expected = _naive_breakdown(t, table, by, where)
        assert t.breakdown(table, by, **where) == expected
        assert t.count(table, **where) == sum(expected.values())
        assert t.breakdown(table, by, **where) == expected  # from the cache
