"""The Parquet report (``--format parquet``) for BI tools: the indicator table of
:meth:`Report.to_arrow <tgpl.reporting.report.Report.to_arrow>` in one Parquet file.

Columns: ``window``, ``code``, ``label_vi``, ``label_en``, ``unit``, ``value`` (double,
null when the value does not exist or is suppressed), ``suppressed`` (``<5``, ``x`` or
empty), ``source``, ``basis``. The report's provenance (tgpl version, window, generation
time, units, records and problems counted) is in the file's key-value metadata under
``tgpl.*`` keys. Written through pyarrow, which is optional: the format is registered only
when pyarrow is installed (``pip install 'tgpl[arrow]'``).
"""

from __future__ import annotations

import importlib.util
import io
import json

from tgpl.reporting.report import Report, ReportFormat

__all__ = ["PARQUET", "available", "render_parquet"]


def available() -> bool:
    """Whether pyarrow is installed (checked without importing it)."""
    return importlib.util.find_spec("pyarrow") is not None


def render_parquet(report: Report) -> bytes:
    """The indicator table of ``report`` as Parquet bytes (zstd-compressed)."""
    from tgpl.reporting.interchange import optional_import

    pq = optional_import("pyarrow.parquet")
    meta = report.meta
    table = report.to_arrow().replace_schema_metadata({
        "tgpl.version": meta.tgpl_version,
        "tgpl.window": meta.window,
        "tgpl.window_vi": meta.window_vi,
        "tgpl.generated_at": meta.generated_at.isoformat(),
        "tgpl.units": json.dumps(list(meta.units)),
        "tgpl.unit_mode": meta.unit_mode,
        "tgpl.records": str(meta.records),
        "tgpl.problems": str(meta.problems),
        "tgpl.suppress_below": "" if meta.suppress_below is None else str(meta.suppress_below),
    })
    buf = io.BytesIO()
    pq.write_table(table, buf, compression="zstd")
    return buf.getvalue()


#: The Parquet format (``--format parquet``), registered by the built-in plugin when pyarrow is installed.
PARQUET = ReportFormat(
    name="parquet",
    label_vi="Bảng chỉ tiêu Parquet",
    extension="parquet",
    media_type="application/vnd.apache.parquet",
    render=render_parquet,
)
