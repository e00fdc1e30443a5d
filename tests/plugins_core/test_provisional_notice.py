"""Reports (in Vietnamese, in every format that carries text) and ``tgpl validate`` (in
Vietnamese and English) say once when figures rest on provisional rules (the 2027 version
of Law Art 7)."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from pathlib import Path

import attrs
import openpyxl
import pytest
from tgpl_docx.document import render_docx
from tgpl_xlsx.workbook import render_xlsx

from tgpl.cli import main
from tgpl.domain import Case
from tgpl.io.jsonl import read_jsonl, write_jsonl
from tgpl.reporting.build import build_report
from tgpl.reporting.formats import render_json
from tgpl.reporting.formats.markdown import render_markdown
from tgpl.reporting.plugins import load_plugins
from tgpl.rules.eligibility import provisional_notice

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "examples" / "bac-kan-2022-h1" / "cases.jsonl"


def docx_text(data: bytes) -> str:
    """The text of a DOCX file's body (its paragraphs' runs, tags removed)."""
    import re

    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    return "\n".join("".join(re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", p)) for p in xml.split("</w:p>"))


def _shifted(tmp_path: Path, start: dt.date) -> Path:
    """The example's first cases moved so that the first one starts on ``start``."""
    cases = [r for r in read_jsonl(CASES) if isinstance(r, Case)][:5]
    delta = start - cases[0].events[0].on.date()
    moved = [
        attrs.evolve(c, code=attrs.evolve(c.code, year=start.year), events=tuple(attrs.evolve(e, on=e.on + delta) for e in c.events))
        for c in cases
    ]
    path = tmp_path / "cases.jsonl"
    write_jsonl(moved, path)
    return path


def test_notice_text() -> None:
    assert provisional_notice(dt.date(2026, 1, 1), dt.date(2026, 12, 31)) == ""
    text = provisional_notice(dt.date(2026, 7, 1), dt.date(2027, 6, 30))
    assert text.startswith("Lưu ý: số liệu từ ngày 01/01/2027 dựa trên quy định tạm thời")
    assert text.endswith("chưa đối chiếu được văn bản chính thức).")
    assert "Note" not in text  # officer-facing: Vietnamese only
    both = provisional_notice(dt.date(2026, 7, 1), dt.date(2027, 6, 30), english=True)
    assert both.startswith(text)
    assert both.endswith("(Note: figures from 2027-01-01 rest on provisional rules: Law Art 7 as amended from "
                         "01/01/2027, whose official text is not yet confirmed.)")


@pytest.mark.parametrize(("window", "expected"), [("2027-Q1", 1), ("2026-Q4", 0)])
def test_report_formats_carry_the_notice_once(tmp_path: Path, window: str, expected: int) -> None:
    path = _shifted(tmp_path, dt.date(2026, 10, 5))
    report, _ = build_report([path], window, plugins=load_plugins(load_entrypoints=False))
    provisional = [n for n in report.meta.notices if "quy định tạm thời" in n]
    assert len(provisional) == expected
    md = render_markdown(report).decode("utf-8")
    assert md.count("quy định tạm thời") == expected
    data = json.loads(render_json(report))
    assert [n for n in data["meta"].get("notices", []) if "quy định tạm thời" in n] == provisional
    # the files an officer signs and files carry it too, once
    docx = docx_text(render_docx(report))
    assert docx.count("quy định tạm thời") == expected
    assert "Note:" not in docx
    book = openpyxl.load_workbook(io.BytesIO(render_xlsx(report)))
    for ws in book.worksheets:
        if ws.title.startswith("Biểu"):
            cells = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
            assert sum(v.count("quy định tạm thời") for v in cells) == expected, ws.title


def test_validate_prints_the_notice_once(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _shifted(tmp_path, dt.date(2027, 1, 5))
    main(["validate", str(path)])
    out = capsys.readouterr().out
    assert out.count("quy định tạm thời") == 1
    assert out.count("rest on provisional rules") == 1
    old = _shifted(tmp_path, dt.date(2026, 3, 2))
    main(["validate", str(old)])
    assert "quy định tạm thời" not in capsys.readouterr().out
