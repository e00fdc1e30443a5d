"""``tgpl report --fast``: the same report as the typed path, the same problems, a safe fallback."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path
from typing import Any

import attrs
import pytest

from tgpl.cli import EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, main
from tgpl.demo import DEMO_PROVINCE, write_demo
from tgpl.reporting.hookspecs import hookimpl
from tgpl.reporting.plugins import Plugins, load_plugins
from tgpl.rules.scoring import RUBRICS

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "bac-kan-2022-h1"
CASES = str(EXAMPLE / "cases.jsonl")
ACTIVITIES = str(EXAMPLE / "activities.jsonl")
FALLBACK = "dùng đường thường (using the normal path)"

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    def _run(*argv: str, plugins: Plugins | None = None) -> tuple[int, str, str]:
        code = main(list(argv), plugins=plugins or load_plugins(load_entrypoints=False))
        out, err = capsys.readouterr()
        return code, out, err

    return _run


def _both(run: Run, tmp_path: Path, inputs: list[str], window: str, *extra: str) -> tuple[
    tuple[int, str, dict[str, Any]], tuple[int, str, dict[str, Any]]
]:
    """Run the typed and the fast report; return (exit code, stderr, parsed JSON) of each."""
    results = []
    for name, flags in (("typed", ()), ("fast", ("--fast", "--processes", "2"))):
        out_dir = tmp_path / name
        code, _out, err = run("report", *inputs, "--window", window, "--format", "json", "--out", str(out_dir), "-q", *flags, *extra)
        (doc_path,) = (p for p in out_dir.glob("*.json") if not p.name.endswith(".manifest.json"))
        results.append((code, err, json.loads(doc_path.read_text(encoding="utf-8"))))
    return results[0], results[1]


def _problem_lines(err: str) -> list[str]:
    """The problem lines of stderr (``file:line: record: path: message``), without tgpl's own lines."""
    return [line for line in err.splitlines() if line and not line.startswith("tgpl: ")]


def _same_report(typed: dict[str, Any], fast: dict[str, Any]) -> None:
    assert fast["indicators"] == typed["indicators"]
    assert fast["tally"] == typed["tally"]
    assert fast["definitions"] == typed["definitions"]
    assert fast["profile"] == typed["profile"]
    for key in ("window", "units", "unit_mode", "plugins", "inputs", "records", "problems", "suppress_below"):
        assert fast["meta"][key] == typed["meta"][key], key


def test_bac_kan_fast_equals_typed(run: Run, tmp_path: Path) -> None:
    (tc, terr, typed), (fc, ferr, fast) = _both(run, tmp_path, [CASES, ACTIVITIES], "stats:2022-H1")
    assert (tc, fc) == (EXIT_OK, EXIT_OK)
    assert (terr, ferr) == ("", "")
    _same_report(typed, fast)
    assert fast["indicators"]["cases.accepted"] == 156
    assert "--fast" in fast["meta"]["rule_sets"]["rubric"]


def test_bac_kan_fast_with_suppression_and_unit_mode(run: Run, tmp_path: Path) -> None:
    (tc, _, typed), (fc, _, fast) = _both(
        run, tmp_path, [CASES, ACTIVITIES], "stats:2022-H1", "--suppress-below", "5", "--unit-mode", "2025"
    )
    assert tc == fc == EXIT_OK
    _same_report(typed, fast)
    assert fast["suppressed"] == typed["suppressed"]


def _demo_with_bad_lines(tmp_path: Path) -> str:
    path = tmp_path / "demo.jsonl"
    write_demo(path, seed=7, province=DEMO_PROVINCE, start=dt.date(2024, 1, 1), end=dt.date(2024, 12, 31), cases_per_year=150)
    lines = path.read_text(encoding="utf-8").splitlines()
    first_case = next(json.loads(line) for line in lines if json.loads(line)["schema"] == "tgpl.case/1")
    bad_form = dict(first_case, code="TT.TV.99999.2024", form="no-such-form")
    no_org = {k: v for k, v in first_case.items() if k != "organisation"}
    no_org["code"] = "TT.TV.99998.2024"
    lines.insert(3, '{"schema": "tgpl.case/1", "code": ')  # truncated JSON
    lines.insert(10, json.dumps(bad_form, ensure_ascii=False))
    lines.insert(20, "[1, 2, 3]")
    lines.insert(30, json.dumps(no_org, ensure_ascii=False))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return str(path)


def test_demo_with_malformed_lines_same_numbers_and_problems(run: Run, tmp_path: Path) -> None:
    demo = _demo_with_bad_lines(tmp_path)
    (tc, terr, typed), (fc, ferr, fast) = _both(run, tmp_path, [demo], "2024")
    assert tc == fc == EXIT_PROBLEMS
    _same_report(typed, fast)
    typed_lines, fast_lines = _problem_lines(terr), _problem_lines(ferr)
    assert len(typed_lines) == 4
    assert sorted(fast_lines) == sorted(typed_lines)
    assert [line.split(": ", 1)[0] for line in fast_lines] == [f"{demo}:{n}" for n in (4, 11, 21, 31)]
    assert fast["meta"]["problems"] == 4
    assert FALLBACK not in ferr


def test_duplicate_case_falls_back_and_counts_once(run: Run, tmp_path: Path) -> None:
    lines = Path(CASES).read_text(encoding="utf-8").splitlines()
    dup = tmp_path / "dup.jsonl"
    dup.write_text(lines[5] + "\n", encoding="utf-8")
    (tc, terr, typed), (fc, ferr, fast) = _both(run, tmp_path, [CASES, str(dup), ACTIVITIES], "stats:2022-H1")
    assert tc == fc == EXIT_PROBLEMS
    fallback = [line for line in ferr.splitlines() if FALLBACK in line]
    assert len(fallback) == 1
    assert f"{dup}:1" in fallback[0]
    assert FALLBACK not in terr
    # The typed path ran: identical report, generation time aside, and the duplicate listed once.
    typed["meta"].pop("generated_at")
    fast["meta"].pop("generated_at")
    assert fast == typed
    assert fast["indicators"]["cases.accepted"] == 156
    assert _problem_lines(ferr) == _problem_lines(terr)
    assert len(_problem_lines(ferr)) == 1
    assert "duplicate case" in _problem_lines(ferr)[0]


def test_deadlines_fall_back(run: Run, tmp_path: Path) -> None:
    code, _out, err = run("report", CASES, "--window", "stats:2022-H1", "--format", "json", "--out", str(tmp_path), "--fast", "--deadlines")
    assert code == EXIT_OK
    assert "--deadlines" in err
    assert FALLBACK in err


class _RubricPlugin:
    __version__ = "0.1"

    @hookimpl
    def tgpl_register_rubrics(self, register: Callable[[object], None]) -> None:
        register(attrs.evolve(RUBRICS["tt12-2021"], id="province-x"))


def test_plugin_rubrics_fall_back(run: Run, tmp_path: Path) -> None:
    plugins = load_plugins(load_entrypoints=False, plugins=[_RubricPlugin()])
    assert "province-x" in plugins.rubrics()
    code, _out, err = run("report", CASES, "--window", "stats:2022-H1", "--format", "json", "--out", str(tmp_path), "--fast", plugins=plugins)
    assert code == EXIT_OK
    assert "province-x" in err
    assert FALLBACK in err


def test_processes_needs_fast_and_a_positive_number(run: Run, tmp_path: Path) -> None:
    code, _out, err = run("report", CASES, "--window", "2022-H1", "--out", str(tmp_path), "--processes", "2")
    assert code == EXIT_USAGE
    assert "--processes" in err
    code, _out, _err = run("report", CASES, "--window", "2022-H1", "--out", str(tmp_path), "--fast", "--processes", "0")
    assert code == EXIT_USAGE


def test_fast_bad_window_is_a_usage_error(run: Run, tmp_path: Path) -> None:
    code, _out, err = run("report", CASES, "--window", "2022-H9", "--out", str(tmp_path), "--fast")
    assert code == EXIT_USAGE
    assert len(err.strip().splitlines()) == 1
