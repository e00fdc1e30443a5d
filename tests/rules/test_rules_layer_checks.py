"""Every case check of the rules layer runs in validation and in report building (issue 12 §3)."""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
from pathlib import Path

import pytest
from test_validation import ben, case  # the validation tests' builders

import tgpl.rules
from tgpl.cli import main
from tgpl.domain import Case
from tgpl.reporting.build import build_report
from tgpl.reporting.plugins import Plugins, load_plugins
from tgpl.rules.validation import BUILTIN_RULES, RULES_LAYER_CHECKS

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "examples" / "bac-kan-2022-h1" / "cases.jsonl"
WINDOW = "stats:2022-H1"
CRIMINAL_SUCCESS = "CN1.TGTT.25.2021"  # a criminal case of the example, assessed successful under TC02


def _public_checks() -> set[str]:
    """Every public ``check_*`` function defined in a module of tgpl.rules, and the lifecycle's."""
    found: set[str] = set()
    modules = [importlib.import_module(f"tgpl.rules.{m.name}") for m in pkgutil.iter_modules(tgpl.rules.__path__)]
    modules.append(importlib.import_module("tgpl.domain.lifecycle"))
    for module in modules:
        for name, obj in vars(module).items():
            if name.startswith("check_") and inspect.isfunction(obj) and obj.__module__ == module.__name__:
                found.add(f"{module.__name__}.{name}")
    return found


def test_every_case_check_is_listed_and_run_by_named_rules() -> None:
    # A new check_* function fails here until it is wired into validation (or says why not).
    # Checks of the law's own dated tables, not of records (tests/rules/test_law_families.py runs them).
    per_case = _public_checks() - {"tgpl.rules._dated.check_no_overlap", "tgpl.rules.currency.check_family"}
    assert per_case == set(RULES_LAYER_CHECKS)
    codes = {r.code for r in BUILTIN_RULES}
    for check, how in RULES_LAYER_CHECKS.items():
        if isinstance(how, str):
            assert len(how) > 40, f"{check}: say why it is not run on records"
        else:
            assert how, check
            assert set(how) <= codes, check
    assert sum(isinstance(v, str) for v in RULES_LAYER_CHECKS.values()) == 1  # only check_territory


@pytest.fixture(scope="module")
def plugins() -> Plugins:
    return load_plugins(load_entrypoints=False)


def _with_criterion(tmp_path: Path, criterion: str) -> Path:
    out = tmp_path / "cases.jsonl"
    lines = []
    for line in CASES.read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["code"] == CRIMINAL_SUCCESS:
            for event in record["events"]:
                if event["type"] == "success_assessed":
                    event["criterion"] = criterion
        lines.append(json.dumps(record, ensure_ascii=False))
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def test_criminal_case_under_civil_criterion_is_an_error_not_a_success(plugins: Plugins, tmp_path: Path) -> None:
    clean, problems = build_report([CASES], WINDOW, plugins=plugins)
    assert problems == []
    path = _with_criterion(tmp_path, "TC20")  # a civil criterion
    report, problems = build_report([path], WINDOW, plugins=plugins)
    assert [(p.record_id, p.path) for p in problems] == [(CRIMINAL_SUCCESS, "$.events[7].criterion")]
    assert "SUCCESS_CRITERION" in str(problems[0])
    assert report.value("success.civil") == clean.value("success.civil") == 0
    assert report.value("success.criminal") == clean.value("success.criminal") - 1  # type: ignore[operator]
    assert report.value("cases.handled") == clean.value("cases.handled") - 1  # type: ignore[operator]


def test_validate_reports_the_civil_criterion(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _with_criterion(tmp_path, "TC20")
    assert main(["validate", str(path)]) == 1
    err = capsys.readouterr()
    text = err.out + err.err
    assert "[SUCCESS_CRITERION]" in text
    assert CRIMINAL_SUCCESS in text
    assert main(["validate", str(CASES)]) == 0


def test_unknown_criterion_is_an_error(plugins: Plugins, tmp_path: Path) -> None:
    _report, problems = build_report([_with_criterion(tmp_path, "TC99")], WINDOW, plugins=plugins)
    assert len(problems) == 1
    assert "[SUCCESS_CRITERION]" in problems[0].message


def test_refused_then_accepted_after_an_upheld_complaint_is_a_case_not_a_refusal(plugins: Plugins) -> None:
    # docs/statistics.md: the request is judged by its final outcome.
    import datetime as dt

    from tgpl.domain import (
        Accepted,
        ComplaintDecided,
        ComplaintLodged,
        ComplaintSubject,
        RefusalGround,
        Refused,
        RequestReceived,
    )
    from tgpl.domain._time import at_vn
    from tgpl.io.jsonl import read_jsonl
    from tgpl.rules.validation import validate_case

    base = next(c for c in read_jsonl(CASES) if str(c.code) == CRIMINAL_SUCCESS)
    events = (
        RequestReceived(on=at_vn(dt.date(2022, 2, 1), 8)),
        Refused(on=at_vn(dt.date(2022, 2, 2), 9), ground=RefusalGround.NOT_ELIGIBLE),
        ComplaintLodged(on=at_vn(dt.date(2022, 2, 3), 9), subject=ComplaintSubject.REFUSAL_TO_ACCEPT),
        ComplaintDecided(on=at_vn(dt.date(2022, 2, 10), 9), upheld=True),
        Accepted(on=at_vn(dt.date(2022, 2, 11), 9)),
    )
    import attrs

    case = attrs.evolve(base, events=events)
    assert [p.code for p in validate_case(case)] == ["CODE_YEAR_MISMATCH"]  # a warning only
    report, problems = build_report([case], WINDOW, plugins=plugins)
    assert problems == []
    assert report.value("cases.accepted") == 1
    assert report.value("requests.refused") == 0


def _rule_case(**kw: object) -> Case:
    return case(**kw)  # type: ignore[arg-type]


def test_accepted_after_refusal_without_complaint_is_an_illegal_history() -> None:
    import datetime as dt

    from tgpl.domain import Accepted, RefusalGround, Refused, RequestReceived
    from tgpl.domain._time import at_vn
    from tgpl.rules.validation import validate_case

    day = dt.date(2025, 3, 3)
    events = (RequestReceived(on=at_vn(day, 8)), Refused(on=at_vn(day, 9), ground=RefusalGround.NOT_ELIGIBLE),
              Accepted(on=at_vn(day, 10)))
    problems = validate_case(_rule_case(events=events))
    assert [(p.code, p.path) for p in problems] == [("ILLEGAL_HISTORY", "$.events[2]")]
    assert "complaint" in problems[0].message_en


def test_one_fault_is_one_problem_not_also_an_illegal_history() -> None:
    import datetime as dt

    from tgpl.domain import Accepted, RequestReceived
    from tgpl.domain._time import at_vn
    from tgpl.rules.validation import validate_case

    events = (RequestReceived(on=at_vn(dt.date(2025, 3, 4), 9)), Accepted(on=at_vn(dt.date(2025, 3, 3), 9)))
    codes = [p.code for p in validate_case(_rule_case(events=events))]
    assert "ACCEPTED_BEFORE_REQUEST" in codes
    assert "ILLEGAL_HISTORY" not in codes


def test_an_accepted_case_of_a_person_not_eligible_is_an_error() -> None:
    from tgpl.domain import FinancialBasis, Form, Tri
    from tgpl.rules.validation import Severity, validate_case

    outsider = ben(birth_year=1980, ethnic_minority=Tri.NO, extreme_difficulty_area=Tri.NO, financial=FinancialBasis.NONE)
    problems = validate_case(_rule_case(form=Form.ADVICE, beneficiaries=(outsider,)))
    assert [(p.code, p.path, p.severity) for p in problems if p.code == "BENEFICIARY_NOT_ELIGIBLE"] == [
        ("BENEFICIARY_NOT_ELIGIBLE", "$.beneficiaries[0]", Severity.ERROR)
    ]
    unknown = ben()  # facts unknown: eligibility unknown, not an error (principle 3)
    assert "BENEFICIARY_NOT_ELIGIBLE" not in {p.code for p in validate_case(_rule_case(form=Form.ADVICE, beneficiaries=(unknown,)))}
