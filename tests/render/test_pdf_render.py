"""The documents an officer files, read as printed: DOCX and XLSX converted to PDF with LibreOffice.

The Bắc Kạn example (statistics six months 2022, no province profile) and the 2025 demo
(Bắc Kạn's records before 01/07/2025, Thái Nguyên's after the merger) are rendered to
DOCX and XLSX, converted to PDF with LibreOffice (``soffice --headless``), and checked
from the files themselves: the heading lines, no English or code names in any printed
text, the fonts embedded in the PDF, the page footers, the heights of rows whose text
wraps, the language tags and application properties of the DOCX.

``make test`` installs LibreOffice first when it can (``tools/ensure-libreoffice.sh``:
root with apt-get); without it these tests skip and say why.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
import zipfile
from pathlib import Path
from typing import Any

import openpyxl
import pytest

from tgpl.demo import demo_dataset
from tgpl.domain import VN_TZ
from tgpl.reporting.build import build_report
from tgpl.reporting.plugins import load_plugins
from tgpl.reporting.report import Report

tgpl_docx = pytest.importorskip("tgpl_docx", reason="the tgpl-docx plugin is not installed")
tgpl_xlsx = pytest.importorskip("tgpl_xlsx", reason="the tgpl-xlsx plugin is not installed")

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "bac-kan-2022-h1"
_SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
_POPPLER = shutil.which("pdftotext") and shutil.which("pdffonts")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(_SOFFICE is None, reason="LibreOffice (soffice) is not installed; `make test` installs it "
                       "with tools/ensure-libreoffice.sh when running as root with apt-get"),
    pytest.mark.skipif(not _POPPLER, reason="poppler-utils (pdftotext, pdffonts) is not installed"),
]

#: Words and marks that must never reach a printed page: English, code names, machine notes.
FOREIGN = (
    "UNVERIFIED", "in force", "as_recorded", "scheme_2025", "exclusive", "inclusive", "Law Art", "ARCHITECTURE",
    "aggregate(", "accepted", "carried", "window", "Total", "None", "null", "tgpl", "docs/", "TT12 Art",
    "provisional", "handled", "Microsoft",
)
#: Indicator codes (``cases.ended.completed``) and snake_case names.
CODE_NAME = re.compile(r"\b[a-z]+(?:\.[a-z_0-9]+)+\b|\b[a-z]+_[a-z_]+\b")


def _bac_kan() -> Report:
    report, problems = build_report(
        [str(EXAMPLE / "cases.jsonl"), str(EXAMPLE / "activities.jsonl")], "stats:2022-H1",
        plugins=load_plugins(load_entrypoints=False), generated_at=dt.datetime(2022, 6, 3, 9, 30, tzinfo=VN_TZ),
        deadlines=True,
    )
    assert problems == []
    return report


def _demo(tmp: Path) -> Report:
    data = tmp / "demo.jsonl"
    demo_dataset(data)
    report, problems = build_report(
        [str(data)], "2025", plugins=load_plugins(load_entrypoints=False),
        generated_at=dt.datetime(2026, 1, 5, 8, 0, tzinfo=VN_TZ),
    )
    assert problems == []
    return report


def _to_pdf(files: list[Path], outdir: Path, profile: Path) -> None:
    assert _SOFFICE is not None
    subprocess.run(
        [_SOFFICE, "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
         "--convert-to", "pdf", "--outdir", str(outdir), *map(str, files)],
        check=True, capture_output=True, timeout=300,
    )


def _text(pdf: Path, *, layout: bool = True) -> str:
    args = ["pdftotext", *(["-layout"] if layout else []), str(pdf), "-"]
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def _fonts(pdf: Path) -> set[str]:
    out = subprocess.run(["pdffonts", str(pdf)], check=True, capture_output=True, text=True).stdout
    return {line.split()[0].split("+")[-1] for line in out.splitlines()[2:] if line.strip()}


@pytest.fixture(scope="module")
def rendered(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """``{"bk"|"demo": {"report", "docx", "xlsx", "docx_pdf", "xlsx_pdf"}}``, rendered once."""
    tmp = tmp_path_factory.mktemp("pdf")
    out: dict[str, Any] = {}
    files = []
    for key, report in (("bk", _bac_kan()), ("demo", _demo(tmp))):
        docx_path, xlsx_path = tmp / f"{key}-docx.docx", tmp / f"{key}-xlsx.xlsx"
        docx_path.write_bytes(tgpl_docx.render_docx(report))
        xlsx_path.write_bytes(tgpl_xlsx.render_xlsx(report))
        files += [docx_path, xlsx_path]
        out[key] = {"report": report, "docx": docx_path, "xlsx": xlsx_path,
                    "docx_pdf": tmp / f"{key}-docx.pdf", "xlsx_pdf": tmp / f"{key}-xlsx.pdf"}
    _to_pdf(files, tmp, tmp_path_factory.mktemp("lo-profile"))
    return out


@pytest.mark.parametrize(("key", "lines"), [
    ("bk", ("SỞ TƯ PHÁP TỈNH BẮC KẠN", "TRUNG TÂM TRỢ GIÚP PHÁP LÝ NHÀ NƯỚC", "Bắc Kạn, ngày 03 tháng 6 năm 2022",
            "Trung tâm Trợ giúp pháp lý Nhà nước tỉnh Bắc Kạn", "Sở Tư pháp tỉnh Bắc Kạn")),
    ("demo", ("SỞ TƯ PHÁP TỈNH THÁI NGUYÊN", "TRUNG TÂM TRỢ GIÚP PHÁP LÝ NHÀ NƯỚC",
              "Thái Nguyên, ngày 05 tháng 01 năm 2026", "Trung tâm Trợ giúp pháp lý Nhà nước tỉnh Thái Nguyên",
              "Sở Tư pháp tỉnh Thái Nguyên", "tỉnh Bắc Kạn", "NHIỆM VỤ TRỌNG TÂM NĂM 2026")),
])
def test_docx_heading_place_date_and_recipients(rendered: dict[str, Any], key: str, lines: tuple[str, ...]) -> None:
    text = re.sub(r"\s+", " ", _text(rendered[key]["docx_pdf"], layout=False))  # lines may wrap
    for line in lines:
        assert line in text, line
    assert "…………, ngày" not in text
    assert "Nơi nhận:" in text


@pytest.mark.parametrize("key", ["bk", "demo"])
def test_xlsx_heading_lines_and_signature(rendered: dict[str, Any], key: str) -> None:
    text = re.sub(r"[ \t]+", " ", _text(rendered[key]["xlsx_pdf"]))
    name = "Bắc Kạn" if key == "bk" else "Thái Nguyên"
    assert f"Đơn vị báo cáo: Trung tâm Trợ giúp pháp lý Nhà nước tỉnh {name}" in text
    assert f"Đơn vị nhận báo cáo: Sở Tư pháp tỉnh {name}" in text
    assert re.search(rf"{name}, ngày \d\d tháng \d+ năm 20\d\d", text)
    assert "Thủ trưởng đơn vị" in text
    assert "Người lập biểu" in text


@pytest.mark.parametrize("key", ["bk", "demo"])
@pytest.mark.parametrize("kind", ["docx_pdf", "xlsx_pdf"])
def test_no_english_or_code_names_on_any_page(rendered: dict[str, Any], key: str, kind: str) -> None:
    text = _text(rendered[key][kind])
    for word in FOREIGN:
        assert word not in text, word
    assert CODE_NAME.findall(text) == []


@pytest.mark.parametrize("key", ["bk", "demo"])
@pytest.mark.parametrize("kind", ["docx_pdf", "xlsx_pdf"])
def test_pdf_fonts_are_the_serif_body_font(rendered: dict[str, Any], key: str, kind: str) -> None:
    fonts = _fonts(rendered[key][kind])
    assert fonts
    # Times New Roman, or Liberation Serif (metric-compatible) where it is not installed.
    assert all(f.startswith(("TimesNewRoman", "LiberationSerif")) for f in fonts), fonts


@pytest.mark.parametrize("key", ["bk", "demo"])
def test_xlsx_every_page_has_a_numbered_footer(rendered: dict[str, Any], key: str) -> None:
    pdf = rendered[key]["xlsx_pdf"]
    pages = _text(pdf).split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) >= 5
    for n, page in enumerate(pages, start=1):
        assert f"Trang {n}/{len(pages)}" in page, n
    wb = openpyxl.load_workbook(rendered[key]["xlsx"])
    for ws in wb.worksheets:
        if ws.sheet_state == "visible":
            assert ws.oddFooter.center.text == "Trang &P/&N", ws.title


def test_xlsx_thousands_with_a_dot_in_print(rendered: dict[str, Any]) -> None:
    text = _text(rendered["bk"]["xlsx_pdf"])
    assert "1.389" in text  # người tham dự truyền thông (seed: 1.389)
    assert "4.628" in text  # tờ gấp
    assert "1,389" not in text
    assert "4,628" not in text


@pytest.mark.parametrize("key", ["bk", "demo"])
def test_xlsx_rows_of_wrapped_text_are_tall_enough(rendered: dict[str, Any], key: str) -> None:
    wb = openpyxl.load_workbook(rendered[key]["xlsx"])
    merged: dict[tuple[int, int], float] = {}
    for ws in wb.worksheets:
        if ws.sheet_state != "visible":
            continue
        for rng in ws.merged_cells.ranges:
            if rng.min_row == rng.max_row:
                merged[(id(ws), rng.min_row * 10_000 + rng.min_col)] = sum(
                    ws.column_dimensions[openpyxl.utils.get_column_letter(c)].width or 9.0
                    for c in range(rng.min_col, rng.max_col + 1)
                )
        checked = 0
        for row in ws.iter_rows():
            for cell in row:
                if not isinstance(cell.value, str) or not cell.alignment.wrap_text or cell.row <= 3:
                    continue
                width = merged.get((id(ws), cell.row * 10_000 + cell.column))
                if width is None:
                    if any(cell.coordinate in rng and rng.min_row != rng.max_row for rng in ws.merged_cells.ranges):
                        continue  # header cells spanning rows have fixed heights
                    width = ws.column_dimensions[cell.column_letter].width or 9.0
                size = cell.font.sz or 11
                lines = tgpl_xlsx.workbook.wrapped_lines(cell.value, width * 12 / size)
                height = ws.row_dimensions[cell.row].height
                if lines > 1:
                    assert height is not None, (ws.title, cell.coordinate)
                    assert height >= lines * size * 1.2, (ws.title, cell.coordinate, lines, height)
                    checked += 1
        if ws.title == "Thông tin":
            assert checked > 0, ws.title


def test_xlsx_bieu24_prints_on_two_pages_wide_with_row_titles(rendered: dict[str, Any]) -> None:
    ws = openpyxl.load_workbook(rendered["bk"]["xlsx"])["Biểu 24"]
    assert ws.print_title_cols.replace("$", "") == "A:B"
    assert ws.print_title_rows.replace("$", "") == "5:8"
    assert [b.id for b in ws.col_breaks.brk] == [12]
    assert ws.page_setup.scale >= 80  # 12 pt text prints at 10 pt or more
    pages = [p for p in _text(rendered["bk"]["xlsx_pdf"]).split("\f") if "SỐ LƯỢT NGƯỜI" in p or "(11)" in p]
    assert any("(1)" in p and "(10)" in p for p in pages)
    assert any("(11)" in p and "(18)" in p and "Lĩnh vực pháp luật" in p for p in pages)  # row titles repeated


@pytest.mark.parametrize("key", ["bk", "demo"])
def test_docx_language_fonts_and_package(rendered: dict[str, Any], key: str) -> None:
    with zipfile.ZipFile(rendered[key]["docx"]) as z:
        names = set(z.namelist())
        document = z.read("word/document.xml").decode()
        app = z.read("docProps/app.xml").decode()
        styles = z.read("word/styles.xml").decode()
    assert "docProps/thumbnail.jpeg" not in names
    assert "Microsoft" not in app
    assert "<Application>tgpl-docx</Application>" in app
    runs = re.findall(r"<w:r>.*?</w:r>|<w:r .*?</w:r>", document, flags=re.S)
    assert runs
    assert all('<w:lang w:val="vi-VN"' in r for r in runs)
    assert 'w:val="en-US"' not in styles
    defaults = styles[styles.index("<w:docDefaults>"):styles.index("</w:docDefaults>")]
    normal = re.search(r'<w:style w:type="paragraph" w:default="1".*?</w:style>', styles, flags=re.S)
    assert normal is not None
    fonts = set(re.findall(r'w:ascii="([^"]+)"', document + defaults + normal.group(0)))
    assert fonts == {"Times New Roman"}, fonts  # the runs, the document defaults and the Normal style


def test_docx_success_rate_over_assessed_cases(rendered: dict[str, Any]) -> None:
    text = re.sub(r"\s+", " ", _text(rendered["demo"]["docx_pdf"]))
    values = rendered["demo"]["report"].values()
    if values.get("success.assessed"):
        assert f"trong số {values['success.assessed']} vụ việc được đánh giá" in text
    assert "số vụ việc tham gia tố tụng đã kết thúc trong kỳ)" not in text


def test_pages_render_to_images(rendered: dict[str, Any], tmp_path: Path) -> None:
    if shutil.which("pdftoppm") is None:
        pytest.skip("pdftoppm is not installed")
    subprocess.run(["pdftoppm", "-r", "40", "-png", "-f", "1", "-l", "1", str(rendered["demo"]["docx_pdf"]),
                    str(tmp_path / "page")], check=True, capture_output=True, timeout=60)
    (png,) = tmp_path.glob("page*.png")
    assert io.BytesIO(png.read_bytes()).read(8) == b"\x89PNG\r\n\x1a\n"
