"""The ``tgpl`` command, run in-process with ``main([...])``: outputs, one-line errors, exit codes."""

from __future__ import annotations

import io
import json
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tgpl.cli import EXIT_INPUT, EXIT_OK, EXIT_OUTPUT, EXIT_PROBLEMS, EXIT_USAGE, _Progress, main
from tgpl.domain import Case
from tgpl.reporting.hookspecs import hookimpl
from tgpl.reporting.plugins import Plugins, load_plugins
from tgpl.reporting.report import Report, ReportFormat
from tgpl.rules.validation import Finding, ValidationContext, ValidationRule

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "bac-kan-2022-h1"
CASES = str(EXAMPLE / "cases.jsonl")
ACTIVITIES = str(EXAMPLE / "activities.jsonl")

Run = Callable[..., tuple[int, str, str]]


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]) -> Run:
    def _run(*argv: str, plugins: Plugins | None = None) -> tuple[int, str, str]:
        code = main(list(argv), plugins=plugins or load_plugins(load_entrypoints=False))
        out, err = capsys.readouterr()
        return code, out, err

    return _run


def _one_line_error(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("tgpl: ")
    assert "Traceback" not in err
    return lines[0]


# -- report ------------------------------------------------------------------------------------


def test_report_writes_every_format_and_lists_them(run: Run, tmp_path: Path) -> None:
    code, out, err = run("report", CASES, ACTIVITIES, "--window", "stats:2022-H1", "--format", "md,json,csv", "--out", str(tmp_path))
    assert (code, err) == (EXIT_OK, "")
    stem = tmp_path / "tgpl-report-stats_2022-H1"
    assert out.splitlines() == [
        "490 bản ghi đã tổng hợp (records counted), kỳ (window) stats:2022-H1:",
        f"md: {stem}.md", f"json: {stem}.json", f"csv: {stem}.csv", f"manifest: {stem}.manifest.json",
    ]
    doc = json.loads(Path(f"{stem}.json").read_text(encoding="utf-8"))
    assert doc["indicators"]["cases.accepted"] == 156
    assert doc["meta"]["inputs"] == ["cases.jsonl", "activities.jsonl"]


def test_report_options(run: Run, tmp_path: Path) -> None:
    code, out, _ = run(
        "report", CASES, "--window", "2022-H1", "--format", "json", "--out", str(tmp_path), "--stem", "bk",
        "--unit-mode", "2025", "--as-of", "31/03/2022", "--suppress-below", "5", "--quiet",
    )
    assert (code, out) == (EXIT_OK, "")
    meta = json.loads((tmp_path / "bk.json").read_text(encoding="utf-8"))["meta"]
    assert meta["unit_mode"] == "scheme_2025"
    assert meta["units"] == ["2025:19"]
    assert meta["suppress_below"] == 5


def test_missing_input_is_one_line_exit_3(run: Run, tmp_path: Path) -> None:
    code, out, err = run("report", str(tmp_path / "nope.jsonl"), "--window", "2022-H1", "--out", str(tmp_path))
    assert code == EXIT_INPUT == 3
    assert "nope.jsonl" in _one_line_error(err)
    assert out == ""
    assert list(tmp_path.iterdir()) == []


def test_directory_as_input_is_exit_3(run: Run, tmp_path: Path) -> None:
    code, _, err = run("validate", str(tmp_path))
    assert code == EXIT_INPUT
    _one_line_error(err)


def test_malformed_input_reports_each_problem_on_one_line_and_exits_1(run: Run, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    lines = Path(CASES).read_text(encoding="utf-8").splitlines()[:2]
    bad.write_text(f"{lines[0]}\n{{broken\n{lines[1]}\n{lines[0]}\n", encoding="utf-8")
    code, out, err = run("report", str(bad), "--window", "stats:2022-H1", "--out", str(tmp_path / "o"))
    assert code == EXIT_PROBLEMS == 1
    errs = err.strip().splitlines()
    assert errs[0].startswith(f"{bad}:2: -: $: not valid JSON")
    assert errs[1].startswith(f"{bad}:4: ")
    assert "duplicate case" in errs[1]
    assert errs[-1].startswith("tgpl: 2 bản ghi đã tổng hợp")
    assert "Traceback" not in err
    assert "md: " in out  # the report of the valid records is still written


def test_unknown_format_is_a_usage_error(run: Run, tmp_path: Path) -> None:
    code, _, err = run("report", CASES, "--window", "2022-H1", "--format", "md,pdf", "--out", str(tmp_path))
    assert code == EXIT_USAGE
    line = _one_line_error(err)
    assert "'pdf'" in line
    assert "csv, json, md" in line


def test_bad_window_is_a_usage_error(run: Run, tmp_path: Path) -> None:
    code, _, err = run("report", CASES, "--window", "2022-H3", "--out", str(tmp_path))
    assert code == EXIT_USAGE
    assert "2022-H3" in _one_line_error(err)


@pytest.mark.parametrize("argv", [["report", CASES], ["report", CASES, "--window", "2022", "--as-of", "yesterday"], ["frobnicate"], []])
def test_argparse_usage_errors_exit_2(run: Run, argv: list[str]) -> None:
    code, _, err = run(*argv)
    assert code == EXIT_USAGE
    assert "Traceback" not in err


def test_output_not_writable_is_exit_4(run: Run, tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x", encoding="utf-8")
    code, _, err = run("report", CASES, "--window", "2022-H1", "--out", str(blocker / "sub"))
    assert code == EXIT_OUTPUT == 4
    _one_line_error(err)


def _raises(report: Report) -> bytes:
    raise RuntimeError("broken template")


class BrokenFormat:
    name = "tgpl-hong"
    __version__ = "0.0.1"

    @hookimpl
    def tgpl_register_formats(self, register: Callable[[object], None]) -> None:
        register(ReportFormat("pdf", "Báo cáo PDF", "pdf", "application/pdf", _raises))


def test_a_failing_format_plugin_is_named_and_the_others_are_written(run: Run, tmp_path: Path) -> None:
    plugins = load_plugins(load_entrypoints=False, plugins=[BrokenFormat()])
    code, out, err = run("report", CASES, "--window", "2022-H1", "--format", "pdf,md", "--out", str(tmp_path), plugins=plugins)
    assert code == EXIT_PROBLEMS
    assert "plugin tgpl-hong 0.0.1: format 'pdf' failed: RuntimeError('broken template')" in err
    assert out.splitlines()[1].startswith("md: ")
    visible = sorted(p.name for p in tmp_path.iterdir() if not p.name.startswith("."))
    assert visible == ["tgpl-report-2022-H1.manifest.json", "tgpl-report-2022-H1.md"]


def test_help_has_examples_and_exit_codes(run: Run) -> None:
    code, out, _ = run("--help")
    assert code == EXIT_OK
    assert "examples" in out
    assert "exit codes" in out
    assert "tgpl report" in out
    code, out, _ = run("report", "--help")
    assert code == EXIT_OK
    assert "--suppress-below" in out


# -- validate ----------------------------------------------------------------------------------


def test_validate_clean_file_exits_0_with_a_summary(run: Run) -> None:
    code, out, err = run("validate", CASES, ACTIVITIES)
    assert (code, err) == (EXIT_OK, "")
    assert out.strip().splitlines() == [
        "Đã kiểm tra 490 bản ghi trong 2 tệp: 0 lỗi, 0 cảnh báo (checked 490 records in 2 files: 0 errors, 0 warnings)"
    ]


def _flag_all(case: Case, ctx: ValidationContext) -> Iterator[Finding]:
    yield Finding("$.organisation", "Tổ chức chưa đăng ký", "organisation not registered")


def _crash(case: Case, ctx: ValidationContext) -> Iterator[Finding]:
    raise ValueError("bug")


class Rules:
    def __init__(self, check: Callable[[Case, ValidationContext], Iterator[Finding]]) -> None:
        self.name = "tgpl-quytac"
        self.check = check

    @hookimpl
    def tgpl_register_validation_rules(self, register: Callable[[object], None]) -> None:
        register(ValidationRule("ORG_REGISTERED", "organisation registered", "Quyết định ví dụ Điều 2", self.check))


def test_validate_prints_every_problem_one_line_each_and_exits_1(run: Run, tmp_path: Path) -> None:
    src = tmp_path / "two.jsonl"
    lines = Path(CASES).read_text(encoding="utf-8").splitlines()[:2]
    src.write_text(f"{lines[0]}\nnot json\n{lines[1]}\n", encoding="utf-8")
    code, out, _ = run("validate", str(src), plugins=load_plugins(load_entrypoints=False, plugins=[Rules(_flag_all)]))
    assert code == EXIT_PROBLEMS
    got = out.strip().splitlines()
    assert got[0] == f"{src}:1: CN1.TGTT.01.2021: $.organisation: lỗi [ORG_REGISTERED] Tổ chức chưa đăng ký (organisation not registered)"
    assert got[1].startswith(f"{src}:2: -: $: not valid JSON")
    assert got[2].startswith(f"{src}:3: ")
    assert got[3].startswith("Đã kiểm tra 2 bản ghi trong 1 tệp: 3 lỗi, 0 cảnh báo")


def test_validate_with_a_crashing_plugin_rule_names_it(run: Run) -> None:
    code, _, err = run("validate", CASES, plugins=load_plugins(load_entrypoints=False, plugins=[Rules(_crash)]))
    assert code == EXIT_PROBLEMS
    assert "tgpl-quytac" in _one_line_error(err)


# -- plugins, schema, anonymize, demo ----------------------------------------------------------------


def test_plugins_lists_name_version_hooks(run: Run) -> None:
    code, out, _ = run("plugins", plugins=load_plugins(load_entrypoints=False, plugins=[BrokenFormat()]))
    assert code == EXIT_OK
    rows = [line.split() for line in out.strip().splitlines()]
    assert rows[0] == ["name", "version", "hooks"]
    assert rows[1][0] == "tgpl"
    assert "tgpl_register_formats," in rows[1]
    assert rows[2] == ["tgpl-hong", "0.0.1", "tgpl_register_formats"]


def test_schema_prints_or_writes_the_json_schemas(run: Run, tmp_path: Path) -> None:
    shipped = ROOT / "docs" / "schema"
    code, out, _ = run("schema")
    assert code == EXIT_OK
    printed = json.loads(out)
    # the record kinds and the two files a Center writes by hand: the set of docs/schema
    assert sorted(printed) == sorted(p.name for p in shipped.glob("*.json"))
    assert printed["plan.json"]["title"] == json.loads((shipped / "plan.json").read_text(encoding="utf-8"))["title"]
    code, out, _ = run("schema", "--out", str(tmp_path))
    assert code == EXIT_OK
    for name in ("case.json", "plan.json", "tgv_quota.json"):
        assert str(tmp_path / name) in out
        # the same bytes as the shipped files (make schema)
        assert (tmp_path / name).read_bytes() == (shipped / name).read_bytes(), name


def test_anonymize(run: Run, tmp_path: Path) -> None:
    key = tmp_path / "secret.key"
    key.write_text(bytes(range(32)).hex() + "\n", encoding="utf-8")  # "ab" * 32 is refused: one byte value
    dst = tmp_path / "anon.jsonl"
    code, out, _ = run("anonymize", CASES, "--key-file", str(key), "--out", str(dst))
    assert code == EXIT_OK
    assert "343" in out
    assert len(dst.read_text(encoding="utf-8").splitlines()) == 343

    short = tmp_path / "short.key"
    short.write_bytes(b"abc")
    code, _, err = run("anonymize", CASES, "--key-file", str(short), "--out", str(tmp_path / "x.jsonl"))
    assert code == EXIT_USAGE
    assert "32 bytes" in _one_line_error(err)

    code, _, err = run("anonymize", CASES, "--key-file", str(tmp_path / "none.key"), "--out", str(tmp_path / "x.jsonl"))
    assert code == EXIT_INPUT
    _one_line_error(err)

    bad = tmp_path / "bad.jsonl"
    bad.write_text("{}\n", encoding="utf-8")
    code, _, err = run("anonymize", str(bad), "--key-file", str(key), "--out", str(tmp_path / "y.jsonl"))
    assert code == EXIT_PROBLEMS
    assert "bad.jsonl:1" in _one_line_error(err)
    assert not (tmp_path / "y.jsonl").exists()


@pytest.mark.slow
def test_demo_writes_data_and_reports(run: Run, tmp_path: Path) -> None:
    code, out, err = run("demo", "--out", str(tmp_path))
    assert (code, err) == (EXIT_OK, "")
    assert (tmp_path / "data" / "demo.jsonl").exists()
    for window in ("2025", "2025-H1", "2022"):
        for ext in ("md", "json"):
            path = tmp_path / "reports" / f"tgpl-report-{window}.{ext}"
            assert path.exists()
            assert str(path) in out
    assert "xlsx, docx" in out
    # the demo quota has the levels: those who met it are rated tốt, khá or đạt
    values = json.loads((tmp_path / "reports" / "tgpl-report-2025.json").read_text(encoding="utf-8"))["indicators"]
    assert values["tgv_quota.met"] == sum(values[f"tgv_quota.level.{lv}"] for lv in ("tot", "kha", "dat"))
    assert "xếp loại Tốt" in (tmp_path / "reports" / "tgpl-report-2025.md").read_text(encoding="utf-8")


# -- progress and python -m ---------------------------------------------------------------------------


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_progress_only_on_a_terminal_and_not_when_quiet() -> None:
    tty = _Tty()
    p = _Progress("Đang đọc", quiet=False, stream=tty)
    p(12345)
    p.done()
    assert tty.getvalue().startswith("\rĐang đọc: 12.345 bản ghi")
    assert tty.getvalue().endswith("\r")
    for stream, quiet in ((io.StringIO(), False), (_Tty(), True)):
        q = _Progress("x", quiet=quiet, stream=stream)
        q(1)
        q.done()
        assert stream.getvalue() == ""


def test_report_prints_no_progress_when_stderr_is_not_a_terminal(run: Run, tmp_path: Path) -> None:
    _, _, err = run("report", CASES, "--window", "2022-H1", "--out", str(tmp_path))
    assert "\r" not in err


def test_python_dash_m_tgpl() -> None:
    done = subprocess.run([sys.executable, "-m", "tgpl", "--version"], capture_output=True, text=True, check=False)
    assert done.returncode == 0
    assert done.stdout.startswith("tgpl ")
