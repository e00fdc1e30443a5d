"""The bulk engine applies the validation rules: the same tally and the same problems as the
Python path, also on registers whose cases break the rules."""

from __future__ import annotations

import datetime as dt
import json
import random
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytest.importorskip("duckdb")

from tests.reporting.strategies_reporting import cases

from tgpl.domain import Case
from tgpl.io import to_dict
from tgpl.reporting import engine, engine_rules
from tgpl.reporting.build import build_report, format_problem
from tgpl.reporting.plugins import load_plugins
from tgpl.rules.validation import BUILTIN_RULES, Severity, ValidationRule, default_registry

SETTINGS = settings(max_examples=12, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])


def _shift(moment: str, days: int) -> str:
    return (dt.datetime.fromisoformat(moment) + dt.timedelta(days=days)).isoformat()


def _break(d: dict[str, Any], rnd: random.Random, kind: int | None = None) -> dict[str, Any]:
    """``d`` (a case as JSON) with one rule-breaking change; valid in form."""
    d = json.loads(json.dumps(d))
    ev: list[dict[str, Any]] = d["events"]
    b0 = d["beneficiaries"][0]
    last = ev[-1]["on"] if ev else "2022-03-01T09:00:00+07:00"
    kind = rnd.randrange(KINDS) if kind is None else kind
    if kind == 0 and len(ev) >= 2:                                   # swap two event dates
        i = rnd.randrange(len(ev) - 1)
        ev[i]["on"], ev[i + 1]["on"] = ev[i + 1]["on"], _shift(ev[i]["on"], 1)
    elif kind == 1:                                                  # a second end
        ev.append({"type": "ended", "on": _shift(last, 2), "outcome": "completed"})
        ev.append({"type": "ended", "on": _shift(last, 3), "outcome": "completed"})
    elif kind == 2:                                                  # success under another field's criterion
        crit = "TC20" if d["field"] == "criminal" else "TC01"
        ev.append({"type": "success_assessed", "on": _shift(last, 5), "successful": True, "criterion": crit})
    elif kind == 3:                                                  # success before QĐ 1179 was in force
        ev.append({"type": "success_assessed", "on": "2022-05-10T09:00:00+07:00", "successful": False})
    elif kind == 4:                                                  # an ineligible beneficiary
        d["beneficiaries"][0] = {"id": b0["id"], "groups": [], "financial": "none", "birth_year": 1980,
                                 "ethnic_minority": "no", "extreme_difficulty_area": "no"}
    elif kind == 5:                                                  # a collaborator on litigation
        d["form"], d["code"] = "litigation", d["code"].replace(".TV.", ".TGTT.").replace(".ĐDNTT.", ".TGTT.")
        ev.insert(min(2, len(ev)), {"type": "provider_assigned", "on": ev[min(2, len(ev)) - 1]["on"] if ev else last,
                                    "provider_id": "CTV-1", "provider_kind": "collaborator"})
    elif kind == 6:                                                  # advice on a case of another form
        ev.append({"type": "advice_given", "on": _shift(last, 1)})
    elif kind == 7:                                                  # appraisal before the end
        ev.insert(len(ev) // 2, {"type": "appraisal_recorded", "on": ev[len(ev) // 2]["on"] if ev else last,
                                 "review": {"reviewer": "X", "level": "organisation", "trigger": "plan",
                                            "scores": {"1a": 10}}})
    elif kind == 8:                                                  # born after the request
        b0.pop("birth_date", None)
        b0["birth_year"] = 2100
    elif kind == 9:                                                  # cl. 6 without an accused role
        b0["groups"] = ["cl6_accused_near_poor"]
        b0["role"] = "victim"
    elif kind == 10:                                                 # defence counsel for a victim
        d["form"], d["code"] = "litigation", d["code"].replace(".TV.", ".TGTT.").replace(".ĐDNTT.", ".TGTT.")
        d["role"] = "defence_counsel"
        for b in d["beneficiaries"]:
            b["role"] = "victim"
    elif kind == 11:                                                 # accepted before the request
        ev.insert(0, {"type": "request_received", "on": _shift(ev[0]["on"], 1) if ev else last})
    elif kind == 12:                                                 # an event the lifecycle does not allow here
        ev.insert(0, {"type": "file_handed_over", "on": ev[0]["on"] if ev else last})
    elif kind == 14:                                                 # an online hearing before NQ 33/2021/QH15
        at = next((i + 1 for i, e in enumerate(ev) if e["type"] == "provider_assigned"), len(ev))
        ev.insert(at, {"type": "hearing_attended", "on": ev[at - 1]["on"] if at else last, "mode": "online"})
        for e in ev[: at + 1]:
            e["on"] = "2021-06-01" + e["on"][10:]
    elif kind == 15:                                                 # a programme not in force, or not listed
        d["programmes"] = ["ntp_rural_poverty_ethnic_2026_2035"] if rnd.random() < 0.5 else ["ntp_poverty_2021_2025", "ntp_x"]
    elif kind == 16:                                                 # a hearing on a case of another form
        ev.append({"type": "hearing_attended", "on": _shift(last, 1), "mode": "in_person", "instance": "appeal"})
    else:                                                            # cl. 5 with a role not listed
        b0["groups"] = ["cl5_juvenile_16_18"]
        b0["role"] = "witness"
    return d


#: How many kinds of rule-breaking change :func:`_break` makes.
KINDS = 17


def _report(paths: list[Path], monkeypatch: pytest.MonkeyPatch, *, bulk: bool) -> tuple[Any, list[str]]:
    with monkeypatch.context() as m:
        m.setattr(engine, "available", lambda: bulk)
        report, problems = build_report(paths, "2022", plugins=load_plugins(load_entrypoints=False),
                                        generated_at=dt.datetime(2023, 1, 1, tzinfo=dt.UTC), engine=True)
    return report, [format_problem(p) for p in problems]


@pytest.mark.slow
@SETTINGS
@given(st.lists(cases(), min_size=2, max_size=10), st.integers(0, 2**32))
def test_rule_breaking_registers_give_the_same_results(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, records: list[Case], seed: int
) -> None:
    rnd = random.Random(seed)
    seen: set[str] = set()
    lines = []
    for rec in records:
        if str(rec.code) in seen:
            continue
        seen.add(str(rec.code))
        d = to_dict(rec)
        if rnd.random() < 0.6:
            d = _break(d, rnd)
        lines.append(json.dumps(d, ensure_ascii=False, separators=(",", ":")))
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    bulk, bulk_problems = _report([path], monkeypatch, bulk=True)
    slow, slow_problems = _report([path], monkeypatch, bulk=False)
    assert dict(bulk.tally.counts) == dict(slow.tally.counts)
    assert bulk.meta.records == slow.meta.records
    assert sorted(bulk_problems) == sorted(slow_problems)


@pytest.mark.parametrize("kind", range(KINDS))
def test_each_mutation_is_found_on_both_paths(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, kind: int) -> None:
    """Each rule-breaking change, on a clean litigation or advice case of the example:
    both paths report the same problems and count the same."""
    source = Path(__file__).parents[2] / "examples" / "bac-kan-2022-h1" / "cases.jsonl"
    rows = [json.loads(x) for x in source.read_text(encoding="utf-8").splitlines()[:40]]
    rnd = random.Random(kind)
    broken = [_break(d, rnd, kind) for d in rows[:40]]
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(json.dumps(d, ensure_ascii=False) for d in [*broken, *rows[40:]]) + "\n", encoding="utf-8")
    bulk, bulk_problems = _report([path], monkeypatch, bulk=True)
    slow, slow_problems = _report([path], monkeypatch, bulk=False)
    assert dict(bulk.tally.counts) == dict(slow.tally.counts)
    assert sorted(bulk_problems) == sorted(slow_problems)


def test_every_builtin_rule_is_stated_for_the_engine() -> None:
    """A built-in validation rule added without its engine statement fails here (and makes
    the engine refuse to run)."""
    assert {r.code for r in BUILTIN_RULES} == set(engine_rules.ENGINE_RULES)
    assert engine_rules.unknown_rules(default_registry().rules) == []
    for s in engine_rules.ENGINE_RULES.values():
        assert (s.sql != "") == (s.kind != "inert"), s.code
        if s.kind == "inert":  # an inert rule can give no error during report building
            rule = next(r for r in BUILTIN_RULES if r.code == s.code)
            assert rule.severity is Severity.WARNING or s.code == "DATE_AFTER_AS_OF"


def test_a_rule_the_engine_does_not_know_takes_the_python_path(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    def no_women(case: Case, _ctx: Any) -> Any:
        from tgpl.rules.validation import Finding

        for i, b in enumerate(case.beneficiaries):
            if b.sex.value == "female":
                yield Finding(f"$.beneficiaries[{i}].sex", "Không nhận", "not accepted")

    rule = ValidationRule("PROVINCE_ONLY_MEN", "a plugin's rule", "Quyết định thử", no_women)
    assert engine_rules.unknown_rules([*BUILTIN_RULES, rule]) == ["PROVINCE_ONLY_MEN"]
    with pytest.raises(ValueError, match="PROVINCE_ONLY_MEN"):
        engine.aggregate_files([tmp_path / "x.jsonl"], [], grader=lambda *a: None, rules=[rule])  # type: ignore[arg-type,return-value]
    from tgpl.reporting.hookspecs import hookimpl

    class Province:
        @hookimpl
        def tgpl_register_validation_rules(self, register: Any) -> None:
            register(rule)

    plugins = load_plugins(load_entrypoints=False, plugins=[Province()])

    def refuse(*_a: Any, **_k: Any) -> Any:
        raise AssertionError("the engine must not run")

    monkeypatch.setattr(engine, "aggregate_files", refuse)
    source = Path(__file__).parents[2] / "examples" / "bac-kan-2022-h1" / "cases.jsonl"
    _, problems = build_report([source], "2022-H1", plugins=plugins, engine=True)
    assert any("PROVINCE_ONLY_MEN" in str(p) for p in problems)


def test_a_valid_generated_register_is_counted_by_the_engine_alone(tmp_path: Path) -> None:
    """Every key of a keyed rule rebuilds into a case the rule passes, so a register with no
    error sends no line to the precise reader (a key that leaves out a fact the rule reads, as
    a success under the earlier guidance once did, would route every such case)."""
    import itertools

    from tgpl.demo import generate
    from tgpl.domain import UnitRef
    from tgpl.io import write_jsonl
    from tgpl.reporting import parse_window
    from tgpl.rules.scoring import grade_review

    path = tmp_path / "register.jsonl"
    write_jsonl(itertools.islice(generate(seed=7, province=UnitRef.parse("2004:06"), start=dt.date(2021, 1, 1), end=dt.date(2024, 12, 31),
                                          cases_per_year=150, activities=False), 600), path)
    got = engine.aggregate_files([path], [parse_window("2022"), parse_window("2024")],
                                 grader=lambda r, f, d: grade_review(r, form=f, on=d), rules=BUILTIN_RULES)
    assert got.routed == ()
    assert got.records == 600
    assert "legacy_basis" in path.read_text(encoding="utf-8")  # successes under the earlier guidance are in it


def test_the_keys_cases_are_built_as_from_their_whole_json(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """``failing_keys`` builds each key's minimal case from shared, once-structured parts
    (``engine_rules._Cases``); that case equals the one built from the key's whole JSON by
    ``tgpl.io.from_dict`` (``engine_rules._case``), and a key one construction refuses the
    other refuses too — on the keys of the example register, valid and broken."""
    from tgpl.reporting import parse_window
    from tgpl.rules.scoring import grade_review

    source = Path(__file__).parents[2] / "examples" / "bac-kan-2022-h1" / "cases.jsonl"
    rows = [json.loads(x) for x in source.read_text(encoding="utf-8").splitlines()]
    rnd = random.Random(5)
    lines = [json.dumps(_break(d, rnd, i % KINDS) if i < 3 * KINDS else d, ensure_ascii=False) for i, d in enumerate(rows)]
    path = tmp_path / "cases.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    pairs: list[tuple[str, str]] = []
    real = engine_rules.failing_keys

    def spy(keys: Any, registry: Any) -> set[str]:
        pairs.extend(keys)
        return real(keys, registry)

    monkeypatch.setattr(engine_rules, "failing_keys", spy)
    engine.aggregate_files([path], [parse_window("2022")], grader=lambda r, f, d: grade_review(r, form=f, on=d),
                           rules=BUILTIN_RULES)
    assert {c for c, _ in pairs} == {"ILLEGAL_HISTORY", "BENEFICIARY_NOT_ELIGIBLE", "SUCCESS_CRITERION"}
    pairs += [("ILLEGAL_HISTORY", "advice\x1eland\x1enot_a_kind\x1f2022-01-01T00:00:01+07:00"),
              ("ILLEGAL_HISTORY", "advice\x1eland\x1eaccepted\x1f2022-01-01T00:00:01+07:00\x1fimmediate\x1dtrue"),
              ("BENEFICIARY_NOT_ELIGIBLE", '{"form":"advice","field":"land","day":"2022-13-01"}'),
              ("BENEFICIARY_NOT_ELIGIBLE", '{"form":"nope","field":"land","day":"2022-01-01"}'),
              ("BENEFICIARY_NOT_ELIGIBLE", '{"form":"advice","field":"land","day":"2022-01-01","financial":"rich"}')]
    shared = engine_rules._Cases()
    refused = 0
    for code, key in pairs:
        whole: Any
        try:
            whole = engine_rules._case(code, engine_rules._history_key(key) if code == "ILLEGAL_HISTORY"
                                       else engine_rules._strip(json.loads(key)))
        except Exception:  # failing_keys routes a key on any exception: its kind does not matter
            whole = "refused"
        try:
            built: Any = shared.case(code, key)
        except Exception:
            built = "refused"
        assert built == whole, (code, key)
        refused += whole == "refused"
    assert len(pairs) > 150
    assert refused == 5  # the five keys added above, refused by both constructions
