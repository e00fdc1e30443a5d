"""Small helpers of the xlsx format: who reports, and byte-for-byte reproducible archives.

(The docx plugin has its own copy of the identity defaults: the two plugins are separate
distributions and neither depends on the other.)
"""

from __future__ import annotations

import datetime as dt

from tgpl import fsutil
from tgpl.domain import VN_TZ, Unit
from tgpl.reporting.heading import report_heading
from tgpl.reporting.report import Report

__all__ = ["local_time", "organisation_vi", "receiving_body_vi", "report_units", "reproducible_zip"]


def report_units(report: Report) -> tuple[Unit, ...]:
    """The units the report covers (see :meth:`tgpl.reporting.report.Report.covered_units`)."""
    return report.covered_units()


def organisation_vi(report: Report) -> str:
    """The reporting unit's name (:func:`tgpl.reporting.heading.report_heading`): the profile's,
    else "Trung tâm Trợ giúp pháp lý Nhà nước tỉnh <name as of the window's end>"."""
    return report_heading(report).organisation_vi


def receiving_body_vi(report: Report) -> str:
    """Who receives the Center's statistical report: the provincial Department of Justice."""
    return report_heading(report).receiving_body_vi


def local_time(moment: dt.datetime) -> dt.datetime:
    """``moment`` in Vietnam's civil time (naive datetimes are taken as already local)."""
    return moment.astimezone(VN_TZ) if moment.tzinfo is not None else moment


def reproducible_zip(data: bytes, moment: dt.datetime) -> bytes:
    """:func:`tgpl.fsutil.reproducible_zip` with ``moment`` read in Vietnam time."""
    return fsutil.reproducible_zip(data, local_time(moment))
