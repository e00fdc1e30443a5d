"""A render killed mid-way leaves no half-written report in the output folder.

A child process builds the Bắc Kạn report and renders it with the built-in Markdown and
JSON formats plus a slow format that signals when it has started; the test kills the
child with SIGKILL while that format is rendering, then checks the output folder: every
report present is complete, the slow format left nothing, and no temporary file is
visible (hidden ``.tmp`` files of the atomic writer are cleaned by ``remove_stale_temp``).
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tgpl.fsutil import remove_stale_temp

ROOT = Path(__file__).resolve().parents[2]
CHILD = r"""
import sys, time, datetime as dt
from pathlib import Path
from tgpl.domain import VN_TZ
from tgpl.reporting.build import build_report, render_all
from tgpl.reporting.formats import BUILTIN_FORMATS
from tgpl.reporting.plugins import load_plugins
from tgpl.reporting.report import ReportFormat

out, signal_file, cases = Path(sys.argv[1]), Path(sys.argv[2]), Path(sys.argv[3])

def slow(report):
    signal_file.write_text("rendering")
    time.sleep(60)
    return b"never"

report, _ = build_report([cases], "stats:2022-H1", plugins=load_plugins(load_entrypoints=False),
                         generated_at=dt.datetime(2022, 8, 1, 9, 0, tzinfo=VN_TZ))
formats = {**{k: BUILTIN_FORMATS[k] for k in ("md", "json")},
           "slow": ReportFormat(name="slow", label_vi="Chậm", extension="slow", media_type="text/plain", render=slow)}
render_all(report, formats, out, stem="bao-cao", timeout_s=120)
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_killing_a_render_leaves_only_complete_reports(tmp_path: Path) -> None:
    out = tmp_path / "out"
    flag = tmp_path / "started"
    cases = ROOT / "examples" / "bac-kan-2022-h1" / "cases.jsonl"
    child = subprocess.Popen([sys.executable, "-c", CHILD, str(out), str(flag), str(cases)])
    try:
        deadline = time.monotonic() + 60
        while not flag.exists():
            assert child.poll() is None, "the child ended before rendering the slow format"
            assert time.monotonic() < deadline, "the slow format never started"
            time.sleep(0.05)
        os.kill(child.pid, signal.SIGKILL)
        child.wait(timeout=30)
    finally:
        if child.poll() is None:  # pragma: no cover - only if an assertion fired above
            child.kill()
            child.wait()
    assert child.returncode == -signal.SIGKILL
    remove_stale_temp(out, older_than=0)
    names = sorted(p.name for p in out.iterdir()) if out.exists() else []
    assert not [n for n in names if n.endswith(".slow")], "the killed format left a file"
    assert not [n for n in names if n.startswith(".") or n.endswith(".tmp")], names
    # Formats render in order: the two finished before the kill are there, whole.
    assert names == ["bao-cao.json", "bao-cao.md"], names
    for name in names:
        text = (out / name).read_text(encoding="utf-8")
        if name.endswith(".json"):
            assert json.loads(text)["indicators"]["cases.handled"] == 296
        else:
            assert name.endswith(".md")
            assert "296" in text
