"""The built-in CSV report: a header block naming the unit and period, then one row per indicator.

UTF-8 **with** a byte order mark (so Excel on Windows opens Vietnamese text correctly),
comma-separated, CRLF line ends (RFC 4180). The file starts with a header block of
two-column rows naming the report — ``Đơn vị báo cáo``, ``Đơn vị hành chính``, ``Kỳ báo
cáo``, ``Từ ngày``, ``Đến ngày`` — and an empty row; the table follows with the header
row :data:`HEADER` (``code,label_vi,unit,value``). A program reads the table from the
row that starts with ``code`` (:func:`table_rows` does it).

``value`` is machine-readable: an integer, or a decimal with a ``.`` point — shares
(unit ``%``) rounded to one decimal, other decimals to two — or empty when it does not
exist; a suppressed count shows its marker (``<5`` or ``x``).
"""

from __future__ import annotations

import csv
import io
from decimal import ROUND_HALF_UP, Decimal

from tgpl.reporting.heading import report_heading
from tgpl.reporting.report import IndicatorResult, Report, ReportFormat

__all__ = ["CSV", "HEADER", "render_csv", "table_rows"]

#: The header row of the table.
HEADER = ("code", "label_vi", "unit", "value")


def _value(i: IndicatorResult) -> str:
    if i.suppressed:
        return i.suppressed
    if i.value is None:
        return ""
    if isinstance(i.value, int) and i.unit != "%":
        return str(i.value)
    places = Decimal("0.1") if i.unit == "%" else Decimal("0.01")
    q = Decimal(repr(float(i.value))).quantize(places, rounding=ROUND_HALF_UP)
    return f"{q:f}"


def render_csv(report: Report) -> bytes:
    """The CSV of ``report`` (header block, then the indicators) as UTF-8 bytes with a BOM."""
    head = report_heading(report)
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(("Đơn vị báo cáo", head.organisation_vi))
    writer.writerow(("Đơn vị hành chính", head.unit_name_vi or ", ".join(report.meta.units)))
    writer.writerow(("Kỳ báo cáo", report.window.label_vi))
    writer.writerow(("Từ ngày", f"{report.window.start:%d/%m/%Y}"))
    writer.writerow(("Đến ngày", f"{report.window.end:%d/%m/%Y}"))
    writer.writerow(())
    writer.writerow(HEADER)
    for i in report.indicators:
        writer.writerow((i.code, i.label_vi, i.unit, _value(i)))
    return buf.getvalue().encode("utf-8-sig")


def table_rows(data: bytes) -> list[list[str]]:
    """The table of a CSV written by :func:`render_csv`: the header row and the indicator rows."""
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))
    start = next(n for n, row in enumerate(rows) if row[:1] == [HEADER[0]])
    return rows[start:]


#: The built-in CSV format (``--format csv``).
CSV = ReportFormat(
    name="csv",
    label_vi="Bảng chỉ tiêu CSV",
    extension="csv",
    media_type="text/csv; charset=utf-8",
    render=render_csv,
)
