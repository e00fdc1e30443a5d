"""The attacker of small-cell suppression (issue 12 §1): read every published number, use the
declared relations and shares, try to recover each hidden figure — and fail.

* The declarations are checked against the computation: every relation of
  :data:`BUILTIN_RELATIONS` and every ratio of :data:`BUILTIN_RATIOS` holds on the example
  and on generated data (a wrong declaration would make protection and attack both wrong).
* The attacker reads what a reader reads — the JSON and CSV files, the Markdown tables, the
  cells of the xlsx workbook (openpyxl) and the text of the Word document (python-docx) —
  and every format must give the same published view; the formats must not depend on
  anything but the published indicators (rendering with another tally gives the same bytes).
* On the example with ``--suppress-below 5`` and on generated tallies, no hidden figure is
  recovered; the three recoveries of the issue are regression tests.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import re
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

import attrs
import docx
import openpyxl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from strategies_reporting import records
from tgpl_docx.document import render_docx
from tgpl_xlsx.workbook import SHEET_BIEU24, SHEET_BIEU25, SHEET_INDICATORS, render_xlsx

from tgpl.domain import VN_TZ, Grade
from tgpl.privacy.disclosure import attack, disclosed
from tgpl.reporting import aggregate, compute_indicators, parse_window
from tgpl.reporting.build import build_report, round_share, suppress_indicators
from tgpl.reporting.formats import render_csv, render_json, render_markdown
from tgpl.reporting.formats.csv_format import table_rows
from tgpl.reporting.indicators import BUILTIN_INDICATORS, BUILTIN_RATIOS, BUILTIN_RELATIONS
from tgpl.reporting.plugins import load_plugins
from tgpl.reporting.quota import QUOTA_INDICATORS, Seniority, TgvQuota, quota_values
from tgpl.reporting.report import IndicatorResult, Report
from tgpl.reporting.tally import Tally, merge

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "bac-kan-2022-h1"
INPUTS = [EXAMPLE / "cases.jsonl", EXAMPLE / "activities.jsonl"]
WINDOW = parse_window("stats:2022-H1")
FIXED = dt.datetime(2022, 8, 1, 9, 0, tzinfo=VN_TZ)
K = 5
_GRADED = tuple(g.value for g in Grade)
_PASSING = tuple(g.value for g in Grade if g.passes)


def _unpublished(tally: Tally) -> dict[str, int]:
    """The quantities the relations name that are not indicators."""
    return {"evaluation.graded": tally.count("evaluation", grade=_GRADED)}


#: A TGV quota for the checks: every TGV seen, 3 cases over the year (khá 5, tốt 8), prorated to the window.
QUOTA = TgvQuota(year=WINDOW.end.year, minimum={Seniority.FROM_5_YEARS: 3}, basis="test", default=Seniority.FROM_5_YEARS,
                 prorate=True, kha={Seniority.FROM_5_YEARS: 5}, tot={Seniority.FROM_5_YEARS: 8})


def _check_declarations(tally: Tally) -> None:
    values = compute_indicators(tally) | quota_values(QUOTA, tally, WINDOW.start, WINDOW.end)
    counts = {c: v for c, v in values.items() if isinstance(v, int)} | _unpublished(tally)
    for r in BUILTIN_RELATIONS:
        assert r.holds(counts), (r, [counts[n] for n in r.names])
    for q in BUILTIN_RATIOS:
        num, den = sum(counts[n] for n in q.numerator), sum(counts[n] for n in q.denominator)
        got = values[q.code]
        assert got == (None if den == 0 else pytest.approx(q.scale * num / den)), q.code


@cache
def _plugins() -> Any:
    return load_plugins(load_entrypoints=False)


@cache
def _report(k: int | None = K) -> Report:
    report, problems = build_report(INPUTS, WINDOW, plugins=_plugins(), suppress_below=k, generated_at=FIXED)
    assert problems == []
    return report


def _example_tally() -> Tally:
    return _report(None).tally


def test_every_share_and_count_code_is_declared_or_standalone() -> None:
    # Every share is a declared ratio; every name of a relation is an indicator or a known
    # unpublished quantity.
    # The TGV quota indicators (shown when a profile gives a quota) are declared too.
    units = {c: i.unit for c, i in BUILTIN_INDICATORS.items()} | {c: u for c, (_, _, u) in QUOTA_INDICATORS.items()}
    shares = {c for c, u in units.items() if u == "%"}
    assert shares == {q.code for q in BUILTIN_RATIOS}
    names = {n for r in BUILTIN_RELATIONS for n in r.names} | {n for q in BUILTIN_RATIOS for n in q.names}
    assert names - set(units) == {"evaluation.graded"}


def test_declared_relations_and_ratios_hold_on_the_example() -> None:
    _check_declarations(_example_tally())


@settings(max_examples=40, deadline=None)
@given(records(max_size=25))
def test_declared_relations_and_ratios_hold_on_generated_data(recs: list[Any]) -> None:
    _check_declarations(aggregate(recs, [WINDOW])[WINDOW])


# -- reading the published files -------------------------------------------------------------


def _number(text: str) -> int | float | str | None:
    """A published value as the reader understands it (Vietnamese or machine notation)."""
    text = text.strip()
    if text in ("", "—"):
        return None
    if text.startswith("dưới "):
        return f"<{text.removeprefix('dưới ')}"
    if text in ("không công bố", "x"):
        return "x"
    if text.startswith("<"):
        return text
    if text.endswith(" %"):
        return float(text.removesuffix(" %").replace(".", "").replace(",", "."))
    if "," in text:
        return float(text.replace(".", "").replace(",", "."))
    if re.fullmatch(r"-?\d+\.\d+", text) and not re.fullmatch(r"-?\d{1,3}(\.\d{3})+", text):
        return float(text)
    return int(text.replace(".", ""))


def _from_json(data: bytes) -> dict[str, object]:
    doc = json.loads(data)
    assert doc["tally"] is None
    return {c: doc["suppressed"].get(c, v) for c, v in doc["indicators"].items()}


def _from_csv(data: bytes) -> dict[str, object]:
    header, *table = table_rows(data)
    out: dict[str, object] = {}
    for row in (dict(zip(header, r, strict=True)) for r in table):
        v = row["value"]
        out[row["code"]] = None if v == "" else (v if v in ("x",) or v.startswith("<") else json.loads(v))
    return out


def _by_label(report: Report) -> dict[str, str]:
    """Officer-facing tables name indicators by their Vietnamese label (codes stay in the JSON)."""
    labels = {i.label_vi: i.code for i in report.indicators}
    assert len(labels) == len(report.indicators), "indicator labels must be unique to be read back"
    return labels


def _from_markdown(data: bytes, report: Report) -> dict[str, object]:
    labels = _by_label(report)
    out: dict[str, object] = {}
    for line in data.decode("utf-8").splitlines():
        m = re.fullmatch(r"\| \d+ \| (?P<label>.*) \| [^|]* \| (?P<value>[^|]*) \|", line)
        if m and m["label"] in labels:
            out[labels[m["label"]]] = _number(m["value"])
    assert out, "no indicator row read from the Markdown"
    return out


def _from_xlsx(data: bytes, report: Report) -> dict[str, object]:
    labels = _by_label(report)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    for name in (SHEET_BIEU24, SHEET_BIEU25):  # withheld under suppression: no number at all
        numbers = [c.value for row in wb[name].iter_rows() for c in row if isinstance(c.value, int | float)]
        assert numbers == [], name
    out: dict[str, object] = {}
    for row in wb[SHEET_INDICATORS].iter_rows(min_row=7):
        label, value = row[1].value, row[3].value
        if isinstance(label, str) and label in labels:
            out[labels[label]] = _number(value) if isinstance(value, str) else value
    assert out, "no indicator row read from the workbook"
    return out


def _docx_text(data: bytes) -> str:
    doc = docx.Document(io.BytesIO(data))
    parts = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        parts += [p.text for cell in table._cells for p in cell.paragraphs]
    return "\n".join(parts)


def _views(report: Report) -> dict[str, dict[str, object]]:
    return {
        "json": _from_json(render_json(report)),
        "csv": _from_csv(render_csv(report)),
        "md": _from_markdown(render_markdown(report), report),
        "xlsx": _from_xlsx(render_xlsx(report), report),
    }


def _assert_same_view(views: Mapping[str, Mapping[str, object]]) -> dict[str, object]:
    full = views["json"]
    for name, view in views.items():
        for code, value in view.items():
            want = full[code]
            if isinstance(want, float) and isinstance(value, int | float):
                assert value == pytest.approx(want), (name, code)
            else:
                assert value == want, (name, code, value, want)
    return dict(full)


# -- the attack on the example -------------------------------------------------------------------


def test_the_example_published_in_every_format_gives_nothing_back() -> None:
    report = _report()
    view = _assert_same_view(_views(report))
    hidden = {c for c, v in view.items() if isinstance(v, str)}
    assert {"appraisal.grade.pass", "cases.accepted.advice", "success.litigation"} <= hidden
    assert disclosed(view, BUILTIN_RELATIONS, BUILTIN_RATIOS, k=K) == {}
    # every hidden count keeps at least two possible values
    bounds = attack(view, BUILTIN_RELATIONS, BUILTIN_RATIOS, k=K)
    for code in hidden - {q.code for q in BUILTIN_RATIOS}:
        low, high = bounds[code]
        assert high is None or high > low, code


def test_the_three_recoveries_of_the_issue_fail() -> None:
    view = _from_json(render_json(_report()))
    clean = _report(None).values()
    # 1. appraised − good − fairly good − fail no longer gives the "pass" grade
    assert view["appraisal.grade.pass"] == "<5"
    known = [view[c] for c in ("appraisal.appraised", "appraisal.grade.good", "appraisal.grade.fairly_good",
                               "appraisal.grade.fail", "appraisal.ungraded")]
    assert any(isinstance(v, str) for v in known)
    # 2. the referral share is rounded (never 81.578…), and hidden with its hidden part
    assert clean["referrals.procedure_body_notice.litigation_share"] == 81.6
    assert view["cases.accepted.advice"] == "<5"
    assert view["referrals.procedure_body_notice.litigation_share"] == "x"
    # 3. "tỷ lệ 2,0 %" × 150 no longer gives the successes
    assert view["success.litigation"] == "<5"
    assert view["success.share"] == "x"
    assert "2,0 %" not in render_markdown(_report()).decode("utf-8")


def test_formats_publish_only_the_suppressed_indicators() -> None:
    # Rendering with a different tally gives the same bytes: no format reads around the
    # suppressed indicators (the tally's rows are exactly the small cells).
    report = _report()
    other = attrs.evolve(report, tally=Tally.empty())
    for render in (render_json, render_csv, render_markdown, render_xlsx, render_docx):
        assert render(report) == render(other), render.__name__


def test_narrative_text_says_duoi_k_never_the_markers() -> None:
    text = _docx_text(render_docx(_report()))
    md = render_markdown(_report()).decode("utf-8")
    assert "dưới 5 vụ việc" in text
    assert "dưới 5" in md
    for published in (text, md):
        assert not re.search(r"<\d", published)
        assert not re.search(r"(^|[\s(|])x([\s)|,.;]|$)", published, re.MULTILINE)
    # each "dưới 5" in the text stands for a hidden count, and no hidden true value sits next to its unit
    clean = _report(None)
    for i in _report().indicators:
        if i.suppressed and i.unit != "%":
            value = clean.value(i.code)
            label = i.label_vi
            assert f"{label}: {value}" not in text


# -- the attack on generated tallies --------------------------------------------------------------


def _results(tally: Tally) -> list[IndicatorResult]:
    out = []
    for code, value in compute_indicators(tally).items():
        ind = BUILTIN_INDICATORS[code]
        if ind.unit == "%" and isinstance(value, float):
            value = round_share(value)
        out.append(IndicatorResult(code, ind.label_vi, ind.label_en, ind.unit, value))
    return out


def _published(items: list[IndicatorResult]) -> dict[str, object]:
    return {i.code: i.suppressed or i.value for i in items}


@settings(max_examples=30, deadline=None)
@given(records(max_size=30), st.booleans(), st.integers(3, 7))
def test_generated_tallies_give_nothing_back(recs: list[Any], with_example: bool, k: int) -> None:
    tally = aggregate(recs, [WINDOW])[WINDOW]
    if with_example:  # realistic sizes with a few small cells
        tally = merge(tally, _example_tally())
    before = _results(tally)
    after = suppress_indicators(before, k)
    view = _published(list(after))
    assert disclosed(view, BUILTIN_RELATIONS, BUILTIN_RATIOS, k=k) == {}
    hidden_counts = set()
    for b, a in zip(before, after, strict=True):
        if b.unit != "%" and isinstance(b.value, int) and 0 < b.value < k:
            assert a.suppressed in (f"<{k}", "x")  # every small count is hidden
        if a.suppressed:
            assert a.value is None
            if b.unit != "%":
                assert b.value != 0  # a zero is never hidden
                hidden_counts.add(b.code)
        else:
            assert a.value == b.value
    for q in BUILTIN_RATIOS:  # a share with a hidden part is hidden
        if hidden_counts & set(q.names):
            assert view[q.code] == "x"


def test_the_example_hides_what_docs_privacy_says() -> None:
    # docs/privacy.md: 19 primary, 14 complementary (no headline total), 3 shares hidden
    report = _report()
    primary = [i.code for i in report.indicators if i.suppressed == "<5"]
    complementary = sorted(i.code for i in report.indicators if i.suppressed == "x" and i.unit != "%")
    shares = [i.code for i in report.indicators if i.suppressed and i.unit == "%"]
    assert len(primary) == 19
    role_lines = [f"{p}.{m}.litigation{r}" for p in ("cases", "person_occasions")
                  for m in ("accepted", "handled", "ended") for r in ("", ".party_protector")]
    assert complementary == sorted([*role_lines, "appraisal.grade.fairly_good", "outreach.general.sessions"])
    assert len(shares) == 3
    for headline in ("cases.handled", "cases.accepted", "cases.carried_over", "cases.ended", "person_occasions.handled"):
        assert report.value(headline) == _report(None).value(headline)
