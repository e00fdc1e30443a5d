"""The docx format on the Bắc Kạn seed report: letterhead, sections, numbers, chart, signature."""

from __future__ import annotations

import datetime as dt
import io
import re
import shutil
import subprocess
from importlib.metadata import entry_points
from pathlib import Path
from typing import Any

import attrs
import docx
import pytest
import tgpl_docx
from docx.shared import Mm, Pt
from docx_reports import GENERATED_AT, bac_kan_report
from hypothesis import given
from hypothesis import strategies as st
from tgpl_docx import date_line_vi, letterhead, period_vi, render_docx, sections

from tgpl.reporting.build import report_from_tally
from tgpl.reporting.plugins import load_plugins
from tgpl.reporting.quota import Seniority, TgvQuota
from tgpl.reporting.report import Report
from tgpl.reporting.windows import parse_window

HEADINGS = (
    "I. KẾT QUẢ THỰC HIỆN VỤ VIỆC TRỢ GIÚP PHÁP LÝ",
    "II. CÔNG TÁC PHỐI HỢP VỚI CÁC CƠ QUAN TIẾN HÀNH TỐ TỤNG",
    "III. CÔNG TÁC TRUYỀN THÔNG VÀ TRỢ GIÚP PHÁP LÝ LƯU ĐỘNG",
    "IV. CÔNG TÁC TẬP HUẤN, BỒI DƯỠNG NGHIỆP VỤ",
    "V. KHÓ KHĂN, HẠN CHẾ",
    "VI. NHIỆM VỤ TRỌNG TÂM 6 THÁNG CUỐI NĂM 2022",
)


def _open(report: Report) -> Any:
    return docx.Document(io.BytesIO(render_docx(report)))


def _paragraphs(doc: Any) -> list[Any]:
    """Body paragraphs and the paragraphs of the two layout tables, in reading order."""
    out = []
    for block in doc.element.body.iterchildren():
        tag = block.tag.rsplit("}", 1)[-1]
        if tag == "p":
            out.append(next(p for p in doc.paragraphs if p._p is block))
        elif tag == "tbl":
            table = next(t for t in doc.tables if t._tbl is block)
            for cell in table.rows[0].cells:
                out.extend(cell.paragraphs)
    return out


def _find(doc: Any, text: str) -> Any:
    return next(p for p in _paragraphs(doc) if p.text == text)


@pytest.fixture(scope="module")
def plain() -> Any:
    return _open(bac_kan_report())


@pytest.fixture(scope="module")
def profiled() -> Any:
    return _open(bac_kan_report(profile=True))


def _text(doc: Any) -> str:
    return "\n".join(p.text for p in _paragraphs(doc))


def test_registered_through_the_entry_point() -> None:
    (ep,) = [e for e in entry_points(group="tgpl") if e.name == "docx"]
    assert ep.load() is tgpl_docx
    assert ep.dist is not None
    assert (ep.dist.name, ep.dist.version) == ("tgpl-docx", tgpl_docx.__version__)
    plugins = load_plugins(load_entrypoints=False, plugins=[tgpl_docx])
    assert plugins.formats()["docx"] is tgpl_docx.DOCX_FORMAT


def test_letterhead_table_without_borders(plain: Any) -> None:
    header = plain.tables[0]
    left, right = (cell.text.split("\n") for cell in header.rows[0].cells)
    assert left[:2] == ["SỞ TƯ PHÁP TỈNH BẮC KẠN", "TRUNG TÂM TRỢ GIÚP PHÁP LÝ NHÀ NƯỚC"]
    assert "Số:        /BC-TTTGPL" in left
    assert right[:2] == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc"]
    assert "Bắc Kạn, ngày 03 tháng 6 năm 2022" in right
    xml = header._tbl.xml
    assert "<w:tblBorders>" in xml
    borders = xml[xml.index("<w:tblBorders>"):xml.index("</w:tblBorders>")]
    found = re.findall(r'<w:(top|left|bottom|right|insideH|insideV) w:val="(\w+)"', borders)
    assert sorted(found) == sorted((side, "nil") for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
    for text, bold, italic in (
        ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", True, False),
        ("Độc lập - Tự do - Hạnh phúc", True, False),
        ("TRUNG TÂM TRỢ GIÚP PHÁP LÝ NHÀ NƯỚC", True, False),
        ("SỞ TƯ PHÁP TỈNH BẮC KẠN", False, False),
        ("Bắc Kạn, ngày 03 tháng 6 năm 2022", False, True),
    ):
        (run,) = _find(plain, text).runs
        assert (bool(run.font.bold), bool(run.font.italic)) == (bold, italic), text
        assert run.font.size in (Pt(12), Pt(13), Pt(14))
    rules = [p for p in _paragraphs(plain) if "<w:pBdr>" in p._p.xml]
    assert len(rules) == 3  # under the issuing body, the motto and the subject


def test_title_subject_and_sections(plain: Any) -> None:
    texts = [p.text for p in _paragraphs(plain)]
    i = texts.index("BÁO CÁO")
    assert texts[i + 1] == "Kết quả công tác trợ giúp pháp lý 6 tháng đầu năm 2022"
    assert _find(plain, "BÁO CÁO").runs[0].font.bold
    positions = [texts.index(h) for h in HEADINGS]
    assert positions == sorted(positions)
    for h in HEADINGS:
        assert _find(plain, h).runs[0].font.bold
    assert any(t.endswith("./.") for t in texts)


def test_times_new_roman_a4_and_margins(plain: Any) -> None:
    normal = plain.styles["Normal"]
    assert normal.font.name == "Times New Roman"
    assert normal.font.size == Pt(14)
    for p in _paragraphs(plain):
        for run in p.runs:
            if run.text.strip():
                assert run.font.name == "Times New Roman", p.text
                assert run.font.size in (Pt(11), Pt(12), Pt(13), Pt(14)), p.text
    s = plain.sections[0]
    measured = (s.page_width, s.page_height, s.top_margin, s.bottom_margin, s.left_margin, s.right_margin)
    for got, mm in zip(measured, (210, 297, 20, 20, 30, 15), strict=True):
        assert abs(got - Mm(mm)) < Mm(0.1)  # stored in twips
    assert s.different_first_page_header_footer
    assert "PAGE" in s.header.paragraphs[0]._p.xml


def test_numbers_are_written_the_vietnamese_way(plain: Any) -> None:
    text = _text(plain)
    for needle in (
        "tiếp công dân tại trụ sở 122 lượt người",
        "32 việc",
        "296 vụ việc/296 lượt người",
        "kỳ trước chuyển sang 140 vụ việc, thụ lý mới trong kỳ 156 vụ việc",
        "Đã kết thúc 154 vụ việc",
        "150 vụ việc tham gia tố tụng và 4 vụ việc tư vấn pháp luật",
        "thẩm định chất lượng 91 vụ việc",
        "124 vụ việc trên tổng số 152 vụ việc tham gia tố tụng",
        "(chiếm 81,6 %)",
        "32 điểm/14 xã, cho 1.389 người tham dự",
        "21 điểm/13 xã, cho 825 người tham dự",
        "4 điểm/2 xã, cho 100 người tham dự",
        "4.628 tờ gấp",
        "142 vụ việc",
    ):
        assert needle in text, needle
    assert "1389" not in text
    assert "4628" not in text
    assert "BK-0" not in text  # no beneficiary id ever


def test_chart_is_embedded(plain: Any) -> None:
    assert len(plain.inline_shapes) == 1
    shape = plain.inline_shapes[0]
    assert abs(shape.width - Mm(150)) < Mm(1)
    images = [r.target_part for r in plain.part.rels.values() if "image" in r.reltype]
    assert len(images) == 1
    blob = images[0].blob
    assert blob.startswith(b"\x89PNG")
    width = int.from_bytes(blob[16:20], "big")
    assert 1800 < width < 1950  # 16 cm at 300 dpi
    assert "Biểu đồ 1." in _text(plain)


def test_signature_and_recipients_without_profile(plain: Any) -> None:
    sig = plain.tables[-1]
    left, right = sig.rows[0].cells
    assert left.paragraphs[0].text == "Nơi nhận:"
    run = left.paragraphs[0].runs[0]
    assert (run.font.bold, run.font.italic, run.font.size) == (True, True, Pt(12))
    items = [p.text for p in left.paragraphs[1:]]
    assert items == ["- Cục Trợ giúp pháp lý - Bộ Tư pháp;", "- Sở Tư pháp tỉnh Bắc Kạn;", "- Lưu: VT."]
    assert all(p.runs[0].font.size == Pt(11) for p in left.paragraphs[1:])
    assert right.paragraphs[0].text == "GIÁM ĐỐC"
    assert right.paragraphs[0].runs[0].font.bold


def test_profile_fills_the_letterhead_signer_targets_and_difficulties(profiled: Any) -> None:
    sig = profiled.tables[-1]
    left, right = sig.rows[0].cells
    lines = [p.text for p in right.paragraphs if p.text]
    assert lines == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn Ký"]
    assert [p.text for p in left.paragraphs[1:]] == [
        "- Cục Trợ giúp pháp lý - Bộ Tư pháp;", "- Sở Tư pháp tỉnh Bắc Kạn;", "- Lưu: VT, NV."
    ]
    text = _text(profiled)
    assert "Truyền thông về trợ giúp pháp lý: chỉ tiêu 60–70 điểm (Kế hoạch hoạt động năm 2022); kết quả kỳ này: 32 điểm — chưa đạt" in text
    assert "- Dịch bệnh Covid-19 ảnh hưởng đến việc tổ chức truyền thông;" in text
    assert "- Số lượt tiếp công dân chưa nhiều." in text
    assert "Trung tâm Trợ giúp pháp lý Nhà nước tỉnh Bắc Kạn báo cáo" in text


def test_same_report_same_bytes(plain: Any) -> None:
    report = bac_kan_report()
    assert render_docx(report) == render_docx(report)
    props = plain.core_properties
    assert props.created == props.modified == GENERATED_AT
    assert props.author == "Trung tâm Trợ giúp pháp lý Nhà nước tỉnh Bắc Kạn"


def test_suppression_drops_the_chart_and_prints_markers() -> None:
    report = bac_kan_report(suppress_below=5)
    doc = _open(report)
    assert len(doc.inline_shapes) == 0
    text = _text(doc)
    assert "ẩn ô số liệu nhỏ (dưới 5)" in text
    assert "dưới 5 vụ việc" in text  # natural Vietnamese, not the machine markers
    assert "<5" not in text
    assert " x " not in text
    assert "tỷ lệ x" not in text
    assert "1.389 người tham dự" in text


def test_sections_are_data() -> None:
    report = bac_kan_report()
    got = sections(report)
    assert tuple(s.heading for s in got) == HEADINGS
    assert [b.kind for b in got[0].blocks].count("chart") == 1
    assert all(b.kind != "chart" for s in sections(report, chart=False) for b in s.blocks)
    head = letterhead(report)
    assert head.subject == "Kết quả công tác trợ giúp pháp lý 6 tháng đầu năm 2022"
    assert head.recipients[0] == "Cục Trợ giúp pháp lý - Bộ Tư pháp"


@pytest.mark.parametrize(
    ("label", "expected"),
    [
        ("stats:2022-H1", "6 tháng đầu năm 2022"),
        ("2022-H2", "6 tháng cuối năm 2022"),
        ("2022", "năm 2022"),
        ("stats:2022", "năm 2022"),
        ("2022-Q2", "quý II năm 2022"),
        ("2022-01-01..2022-03-15", "từ 01/01/2022 đến 15/03/2022"),
    ],
)
def test_period_in_the_subject(label: str, expected: str) -> None:
    report = bac_kan_report()
    other = Report(parse_window(label), report.tally, report.indicators, report.meta)
    assert period_vi(other) == expected


@given(st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31)))
def test_date_line_leading_zeros(day: dt.date) -> None:
    line = date_line_vi("Bắc Kạn", day)
    m = re.fullmatch(r"Bắc Kạn, ngày (\d\d) tháng (\d{1,2}) năm (\d{4})", line)
    assert m is not None
    assert dt.date(int(m[3]), int(m[2]), int(m[1])) == day
    assert len(m[2]) == (2 if day.month <= 2 else len(str(day.month)))


def _soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


@pytest.mark.slow
@pytest.mark.skipif(_soffice() is None, reason="LibreOffice (soffice) is not installed")
def test_libreoffice_converts_to_pdf(tmp_path: Path) -> None:
    exe = _soffice()
    assert exe is not None
    src = tmp_path / "report.docx"
    src.write_bytes(render_docx(bac_kan_report(profile=True)))
    subprocess.run(
        [exe, "--headless", "--norestore", f"-env:UserInstallation=file://{tmp_path / 'profile'}",
         "--convert-to", "pdf", "--outdir", str(tmp_path), str(src)],
        check=True, capture_output=True, timeout=180,
    )
    pdf = (tmp_path / "report.pdf").read_bytes()
    assert pdf.startswith(b"%PDF")
    assert len(pdf) > 20_000


def test_wording_officers_asked_for(plain: Any) -> None:
    text = _text(plain)
    assert "đại diện ngoài tố tụng 0 vụ việc" not in text  # zero categories stay out of the prose
    assert "truyền thông về trợ giúp pháp lý ở cơ sở tại 32 điểm/14 xã, cho 1.389 người tham dự" in text
    assert "IV. CÔNG TÁC TẬP HUẤN, BỒI DƯỠNG NGHIỆP VỤ" in text  # training is not communication
    assert "bị đình chỉ" in text or "đình chỉ" not in text
    assert "tạm dừng" not in text


def test_next_period_and_abbreviation() -> None:
    from tgpl_docx import next_period_vi, spell_out_first

    assert next_period_vi(bac_kan_report()) == "6 tháng cuối năm 2022"
    annual = attrs.evolve(bac_kan_report(), window=parse_window("2022"))
    assert next_period_vi(annual) == "năm 2023"
    assert spell_out_first(["Trung tâm TGPL", "TGPL lưu động"]) == ["Trung tâm trợ giúp pháp lý (TGPL)", "TGPL lưu động"]


def test_tgv_quota_sentence_when_a_quota_is_judged() -> None:
    base = bac_kan_report()
    text = "\n".join(b.text for s in sections(base) for b in s.blocks)
    assert "chỉ tiêu vụ việc tham gia tố tụng" not in text  # no quota configured: no sentence
    quota = TgvQuota(year=2022, minimum={Seniority.FROM_5_YEARS: 10}, basis="Công văn thử", default=Seniority.FROM_5_YEARS,
                     prorate=True)
    rep = report_from_tally(base.tally, base.window, plugins=load_plugins(load_entrypoints=False), tgv_quota=quota)
    n, met = rep.value("tgv_quota.with_quota"), rep.value("tgv_quota.met")
    assert isinstance(n, int)
    assert n > 0
    assert isinstance(met, int)
    text = "\n".join(b.text for s in sections(rep) for b in s.blocks)
    assert f"Thực hiện chỉ tiêu vụ việc tham gia tố tụng: {n} Trợ giúp viên pháp lý được giao chỉ tiêu, trong đó {met} người" in text
    assert "xếp loại Tốt" not in text  # no levels given: no level sentence


def test_tgv_quota_levels_sentence_when_the_quota_has_levels() -> None:
    base = bac_kan_report()
    quota = TgvQuota(year=2022, minimum={Seniority.FROM_5_YEARS: 2}, kha={Seniority.FROM_5_YEARS: 4},
                     tot={Seniority.FROM_5_YEARS: 8}, basis="Công văn thử", default=Seniority.FROM_5_YEARS, prorate=True)
    rep = report_from_tally(base.tally, base.window, plugins=load_plugins(load_entrypoints=False), tgv_quota=quota)
    tot, kha, dat = (rep.value(f"tgv_quota.level.{c}") for c in ("tot", "kha", "dat"))
    assert isinstance(tot, int)
    assert isinstance(kha, int)
    assert isinstance(dat, int)
    assert tot + kha + dat == rep.value("tgv_quota.met")
    text = "\n".join(b.text for s in sections(rep) for b in s.blocks)
    assert f"Trong số người đạt chỉ tiêu: xếp loại Tốt {tot} người (" in text
    assert f", xếp loại Khá {kha} người (" in text
    assert f", xếp loại Đạt {dat} người (" in text
    assert "Tỷ lệ tính trên số Trợ giúp viên pháp lý được giao chỉ tiêu." in text
