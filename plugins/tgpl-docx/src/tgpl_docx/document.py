"""The Word document, laid out as a Vietnamese administrative document (Nghị định 30/2020/NĐ-CP).

Presentation rules applied (NĐ 30/2020/NĐ-CP, Phụ lục I "Thể thức, kỹ thuật trình bày văn
bản hành chính"):

* A4 paper, margins top 20 mm, bottom 20 mm, left 30 mm, right 15 mm; Times New Roman;
* a two-column header table without borders: left — the parent body (upper case, 12 pt),
  the issuing body (upper case, bold, 12 pt) with a short rule under it, the number
  ("Số: …/BC-TTTGPL", 13 pt); right — the national title (upper case, bold, 12 pt), the
  motto "Độc lập - Tự do - Hạnh phúc" (bold, 13 pt) with a rule under it as long as the
  motto, the place-and-date line (italic, 14 pt);
* the document type "BÁO CÁO" (bold, 14 pt, centred), the subject (bold, 14 pt) and a
  short rule under it;
* the body in 14 pt, justified, first-line indent 1.27 cm, 6 pt between paragraphs;
* the signature block (right): the signer's title in bold upper case, space to sign, the
  name in bold; the "Nơi nhận:" block (left) in 12 pt bold italic with its list in 11 pt;
* page numbers centred in the top margin from page 2;
* every run, style and the document defaults carry the language tag ``vi-VN`` (spelling
  and hyphenation in Vietnamese), the defaults name Times New Roman instead of the
  template's theme fonts, and the package carries no thumbnail and names tgpl-docx, not
  the template's word processor, as its application (``docProps/app.xml``).

python-docx and matplotlib are imported when a report is rendered, not when tgpl loads
the plugin. Bytes are reproducible: document properties and zip entries carry
``meta.generated_at``.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from typing import Any, Final

from tgpl.domain import VN_TZ
from tgpl.fsutil import reproducible_zip
from tgpl.reporting.report import Report
from tgpl_docx.chart import cases_chart_png
from tgpl_docx.plan import plan_section_docx
from tgpl_docx.text import Block, Letterhead, letterhead, sections

__all__ = ["BODY_PT", "FONT_NAME", "LANGUAGE", "MARGINS_MM", "build_document", "finish_package", "render_docx"]

FONT_NAME: Final = "Times New Roman"
#: The language of every run (BCP 47 as Word writes it).
LANGUAGE: Final = "vi-VN"
BODY_PT: Final = 14
#: Top, bottom, left, right margins in millimetres (NĐ 30/2020/NĐ-CP, Phụ lục I, mục I.4).
MARGINS_MM: Final = (20, 20, 30, 15)
_ROMAN: Final = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
_TEXT_WIDTH_MM: Final = 210 - MARGINS_MM[2] - MARGINS_MM[3]
#: The letterhead table is 170 mm wide, centred (2.5 mm into each side margin), so that
#: the national title (12 pt bold) and "SỞ TƯ PHÁP TỈNH …" each fit on one line.
_LEFT_COL_MM: Final = 75
_RIGHT_COL_MM: Final = 95

# Children of w:pPr that come after w:pBdr, and of w:tblPr after w:tblBorders (schema order).
_AFTER_PBDR: Final = (
    "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
    "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
    "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
    "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId", "w:cnfStyle",
    "w:rPr", "w:sectPr", "w:pPrChange",
)
_AFTER_TBLBORDERS: Final = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription")


class _Writer:
    """Paragraph helpers over one python-docx document (imports resolved once)."""

    def __init__(self) -> None:
        import docx
        from docx.enum.section import WD_ORIENT
        from docx.enum.table import WD_TABLE_ALIGNMENT
        from docx.enum.text import WD_ALIGN_PARAGRAPH
        from docx.oxml import OxmlElement
        from docx.oxml.ns import qn
        from docx.shared import Mm, Pt

        self.doc: Any = docx.Document()
        self.Mm, self.Pt = Mm, Pt
        self.align = WD_ALIGN_PARAGRAPH
        self.table_align = WD_TABLE_ALIGNMENT
        self.orient = WD_ORIENT
        self.element, self.qn = OxmlElement, qn

    # -- styles and page ------------------------------------------------------------------

    def setup(self) -> None:
        style = self.doc.styles["Normal"]
        style.font.name = FONT_NAME
        style.font.size = self.Pt(BODY_PT)
        rfonts = style.element.get_or_add_rPr().get_or_add_rFonts()
        for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
            rfonts.set(self.qn(attr), FONT_NAME)
        style.paragraph_format.space_before = self.Pt(0)
        style.paragraph_format.space_after = self.Pt(0)
        style.paragraph_format.line_spacing = 1.0
        section = self.doc.sections[0]
        section.orientation = self.orient.PORTRAIT
        section.page_width, section.page_height = self.Mm(210), self.Mm(297)
        top, bottom, left, right = MARGINS_MM
        section.top_margin, section.bottom_margin = self.Mm(top), self.Mm(bottom)
        section.left_margin, section.right_margin = self.Mm(left), self.Mm(right)
        section.header_distance = self.Mm(10)
        section.footer_distance = self.Mm(10)
        section.different_first_page_header_footer = True
        header = section.header.paragraphs[0]
        header.alignment = self.align.CENTER
        self._page_field(header)

    def _page_field(self, paragraph: Any) -> None:
        """A ``PAGE`` field (the page number), 14 pt."""
        for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "2"), ("end", None)):
            run = paragraph.add_run()
            run.font.size = self.Pt(BODY_PT)
            if kind is not None:
                fld = self.element("w:fldChar")
                fld.set(self.qn("w:fldCharType"), kind)
                run._r.append(fld)
            elif text == "PAGE":
                instr = self.element("w:instrText")
                instr.set(self.qn("xml:space"), "preserve")
                instr.text = " PAGE "
                run._r.append(instr)
            else:
                run.text = text

    # -- paragraphs -----------------------------------------------------------------------

    def para(
        self,
        container: Any,
        text: str = "",
        *,
        size: float = BODY_PT,
        bold: bool = False,
        italic: bool = False,
        align: str = "justify",
        indent_first: bool = False,
        before: float = 0,
        after: float = 0,
        first: bool = False,
    ) -> Any:
        """Add a paragraph (``first``: reuse the container's first, empty paragraph)."""
        p = container.paragraphs[0] if first else container.add_paragraph()
        p.alignment = {"justify": self.align.JUSTIFY, "center": self.align.CENTER,
                       "left": self.align.LEFT, "right": self.align.RIGHT}[align]
        fmt = p.paragraph_format
        fmt.space_before, fmt.space_after = self.Pt(before), self.Pt(after)
        if indent_first:
            fmt.first_line_indent = self.Mm(12.7)
        if text:
            run = p.add_run(text)
            run.font.name = FONT_NAME
            run.font.size = self.Pt(size)
            run.font.bold = bold
            run.font.italic = italic
        return p

    def rule(self, container: Any, length_mm: float, width_mm: float) -> None:
        """A short centred horizontal line (a top border on an empty, tiny paragraph)."""
        p = container.add_paragraph()
        side = max((width_mm - length_mm) / 2, 0)
        fmt = p.paragraph_format
        fmt.left_indent, fmt.right_indent = self.Mm(side), self.Mm(side)
        fmt.space_before, fmt.space_after = self.Pt(3), self.Pt(0)
        fmt.line_spacing = self.Pt(2)
        run = p.add_run()
        run.font.size = self.Pt(1)
        bdr = self.element("w:pBdr")
        top = self.element("w:top")
        for key, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "auto")):
            top.set(self.qn(key), value)
        bdr.append(top)
        p._p.get_or_add_pPr().insert_element_before(bdr, *_AFTER_PBDR)

    def table(self, widths_mm: tuple[float, float]) -> Any:
        """A one-row, two-column table without borders, of the given column widths."""
        table = self.doc.add_table(rows=1, cols=2)
        table.alignment = self.table_align.CENTER
        table.autofit = False
        borders = self.element("w:tblBorders")
        for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
            edge = self.element(f"w:{side}")
            edge.set(self.qn("w:val"), "nil")
            borders.append(edge)
        table._tbl.tblPr.insert_element_before(borders, *_AFTER_TBLBORDERS)
        for col, width in zip(table.columns, widths_mm, strict=True):
            col.width = self.Mm(width)
        for cell, width in zip(table.rows[0].cells, widths_mm, strict=True):
            cell.width = self.Mm(width)
        return table


def _header(w: _Writer, head: Letterhead) -> None:
    left, right = w.table((_LEFT_COL_MM, _RIGHT_COL_MM)).rows[0].cells
    first = True
    if head.issuer_parent:
        w.para(left, head.issuer_parent, size=12, align="center", first=True)
        first = False
    w.para(left, head.issuer, size=12, bold=True, align="center", first=first)
    w.rule(left, 25, _LEFT_COL_MM)
    w.para(left, head.number, size=13, align="center", before=6)
    w.para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", size=12, bold=True, align="center", first=True)
    w.para(right, "Độc lập - Tự do - Hạnh phúc", size=13, bold=True, align="center")
    w.rule(right, 62, _RIGHT_COL_MM)
    w.para(right, head.place_date, size=14, italic=True, align="center", before=6)


def _body(w: _Writer, report: Report, head: Letterhead, chart_png: bytes | None) -> None:
    doc = w.doc
    w.para(doc, head.doc_type, bold=True, align="center", before=18)
    w.para(doc, head.subject, bold=True, align="center")
    w.rule(doc, 40, _TEXT_WIDTH_MM)
    w.para(doc, head.preamble, indent_first=True, before=12, after=6)
    for note in head.notes:
        w.para(doc, note, italic=True, indent_first=True, after=6)
    parts = sections(report, chart=chart_png is not None)
    if report.plan is not None:
        parts += (plan_section_docx(report.plan, f"{_ROMAN[len(parts)]}. KẾT QUẢ THỰC HIỆN KẾ HOẠCH"),)
    for section in parts:
        heading = w.para(doc, section.heading, bold=True, align="left", before=6, after=6, indent_first=True)
        heading.paragraph_format.keep_with_next = True
        for block in section.blocks:
            _block(w, block, chart_png)
    if chart_png is None and report.meta.suppress_below is not None:
        k = report.meta.suppress_below
        w.para(doc, (
            "Biểu đồ số vụ việc theo lĩnh vực và hình thức không được đưa vào báo cáo vì báo cáo áp dụng "
            f"ẩn ô số liệu nhỏ (dưới {k}). Số liệu từ 1 đến {k - 1} được ghi “dưới {k}”; để không suy ra "
            "được các số liệu đó, một số số liệu khác không được công bố và được ghi “một số”, các tỷ lệ "
            "liên quan được lược bỏ."
        ), size=12, italic=True, indent_first=True, after=6)
    w.para(doc, head.closing, indent_first=True, before=6, after=6)


def _block(w: _Writer, block: Block, chart_png: bytes | None) -> None:
    doc = w.doc
    if block.kind == "sub":
        w.para(doc, block.text, bold=True, indent_first=True, after=6).paragraph_format.keep_with_next = True
    elif block.kind == "chart":
        assert chart_png is not None
        p = w.para(doc, align="center", before=6)
        p.add_run().add_picture(io.BytesIO(chart_png), width=w.Mm(150))
        w.para(doc, block.text, size=12, italic=True, align="center", after=6)
    else:
        w.para(doc, block.text, indent_first=True, after=6)


def _signature(w: _Writer, head: Letterhead) -> None:
    w.para(w.doc, "", after=6)
    left, right = w.table((80, _TEXT_WIDTH_MM - 80)).rows[0].cells
    w.para(left, "Nơi nhận:", size=12, bold=True, italic=True, align="left", first=True)
    for i, item in enumerate(head.recipients):
        end = "." if i == len(head.recipients) - 1 else ";"
        w.para(left, f"- {item}{end}", size=11, align="left")
    for i, line in enumerate(head.signer_lines):
        w.para(right, line, bold=True, align="center", first=i == 0)
    for _ in range(4):
        w.para(right, "")
    w.para(right, head.signer_name, bold=True, align="center")  # the name, or a line to write it on


def _properties(w: _Writer, report: Report, head: Letterhead) -> None:
    moment = report.meta.generated_at
    utc = moment.astimezone(dt.UTC).replace(tzinfo=None) if moment.tzinfo is not None else moment
    props = w.doc.core_properties
    props.author = head.organisation
    props.last_modified_by = "tgpl-docx"
    props.title = f"Báo cáo {head.subject.lower()}"
    props.subject = head.subject
    props.comments = f"Lập bằng tgpl {report.meta.tgpl_version}; số liệu tổng hợp, không chứa thông tin cá nhân."
    props.keywords = f"trợ giúp pháp lý; {report.meta.window}"
    props.language = "vi-VN"
    props.category = "Báo cáo"
    props.created = utc
    props.modified = utc
    props.last_printed = utc
    props.revision = 1


def _tag_language(w: _Writer) -> None:
    """``<w:lang w:val="vi-VN"/>`` on every run of the body and the header."""
    parts = [w.doc.element.body, *(s.header._element for s in w.doc.sections)]
    for part in parts:
        for run in part.iter(w.qn("w:r")):
            rpr = run.get_or_add_rPr()
            lang = rpr.find(w.qn("w:lang"))
            if lang is None:
                lang = w.element("w:lang")
                rpr.append(lang)  # w:lang is the last child python-docx writes in w:rPr
            lang.set(w.qn("w:val"), LANGUAGE)
            lang.set(w.qn("w:eastAsia"), LANGUAGE)


def build_document(report: Report) -> Any:
    """The python-docx ``Document`` of ``report`` (for callers who want to edit it further)."""
    w = _Writer()
    w.setup()
    head = letterhead(report)
    chart_png = None if report.meta.suppress_below is not None else cases_chart_png(report)
    _header(w, head)
    _body(w, report, head, chart_png)
    _signature(w, head)
    _properties(w, report, head)
    _tag_language(w)
    return w.doc


_APP_XML: Final = (
    "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
    '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties" '
    'xmlns:vt="http://schemas.openxmlformats.org/officeDocument/2006/docPropsVTypes">'
    "<Application>tgpl-docx</Application><DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop>"
    "<LinksUpToDate>false</LinksUpToDate><SharedDoc>false</SharedDoc>"
    "<HyperlinksChanged>false</HyperlinksChanged></Properties>"
)
_THUMBNAIL_REL: Final = re.compile(rb'<Relationship [^>]*Target="docProps/thumbnail\.jpeg"/>')
_THEME_FONTS: Final = re.compile(rb'<w:rFonts w:asciiTheme="minorHAnsi"[^>]*/>')


def finish_package(data: bytes) -> bytes:
    """The template's leftovers out of a saved ``.docx``: no thumbnail, tgpl-docx as the
    application, Vietnamese and Times New Roman as the document defaults."""
    out = io.BytesIO()
    fonts = (f'<w:rFonts w:ascii="{FONT_NAME}" w:eastAsia="{FONT_NAME}" '
             f'w:hAnsi="{FONT_NAME}" w:cs="{FONT_NAME}"/>').encode()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            name = info.filename
            if name == "docProps/thumbnail.jpeg":
                continue
            body = src.read(name)
            if name == "docProps/app.xml":
                body = _APP_XML.encode()
            elif name == "_rels/.rels":
                body = _THUMBNAIL_REL.sub(b"", body)
            elif name in ("word/styles.xml", "word/stylesWithEffects.xml"):
                body = re.sub(rb'w:lang w:val="en-US" w:eastAsia="[^"]*"',
                              f'w:lang w:val="{LANGUAGE}" w:eastAsia="{LANGUAGE}"'.encode(), body)
                body = _THEME_FONTS.sub(fonts, body, count=1)
            dst.writestr(info, body)
    return out.getvalue()


def render_docx(report: Report) -> bytes:
    """The ``.docx`` bytes of ``report``: the same report always gives the same bytes."""
    buf = io.BytesIO()
    build_document(report).save(buf)
    local = report.meta.generated_at
    return reproducible_zip(finish_package(buf.getvalue()), local.astimezone(VN_TZ) if local.tzinfo is not None else local)
