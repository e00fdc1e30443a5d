"""The DuckDB bulk path equals the Python fold (the definition), line for line and error for error."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import random
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("duckdb")

from tests.reporting.strategies_reporting import cases

from tgpl.domain import EVENT_TYPES, Case
from tgpl.io import to_dict
from tgpl.reporting import aggregate, engine, parse_window, schema_sql
from tgpl.reporting.build import build_report, format_problem
from tgpl.reporting.plugins import load_plugins
from tgpl.rules.scoring import RUBRICS, grade_review

WINDOWS = [parse_window(w) for w in ("2022-H1", "2022-Q3", "2022", "stats:2022-H1")]
OFFSETS = ("+07:00", "+00:00", "-05:00", "+09:30", "Z")
RUBRIC_DAYS = sorted({d for r in RUBRICS.values() for d in (
    r.effective_from, None if r.effective_to is None else r.effective_to + dt.timedelta(days=1)) if d is not None})
SETTINGS = settings(max_examples=10, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def _grader(review: Any, form: Any, on: dt.date) -> Any:
    return grade_review(review, form=form, on=on)


def _moment(text: str, offset: str) -> str:
    """The same instant written with another UTC offset."""
    t = dt.datetime.fromisoformat(text)
    if offset == "Z":
        return t.astimezone(dt.UTC).isoformat().replace("+00:00", "Z")
    sign = 1 if offset[0] == "+" else -1
    hours, minutes = int(offset[1:3]), int(offset[4:6])
    return t.astimezone(dt.timezone(sign * dt.timedelta(hours=hours, minutes=minutes))).isoformat()


def _lines(records: list[Case], offsets: list[str]) -> Iterator[str]:
    for rec, off in zip(records, offsets, strict=True):
        d = to_dict(rec)
        for e in d.get("events", []):
            e["on"] = _moment(e["on"], off)
        yield json.dumps(d, ensure_ascii=False, separators=(",", ":"))


def _edge_windows(records: list[Case]) -> list[Any]:
    """Windows that start or end on an event's day (events on the window edges)."""
    from tgpl.reporting.windows import parse_window as pw

    days = sorted({e.on.astimezone(dt.timezone(dt.timedelta(hours=7))).date() for c in records for e in c.events})
    out = list(WINDOWS)
    if days:
        first, mid, last = days[0], days[len(days) // 2], days[-1]
        out.append(pw(f"{first.isoformat()}..{mid.isoformat()}"))
        out.append(pw(f"{mid.isoformat()}..{last.isoformat()}"))
    return list(dict.fromkeys(out))


@SETTINGS
@given(st.lists(cases(), min_size=1, max_size=12), st.data())
def test_engine_equals_python_fold(tmp_path: Path, records: list[Case], data: st.DataObject) -> None:
    # distinct file codes: a register holds each case once (duplicates are tested below)
    seen: set[str] = set()
    records = [c for c in records if not (c.id in seen or seen.add(c.id))]  # type: ignore[func-returns-value]
    offsets = data.draw(st.lists(st.sampled_from(OFFSETS), min_size=len(records), max_size=len(records)))
    as_of = data.draw(st.none() | st.dates(dt.date(2021, 12, 1), dt.date(2023, 3, 1)))
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(_lines(records, offsets)) + "\n", encoding="utf-8")
    windows = _edge_windows(records)
    got = engine.aggregate_files([path], windows, grader=_grader, as_of=as_of, rubric_days=RUBRIC_DAYS)
    assert got.routed == ()  # canonical lines in any UTC offset are all read by the engine
    want = aggregate(records, windows, as_of=as_of)
    for w in windows:
        assert dict(got.tallies[w].counts) == dict(want[w].counts), w
    assert got.records == len(records)


def _mutations(line: str, rnd: random.Random) -> list[str]:
    d = json.loads(line)
    out = [
        line.replace('"form":', '"forme":', 1),                      # unknown key
        line.replace('"schema":"tgpl.case/1",', '"schema":"tgpl.case/1","role":null,', 1),  # explicit null
        line[:-1] + ',}',                                            # trailing comma (invalid JSON)
        line.replace('"code":"', '"code":"X', 1).replace(".", "..", 1),  # bad file code
        line[: len(line) // 2],                                      # cut line
        json.dumps({**d, "beneficiaries": []}, ensure_ascii=False),  # no beneficiary
        json.dumps({**d, "unit": "2004:99"}, ensure_ascii=False),    # unknown unit
        json.dumps({**d, "form": 3}, ensure_ascii=False),            # number for a code
    ]
    if d["beneficiaries"][0].get("birth_year"):
        b = dict(d["beneficiaries"][0], birth_year=str(d["beneficiaries"][0]["birth_year"]))
        out.append(json.dumps({**d, "beneficiaries": [b, *d["beneficiaries"][1:]]}, ensure_ascii=False))
    if d["events"]:
        e = dict(d["events"][0], on=d["events"][0]["on"][:10])       # a bare date: valid, but not canonical
        out.append(json.dumps({**d, "events": [e, *d["events"][1:]]}, ensure_ascii=False))
        e = dict(d["events"][-1], type="ended", outcome="completed")  # an end where another event was
        out.append(json.dumps({**d, "events": [*d["events"][:-1], e]}, ensure_ascii=False))
    return [rnd.choice(out)]


def _report(paths: list[Path], window: str, monkeypatch: pytest.MonkeyPatch, *, bulk: bool) -> tuple[Any, list[str]]:
    with monkeypatch.context() as m:
        if not bulk:
            m.setattr(engine, "available", lambda: False)
        report, problems = build_report(paths, window, plugins=load_plugins(load_entrypoints=False),
                                        generated_at=dt.datetime(2023, 1, 1, tzinfo=dt.UTC), engine=True)
    return report, [format_problem(p) for p in problems]


@SETTINGS
@given(st.lists(cases(), min_size=2, max_size=6), st.integers(0, 2**32), st.booleans())
def test_errors_and_duplicates_equal_the_precise_reader(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, records: list[Case], seed: int, gz: bool
) -> None:
    rnd = random.Random(seed)
    lines = list(_lines(records, ["+07:00"] * len(records)))
    out: list[str] = []
    for line in lines:
        roll = rnd.random()
        out.extend(_mutations(line, rnd) if roll < 0.3 else [line, line] if roll < 0.4 else [line])
    out.insert(rnd.randrange(len(out) + 1), "")
    text = "\n".join(out) + "\n"
    path = tmp_path / ("a.jsonl.gz" if gz else "a.jsonl")
    plain = tmp_path / "plain.jsonl"
    plain.write_text(text, encoding="utf-8")
    if gz:
        path.write_bytes(gzip.compress(text.encode("utf-8")))
    else:
        path.write_text(text, encoding="utf-8")
    second = tmp_path / "b.jsonl"
    second.write_text(lines[0] + "\n", encoding="utf-8")  # the first case again, in another file
    bulk, bulk_problems = _report([path, second], "2022", monkeypatch, bulk=True)
    slow, slow_problems = _report([plain if gz else path, second], "2022", monkeypatch, bulk=False)
    assert dict(bulk.tally.counts) == dict(slow.tally.counts)
    assert bulk.meta.records == slow.meta.records
    # the same problems; the bulk path lists them by file and line
    assert sorted(p.replace(str(path), str(plain if gz else path)) for p in bulk_problems) == sorted(slow_problems)


def test_every_constructor_rule_is_stated_for_the_engine() -> None:
    """A domain class read by the engine that gains a validator or __attrs_post_init__
    must get its SQL rule in tgpl.reporting.engine (and its name in RULED)."""
    from tgpl.domain import Beneficiary, QualityReview
    from tgpl.domain.beneficiary import Proof

    ruled = set()
    for cls in (Case, Beneficiary, Proof, QualityReview, *EVENT_TYPES.values()):
        own = "__attrs_post_init__" in vars(cls)
        validated = any(f.validator is not None and f.inherited is False for f in attrs.fields(cls))
        if own or validated:
            ruled.add(cls.__name__)
    assert ruled <= schema_sql.RULED, ruled - schema_sql.RULED


def test_structure_follows_the_attrs_types() -> None:
    s = schema_sql.structure()
    assert set(s) == {"schema", *(f.name for f in attrs.fields(Case))}
    assert s["beneficiaries"][0]["birth_year"] == "JSON"  # integers keep their JSON text
    assert set(s["events"][0]) == {"type", *schema_sql.EVENT_FIELDS}
    assert "2004:06" in schema_sql.UNITS
    assert "2025:19" in schema_sql.UNITS


def test_identity_rule() -> None:
    import duckdb

    con = duckdb.connect()
    sql = engine.identity_sql("'org'", "' Cn1.TGTT.01.2022\t'")
    assert con.execute(f"SELECT {sql}").fetchall()[0][0] == "org\x1fcn1.TGTT.01.2022"
    # the same as case_identity: whatever the Python rule calls one case is one identity here
    from tgpl.domain import case_identity

    texts = [("Trung tâm Bắc Kạn", "CN1.TGTT.01.2021"), ("Trung ta\u0302m Ba\u0306\u0301c Ka\u0323n", "CN1.TGTT.01.2021"),
             ("Trung tâm Bắc Kạn\u3000", "cn1.TGTT.1.2021"), ("TRUNG TÂM BẮC KẠN", " CN1.TGTT.001.2021"),
             ("Trung tâm Bắc Kạn", "CN1.DDNTT.01.2021"), ("Trung tâm Bắc Kạn", "CN1.ĐDNTT.1.2021")]
    for a in texts:
        for b in texts:
            if case_identity(*a) == case_identity(*b):
                same = f"SELECT {engine.identity_sql(engine._q(a[0]), engine._q(a[1]))} = {engine.identity_sql(engine._q(b[0]), engine._q(b[1]))}"
                assert con.execute(same).fetchall()[0][0] is True, (a, b)
    composed = engine.identity_sql("'org'", "'\u00d1T.TV.01.2022'")     # Ñ, one code point
    decomposed = engine.identity_sql("'org'", "'N\u0303t.TV.01.2022'")  # N + combining tilde
    assert con.execute(f"SELECT {composed} = {decomposed}").fetchall()[0][0] is True


_ORG_TEXT = st.sampled_from(["backan-cn1", "TT-Bắc Kạn", "tt-bac-ninh", "Ñt", "İstanbul-1", "org"])
_SPACE = st.sampled_from(["", " ", "\t", "\u00a0", "\u3000", "\u2009 "])


@st.composite
def _spellings(draw: st.DrawFn) -> tuple[str, str]:
    """An organisation id and a file code, spelled as people type them (case, NFD, spaces)."""
    import unicodedata

    def vary(text: str) -> str:
        text = draw(st.sampled_from([text, text.upper(), text.lower(), text.title()]))
        return unicodedata.normalize(draw(st.sampled_from(["NFC", "NFD"])), text)

    def pad(text: str) -> str:
        return draw(_SPACE) + text + draw(_SPACE)

    org = pad(vary(draw(_ORG_TEXT)))
    code_org = draw(st.sampled_from(["TT", "CN1", "cn2", "Ñt", "Đt"]))
    word = draw(st.sampled_from(["TV", "TGTT", "ĐDNTT", "DDNTT"]))
    seq = draw(st.integers(1, 120))
    digits = draw(st.sampled_from([str(seq), f"{seq:02d}", f"{seq:03d}"]))
    code = pad(vary(code_org) + f".{word}.{digits}.{draw(st.integers(2018, 2027))}")
    return org, code


@given(st.lists(_spellings(), min_size=2, max_size=6))
@settings(max_examples=60, deadline=None)
def test_identity_sql_equals_the_python_identity(pairs: list[tuple[str, str]]) -> None:
    """The engine's duplicate identity is exactly tgpl.domain.case_identity (NFC, trim, case)."""
    import duckdb

    from tgpl.domain import case_identity

    con = duckdb.connect()
    for org, code in pairs:
        got = con.execute(f"SELECT {engine.identity_sql('$org', '$code')}", {"org": org, "code": code}).fetchall()[0][0]
        python = case_identity(org, code)
        assert got == f"{python[0]}\x1f{python[1]}", (org, code)




def test_a_statement_out_of_memory_runs_again_with_a_larger_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """DuckDB's counts do not always spill: a statement that runs out of the memory limit
    runs again with a larger one, and gives the figures of a run with room enough."""
    from tgpl.demo import generate
    from tgpl.domain import UnitRef, UnitScheme
    from tgpl.io import write_jsonl

    path = tmp_path / "demo.jsonl"
    write_jsonl(generate(seed=7, province=UnitRef(UnitScheme.P2004, "06"), start=dt.date(2021, 1, 1),
                         end=dt.date(2022, 12, 31), cases_per_year=60, activities=False), path)
    window = parse_window("2022")
    roomy = engine.aggregate_files([path], [window], grader=_grader, rubric_days=RUBRIC_DAYS)
    limits: list[str] = []
    real = engine._rows

    def watched(con: Any, sql: str) -> list[Any]:
        limits.append(con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0])
        rows = real(con, sql)
        limits.append(con.execute("SELECT current_setting('memory_limit')").fetchall()[0][0])
        return rows

    monkeypatch.setattr(engine, "MEMORY_LIMIT", "1MB")
    monkeypatch.setattr(engine, "_rows", watched)
    tight = engine.aggregate_files([path], [window], grader=_grader, rubric_days=RUBRIC_DAYS)
    assert limits[0] != limits[1], limits  # the first statement did run out of room, and ran again
    assert engine._mib(limits[1]) >= engine._mib(limits[0]) * engine.MEMORY_GROWTH
    assert dict(tight.tallies[window].counts) == dict(roomy.tallies[window].counts)
    assert tight.records == roomy.records
    assert tight.routed == roomy.routed


@pytest.mark.parametrize(("setting", "mib"), [("228.8 MiB", 229), ("3.7 GiB", 3789), ("97.6 KiB", 1), ("0 bytes", 1)])
def test_memory_limit_setting_in_mib(setting: str, mib: int) -> None:
    assert engine._mib(setting) == mib
