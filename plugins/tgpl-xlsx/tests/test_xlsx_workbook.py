"""The xlsx format on the Bắc Kạn seed report: sheets, headers, cross-checking totals, metadata."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import subprocess
import zipfile
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import attrs
import openpyxl
import pytest
import tgpl_xlsx
from tgpl_xlsx import (
    BIEU25_COLUMNS,
    CODES_IN_FORMS,
    NUMBER_FORMAT,
    SHEET_BIEU24,
    SHEET_BIEU25,
    SHEET_INDICATORS,
    SHEET_META,
    SHEET_TECHNICAL,
    render_xlsx,
)
from xlsx_reports import GENERATED_AT, bac_kan_report, cell_text

from tgpl.domain import ProviderKind
from tgpl.reporting.formats.vi import display_value, withheld_text
from tgpl.reporting.heading import spell_out_first
from tgpl.reporting.plugins import load_plugins
from tgpl.reporting.report import Report
from tgpl.reporting.statforms import BIEU24_COLUMNS, bieu24
from tgpl.reporting.tally import ENDED_MEASURES

Table = dict[str, dict[str, Any]]


def _open(report: Report) -> Any:
    return openpyxl.load_workbook(io.BytesIO(render_xlsx(report)))


@pytest.fixture(scope="module")
def report() -> Report:
    return bac_kan_report()


@pytest.fixture(scope="module")
def wb(report: Report) -> Any:
    return _open(report)


def read_form(ws: Any, marks_to_codes: dict[str, str]) -> Table:
    """Read a form sheet back: ``{"total" | "I.1" | "I.1.2" | "II.3": {column code: value}}``.

    Columns are found by the form's column-number row (``A``, ``B``, ``(1)`` …), rows by
    their number in column A under the section headings ``I`` and ``II``.
    """
    number_row = next(r for r in range(1, 20) if ws.cell(row=r, column=1).value == "A")
    columns = {}
    for c in range(3, ws.max_column + 1):
        mark = ws.cell(row=number_row, column=c).value
        if mark is None:
            break
        columns[marks_to_codes[mark.strip("()")]] = c
    assert sorted(columns) == sorted(marks_to_codes.values())
    table: Table = {}
    section = ""
    r = number_row + 1
    while ws.cell(row=r, column=2).value:
        number = ws.cell(row=r, column=1).value
        values = {code: ws.cell(row=r, column=c).value for code, c in columns.items()}
        if number in ("I", "II"):
            section = number
            assert all(v is None for v in values.values())
        else:
            table["total" if not number else f"{section}.{number}"] = values
        r += 1
    return table


B25_MARKS = {c.number: c.code for c in BIEU25_COLUMNS}
B24_MARKS = {**{str(c.number): c.code for c in BIEU24_COLUMNS if c.number}, "a": "sex_unknown"}


def _children(table: Table, prefix: str) -> list[str]:
    depth = prefix.count(".") + 1
    return [k for k in table if k.startswith(prefix + ".") and k.count(".") == depth]


def _check_sums(table: Table) -> None:
    """Total = Σ field rows = Σ form rows (section II); each field row = Σ its form sub-rows."""
    codes = table["total"].keys()
    fields = _children(table, "I")
    forms = _children(table, "II")
    assert len(fields) == 6
    assert len(forms) == 3
    for code in codes:
        assert table["total"][code] == sum(table[k][code] for k in fields) == sum(table[k][code] for k in forms)
        for f in fields:
            assert table[f][code] == sum(table[k][code] for k in _children(table, f))
        for v in (table[k][code] for k in table):
            assert isinstance(v, int)
            assert v >= 0


def test_registered_through_the_entry_point() -> None:
    (ep,) = [e for e in entry_points(group="tgpl") if e.name == "xlsx"]
    assert ep.load() is tgpl_xlsx
    assert ep.dist is not None
    assert (ep.dist.name, ep.dist.version) == ("tgpl-xlsx", tgpl_xlsx.__version__)
    plugins = load_plugins(load_entrypoints=False, plugins=[tgpl_xlsx])
    assert plugins.formats()["xlsx"] is tgpl_xlsx.XLSX_FORMAT
    assert plugins.format_owners()["xlsx"] == "tgpl_xlsx 0.1.0"


def test_sheets_and_headers(wb: Any, report: Report) -> None:
    assert wb.sheetnames == [SHEET_BIEU24, SHEET_BIEU25, SHEET_INDICATORS, SHEET_META, SHEET_TECHNICAL]
    assert [ws.sheet_state for ws in wb.worksheets] == ["visible"] * 4 + ["hidden"]
    for name, form, unit in ((SHEET_BIEU24, "Biểu số 24/BTP/TGPL", "Lượt người"), (SHEET_BIEU25, "Biểu số 25/BTP/TGPL", "Vụ việc")):
        head = cell_text(wb[name], max_row=3)
        assert form in head
        assert "Đơn vị báo cáo: Trung tâm Trợ giúp pháp lý Nhà nước tỉnh Bắc Kạn" in head
        assert f"Kỳ báo cáo: {report.meta.window_vi}" in head
        assert "6 tháng đầu năm 2022" in head
        assert "Từ ngày 01/01/2022 đến ngày 31/05/2022" in head
        assert f"Đơn vị tính: {unit}" in head
        assert "Thông tư số 03/2019/TT-BTP" in head
        assert "Sở Tư pháp tỉnh Bắc Kạn" in head
        assert wb[name].merged_cells.ranges  # merged header cells


def test_bieu25_cross_checks_and_matches_the_indicators(wb: Any, report: Report) -> None:
    t = read_form(wb[SHEET_BIEU25], B25_MARKS)
    _check_sums(t)
    providers = [c.code for c in BIEU25_COLUMNS if c.code.startswith("ended.")]
    assert len(providers) == 8
    for row in t.values():
        assert row["handled"] == row["carried_over"] + row["accepted"]
        assert row["ended"] == sum(row[p] for p in providers)
        assert row["handled"] == row["ended"] + row["open_at_end"]
    v = report.values()
    total = t["total"]
    assert (total["handled"], total["carried_over"], total["accepted"], total["ended"], total["open_at_end"]) == (
        v["cases.handled"], v["cases.carried_over"], v["cases.accepted"], v["cases.ended"], v["cases.open_at_end"]
    ) == (296, 140, 156, 154, 142)
    for i, form in enumerate(("advice", "litigation", "representation"), start=1):
        assert t[f"II.{i}"]["handled"] == v[f"cases.handled.{form}"]
        assert t[f"II.{i}"]["ended"] == v[f"cases.ended.{form}"]
    assert t["II.2"]["ended"] == 150  # 150 vụ việc tham gia tố tụng
    assert t["II.1"]["ended"] == 4  # 04 vụ việc tư vấn
    for kind in ProviderKind:
        assert total[f"ended.{kind.value}"] == report.tally.count("case", measure=ENDED_MEASURES, provider_kind=kind.value)


def test_bieu24_cross_checks_and_matches_the_tally(wb: Any, report: Report) -> None:
    t = read_form(wb[SHEET_BIEU24], B24_MARKS)
    _check_sums(t)
    for row in t.values():
        assert row["total"] == row["male"] + row["female"] + row["sex_unknown"]
    v = report.values()
    total = t["total"]
    assert total["total"] == v["person_occasions.handled"] == 296
    assert total["male"] == v["person_occasions.handled.male"]
    assert total["female"] == v["person_occasions.handled.female"]
    core = bieu24(report.tally)[("total", "total")]
    assert {k: total[k] for k in B24_MARKS.values() if k in core} == {k: core[k] for k in B24_MARKS.values() if k in core}


def test_numbers_are_values_formatted_with_thousands(wb: Any) -> None:
    ws = wb[SHEET_BIEU25]
    number_row = next(r for r in range(1, 20) if ws.cell(row=r, column=1).value == "A")
    cell = ws.cell(row=number_row + 1, column=3)
    assert cell.value == 296
    assert cell.number_format == NUMBER_FORMAT
    assert cell.font.name == "Times New Roman"


def test_every_cell_is_times_new_roman(wb: Any) -> None:
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for cell in row:
                if cell.value is not None:
                    assert cell.font.name == "Times New Roman", (ws.title, cell.coordinate)


def test_hidden_check_column_has_formulas(wb: Any) -> None:
    for name in (SHEET_BIEU24, SHEET_BIEU25):
        ws = wb[name]
        col = next(c for c in range(1, ws.max_column + 1) if ws.cell(row=5, column=c).value == "Kiểm tra")
        letter = openpyxl.utils.get_column_letter(col)
        assert ws.column_dimensions[letter].hidden
        formulas = [ws.cell(row=r, column=col).value for r in range(6, ws.max_row + 1)]
        assert sum(1 for f in formulas if isinstance(f, str) and f.startswith("=IF(")) >= 28


def _indicator_rows(wb: Any, report: Report) -> dict[str, tuple[Any, ...]]:
    """The "Chỉ tiêu khác" rows keyed by indicator code (the sheet lists them in report order)."""
    listed = [r for r in wb[SHEET_INDICATORS].iter_rows(min_row=7, values_only=True) if r[1]]
    expected = [i for i in report.indicators if i.code not in CODES_IN_FORMS]
    assert [r[1] for r in listed] == spell_out_first([i.label_vi for i in expected])
    return {i.code: r for i, r in zip(expected, listed, strict=True)}


def test_other_indicators_sheet(wb: Any, report: Report) -> None:
    rows = _indicator_rows(wb, report)
    for i in report.indicators:
        if i.code not in rows:
            continue
        _, label, unit, value = rows[i.code]
        assert label.replace("trợ giúp pháp lý (TGPL)", "TGPL") == i.label_vi
        assert unit == i.unit
        if isinstance(i.value, int) and i.unit != "%":
            assert value == i.value
        else:
            assert value == display_value(i)
    assert rows["outreach.attendees"][3] == 1389
    assert rows["outreach.leaflets"][3] == 4628
    assert rows["referrals.procedure_body_notice.litigation"][3] == 124
    assert rows["cases.ended.completed"][3] == 154
    assert rows["referrals.procedure_body_notice.litigation_share"][3] == "81,6 %"
    assert "cases.handled" not in rows
    technical = cell_text(wb[SHEET_TECHNICAL])
    assert "indicator.outreach.attendees" in technical  # codes only on the hidden sheet
    assert "outreach.attendees" not in cell_text(wb[SHEET_INDICATORS])


def test_metadata_sheet(wb: Any, report: Report) -> None:
    text = cell_text(wb[SHEET_META])
    assert report.window.regime is not None
    for needle in (
        report.meta.window_vi, "01/01/2022", "31/05/2022", report.window.regime.label_vi, "tỉnh Bắc Kạn",
        "03/06/2022 09:30", "Thông tư số 03/2019/TT-BTP", "Theo đơn vị hành chính ghi trong hồ sơ",
    ):
        assert needle in text, needle
    for foreign in ("as_recorded", "in force", "UNVERIFIED", "docs/", "'exclusive'", "stats:", "Plugin", "tgpl"):
        assert foreign not in text, foreign
    technical = cell_text(wb[SHEET_TECHNICAL])
    for needle in ("stats:2022-H1", *report.meta.rule_sets.values(), "cases.jsonl; activities.jsonl"):
        assert needle in technical, needle


def test_same_report_same_bytes_and_dated_properties(report: Report) -> None:
    data = render_xlsx(report)
    assert data == render_xlsx(report)
    wb = openpyxl.load_workbook(io.BytesIO(data))
    expected = GENERATED_AT.astimezone(dt.UTC).replace(tzinfo=None)
    assert wb.properties.created == wb.properties.modified == expected
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        assert {i.date_time for i in z.infolist()} == {(2022, 6, 3, 9, 30, 0)}
    later = bac_kan_report(generated_at=GENERATED_AT + dt.timedelta(days=1))
    other = render_xlsx(attrs.evolve(later, meta=attrs.evolve(later.meta, issued_on=GENERATED_AT.date())))
    assert other != data
    wb2 = openpyxl.load_workbook(io.BytesIO(other))
    for name in (SHEET_BIEU24, SHEET_BIEU25, SHEET_INDICATORS):
        assert cell_text(wb[name]) == cell_text(wb2[name])


def test_suppression_withholds_the_form_tables() -> None:
    report = bac_kan_report(suppress_below=5)
    wb = _open(report)
    for name in (SHEET_BIEU24, SHEET_BIEU25):
        ws = wb[name]
        number_row = next(r for r in range(1, 20) if ws.cell(row=r, column=1).value == "A")
        numbers = [
            ws.cell(row=r, column=c).value
            for r in range(number_row + 1, number_row + 30)
            for c in range(3, ws.max_column + 1)
        ]
        assert all(n is None for n in numbers)
        assert "không được công bố" in cell_text(ws)
    rows = _indicator_rows(wb, report)
    hidden = [i for i in report.indicators if i.suppressed and i.code in rows]
    assert hidden
    assert all(rows[i.code][3] == withheld_text(i.suppressed) for i in hidden)  # for people: "dưới 5"
    assert "dưới 5" in cell_text(wb[SHEET_META])


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.fixture(scope="module")
def lo_profile(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One LibreOffice user profile for the module's conversions (creating one is slow)."""
    return tmp_path_factory.mktemp("libreoffice-profile")


def _convert(data: bytes, tmp_path: Path, target: str, profile: Path) -> Path:
    exe = _soffice()
    assert exe is not None
    src = tmp_path / "report.xlsx"
    src.write_bytes(data)
    outdir = tmp_path / "out"
    subprocess.run(
        [exe, "--headless", "--norestore", f"-env:UserInstallation=file://{profile}",
         "--convert-to", target, "--outdir", str(outdir), str(src)],
        check=True, capture_output=True, timeout=180,
    )
    return outdir / f"report.{target.split(':')[0]}"


@pytest.mark.slow
@pytest.mark.skipif(_soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_converts_to_pdf(report: Report, tmp_path: Path, lo_profile: Path) -> None:
    pdf = _convert(render_xlsx(report), tmp_path, "pdf", lo_profile)
    assert pdf.read_bytes().startswith(b"%PDF")
    assert pdf.stat().st_size > 10_000


@pytest.mark.slow
@pytest.mark.skipif(_soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_recalculates_the_checks_as_true(report: Report, tmp_path: Path, lo_profile: Path) -> None:
    recalculated = _convert(render_xlsx(report), tmp_path, "xlsx", lo_profile)
    wb = openpyxl.load_workbook(recalculated, data_only=True)
    for name in (SHEET_BIEU24, SHEET_BIEU25):
        ws = wb[name]
        col = next(c for c in range(1, ws.max_column + 1) if ws.cell(row=5, column=c).value == "Kiểm tra")
        results = [ws.cell(row=r, column=col).value for r in range(6, ws.max_row + 1)]
        checks = [v for v in results if v is not None and v != "Kiểm tra"]
        assert len(checks) >= 28
        assert set(checks) == {"Đúng"}, name


def test_a_2026_window_prints_the_2025_circular_and_says_the_layout_is_unverified(report: Report) -> None:
    from tgpl.reporting.windows import parse_window

    later = attrs.evolve(report, window=parse_window("2026-H1"))
    wb = _open(later)
    head = cell_text(wb[SHEET_BIEU24], max_row=3)
    assert "Thông tư số 17/2025/TT-BTP" in head
    assert "Biểu mẫu" in head
    assert "24/BTP/TGPL" not in head
    assert "Chưa đối chiếu được số hiệu, dòng và cột" in cell_text(wb[SHEET_BIEU24])
    assert "Chưa đối chiếu được số hiệu, dòng và cột" in cell_text(wb[SHEET_META])
