"""Properties of the Biểu 25 layout: on any flow-conserving tally, every printed row cross-checks."""

from __future__ import annotations

from collections import Counter

from hypothesis import given
from hypothesis import strategies as st
from tgpl_xlsx import BIEU25_COLUMNS, FORM_ROWS, ROW_GROUPS, RowGroup, bieu25, form_rows, row_value

from tgpl.domain import Form, LegalField, ProviderKind
from tgpl.reporting.tally import ENDED_MEASURES, FlowMeasure, Tally

_KINDS = [k.value for k in ProviderKind] + ["unassigned"]

#: One accepted case's contribution: inflow, outflow, form, field, provider kind, unit.
_case = st.tuples(
    st.sampled_from([FlowMeasure.CARRIED_OVER.value, FlowMeasure.ACCEPTED.value]),
    st.sampled_from([*ENDED_MEASURES, FlowMeasure.OPEN_AT_END.value]),
    st.sampled_from([f.value for f in Form]),
    st.sampled_from([f.value for f in LegalField]),
    st.sampled_from(_KINDS),
    st.sampled_from(["2004:06", "2004:01"]),
)


def _tally(cases: list[tuple[str, str, str, str, str, str]]) -> Tally:
    counts: Counter[tuple[str, ...]] = Counter()
    for inflow, outflow, form, fld, kind, unit in cases:
        for measure in (inflow, outflow):
            role = "unknown" if form == "litigation" else ""
            counts[("case", measure, form, role, fld, kind, "direct", "unknown", "", unit)] += 1
    return Tally(counts)


@given(st.lists(_case, max_size=60))
def test_every_row_cross_checks(cases: list[tuple[str, str, str, str, str, str]]) -> None:
    tally = _tally(cases)
    cells = bieu25(tally)
    providers = [c.code for c in BIEU25_COLUMNS if c.code.startswith("ended.")]
    total_row = FORM_ROWS[0]
    for row in FORM_ROWS:
        if row.heading:
            continue
        v = {c.code: row_value(cells, row, c.code) for c in BIEU25_COLUMNS}
        assert v["handled"] == v["carried_over"] + v["accepted"]
        assert v["ended"] == sum(v[p] for p in providers)
        assert v["handled"] == v["ended"] + v["open_at_end"]
    fields = [r for r in FORM_ROWS if r.level == 1 and not r.heading and r.fields]
    forms = [r for r in FORM_ROWS if r.level == 1 and not r.heading and not r.fields]
    for c in BIEU25_COLUMNS:
        total = row_value(cells, total_row, c.code)
        assert total == cells[("total", "total")][c.code]
        assert total == sum(row_value(cells, r, c.code) for r in fields) == sum(row_value(cells, r, c.code) for r in forms)
    assert row_value(cells, total_row, "handled") == len(cases) == tally.count("case", measure=("carried_over", "accepted"))
    ended = sum(1 for case in cases if case[1] in ENDED_MEASURES)
    assert row_value(cells, total_row, "ended") == ended


@given(st.lists(_case, max_size=30), st.sampled_from(["2004:06", "2004:01"]))
def test_unit_filter_is_the_tally_of_that_unit(cases: list[tuple[str, str, str, str, str, str]], unit: str) -> None:
    tally = _tally(cases)
    only = _tally([c for c in cases if c[5] == unit])
    assert bieu25(tally, unit=unit) == bieu25(only)


def test_rows_follow_the_groups_given() -> None:
    assert [r.label_vi for r in FORM_ROWS if r.level == 1 and r.fields] == [g.label_vi for g in ROW_GROUPS]
    assert [r.number for r in FORM_ROWS[:6]] == ["", "I", "1", "1.1", "1.2", "1.3"]
    custom = form_rows([RowGroup("all", "Mọi lĩnh vực", tuple(LegalField))], [Form.LITIGATION])
    assert [(r.number, r.label_vi) for r in custom] == [
        ("", "Tổng số"),
        ("I", "Chia theo lĩnh vực pháp luật"),
        ("1", "Mọi lĩnh vực"),
        ("1.1", "Tham gia tố tụng"),
        ("II", "Chia theo hình thức trợ giúp pháp lý"),
        ("1", "Tham gia tố tụng"),
    ]
    covered = {(f.value, fm.value) for f in LegalField for fm in Form if any(r.covers(f.value, fm.value) for r in FORM_ROWS if r.level == 2)}
    assert len(covered) == len(LegalField) * len(Form)  # every cell is in exactly the rows it should be
