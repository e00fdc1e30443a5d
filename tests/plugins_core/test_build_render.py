"""render_all: every format isolated — raising, hanging, garbage and meddling plugins."""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import threading
import time
from pathlib import Path

import pytest

from tgpl.domain import VN_TZ
from tgpl.errors import PluginError
from tgpl.reporting.build import build_report, render_all
from tgpl.reporting.formats import BUILTIN_FORMATS
from tgpl.reporting.plugins import load_plugins
from tgpl.reporting.report import Report, ReportFormat

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "examples" / "bac-kan-2022-h1" / "cases.jsonl"
_release = threading.Event()


@pytest.fixture(scope="module")
def report() -> Report:
    rep, problems = build_report(
        [CASES], "stats:2022-H1", plugins=load_plugins(load_entrypoints=False),
        generated_at=dt.datetime(2022, 8, 1, 9, 0, tzinfo=VN_TZ),
    )
    assert problems == []
    return rep


def _raises(report: Report) -> bytes:
    raise RuntimeError("the template is missing")


def _hangs(report: Report) -> bytes:
    _release.wait(30)
    return b"too late"


def _text(report: Report) -> bytes:
    return "not bytes"  # type: ignore[return-value]


def _empty(report: Report) -> bytes:
    return b""


def _meddles(report: Report) -> bytes:
    """Tries every way a careless format could change the shared report."""
    for attempt in (
        lambda: report.tally.counts.__setitem__(("reception", "2004:06"), 10**6),  # type: ignore[index]
        lambda: setattr(report, "indicators", ()),
        lambda: setattr(report.tally, "counts", {}),
        lambda: report.meta.plugins.__setitem__("x", "y"),  # type: ignore[index]
        lambda: report.values().clear(),
    ):
        with contextlib.suppress(TypeError, AttributeError):
            attempt()
    raise RuntimeError("gave up")


def _fmt(name: str, render: object) -> ReportFormat:
    return ReportFormat(name, f"Định dạng {name}", name, "application/octet-stream", render)  # type: ignore[arg-type]


def test_every_builtin_format_renders(report: Report, tmp_path: Path) -> None:
    result = render_all(report, BUILTIN_FORMATS, tmp_path, stem="bao-cao")
    assert result.ok
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bao-cao.csv", "bao-cao.json", "bao-cao.md"]
    assert result.written["md"] == tmp_path / "bao-cao.md"


def test_faulty_formats_are_isolated_and_named(report: Report, tmp_path: Path) -> None:
    tally_before = copy.deepcopy(report.tally.to_json())
    values_before = report.values()
    faulty = {
        "raises": _fmt("raises", _raises),
        "hangs": _fmt("hangs", _hangs),
        "text": _fmt("text", _text),
        "empty": _fmt("empty", _empty),
        "meddles": _fmt("meddles", _meddles),
    }
    formats = {**faulty, **BUILTIN_FORMATS}
    owners = {name: f"tgpl-hong {name}" for name in faulty}
    start = time.monotonic()
    try:
        result = render_all(report, formats, tmp_path / "out", stem="r", timeout_s=2, owners=owners)
    finally:
        _release.set()
    assert time.monotonic() - start < 15
    assert set(result.errors) == set(faulty)
    assert set(result.written) == {"md", "json", "csv"}
    for name, err in result.errors.items():
        assert isinstance(err, PluginError)
        assert err.plugin == f"tgpl-hong {name}"
    assert "the template is missing" in str(result.errors["raises"])
    assert "did not finish within 2 s" in str(result.errors["hangs"])
    assert "returned a str, not bytes" in str(result.errors["text"])
    assert "no bytes" in str(result.errors["empty"])
    assert "gave up" in str(result.errors["meddles"])
    assert sorted(p.name for p in (tmp_path / "out").iterdir()) == ["r.csv", "r.json", "r.md"]  # no temp files
    assert report.tally.to_json() == tally_before
    assert report.values() == values_before
    assert not result.ok


def test_a_failing_format_does_not_replace_an_existing_file(report: Report, tmp_path: Path) -> None:
    (tmp_path / "r.raises").write_bytes(b"previous")
    render_all(report, [_fmt("raises", _raises)], tmp_path, stem="r")
    assert (tmp_path / "r.raises").read_bytes() == b"previous"


def test_owner_defaults_to_the_format_name(report: Report, tmp_path: Path) -> None:
    result = render_all(report, [_fmt("raises", _raises)], tmp_path, stem="r")
    assert result.errors["raises"].plugin == "raises"


@pytest.mark.parametrize("stem", ["", "a/b", ".", ".."])
def test_stem_must_be_a_plain_name(report: Report, tmp_path: Path, stem: str) -> None:
    with pytest.raises(ValueError, match="stem"):
        render_all(report, BUILTIN_FORMATS, tmp_path, stem=stem)


def test_output_directory_is_created(report: Report, tmp_path: Path) -> None:
    result = render_all(report, [BUILTIN_FORMATS["csv"]], tmp_path / "a" / "b", stem="x")
    assert b"\r\ncode,label_vi,unit,value\r\n" in result.written["csv"].read_bytes()
