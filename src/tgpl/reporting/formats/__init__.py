"""Built-in report formats (định dạng báo cáo dựng sẵn): Markdown, JSON and CSV.

They are registered by the built-in plugin :mod:`tgpl.reporting.formats.builtin` through
the ``tgpl_register_formats`` hook, like any plugin's format. Numbers are written the
Vietnamese way by :mod:`tgpl.reporting.formats.vi`.
"""

from collections.abc import Mapping
from types import MappingProxyType

from tgpl.reporting.formats.csv_format import CSV, render_csv
from tgpl.reporting.formats.json_format import JSON, render_json, report_to_json
from tgpl.reporting.formats.markdown import MARKDOWN, render_markdown
from tgpl.reporting.formats.vi import display_value, format_datetime, format_int, format_number
from tgpl.reporting.report import ReportFormat

__all__ = [
    "BUILTIN_FORMATS",
    "CSV",
    "JSON",
    "MARKDOWN",
    "display_value",
    "format_datetime",
    "format_int",
    "format_number",
    "render_csv",
    "render_json",
    "render_markdown",
    "report_to_json",
]

#: The built-in formats by name.
BUILTIN_FORMATS: Mapping[str, ReportFormat] = MappingProxyType({f.name: f for f in (MARKDOWN, JSON, CSV)})
