"""The report contract handed to format plugins (docs/architecture.md principle 7).

A :class:`Report` is everything a format needs to render one reporting window: the window,
the merged :class:`~tgpl.reporting.tally.Tally`, the computed indicators (built-in and
plugin ones, each with its label and unit), the province profile when a plugin supplies
one, and metadata (rule-set and plugin versions, generation time). A format turns a
``Report`` into bytes; it never sees a case, so it cannot leak personal data, and it
cannot change the tally (every value here is immutable).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from types import MappingProxyType
from typing import Any, Literal

from attrs import field, frozen

from tgpl.domain import Unit, UnitRef, unit
from tgpl.errors import TgplError
from tgpl.reporting.quota import TgvQuota
from tgpl.reporting.tally import Tally
from tgpl.reporting.windows import Window

__all__ = [
    "IndicatorResult",
    "PlanSection",
    "PlanTarget",
    "PlanTargetRow",
    "PlanTaskRow",
    "ProvinceProfile",
    "Report",
    "ReportFormat",
    "ReportMeta",
]

IndicatorNumber = int | float | None


def _frozen_map(value: Mapping[str, Any]) -> Mapping[str, Any]:
    return MappingProxyType(dict(value))


@frozen
class IndicatorResult:
    """One computed indicator: its code, labels, unit, value and who supplied it."""

    code: str
    label_vi: str
    label_en: str
    unit: str
    value: IndicatorNumber
    source: str = "tgpl"
    basis: str = ""
    #: The marker published instead of the value when small-cell suppression hid it
    #: (``"<5"`` primary, ``"x"`` complementary; ``value`` is then ``None``); ``""`` if shown.
    suppressed: str = ""


@frozen
class PlanTarget:
    """A plan target for an indicator (chỉ tiêu kế hoạch), e.g. 35–40 mobile legal aid trips.

    ``minimum``/``maximum`` bound the planned value (either may be ``None``); ``basis``
    names the plan (e.g. "Kế hoạch số …/KH-STP ngày …/02/2024 của Sở Tư pháp Bắc Giang").
    """

    indicator: str
    label_vi: str
    minimum: float | None = None
    maximum: float | None = None
    unit: str = ""
    basis: str = ""

    def status(self, value: IndicatorNumber) -> str:
        """``"đạt"`` (met), ``"vượt"`` (exceeded), ``"chưa đạt"`` (not met) or ``"chưa có số liệu"``."""
        if value is None:
            return "chưa có số liệu"
        if self.minimum is not None and value < self.minimum:
            return "chưa đạt"
        if self.maximum is not None and value > self.maximum:
            return "vượt"
        return "đạt"


@frozen
class ProvinceProfile:
    """What a province plugin tells tgpl about itself (hook ``tgpl_province_profile``).

    ``unit`` is the province with its scheme; ``successor_note_vi`` explains, where it
    applies, what became of the province in the 2025 merger. ``issuer_vi`` and
    ``issuer_parent_vi`` are the issuing body lines of an administrative document (Nghị
    định 30/2020/NĐ-CP), ``place_vi`` the place in the place-and-date line,
    ``recipients_vi`` the "Nơi nhận" list, ``signer_*`` the signature block. ``tgv_quota``
    is the province's TGV litigation quota (chỉ tiêu vụ việc tham gia tố tụng): reports of the
    province then show the quota indicators.
    """

    name: str
    unit: UnitRef
    organisation_vi: str
    issuer_parent_vi: str = ""
    issuer_vi: str = ""
    place_vi: str = ""
    document_symbol: str = "BC-TTTGPL"
    signer_title_vi: str = "GIÁM ĐỐC"
    signer_name: str = ""
    recipients_vi: tuple[str, ...] = ()
    default_windows: tuple[str, ...] = ()
    targets: tuple[PlanTarget, ...] = ()
    labels: Mapping[str, str] = field(factory=dict, converter=_frozen_map)
    successor_note_vi: str = ""
    version: str = ""
    #: The year's TGV litigation quota (:mod:`tgpl.reporting.quota`); ``None``: not configured.
    tgv_quota: TgvQuota | None = None


@frozen
class PlanTargetRow:
    """One target of a plan task against its actual value (built by :mod:`tgpl.planning`).

    ``counted_vi`` is the period the value counts (the task's time frame up to the status
    date, ``"01/01/2024–30/06/2024"``); ``expected_vi`` the pro-rata value a count target
    should have reached by then (``""`` when not applicable); ``status`` a
    :class:`tgpl.planning.TaskStatus` value and ``status_vi`` its Vietnamese label.
    """

    indicator: str
    label_vi: str
    planned_vi: str
    value: IndicatorNumber
    actual_vi: str
    expected_vi: str
    counted_vi: str
    status: str
    status_vi: str


@frozen
class PlanTaskRow:
    """One task of a plan with its status on the status date (built by :mod:`tgpl.planning`)."""

    id: str
    section_vi: str
    text_vi: str
    lead_vi: str
    partners_vi: str
    time_frame_vi: str
    status: str
    status_vi: str
    targets: tuple[PlanTargetRow, ...] = ()
    progress_vi: str = ""
    #: Indicators the task is followed by without a planned number (``planned_vi`` and
    #: ``status`` empty): their values over the task's time frame, for the reader.
    followed: tuple[PlanTargetRow, ...] = ()


@frozen
class PlanSection:
    """The plan-versus-actual section of a report (``tgpl report --plan FILE``).

    Every format renders it when present: the plan's reference and period, the status
    date, one row per task (its status, and its targets against their actual values),
    and notes (``notes_vi``) on anything that limits the comparison.
    """

    plan_id: str
    title_vi: str
    reference_vi: str
    period_vi: str
    status_date: dt.date
    tasks: tuple[PlanTaskRow, ...]
    basis_vi: tuple[str, ...] = ()
    notes_vi: tuple[str, ...] = ()


@frozen
class ReportMeta:
    """Provenance of a report: enough to reproduce it, never any personal data."""

    generated_at: dt.datetime
    tgpl_version: str
    window: str
    window_vi: str
    regime: str | None
    units: tuple[str, ...]
    unit_mode: str
    rule_sets: Mapping[str, str] = field(factory=dict, converter=_frozen_map)
    plugins: Mapping[str, str] = field(factory=dict, converter=_frozen_map)
    inputs: tuple[str, ...] = ()
    records: int = 0
    problems: int = 0
    #: The small-cell suppression threshold applied to published counts (``None``: off).
    suppress_below: int | None = None
    #: Notices printed once in every format that carries text (Markdown, JSON, DOCX, XLSX),
    #: in Vietnamese (e.g. figures that rest on provisional rules,
    #: :func:`tgpl.rules.eligibility.provisional_notice`).
    notices: tuple[str, ...] = ()
    #: The date printed in the place-and-date line (``--issued-on``); ``None``: the
    #: generation day in Vietnam's time (:func:`tgpl.reporting.heading.issue_date`).
    issued_on: dt.date | None = None


@frozen(eq=False)
class Report:
    """One window's report: what every format plugin renders."""

    window: Window
    tally: Tally
    indicators: tuple[IndicatorResult, ...]
    meta: ReportMeta
    profile: ProvinceProfile | None = None
    #: The plan-versus-actual section, when the report was asked for one (``--plan``).
    plan: PlanSection | None = None

    def values(self) -> dict[str, IndicatorNumber]:
        """The flat ``{code: value}`` mapping (the JSON format's ``"indicators"``)."""
        return {i.code: i.value for i in self.indicators}

    def indicator(self, code: str) -> IndicatorResult:
        """The indicator with ``code``; ``KeyError`` if the report has none."""
        for i in self.indicators:
            if i.code == code:
                return i
        raise KeyError(code)

    def value(self, code: str) -> IndicatorNumber:
        return self.indicator(code).value

    def to_records(self) -> list[dict[str, str | float | None]]:
        """One row per indicator: ``window``, ``code``, both labels, ``unit``, ``value``
        (a float, ``None`` when it does not exist or is suppressed), the ``suppressed``
        marker (``"<5"``, ``"x"`` or ``""``), the ``source`` plugin and the legal ``basis``."""
        return [
            {
                "window": self.window.label, "code": i.code, "label_vi": i.label_vi, "label_en": i.label_en,
                "unit": i.unit, "value": None if i.value is None else float(i.value),
                "suppressed": i.suppressed, "source": i.source, "basis": i.basis,
            }
            for i in self.indicators
        ]

    def to_arrow(self) -> Any:
        """:meth:`to_records` as a ``pyarrow.Table`` (needs pyarrow: ``pip install 'tgpl[arrow]'``)."""
        from tgpl.reporting.interchange import REPORT_COLUMNS, arrow_table

        return arrow_table(self.to_records(), REPORT_COLUMNS)

    def to_frame(self, library: Literal["pandas", "polars"] = "pandas") -> Any:
        """:meth:`to_records` as a pandas (default) or polars ``DataFrame``; the library is
        imported only here, and only the one asked for is needed."""
        from tgpl.reporting.interchange import REPORT_COLUMNS, frame

        return frame(self.to_records(), REPORT_COLUMNS, library)

    def covered_units(self) -> tuple[Unit, ...]:
        """The units the report covers: the profile's unit when a profile is given, else
        every unit of ``meta.units`` that names a known province (others are skipped)."""
        if self.profile is not None:
            return (unit(self.profile.unit),)
        out: list[Unit] = []
        for code in self.meta.units:
            try:
                out.append(unit(UnitRef.parse(code)))
            except TgplError:
                continue
        return tuple(out)


@frozen
class ReportFormat:
    """A report format registered through ``tgpl_register_formats``.

    ``render`` must be a pure function of the report returning the file's bytes; tgpl
    writes them atomically as ``<stem>.<extension>``.
    """

    name: str
    label_vi: str
    extension: str
    media_type: str
    render: Callable[[Report], bytes] = field(repr=False)
