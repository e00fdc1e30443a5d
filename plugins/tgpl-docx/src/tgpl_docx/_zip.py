"""Byte-for-byte reproducible Office archives (the xlsx plugin has the same helper)."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

__all__ = ["reproducible_zip"]


def reproducible_zip(data: bytes, moment: dt.datetime) -> bytes:
    """Rewrite a zip archive with every entry dated ``moment`` (same order, deflated).

    python-docx dates zip entries with the current time; rewriting them makes the same
    report give the same bytes.
    """
    date_time = (max(moment.year, 1980), moment.month, moment.day, moment.hour, moment.minute, moment.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()
