"""Issue 12 §5: no tracebacks, no hangs — each case ends with one clear line and its documented exit code.

The cases that need a real process (standard input, a named pipe, a closed output pipe)
run ``python -m tgpl`` with a timeout, so a hang fails the test instead of stalling it.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from tgpl.cli import EXIT_INPUT, EXIT_OK, EXIT_OUTPUT, EXIT_PIPE, EXIT_PROBLEMS, EXIT_USAGE, main
from tgpl.reporting.plugins import load_plugins

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "examples" / "bac-kan-2022-h1" / "cases.jsonl"
ACTIVITIES = ROOT / "examples" / "bac-kan-2022-h1" / "activities.jsonl"
LINES = CASES.read_text(encoding="utf-8").splitlines()
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv), plugins=load_plugins(load_entrypoints=False))
    out, err = capsys.readouterr()
    return code, out, err


def _one_line(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("tgpl: ")
    assert "Traceback" not in err
    return lines[0]


def _tgpl(*argv: str, stdin: bytes | None = None, timeout: float = 60) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-m", "tgpl", *argv], input=stdin, capture_output=True, timeout=timeout, env=ENV, check=False
    )


def test_a_value_nested_10000_deep_is_one_problem(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    deep = "[" * 10_000 + "]" * 10_000
    path = tmp_path / "deep.jsonl"
    path.write_text(
        LINES[0] + "\n" + LINES[1].replace('"field":"criminal"', f'"field":{deep}', 1) + "\n" + deep + "\n",
        encoding="utf-8",
    )
    for command in (["report", str(path), "--window", "2021", "--out", str(tmp_path / "o"), "-q"], ["validate", str(path)]):
        code, out, err = _run(capsys, *command)
        assert code == EXIT_PROBLEMS
        text = out + err
        assert "Traceback" not in text
        assert "RecursionError" not in text
        assert f"{path}:2: " in text
        assert f"{path}:3: " in text


@pytest.mark.parametrize("stem", ["a/b", "..", ""])
def test_a_stem_with_a_folder_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path, stem: str) -> None:
    code, _, err = _run(capsys, "report", str(CASES), "--window", "2022-H1", "--stem", stem, "--out", str(tmp_path))
    assert code == EXIT_USAGE
    assert "--stem" in _one_line(err)
    assert list(tmp_path.iterdir()) == []


@pytest.mark.parametrize("timeout", ["nan", "inf", "-inf", "0", "-1", "soon"])
def test_a_timeout_that_is_no_duration_is_a_usage_error(capsys: pytest.CaptureFixture[str], tmp_path: Path, timeout: str) -> None:
    code, _, err = _run(capsys, "report", str(CASES), "--window", "2022-H1", f"--timeout={timeout}", "--out", str(tmp_path))
    assert code == EXIT_USAGE
    assert "--timeout" in _one_line(err)


def test_standard_input_is_read_once(tmp_path: Path) -> None:
    done = _tgpl("report", "-", "--window", "2022-H1", "--format", "json", "--out", str(tmp_path), "-q", stdin=CASES.read_bytes())
    assert (done.returncode, done.stderr) == (EXIT_OK, b"")
    report = json.loads((tmp_path / "tgpl-report-2022-H1.json").read_text(encoding="utf-8"))
    assert report["meta"]["records"] == len(LINES)
    assert report["meta"]["inputs"] == ["<stdin>"]
    checked = _tgpl("validate", "-", stdin=CASES.read_bytes())
    assert checked.returncode in (EXIT_OK, EXIT_PROBLEMS)
    assert f"Đã kiểm tra {len(LINES)} bản ghi" in checked.stdout.decode()


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_named_pipe_is_read_once(tmp_path: Path) -> None:
    fifo = tmp_path / "cases.pipe"
    os.mkfifo(fifo)
    data = CASES.read_bytes()

    def feed() -> None:
        with fifo.open("wb") as fh:  # blocks until tgpl opens the pipe for reading
            fh.write(data)

    writer = threading.Thread(target=feed, daemon=True)
    writer.start()
    done = _tgpl("report", str(fifo), "--window", "2022-H1", "--format", "json", "--out", str(tmp_path / "o"), "-q", timeout=60)
    writer.join(5)
    assert (done.returncode, done.stderr) == (EXIT_OK, b"")
    report = json.loads((tmp_path / "o" / "tgpl-report-2022-H1.json").read_text(encoding="utf-8"))
    assert report["meta"]["records"] == len(LINES)


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="named pipes are POSIX")
def test_a_bad_out_is_found_before_a_pipe_is_opened(tmp_path: Path) -> None:
    fifo = tmp_path / "cases.pipe"
    os.mkfifo(fifo)  # nobody ever writes: opening it for reading would hang
    blocker = tmp_path / "a-file"
    blocker.write_text("x", encoding="utf-8")
    done = _tgpl("report", str(fifo), "--window", "2022-H1", "--out", str(blocker), timeout=30)
    assert done.returncode == EXIT_OUTPUT
    assert str(blocker) in _one_line(done.stderr.decode())


def test_a_closed_output_pipe_ends_quietly(tmp_path: Path) -> None:
    files = []
    for i in range(30):  # 30 × 100 listed problems: far more than a pipe buffer holds
        bad = tmp_path / f"bad{i:02d}.jsonl"
        bad.write_text("{broken\n" * 100, encoding="utf-8")
        files.append(str(bad))
    bad = Path(files[0])
    proc = subprocess.Popen(
        [sys.executable, "-m", "tgpl", "validate", *files], stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=ENV
    )
    assert proc.stdout is not None
    assert proc.stderr is not None
    first = proc.stdout.readline()  # `| head -1`
    proc.stdout.close()
    err = proc.stderr.read().decode()
    code = proc.wait(timeout=60)
    assert first.startswith(str(bad).encode())
    assert code == EXIT_PIPE
    assert "broken pipe" in _one_line(err)


@pytest.mark.parametrize("persons", [2**63, 2**64 + 1, 10**30, 100_001])
def test_a_count_beyond_plausibility_is_a_problem_not_a_figure(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, persons: int
) -> None:
    record = json.loads(ACTIVITIES.read_text(encoding="utf-8").splitlines()[0])
    record["persons"] = persons
    path = tmp_path / "acts.jsonl"
    path.write_text(json.dumps(record) + "\n", encoding="utf-8")
    code, _, err = _run(capsys, "report", str(path), "--window", "2022", "--format", "json", "--out", str(tmp_path / "o"), "-q")
    assert code == EXIT_PROBLEMS
    assert f"{path}:1: " in err
    assert "Traceback" not in err
    if persons > 999_999:
        assert str(persons) not in err  # shown by its size, never echoed
    report = json.loads((tmp_path / "o" / "tgpl-report-2022.json").read_text(encoding="utf-8"))
    assert report["meta"]["records"] == 0


@pytest.mark.parametrize("kind", ["file", "file-parent", "read-only"])
def test_an_unusable_out_is_found_before_the_input_is_read(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, kind: str
) -> None:
    if kind == "read-only" and os.geteuid() == 0:
        pytest.skip("root writes everywhere")
    target = tmp_path / "out"
    if kind == "file":
        target.write_text("x", encoding="utf-8")
    elif kind == "file-parent":
        (tmp_path / "f").write_text("x", encoding="utf-8")
        target = tmp_path / "f" / "out"
    else:
        target.mkdir()
        target.chmod(0o500)
    missing = tmp_path / "missing.jsonl"
    bad = tmp_path / "bad.jsonl"
    bad.write_text("{broken\n", encoding="utf-8")
    code, out, err = _run(capsys, "report", str(bad), "--window", "2022", "--out", str(target))
    assert code == EXIT_OUTPUT
    line = _one_line(err)
    assert str(target) in line or str(tmp_path / "f") in line
    assert "broken" not in err
    assert out == ""
    code, _, err = _run(capsys, "report", str(missing), "--window", "2022", "--out", str(target))
    assert code == EXIT_INPUT  # a missing input is still found first


def test_a_score_out_of_range_is_a_problem_not_a_traceback(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    import datetime as dt

    from tgpl.demo import DEMO_PROVINCE, generate
    from tgpl.io import to_dict

    records = [to_dict(r) for r in generate(seed=3, province=DEMO_PROVINCE, start=dt.date(2022, 1, 1),
                                             end=dt.date(2022, 12, 31), cases_per_year=120)]
    record = next(r for r in records if '"scores"' in json.dumps(r))  # graded under TT12 as amended in 2021
    review = next(e["review"] for e in record["events"] if e["type"] == "appraisal_recorded")
    review["scores"][next(iter(review["scores"]))] = 1089012345  # an ID number typed as a score
    path = tmp_path / "score.jsonl"
    path.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    code, _, err = _run(capsys, "report", str(path), "--window", "2022", "--out", str(tmp_path / "o"), "-q")
    assert code == EXIT_PROBLEMS
    assert "Traceback" not in err
    assert f"{path}:1: " in err
    assert "is above its maximum" in err
    assert "1089012345" not in err
