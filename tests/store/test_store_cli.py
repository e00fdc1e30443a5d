"""``tgpl store init/import/export/check`` and ``tgpl report --store`` on both backends."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from tgpl.cli import EXIT_INPUT, EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE, main
from tgpl.demo import DEMO_PROVINCE, write_demo
from tgpl.reporting.plugins import load_plugins
from tgpl.store import open_store

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "bac-kan-2022-h1"
CASES = str(EXAMPLE / "cases.jsonl")
ACTIVITIES = str(EXAMPLE / "activities.jsonl")

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    plugins = load_plugins(load_entrypoints=False)

    def _run(*argv: str) -> tuple[int, str, str]:
        code = main(list(argv), plugins=plugins)
        out, err = capsys.readouterr()
        return code, out, err

    return _run


def _figures(path: Path) -> dict[str, object]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return {"indicators": data["indicators"], "tally": data["tally"], "records": data["meta"]["records"]}


def _same_report(run: Run, url: str, exported: Path, window: str, out: Path) -> None:
    code, _, err = run("report", "--store", url, "--window", window, "--format", "json", "--out", str(out / "s"), "-q")
    assert code == EXIT_OK, err
    code, _, err = run("report", str(exported), "--window", window, "--format", "json", "--out", str(out / "f"), "-q")
    assert code == EXIT_OK, err
    name = next(p for p in (out / "s").glob("*.json") if not p.name.endswith(".manifest.json")).name
    assert _figures(out / "s" / name) == _figures(out / "f" / name)
    for p in (*(out / "s").iterdir(), *(out / "f").iterdir()):
        if p.is_file():
            p.unlink()


def test_store_commands_on_the_bac_kan_example(run: Run, store_url: str, tmp_path: Path) -> None:
    assert run("store", "init", store_url)[0] == EXIT_OK
    code, out, _ = run("store", "import", store_url, CASES, ACTIVITIES)
    assert code == EXIT_OK
    assert "343" in out
    assert "147" in out
    # Importing the same file again changes nothing and names the first record already there.
    code, out, _ = run("store", "import", store_url, CASES)
    assert code == EXIT_PROBLEMS
    assert f"{CASES}:1: CN1.TGTT.01.2021: $.code:" in out
    assert run("store", "export", store_url, "--out", str(tmp_path / "a.jsonl"), "-q")[0] == EXIT_OK
    assert run("store", "export", store_url, "--out", str(tmp_path / "b.jsonl"), "-q")[0] == EXIT_OK
    exported = tmp_path / "a.jsonl"
    assert exported.read_bytes() == (tmp_path / "b.jsonl").read_bytes()
    assert exported.read_bytes() == Path(CASES).read_bytes() + Path(ACTIVITIES).read_bytes()
    code, out, _ = run("store", "check", store_url)
    assert code == EXIT_OK
    assert "343" in out
    for window in ("2022-H1", "stats:2022-H1", "2021"):
        _same_report(run, store_url, exported, window, tmp_path)


def test_report_from_the_store_equals_the_exported_file_on_a_generated_register(run: Run, store_url: str, tmp_path: Path) -> None:
    data = tmp_path / "demo.jsonl"
    write_demo(data, seed=7, province=DEMO_PROVINCE, start=dt.date(2024, 1, 1), end=dt.date(2025, 6, 30), cases_per_year=120)
    assert run("store", "import", store_url, str(data), "-q")[0] == EXIT_OK
    assert run("store", "export", store_url, "--out", str(tmp_path / "x.jsonl"), "-q")[0] == EXIT_OK
    for window in ("2024", "2025-H1"):
        _same_report(run, store_url, tmp_path / "x.jsonl", window, tmp_path)


def test_an_invalid_file_is_not_half_imported(run: Run, store_url: str, tmp_path: Path) -> None:
    lines = Path(CASES).read_text(encoding="utf-8").splitlines(keepends=True)
    bad = tmp_path / "bad.jsonl"
    bad.write_text("".join([*lines[:3], lines[3].replace('"form":"', '"form":"x'), *lines[4:6], "{oops\n"]), encoding="utf-8")
    code, out, _ = run("store", "import", store_url, str(bad))
    assert code == EXIT_PROBLEMS
    assert f"{bad}:4:" in out
    assert f"{bad}:7:" in out
    assert "nothing imported" in out
    with open_store(store_url) as store:
        assert store.count() == (0, 0)


def test_check_reports_histories_the_law_does_not_allow(run: Run, store_url: str, tmp_path: Path) -> None:
    first = json.loads(Path(CASES).read_text(encoding="utf-8").splitlines()[0])
    first["events"] = [first["events"][0], {"type": "ended", "on": first["events"][0]["on"], "outcome": "completed"}]
    path = tmp_path / "illegal.jsonl"
    path.write_text(json.dumps(first, ensure_ascii=False) + "\n", encoding="utf-8")
    assert run("store", "import", store_url, str(path), "-q")[0] == EXIT_OK
    code, out, _ = run("store", "check", store_url)
    assert code == EXIT_PROBLEMS
    assert "record 'CN1.TGTT.01.2021', field $.events[1]: ended not allowed at stage received" in out


def test_store_usage_errors(run: Run, tmp_path: Path) -> None:
    missing = f"sqlite:///{tmp_path / 'none.db'}"
    code, _, err = run("store", "check", missing)
    assert code == EXIT_INPUT
    assert len(err.strip().splitlines()) == 1
    assert "tgpl store init" in err
    code, _, err = run("report", "--store", missing, "--window", "2022")
    assert code == EXIT_INPUT
    code, _, err = run("report", CASES, "--store", missing, "--window", "2022")
    assert code == EXIT_USAGE
    code, _, err = run("report", "--window", "2022")
    assert code == EXIT_USAGE
    assert "--store" in err


def test_requests_without_a_file_code_are_reported_from_the_store(run: Run, store_url: str, tmp_path: Path) -> None:
    from store_helpers import make_request, moment

    from tgpl import api

    with open_store(store_url) as store:
        for i, decision in enumerate((api.Refused(on=moment(3), ground=api.RefusalGround.NOT_ELIGIBLE),
                                      api.Transferred(on=moment(3), reason=api.TransferReason.LACK_OF_RESOURCES,
                                                      to_organisation="TT-79"),
                                      api.Accepted(on=moment(3)))):
            store.create(make_request(f"YC-{i}"))
            api.apply(store.stream(f"YC-{i}"), api.RequestReceived(on=moment(2)))
            api.apply(store.stream(f"YC-{i}"), decision)
    exported = tmp_path / "x.jsonl"
    assert run("store", "export", store_url, "--out", str(exported), "-q")[0] == EXIT_OK
    assert run("report", "--store", store_url, "--window", "2026-H1", "--format", "json", "--out", str(tmp_path / "s"), "-q")[0] == EXIT_OK
    assert run("report", str(exported), "--engine", "--window", "2026-H1", "--format", "json", "--out", str(tmp_path / "f"), "-q")[0] == EXIT_OK
    store_report = _figures(tmp_path / "s" / "tgpl-report-2026-H1.json")
    assert store_report == _figures(tmp_path / "f" / "tgpl-report-2026-H1.json")
    values = store_report["indicators"]
    assert isinstance(values, dict)
    assert (values["requests.refused"], values["requests.transferred"], values["cases.accepted"]) == (1, 1, 1)
