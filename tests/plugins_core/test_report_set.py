"""Issue 12 §6: a report set is written whole.

A run writes its files into a staging folder inside ``--out`` and moves them in together
with a manifest (``tgpl-report-<window>.manifest.json``) under an advisory lock. Tests:
the manifest describes exactly the files written; an old format's file does not survive
beside a new set; a second run waits for the lock (or fails at once with ``--no-wait``);
a run killed at a random moment (Hypothesis-chosen delays, SIGKILL) leaves the complete
old set or the complete new set; a crash at every step of the move is finished by the
recovery the next run performs.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tgpl.cli import EXIT_OK, EXIT_OUTPUT, main
from tgpl.fsutil import (
    JOURNAL_NAME,
    MANIFEST_SCHEMA,
    STAGING_PREFIX,
    locked_output,
    recover_report_sets,
)
from tgpl.reporting.plugins import load_plugins

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "examples" / "bac-kan-2022-h1" / "cases.jsonl"
ACTIVITIES = ROOT / "examples" / "bac-kan-2022-h1" / "activities.jsonl"
STEM = "tgpl-report-2022-H1"
MANIFEST = f"{STEM}.manifest.json"
ENV = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
OLD = ["--format", "md,json,csv"]
NEW = ["--format", "md,json", "--suppress-below", "5"]


def _report(out: Path, *extra: str) -> int:
    return main(["report", str(CASES), str(ACTIVITIES), "--window", "2022-H1", "--out", str(out), "-q", *extra],
                plugins=load_plugins(load_entrypoints=False))


def _visible(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if not p.name.startswith("."))


def _check_whole(out: Path) -> dict[str, Any]:
    """The folder holds exactly one complete set: the manifest's files, with their hashes."""
    manifest = json.loads((out / MANIFEST).read_text(encoding="utf-8"))
    assert manifest["schema"] == MANIFEST_SCHEMA
    listed = sorted(f["name"] for f in manifest["files"])
    assert _visible(out) == sorted([*listed, MANIFEST])
    for f in manifest["files"]:
        data = (out / f["name"]).read_bytes()
        assert len(data) == f["bytes"]
        assert hashlib.sha256(data).hexdigest() == f["sha256"], f["name"]
    assert not [p for p in out.iterdir() if p.name.startswith(STAGING_PREFIX)]
    return manifest


def test_the_manifest_lists_every_file_with_its_hash_inputs_and_counts(tmp_path: Path) -> None:
    assert _report(tmp_path, *OLD) == EXIT_OK
    manifest = _check_whole(tmp_path)
    assert sorted(f["name"] for f in manifest["files"]) == [f"{STEM}.csv", f"{STEM}.json", f"{STEM}.md"]
    assert manifest["window"] == "2022-H1"
    assert manifest["inputs"] == ["cases.jsonl", "activities.jsonl"]
    report = json.loads((tmp_path / f"{STEM}.json").read_text(encoding="utf-8"))
    assert manifest["counts"]["records"] == report["meta"]["records"] > 0
    assert manifest["generated_at"] == report["meta"]["generated_at"]


def test_a_new_set_does_not_keep_an_old_format_beside_it(tmp_path: Path) -> None:
    assert _report(tmp_path, *OLD) == EXIT_OK
    assert _report(tmp_path, *NEW) == EXIT_OK
    manifest = _check_whole(tmp_path)
    assert sorted(f["name"] for f in manifest["files"]) == [f"{STEM}.json", f"{STEM}.md"]
    assert not (tmp_path / f"{STEM}.csv").exists()


def test_a_second_run_waits_for_the_lock_or_fails_at_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert _report(tmp_path, *OLD) == EXIT_OK
    with locked_output(tmp_path):
        assert _report(tmp_path, *NEW, "--no-wait") == EXIT_OUTPUT
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1
        assert str(tmp_path) in err[0]
        assert "--no-wait" in err[0]
        _check_whole(tmp_path)  # untouched: still the old set
        codes: list[int] = []
        waiting = threading.Thread(target=lambda: codes.append(_report(tmp_path, *NEW)))
        waiting.start()
        time.sleep(1.0)
        assert waiting.is_alive()  # blocked on the lock
        assert (tmp_path / f"{STEM}.csv").exists()
    waiting.join(60)
    assert codes == [EXIT_OK]
    assert not (tmp_path / f"{STEM}.csv").exists()
    _check_whole(tmp_path)


@pytest.mark.parametrize("crash_after", range(3))  # json, md, then the manifest
def test_a_crash_while_moving_the_set_in_is_finished_by_the_next_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, crash_after: int
) -> None:
    assert _report(tmp_path, *OLD) == EXIT_OK
    old = _check_whole(tmp_path)
    real_replace = Path.replace
    moves: list[Path] = []

    class Killed(BaseException):
        pass

    def dying_replace(self: Path, target: Any) -> Path:
        if self.parent.name.startswith(STAGING_PREFIX) and self.name != JOURNAL_NAME and not self.name.startswith("."):
            if len(moves) == crash_after:
                raise Killed
            moves.append(self)
        return real_replace(self, target)

    monkeypatch.setattr(Path, "replace", dying_replace)
    with pytest.raises(Killed):
        _report(tmp_path, *NEW)
    monkeypatch.setattr(Path, "replace", real_replace)
    staged = [p for p in tmp_path.iterdir() if p.name.startswith(STAGING_PREFIX)]
    assert len(staged) == 1
    assert (staged[0] / JOURNAL_NAME).exists()  # committed before the moves began
    assert recover_report_sets(tmp_path) == staged
    new = _check_whole(tmp_path)
    assert new != old
    assert sorted(f["name"] for f in new["files"]) == [f"{STEM}.json", f"{STEM}.md"]


def test_a_crash_before_the_commit_point_leaves_the_old_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    assert _report(tmp_path, *OLD) == EXIT_OK
    old = _check_whole(tmp_path)
    from tgpl import fsutil

    real = fsutil.atomic_write_text

    class Killed(BaseException):
        pass

    def dying(path: Any, text: str, **kw: Any) -> None:
        if Path(path).name == JOURNAL_NAME:
            raise Killed
        real(path, text, **kw)

    monkeypatch.setattr(fsutil, "atomic_write_text", dying)
    with pytest.raises(Killed):
        _report(tmp_path, *NEW)
    assert _check_whole(tmp_path) == old  # the staging folder was discarded on the way out


CHILD_ARGS = ["report", str(CASES), str(ACTIVITIES), "--window", "2022-H1", "-q", *NEW]


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(delay=st.floats(min_value=0.0, max_value=2.5))
def test_a_run_killed_at_any_moment_leaves_a_whole_set(tmp_path_factory: pytest.TempPathFactory, delay: float) -> None:
    out = tmp_path_factory.mktemp("killed")
    assert _report(out, *OLD) == EXIT_OK
    old = _check_whole(out)
    child = subprocess.Popen([sys.executable, "-m", "tgpl", *CHILD_ARGS, "--out", str(out)], env=ENV)
    time.sleep(delay)
    if child.poll() is None:
        os.kill(child.pid, signal.SIGKILL)
    child.wait(60)
    with locked_output(out):  # what the next run does before writing
        recover_report_sets(out)
    final = _check_whole(out)
    names = sorted(f["name"] for f in final["files"])
    if final == old:
        assert names == [f"{STEM}.csv", f"{STEM}.json", f"{STEM}.md"]
    else:
        assert names == [f"{STEM}.json", f"{STEM}.md"]
        assert json.loads((out / f"{STEM}.json").read_text(encoding="utf-8"))["meta"]["suppress_below"] == 5
