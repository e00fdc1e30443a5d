"""The built-in CSV report: one row per indicator (``code,label_vi,unit,value``).

UTF-8 without a byte order mark, comma-separated, CRLF line ends (RFC 4180), a header
row. ``value`` is machine-readable — an integer, or a decimal with a ``.`` point as
Python writes it — or empty when it does not exist; a suppressed count shows its marker
(``<5`` or ``x``). Open it in a spreadsheet with "UTF-8" as the encoding, or use the
``xlsx`` format plugin.
"""

from __future__ import annotations

import csv
import io

from tgpl.reporting.report import Report, ReportFormat

__all__ = ["CSV", "HEADER", "render_csv"]

#: The header row.
HEADER = ("code", "label_vi", "unit", "value")


def render_csv(report: Report) -> bytes:
    """The CSV table of ``report``'s indicators as UTF-8 bytes."""
    buf = io.StringIO(newline="")
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(HEADER)
    for i in report.indicators:
        value = i.suppressed or ("" if i.value is None else repr(i.value))
        writer.writerow((i.code, i.label_vi, i.unit, value))
    return buf.getvalue().encode("utf-8")


#: The built-in CSV format (``--format csv``).
CSV = ReportFormat(
    name="csv",
    label_vi="Bảng chỉ tiêu CSV",
    extension="csv",
    media_type="text/csv; charset=utf-8",
    render=render_csv,
)
