"""Reporting windows (kỳ báo cáo): named, explicit, inclusive date ranges.

docs/architecture.md principle 6: a reporting window is a parameter, never a constant inside an
indicator. At least five ways of cutting a year coexist in legal aid work (docs/sources.md
§4.2 and note C.6), each modelled as a :class:`Regime`:

* ``CALENDAR`` — plain calendar months, quarters, halves, nine months and years;
* ``STATISTICS`` — the justice-sector statistics regime (TT 03/2019/TT-BTP, succeeded by
  TT 17/2025/TT-BTP): six-month actual data 01/01–31/05, preliminary annual 01/01–31/10,
  official annual 01/01–31/12;
* ``GENERAL_REPORTING`` — general administrative reports (NĐ 09/2019/NĐ-CP Art 12):
  the 15th of the previous month to the 14th;
* ``COORDINATION`` — reports on coordination in proceedings (TTLT10 Art 20 cl. 5):
  01/01–31/10 and 01/01–31/12;
* ``PRACTICE`` — the practice year 01/11 of the previous year – 31/10 used in MoJ and
  Center summaries (observed practice, not a legal rule).

A :class:`Window` is a frozen value with an inclusive ``start`` and ``end``, a ``kind``, a
``regime`` (``None`` for custom ranges) and a canonical ``label`` that
:func:`parse_window` reads back to the same window. The legal regimes are dated data
(:data:`CUTOFF_RULES`): a regime window whose end date no rule covers raises
:class:`RegimeNotInForceError` (both a :class:`~tgpl.errors.WindowError` and a
:class:`~tgpl.errors.RuleNotInForceError`).
"""

from __future__ import annotations

import datetime as dt
import enum
import itertools
import re
from collections.abc import Iterator

import attrs
from dateutil.relativedelta import relativedelta

from tgpl.domain import VN_TZ
from tgpl.errors import RuleNotInForceError, WindowError

__all__ = [
    "ACCEPTED_FORMS",
    "CUTOFF_RULES",
    "CutoffRule",
    "Regime",
    "RegimeNotInForceError",
    "Window",
    "WindowKind",
    "adjacent",
    "custom",
    "half",
    "month",
    "nine_months",
    "parse_window",
    "quarter",
    "regime_window",
    "rule_for",
    "windows_between",
    "year",
]

#: Years a named window may carry: labels use four digits, and every window's dates
#: (including 15/12 of the previous year) must fit in :class:`datetime.date`.
MIN_YEAR = 1000
MAX_YEAR = 9999

#: The forms :func:`parse_window` accepts, quoted in every :class:`WindowError` it raises.
ACCEPTED_FORMS = (
    "YYYY (year), YYYY-H1 / YYYY-H2 (half), YYYY-Q1..YYYY-Q4 (quarter), YYYY-MM (month), "
    "YYYY-9M (nine months), YYYY-MM-DD..YYYY-MM-DD or DD/MM/YYYY..DD/MM/YYYY (custom, inclusive); "
    "regime-qualified: stats:YYYY-H1, stats:YYYY (preliminary annual), stats:YYYY-final, "
    "general:YYYY-MM, general:YYYY-Qn, general:YYYY-H1, general:YYYY-9M, general:YYYY, "
    "coord:YYYY, coord:YYYY-final, practice:YYYY"
)


class RegimeNotInForceError(WindowError, RuleNotInForceError):
    """A regime window whose end date no dated rule of that regime covers.

    Both a :class:`~tgpl.errors.WindowError` (the string or arguments name no usable
    window) and a :class:`~tgpl.errors.RuleNotInForceError` (docs/architecture.md principle 2:
    no silent fallback to another version).
    """


class WindowKind(enum.StrEnum):
    """The shape of a window; the value is the stable code written to files."""

    MONTH = "month"
    QUARTER = "quarter"
    HALF = "half"
    NINE_MONTHS = "nine_months"
    PRELIMINARY_YEAR = "preliminary_year"
    YEAR = "year"
    CUSTOM = "custom"

    @property
    def label_vi(self) -> str:
        """Vietnamese name of the kind."""
        return _KIND_VI[self]


_KIND_VI = {
    WindowKind.MONTH: "Tháng",
    WindowKind.QUARTER: "Quý",
    WindowKind.HALF: "6 tháng",
    WindowKind.NINE_MONTHS: "9 tháng",
    WindowKind.PRELIMINARY_YEAR: "Năm (sơ bộ / báo cáo lần thứ nhất, số liệu đến 31/10)",
    WindowKind.YEAR: "Năm",
    WindowKind.CUSTOM: "Khoảng thời gian tùy chọn",
}


class Regime(enum.StrEnum):
    """A way of cutting the year into reporting windows; the value is the label prefix.

    ``label_vi``/``label_en`` name the regime, ``basis`` cites its legal basis (or says
    that it is practice), ``kinds`` lists the window kinds it defines.
    """

    CALENDAR = "calendar"
    STATISTICS = "stats"
    GENERAL_REPORTING = "general"
    COORDINATION = "coord"
    PRACTICE = "practice"

    @property
    def label_vi(self) -> str:
        """Vietnamese name, with full diacritics."""
        return _REGIME_INFO[self][0]

    @property
    def label_en(self) -> str:
        """English name."""
        return _REGIME_INFO[self][1]

    @property
    def basis(self) -> str:
        """Legal basis (document, article, clause), or a note that the regime is practice."""
        return _REGIME_INFO[self][2]

    @property
    def kinds(self) -> tuple[WindowKind, ...]:
        """The window kinds this regime defines, shortest first."""
        return _REGIME_KINDS[self]


_REGIME_INFO: dict[Regime, tuple[str, str, str]] = {
    Regime.CALENDAR: (
        "Kỳ theo lịch dương lịch (tháng, quý, 6 tháng, 9 tháng, năm)",
        "Calendar periods",
        "",
    ),
    Regime.STATISTICS: (
        "Kỳ báo cáo thống kê ngành Tư pháp (sơ bộ 6 tháng, sơ bộ năm, năm chính thức)",
        "Justice-sector statistical reporting periods",
        "TT 03/2019/TT-BTP (kỳ báo cáo thống kê); TT 17/2025/TT-BTP keeps the same cut-offs (UNVERIFIED)",
    ),
    Regime.GENERAL_REPORTING: (
        "Kỳ báo cáo định kỳ của cơ quan hành chính nhà nước (thời gian chốt số liệu)",
        "General administrative periodic reporting (data cut-off)",
        "NĐ 09/2019/NĐ-CP Art 12 (as restated in Khánh Hòa QĐ 01/2023/QĐ-UBND Art 4; national wording UNVERIFIED)",
    ),
    Regime.COORDINATION: (
        "Kỳ báo cáo phối hợp thực hiện TGPL trong hoạt động tố tụng",
        "Coordination-in-proceedings reporting periods",
        "TTLT 10/2018/TTLT-BTP-BCA-BQP-BTC-TANDTC-VKSNDTC Art 20 cl. 5",
    ),
    Regime.PRACTICE: (
        "Niên độ thực tiễn (01/11 năm trước đến 31/10)",
        "Practice year (01/11 of the previous year – 31/10)",
        "Observed practice of the MoJ and Centers (tgpl docs, legal sources §4.2, S7, S11); not a legal rule",
    ),
}

_REGIME_KINDS: dict[Regime, tuple[WindowKind, ...]] = {
    Regime.CALENDAR: (
        WindowKind.MONTH,
        WindowKind.QUARTER,
        WindowKind.HALF,
        WindowKind.NINE_MONTHS,
        WindowKind.YEAR,
    ),
    Regime.STATISTICS: (WindowKind.HALF, WindowKind.PRELIMINARY_YEAR, WindowKind.YEAR),
    Regime.GENERAL_REPORTING: (
        WindowKind.MONTH,
        WindowKind.QUARTER,
        WindowKind.HALF,
        WindowKind.NINE_MONTHS,
        WindowKind.YEAR,
    ),
    Regime.COORDINATION: (WindowKind.PRELIMINARY_YEAR, WindowKind.YEAR),
    Regime.PRACTICE: (WindowKind.YEAR,),
}

#: Half-years each regime defines (the statistics and general regimes have only the first).
_HALVES: dict[Regime, tuple[int, ...]] = {
    Regime.CALENDAR: (1, 2),
    Regime.STATISTICS: (1,),
    Regime.GENERAL_REPORTING: (1,),
}

_ALIASES: dict[str, Regime] = {
    "calendar": Regime.CALENDAR,
    "cal": Regime.CALENDAR,
    "stats": Regime.STATISTICS,
    "statistics": Regime.STATISTICS,
    "general": Regime.GENERAL_REPORTING,
    "coord": Regime.COORDINATION,
    "coordination": Regime.COORDINATION,
    "practice": Regime.PRACTICE,
}


# --------------------------------------------------------------------------- dated rules


@attrs.frozen
class CutoffRule:
    """One dated legal instrument that defines a regime's windows.

    A regime window is governed by the rule in force on its **end date** (the data
    cut-off; the report itself is made after it). ``verified`` is ``False`` where the
    legal sources (docs/sources.md) mark the fact UNVERIFIED; ``note`` says what is assumed.
    """

    regime: Regime
    basis: str
    effective_from: dt.date
    effective_to: dt.date | None
    verified: bool
    note: str = ""

    def covers(self, day: dt.date) -> bool:
        """Whether ``day`` falls within the rule's effective dates (both inclusive)."""
        return self.effective_from <= day and (self.effective_to is None or day <= self.effective_to)


#: The dated rules behind the legal regimes. CALENDAR and PRACTICE need none.
CUTOFF_RULES: tuple[CutoffRule, ...] = (
    CutoffRule(
        regime=Regime.STATISTICS,
        basis="TT 03/2019/TT-BTP (chế độ báo cáo thống kê ngành Tư pháp), kỳ báo cáo: sơ bộ 6 tháng 01/01–31/05, năm 01/01–31/10, năm chính thức 01/01–31/12",
        effective_from=dt.date(2019, 5, 15),
        effective_to=dt.date(2025, 12, 31),
        verified=True,
        note=(
            "In force 15/05/2019. Likely replaced by TT 17/2025/TT-BTP; the transition date is "
            "UNVERIFIED, 31/12/2025 is assumed (2025 the last reporting year under TT 03/2019). "
            "The 31/10 annual cut-off is the one for reporters in Art 2 cl. 3–12; legal-aid "
            "reporters are inferred to be in that group (UNVERIFIED). Reporters in the 30/11 "
            "group use a custom window."
        ),
    ),
    CutoffRule(
        regime=Regime.STATISTICS,
        basis="TT 17/2025/TT-BTP (chế độ báo cáo thống kê ngành Tư pháp), kỳ: sơ bộ 6 tháng 01/01–31/05, sơ bộ năm 01/01–31/10, tròn năm 01/01–31/12",
        effective_from=dt.date(2026, 1, 1),
        effective_to=None,
        verified=False,
        note=(
            "Signed 24/10/2025; in-force date UNVERIFIED, 01/01/2026 assumed. Cut-offs taken "
            "from a third-party implementation (UNVERIFIED against the official text): the same "
            "as TT 03/2019."
        ),
    ),
    CutoffRule(
        regime=Regime.GENERAL_REPORTING,
        basis="NĐ 09/2019/NĐ-CP Art 12 (thời gian chốt số liệu báo cáo định kỳ)",
        effective_from=dt.date(2019, 3, 12),
        effective_to=None,
        verified=False,
        note=(
            "Windows as restated in Khánh Hòa QĐ 01/2023/QĐ-UBND Art 4; national text not read "
            "(UNVERIFIED wording). In force 12/03/2019 per a secondary source (UNVERIFIED)."
        ),
    ),
    CutoffRule(
        regime=Regime.COORDINATION,
        basis="TTLT 10/2018/TTLT-BTP-BCA-BQP-BTC-TANDTC-VKSNDTC Art 20 cl. 5 (báo cáo lần 1: 01/01–31/10; lần 2: 01/01–31/12)",
        effective_from=dt.date(2018, 9, 1),
        effective_to=None,
        verified=True,
        note="Deadlines follow the MoJ statistics regime.",
    ),
)


def rule_for(
    regime: Regime, day: dt.date, rules: tuple[CutoffRule, ...] = CUTOFF_RULES
) -> CutoffRule | None:
    """The rule of ``regime`` in force on ``day``; ``None`` for CALENDAR and PRACTICE.

    Pass your own ``rules`` table once the UNVERIFIED dates are confirmed. Raises
    :class:`RegimeNotInForceError` if no rule covers ``day`` (no silent fallback).
    """
    if regime in (Regime.CALENDAR, Regime.PRACTICE):
        return None
    for rule in rules:
        if rule.regime is regime and rule.covers(day):
            return rule
    known = "; ".join(
        f"{r.basis.split(' (')[0]} {_vi(r.effective_from)}–{_vi(r.effective_to) if r.effective_to else '…'}"
        for r in rules
        if r.regime is regime
    )
    raise RegimeNotInForceError(
        f"no rule of the {regime.value!r} regime ({regime.label_en}) is in force on "
        f"{day.isoformat()} (known: {known or 'none'})"
    )


# --------------------------------------------------------------------------- date arithmetic


def _vi(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y") if day.year >= 1000 else f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def _index_of(kind: WindowKind, end: dt.date) -> int:
    """The month, quarter or half number a regime window ending on ``end`` carries."""
    if kind is WindowKind.MONTH:
        return end.month
    if kind is WindowKind.QUARTER:
        return (end.month + 2) // 3
    if kind is WindowKind.HALF:
        return (end.month + 5) // 6
    return 0


def _indices(regime: Regime, kind: WindowKind) -> tuple[int, ...]:
    if kind is WindowKind.MONTH:
        return tuple(range(1, 13))
    if kind is WindowKind.QUARTER:
        return (1, 2, 3, 4)
    if kind is WindowKind.HALF:
        return _HALVES[regime]
    return (0,)


def _last_month(kind: WindowKind, index: int) -> tuple[int, int]:
    """(last month, length in months) of a calendar-shaped period."""
    if kind is WindowKind.MONTH:
        return index, 1
    if kind is WindowKind.QUARTER:
        return 3 * index, 3
    if kind is WindowKind.HALF:
        return 6 * index, 6
    if kind is WindowKind.NINE_MONTHS:
        return 9, 9
    return 12, 12


def _dates(regime: Regime, kind: WindowKind, yr: int, index: int) -> tuple[dt.date, dt.date]:
    """Inclusive (start, end) of a named window; no validation of in-force dates."""
    if regime is Regime.CALENDAR:
        last, length = _last_month(kind, index)
        end = dt.date(yr, last, 1) + relativedelta(day=31)  # day=31 clamps to the month's last day
        return dt.date(yr, last, 1) - relativedelta(months=length - 1), end
    if regime is Regime.GENERAL_REPORTING:
        # NĐ 09/2019/NĐ-CP Art 12: from the 15th of the month before the period to the 14th
        # of its last month (so every period after January starts in the previous year's 15/12).
        last, length = _last_month(kind, index)
        end = dt.date(yr, last, 14)
        return end + relativedelta(days=1, months=-length), end
    if regime in (Regime.STATISTICS, Regime.COORDINATION):
        # TT 03/2019/TT-BTP (and TT 17/2025, UNVERIFIED): 01/01–31/05, 01/01–31/10, 01/01–31/12.
        # TTLT10 Art 20 cl. 5: first report 01/01–31/10, second 01/01–31/12.
        if kind is WindowKind.HALF:
            return dt.date(yr, 1, 1), dt.date(yr, 5, 31)
        if kind is WindowKind.PRELIMINARY_YEAR:
            return dt.date(yr, 1, 1), dt.date(yr, 10, 31)
        return dt.date(yr, 1, 1), dt.date(yr, 12, 31)
    # PRACTICE: 01/11 of the previous year – 31/10.
    return dt.date(yr - 1, 11, 1), dt.date(yr, 10, 31)


def _suffix(kind: WindowKind, index: int) -> str:
    if kind is WindowKind.MONTH:
        return f"-{index:02d}"
    if kind is WindowKind.QUARTER:
        return f"-Q{index}"
    if kind is WindowKind.HALF:
        return f"-H{index}"
    if kind is WindowKind.NINE_MONTHS:
        return "-9M"
    return ""


def _label_of(regime: Regime | None, kind: WindowKind, start: dt.date, end: dt.date) -> str:
    if kind is WindowKind.CUSTOM or regime is None:
        return f"{start.isoformat()}..{end.isoformat()}"
    body = f"{end.year:04d}{_suffix(kind, _index_of(kind, end))}"
    if regime in (Regime.STATISTICS, Regime.COORDINATION) and kind is WindowKind.YEAR:
        body += "-final"
    return body if regime is Regime.CALENDAR else f"{regime.value}:{body}"


def _default_label(self: Window) -> str:
    # Runs before the validators: a malformed window gets "" here and a clear error from them.
    start: object = self.start
    end: object = self.end
    if not (isinstance(start, dt.date) and isinstance(end, dt.date)):
        return ""
    return _label_of(self.regime, self.kind, self.start, self.end)


_ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def _period_vi(kind: WindowKind, index: int, yr: int) -> str:
    if kind is WindowKind.MONTH:
        return f"Tháng {index} năm {yr}"
    if kind is WindowKind.QUARTER:
        return f"Quý {_ROMAN[index]} năm {yr}"
    if kind is WindowKind.HALF:
        return f"6 tháng {'đầu' if index == 1 else 'cuối'} năm {yr}"
    if kind is WindowKind.NINE_MONTHS:
        return f"9 tháng đầu năm {yr}"
    return f"Năm {yr}"


# --------------------------------------------------------------------------- the value


def _kind(kind: WindowKind | str) -> WindowKind:
    try:
        return WindowKind(kind)
    except ValueError:
        raise WindowError(f"unknown window kind {kind!r}; one of: {', '.join(k.value for k in WindowKind)}") from None


def _regime(value: Regime | str | None) -> Regime | None:
    if value is None or isinstance(value, Regime):
        return value
    found = _ALIASES.get(str(value).strip().lower())
    if found is None:
        raise WindowError(f"unknown regime {value!r}; one of: {', '.join(sorted(_ALIASES))}")
    return found


def _check_date(_inst: object, attribute: attrs.Attribute[dt.date], value: object) -> None:
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise WindowError(f"Window.{attribute.name} must be a datetime.date, got {value!r}")


@attrs.frozen
class Window:
    """A reporting window (kỳ báo cáo): an inclusive date range with a canonical label.

    Build windows with :func:`parse_window`, the constructors (:func:`month`,
    :func:`quarter`, :func:`half`, :func:`nine_months`, :func:`year`, :func:`custom`) or
    :func:`regime_window`. The direct constructor checks that ``start``/``end`` are the
    dates the ``kind`` and ``regime`` define and that ``label`` is canonical (it defaults
    to the canonical label), so every ``Window`` value parses back to itself:
    ``parse_window(w.label) == w``. Two windows with the same dates in different regimes
    are different values (their labels and legal bases differ).
    """

    start: dt.date = attrs.field(validator=_check_date)
    end: dt.date = attrs.field(validator=_check_date)
    kind: WindowKind = attrs.field(default=WindowKind.CUSTOM, kw_only=True, converter=_kind)
    regime: Regime | None = attrs.field(default=None, kw_only=True, converter=_regime)
    label: str = attrs.field(default=attrs.Factory(_default_label, takes_self=True), kw_only=True)

    def __attrs_post_init__(self) -> None:
        if self.end < self.start:
            raise WindowError(
                f"window ends before it starts: {self.start.isoformat()} > {self.end.isoformat()} "
                "(a window is an inclusive range start..end with start <= end)"
            )
        if self.kind is WindowKind.CUSTOM:
            if self.regime is not None:
                raise WindowError(f"a custom window has no regime, got {self.regime.value!r}")
        else:
            if self.regime is None:
                raise WindowError(f"a {self.kind.value} window needs a regime (Regime.CALENDAR for calendar periods)")
            if self.kind not in self.regime.kinds:
                raise WindowError(
                    f"the {self.regime.value!r} regime defines no {self.kind.value} window; "
                    f"it defines: {', '.join(k.value for k in self.regime.kinds)}"
                )
            if not MIN_YEAR <= self.end.year <= MAX_YEAR:
                raise WindowError(f"year {self.end.year} is outside {MIN_YEAR}..{MAX_YEAR}")
            index = _index_of(self.kind, self.end)
            if index not in _indices(self.regime, self.kind):
                raise WindowError(f"the {self.regime.value!r} regime defines no {self.kind.value} number {index}")
            expected = _dates(self.regime, self.kind, self.end.year, index)
            if expected != (self.start, self.end):
                raise WindowError(
                    f"{self.start.isoformat()}..{self.end.isoformat()} is not a {self.regime.value} "
                    f"{self.kind.value} window (expected {expected[0].isoformat()}..{expected[1].isoformat()})"
                )
            rule_for(self.regime, self.end)
        canonical = _label_of(self.regime, self.kind, self.start, self.end)
        if self.label != canonical:
            raise WindowError(f"label {self.label!r} is not the canonical label {canonical!r} of this window")

    def __str__(self) -> str:
        return self.label

    # -- membership and size

    def contains(self, d: dt.date) -> bool:
        """Whether the day ``d`` is in the window (both ends inclusive).

        A timezone-aware datetime is first converted to Vietnam's civil date
        (Asia/Ho_Chi_Minh); a naive datetime is taken at its date.
        """
        if isinstance(d, dt.datetime):
            d = d.astimezone(VN_TZ).date() if d.tzinfo is not None else d.date()
        return self.start <= d <= self.end

    def __contains__(self, d: object) -> bool:
        return isinstance(d, dt.date) and self.contains(d)

    @property
    def days(self) -> int:
        """Number of days in the window, both ends counted."""
        return (self.end - self.start).days + 1

    def covers(self, other: Window) -> bool:
        """Whether ``other`` lies entirely inside this window."""
        return self.start <= other.start and other.end <= self.end

    def overlaps(self, other: Window) -> bool:
        """Whether the two windows share at least one day."""
        return self.start <= other.end and other.start <= self.end

    # -- description

    @property
    def year(self) -> int:
        """The year the window is named after (its end date's year)."""
        return self.end.year

    @property
    def rule(self) -> CutoffRule | None:
        """The dated rule that defines this window (``None`` for calendar, practice and custom)."""
        return None if self.regime is None else rule_for(self.regime, self.end)

    @property
    def basis(self) -> str:
        """Legal basis of the window's dates, or ``""`` for calendar and custom windows."""
        rule = self.rule
        if rule is not None:
            return rule.basis
        return "" if self.regime is None else self.regime.basis

    @property
    def label_vi(self) -> str:
        """Vietnamese description, with full diacritics, as printed in a report heading."""
        span = f"từ {_vi(self.start)} đến {_vi(self.end)}"
        if self.regime is None:
            return span[0].upper() + span[1:]
        yr = self.end.year
        index = _index_of(self.kind, self.end)
        if self.regime is Regime.CALENDAR:
            return _period_vi(self.kind, index, yr)
        if self.regime is Regime.GENERAL_REPORTING:
            return f"{_period_vi(self.kind, index, yr)} (kỳ báo cáo {span})"
        if self.regime is Regime.STATISTICS:
            if self.kind is WindowKind.HALF:
                return f"6 tháng đầu năm {yr} (số liệu thực tế {span})"
            if self.kind is WindowKind.PRELIMINARY_YEAR:
                return f"Năm {yr}, sơ bộ (số liệu thực tế {span})"
            return f"Năm {yr}, chính thức (số liệu {span})"
        if self.regime is Regime.COORDINATION:
            which = "thứ nhất" if self.kind is WindowKind.PRELIMINARY_YEAR else "thứ hai"
            return f"Năm {yr}, báo cáo lần {which} (số liệu {span})"
        return f"Năm {yr} theo niên độ (số liệu {span})"

    # -- neighbours

    def previous(self) -> Window:
        """The window of the same regime and kind just before this one.

        Months, quarters and calendar halves step back one period; kinds a regime defines
        once a year (statistics and general H1, nine months, years) step back one year; a
        custom window gives the custom window of the same length ending the day before.
        """
        return self._step(-1)

    def next(self) -> Window:
        """The window of the same regime and kind just after this one (see :meth:`previous`)."""
        return self._step(1)

    def _step(self, n: int) -> Window:
        if self.regime is None:
            shift = dt.timedelta(days=self.days * n)
            try:
                return custom(self.start + shift, self.end + shift)
            except OverflowError:
                raise WindowError(f"no custom window {'before' if n < 0 else 'after'} {self.label}") from None
        indices = _indices(self.regime, self.kind)
        pos = indices.index(_index_of(self.kind, self.end)) + n
        yr, pos = self.end.year + pos // len(indices), pos % len(indices)
        return _make(self.regime, self.kind, yr, indices[pos])

    def split(self, kind: WindowKind | str) -> tuple[Window, ...]:
        """Cut the window into consecutive windows of ``kind`` in its own regime.

        The pieces must tile the window exactly (a year into months or quarters, nine
        months into quarters, …); a custom window is cut into calendar pieces. Raises
        :class:`WindowError` when ``kind`` does not tile this window.
        """
        kind = _kind(kind)
        regime = self.regime or Regime.CALENDAR
        pieces = windows_between(self.start, self.end, kind, regime=regime)
        if not pieces or pieces[0].start != self.start or pieces[-1].end != self.end or any(
            not _follows(a, b) for a, b in itertools.pairwise(pieces)
        ):
            raise WindowError(f"{self.label} cannot be split exactly into {regime.value} {kind.value} windows")
        return pieces

    @classmethod
    def join(cls, a: Window, b: Window) -> Window:
        """The window made of two adjacent windows (in either order).

        If the union is a window named by the windows' regime (Q1 + Q2 = H1, H1 + H2 =
        the year), that named window is returned; otherwise a custom window. A custom
        window has no regime and takes the other's, so folding ``join`` over the months
        of a year gives the year itself.
        Raises :class:`WindowError` if the windows are not adjacent.
        """
        if not adjacent(a, b):
            raise WindowError(f"cannot join {a.label} and {b.label}: they are not adjacent")
        first, last = (a, b) if a.start < b.start else (b, a)
        start, end = first.start, last.end
        regimes = {r for r in (a.regime, b.regime) if r is not None}
        if len(regimes) == 1:
            named = _recognise(regimes.pop(), start, end)
            if named is not None:
                return named
        return cls(start, end)


def _follows(a: Window, b: Window) -> bool:
    return (b.start - a.end).days == 1  # subtraction, not a.end + 1 day, which overflows at date.max


def adjacent(a: Window, b: Window) -> bool:
    """Whether one window begins the day after the other ends (no gap, no overlap)."""
    return _follows(a, b) or _follows(b, a)


def _recognise(regime: Regime, start: dt.date, end: dt.date) -> Window | None:
    for kind in regime.kinds:
        index = _index_of(kind, end)
        if index in _indices(regime, kind) and _dates(regime, kind, end.year, index) == (start, end):
            return _make(regime, kind, end.year, index)
    return None


# --------------------------------------------------------------------------- constructors


def _make(regime: Regime, kind: WindowKind, yr: int, index: int = 0) -> Window:
    if not MIN_YEAR <= yr <= MAX_YEAR:
        raise WindowError(f"year {yr} is outside {MIN_YEAR}..{MAX_YEAR}")
    start, end = _dates(regime, kind, yr, index)
    return Window(start, end, kind=kind, regime=regime)


def _check_int(name: str, value: int, low: int, high: int) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise WindowError(f"{name} must be an integer in {low}..{high}, got {value!r}")


def month(y: int, m: int) -> Window:
    """Calendar month ``m`` of year ``y``."""
    _check_int("month", m, 1, 12)
    return _make(Regime.CALENDAR, WindowKind.MONTH, y, m)


def quarter(y: int, q: int) -> Window:
    """Calendar quarter ``q`` (1–4) of year ``y``."""
    _check_int("quarter", q, 1, 4)
    return _make(Regime.CALENDAR, WindowKind.QUARTER, y, q)


def half(y: int, h: int) -> Window:
    """Calendar half-year ``h`` (1 = 01/01–30/06, 2 = 01/07–31/12) of year ``y``."""
    _check_int("half", h, 1, 2)
    return _make(Regime.CALENDAR, WindowKind.HALF, y, h)


def nine_months(y: int) -> Window:
    """The first nine calendar months of year ``y`` (01/01–30/09)."""
    return _make(Regime.CALENDAR, WindowKind.NINE_MONTHS, y)


def year(y: int) -> Window:
    """Calendar year ``y`` (01/01–31/12)."""
    return _make(Regime.CALENDAR, WindowKind.YEAR, y)


def custom(start: dt.date, end: dt.date) -> Window:
    """Any inclusive range ``start..end``; raises :class:`WindowError` if ``end < start``."""
    return Window(start, end)


_PERIOD = re.compile(r"^(?:(?P<kind>[HQ])(?P<n>\d)|(?P<month>\d{1,2})|(?P<nine>9M)|(?P<final>FINAL)|(?P<year>YEAR)?)$", re.ASCII)


def regime_window(regime: Regime | str, year: int, period: str | None = None) -> Window:
    """The window ``period`` of ``year`` in ``regime``.

    ``period`` is what follows ``YYYY-`` in a label: ``"H1"``, ``"Q3"``, ``"09"`` (or
    ``"9"``), ``"9M"``, ``"final"``; ``None`` (or ``""``/``"year"``) is the plain year
    window, which is the *preliminary* annual window (01/01–31/10) in the statistics and
    coordination regimes. Raises :class:`WindowError` for a period the regime does not
    define and :class:`RegimeNotInForceError` when no dated rule covers the window.
    """
    found = _regime(regime)
    if found is None:
        raise WindowError("regime_window needs a regime, got None")
    regime = found
    _check_int("year", year, MIN_YEAR, MAX_YEAR)
    text = "" if period is None else str(period).strip().upper()
    m = _PERIOD.match(text)
    if m is None:
        raise WindowError(f"unknown period {period!r}. Accepted forms: {ACCEPTED_FORMS}")
    kind: WindowKind
    index = 0
    if m["kind"]:
        kind = WindowKind.HALF if m["kind"] == "H" else WindowKind.QUARTER
        index = int(m["n"])
    elif m["month"]:
        kind, index = WindowKind.MONTH, int(m["month"])
    elif m["nine"]:
        kind = WindowKind.NINE_MONTHS
    elif m["final"]:
        if regime not in (Regime.STATISTICS, Regime.COORDINATION):
            raise WindowError(f"'final' exists only in the stats and coord regimes, not {regime.value!r}")
        kind = WindowKind.YEAR
    elif regime in (Regime.STATISTICS, Regime.COORDINATION):
        kind = WindowKind.PRELIMINARY_YEAR
    else:
        kind = WindowKind.YEAR
    if kind not in regime.kinds or index not in _indices(regime, kind):
        defined = ", ".join(_examples(regime))
        raise WindowError(
            f"the {regime.value!r} regime ({regime.label_en}) has no period {period!r}; it defines: {defined}"
        )
    return _make(regime, kind, year, index)


def _examples(regime: Regime) -> Iterator[str]:
    prefix = "" if regime is Regime.CALENDAR else f"{regime.value}:"
    for kind in regime.kinds:
        if kind is WindowKind.MONTH:
            yield f"{prefix}YYYY-MM"
        elif kind in (WindowKind.QUARTER, WindowKind.HALF):
            letter = "Q" if kind is WindowKind.QUARTER else "H"
            yield from (f"{prefix}YYYY-{letter}{i}" for i in _indices(regime, kind))
        elif kind is WindowKind.NINE_MONTHS:
            yield f"{prefix}YYYY-9M"
        elif kind is WindowKind.PRELIMINARY_YEAR:
            yield f"{prefix}YYYY"
        elif regime in (Regime.STATISTICS, Regime.COORDINATION):
            yield f"{prefix}YYYY-final"
        else:
            yield f"{prefix}YYYY"


# --------------------------------------------------------------------------- parsing

_NAMED = re.compile(r"^(?:(?P<prefix>[a-z]+)\s*:\s*)?(?P<year>\d{4})(?:-(?P<period>[0-9a-z]+))?$", re.IGNORECASE | re.ASCII)
_ISO = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)
_DMY = re.compile(r"^(?P<d>\d{1,2})/(?P<m>\d{1,2})/(?P<y>\d{4})$", re.ASCII)


def _bad(text: str, reason: str) -> WindowError:
    return WindowError(f"cannot read reporting window {text!r}: {reason}. Accepted forms: {ACCEPTED_FORMS}")


def _parse_day(text: str, part: str) -> dt.date:
    part = part.strip()
    try:
        if _ISO.match(part):
            return dt.date.fromisoformat(part)
        m = _DMY.match(part)
        if m:
            return dt.date(int(m["y"]), int(m["m"]), int(m["d"]))
    except ValueError as exc:
        raise _bad(text, f"{part!r} is not a valid date ({exc})") from None
    raise _bad(text, f"{part!r} is not a date in YYYY-MM-DD or DD/MM/YYYY form")


def parse_window(text: str) -> Window:
    """Read a reporting window from the strings people type.

    Forms (case-insensitive, surrounding spaces ignored): see :data:`ACCEPTED_FORMS` and
    ``docs/windows.md``. ``str(w)``/``w.label`` of any window parses back to ``w``. Every
    string that names no window raises :class:`WindowError` listing the accepted forms.
    """
    if not isinstance(text, str):
        raise WindowError(f"a reporting window must be given as a string, got {type(text).__name__}")
    cleaned = text.strip()
    if ".." in cleaned:
        left, _, right = cleaned.partition("..")
        if ".." in right:
            raise _bad(text, "a custom range has exactly one '..'")
        start, end = _parse_day(text, left), _parse_day(text, right)
        if end < start:
            raise _bad(text, f"the range ends ({end.isoformat()}) before it starts ({start.isoformat()})")
        return custom(start, end)
    m = _NAMED.match(cleaned)
    if m is None:
        raise _bad(text, "not a known form")
    prefix = None if m["prefix"] is None else m["prefix"].lower()
    regime = Regime.CALENDAR if prefix is None else _ALIASES.get(prefix)
    if regime is None:
        raise _bad(text, f"unknown regime prefix {prefix!r} (use one of: {', '.join(sorted(_ALIASES))})")
    try:
        return regime_window(regime, int(m["year"]), m["period"])
    except RegimeNotInForceError as exc:
        raise RegimeNotInForceError(f"cannot use reporting window {text!r}: {exc}") from None
    except WindowError as exc:
        raise _bad(text, str(exc)) from None


# --------------------------------------------------------------------------- enumeration


def windows_between(
    start: dt.date, end: dt.date, kind: WindowKind | str, *, regime: Regime = Regime.CALENDAR
) -> tuple[Window, ...]:
    """All windows of ``kind`` in ``regime`` that share at least one day with ``start..end``.

    Returned in date order. Consecutive months, quarters and halves of a regime tile its
    year, so ``windows_between(date(2024, 1, 1), date(2024, 12, 31), "month")`` gives the
    twelve months of 2024. Raises :class:`WindowError` for a custom kind, a kind the regime
    does not define, or ``end < start``.
    """
    kind = _kind(kind)
    if kind is WindowKind.CUSTOM:
        raise WindowError("windows_between enumerates named windows; 'custom' has no sequence")
    if kind not in regime.kinds:
        raise WindowError(
            f"the {regime.value!r} regime defines no {kind.value} window; it defines: "
            f"{', '.join(k.value for k in regime.kinds)}"
        )
    if end < start:
        raise WindowError(f"end {end.isoformat()} is before start {start.isoformat()}")
    found: list[Window] = []
    for yr in range(max(MIN_YEAR, start.year), min(MAX_YEAR, end.year + 1) + 1):
        for index in _indices(regime, kind):
            s, e = _dates(regime, kind, yr, index)
            if s <= end and start <= e:
                found.append(_make(regime, kind, yr, index))
    return tuple(sorted(found, key=lambda w: (w.start, w.end)))
