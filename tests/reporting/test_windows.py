"""Table tests for reporting windows: exact dates of every regime and form (docs/sources.md §4.2)."""

from __future__ import annotations

import datetime as dt

import pytest

from tgpl.errors import RuleNotInForceError, WindowError
from tgpl.reporting.windows import (
    ACCEPTED_FORMS,
    CUTOFF_RULES,
    Regime,
    RegimeNotInForceError,
    Window,
    WindowKind,
    adjacent,
    custom,
    half,
    month,
    nine_months,
    parse_window,
    quarter,
    regime_window,
    rule_for,
    windows_between,
    year,
)

D = dt.date

# (text typed, canonical label, start, end, kind, regime)
TABLE: list[tuple[str, str, dt.date, dt.date, WindowKind, Regime | None]] = [
    # calendar
    ("2022-H1", "2022-H1", D(2022, 1, 1), D(2022, 6, 30), WindowKind.HALF, Regime.CALENDAR),
    ("2022-H2", "2022-H2", D(2022, 7, 1), D(2022, 12, 31), WindowKind.HALF, Regime.CALENDAR),
    ("2024", "2024", D(2024, 1, 1), D(2024, 12, 31), WindowKind.YEAR, Regime.CALENDAR),
    ("2024-Q1", "2024-Q1", D(2024, 1, 1), D(2024, 3, 31), WindowKind.QUARTER, Regime.CALENDAR),
    ("2024-Q3", "2024-Q3", D(2024, 7, 1), D(2024, 9, 30), WindowKind.QUARTER, Regime.CALENDAR),
    ("2024-09", "2024-09", D(2024, 9, 1), D(2024, 9, 30), WindowKind.MONTH, Regime.CALENDAR),
    ("2024-02", "2024-02", D(2024, 2, 1), D(2024, 2, 29), WindowKind.MONTH, Regime.CALENDAR),
    ("2023-02", "2023-02", D(2023, 2, 1), D(2023, 2, 28), WindowKind.MONTH, Regime.CALENDAR),
    ("2000-02", "2000-02", D(2000, 2, 1), D(2000, 2, 29), WindowKind.MONTH, Regime.CALENDAR),
    ("1900-02", "1900-02", D(1900, 2, 1), D(1900, 2, 28), WindowKind.MONTH, Regime.CALENDAR),
    ("2024-9M", "2024-9M", D(2024, 1, 1), D(2024, 9, 30), WindowKind.NINE_MONTHS, Regime.CALENDAR),
    ("calendar:2024-9", "2024-09", D(2024, 9, 1), D(2024, 9, 30), WindowKind.MONTH, Regime.CALENDAR),
    (" 2024-q3 ", "2024-Q3", D(2024, 7, 1), D(2024, 9, 30), WindowKind.QUARTER, Regime.CALENDAR),
    # custom, inclusive
    ("2023-11-01..2024-10-31", "2023-11-01..2024-10-31", D(2023, 11, 1), D(2024, 10, 31), WindowKind.CUSTOM, None),
    ("01/11/2023..31/10/2024", "2023-11-01..2024-10-31", D(2023, 11, 1), D(2024, 10, 31), WindowKind.CUSTOM, None),
    ("2024-02-29..2024-02-29", "2024-02-29..2024-02-29", D(2024, 2, 29), D(2024, 2, 29), WindowKind.CUSTOM, None),
    # statistics: TT 03/2019/TT-BTP (and TT 17/2025, same cut-offs, UNVERIFIED)
    ("stats:2022-H1", "stats:2022-H1", D(2022, 1, 1), D(2022, 5, 31), WindowKind.HALF, Regime.STATISTICS),
    ("stats:2022", "stats:2022", D(2022, 1, 1), D(2022, 10, 31), WindowKind.PRELIMINARY_YEAR, Regime.STATISTICS),
    ("stats:2022-final", "stats:2022-final", D(2022, 1, 1), D(2022, 12, 31), WindowKind.YEAR, Regime.STATISTICS),
    ("statistics:2026-FINAL", "stats:2026-final", D(2026, 1, 1), D(2026, 12, 31), WindowKind.YEAR, Regime.STATISTICS),
    ("stats:2019-H1", "stats:2019-H1", D(2019, 1, 1), D(2019, 5, 31), WindowKind.HALF, Regime.STATISTICS),
    # general reporting: NĐ 09/2019/NĐ-CP Art 12
    ("general:2022-H1", "general:2022-H1", D(2021, 12, 15), D(2022, 6, 14), WindowKind.HALF, Regime.GENERAL_REPORTING),
    ("general:2022-Q1", "general:2022-Q1", D(2021, 12, 15), D(2022, 3, 14), WindowKind.QUARTER, Regime.GENERAL_REPORTING),
    ("general:2022-Q3", "general:2022-Q3", D(2022, 6, 15), D(2022, 9, 14), WindowKind.QUARTER, Regime.GENERAL_REPORTING),
    ("general:2022-Q4", "general:2022-Q4", D(2022, 9, 15), D(2022, 12, 14), WindowKind.QUARTER, Regime.GENERAL_REPORTING),
    ("general:2022-09", "general:2022-09", D(2022, 8, 15), D(2022, 9, 14), WindowKind.MONTH, Regime.GENERAL_REPORTING),
    ("general:2022-01", "general:2022-01", D(2021, 12, 15), D(2022, 1, 14), WindowKind.MONTH, Regime.GENERAL_REPORTING),
    ("general:2024-03", "general:2024-03", D(2024, 2, 15), D(2024, 3, 14), WindowKind.MONTH, Regime.GENERAL_REPORTING),
    ("general:2022-9M", "general:2022-9M", D(2021, 12, 15), D(2022, 9, 14), WindowKind.NINE_MONTHS, Regime.GENERAL_REPORTING),
    ("general:2022", "general:2022", D(2021, 12, 15), D(2022, 12, 14), WindowKind.YEAR, Regime.GENERAL_REPORTING),
    ("GENERAL : 2025-q2", "general:2025-Q2", D(2025, 3, 15), D(2025, 6, 14), WindowKind.QUARTER, Regime.GENERAL_REPORTING),
    # coordination: TTLT10 Art 20 cl. 5
    ("coord:2022", "coord:2022", D(2022, 1, 1), D(2022, 10, 31), WindowKind.PRELIMINARY_YEAR, Regime.COORDINATION),
    ("coord:2022-final", "coord:2022-final", D(2022, 1, 1), D(2022, 12, 31), WindowKind.YEAR, Regime.COORDINATION),
    ("coordination:2018", "coord:2018", D(2018, 1, 1), D(2018, 10, 31), WindowKind.PRELIMINARY_YEAR, Regime.COORDINATION),
    # practice year 01/11 – 31/10
    ("practice:2022", "practice:2022", D(2021, 11, 1), D(2022, 10, 31), WindowKind.YEAR, Regime.PRACTICE),
    ("practice:2024", "practice:2024", D(2023, 11, 1), D(2024, 10, 31), WindowKind.YEAR, Regime.PRACTICE),
]


@pytest.mark.parametrize(("text", "label", "start", "end", "kind", "regime"), TABLE, ids=[row[0] for row in TABLE])
def test_parse_exact_dates(
    text: str, label: str, start: dt.date, end: dt.date, kind: WindowKind, regime: Regime | None
) -> None:
    w = parse_window(text)
    assert (w.start, w.end, w.kind, w.regime, w.label, str(w)) == (start, end, kind, regime, label, label)
    assert parse_window(w.label) == w
    assert w.days == (end - start).days + 1


def test_leap_year_lengths() -> None:
    assert year(2024).days == 366
    assert year(2023).days == 365
    assert year(1900).days == 365
    assert year(2000).days == 366
    assert parse_window("general:2024").days == 366  # 15/12/2023 – 14/12/2024 contains 29/02/2024
    assert parse_window("general:2023").days == 365
    assert parse_window("practice:2024").days == 366  # 01/11/2023 – 31/10/2024
    assert parse_window("practice:2025").days == 365
    assert parse_window("stats:2024-H1").days == 152
    assert parse_window("general:2024-03").days == 29


def test_constructors_match_parser() -> None:
    assert month(2024, 9) == parse_window("2024-09")
    assert quarter(2024, 3) == parse_window("2024-Q3")
    assert half(2022, 2) == parse_window("2022-H2")
    assert nine_months(2024) == parse_window("2024-9M")
    assert year(2024) == parse_window("2024")
    assert custom(D(2023, 11, 1), D(2024, 10, 31)) == parse_window("2023-11-01..2024-10-31")
    assert regime_window(Regime.STATISTICS, 2022, "H1") == parse_window("stats:2022-H1")
    assert regime_window(Regime.STATISTICS, 2022, None) == parse_window("stats:2022")
    assert regime_window("stats", 2022, "final") == parse_window("stats:2022-final")
    assert regime_window(Regime.GENERAL_REPORTING, 2022, "9") == parse_window("general:2022-09")
    assert regime_window(Regime.GENERAL_REPORTING, 2022, "9M") == parse_window("general:2022-9M")
    assert regime_window(Regime.CALENDAR, 2024, "Q3") == quarter(2024, 3)
    assert regime_window(Regime.PRACTICE, 2022) == parse_window("practice:2022")
    assert regime_window(Regime.COORDINATION, 2022, "year") == parse_window("coord:2022")


def test_same_dates_different_regimes_are_different_windows() -> None:
    assert parse_window("stats:2022-final") != year(2022)
    assert (parse_window("stats:2022-final").start, parse_window("stats:2022-final").end) == (year(2022).start, year(2022).end)


def test_label_vi() -> None:
    assert parse_window("stats:2022-H1").label_vi == "6 tháng đầu năm 2022 (số liệu thực tế từ 01/01/2022 đến 31/05/2022)"
    assert parse_window("stats:2022").label_vi == "Năm 2022, sơ bộ (số liệu thực tế từ 01/01/2022 đến 31/10/2022)"
    assert parse_window("stats:2022-final").label_vi == "Năm 2022, chính thức (số liệu từ 01/01/2022 đến 31/12/2022)"
    assert parse_window("general:2022-H1").label_vi == "6 tháng đầu năm 2022 (kỳ báo cáo từ 15/12/2021 đến 14/06/2022)"
    assert parse_window("coord:2022").label_vi == "Năm 2022, báo cáo lần thứ nhất (số liệu từ 01/01/2022 đến 31/10/2022)"
    assert parse_window("coord:2022-final").label_vi == "Năm 2022, báo cáo lần thứ hai (số liệu từ 01/01/2022 đến 31/12/2022)"
    assert parse_window("practice:2022").label_vi == "Năm 2022 theo niên độ (số liệu từ 01/11/2021 đến 31/10/2022)"
    assert quarter(2024, 3).label_vi == "Quý III năm 2024"
    assert month(2024, 9).label_vi == "Tháng 9 năm 2024"
    assert half(2024, 2).label_vi == "6 tháng cuối năm 2024"
    assert nine_months(2024).label_vi == "9 tháng đầu năm 2024"
    assert year(2024).label_vi == "Năm 2024"
    assert custom(D(2023, 11, 1), D(2024, 10, 31)).label_vi == "Từ 01/11/2023 đến 31/10/2024"


def test_regime_metadata() -> None:
    for regime in Regime:
        assert regime.label_vi
        assert regime.label_en
        assert regime.kinds
    assert "TT 03/2019/TT-BTP" in Regime.STATISTICS.basis
    assert "Art 12" in Regime.GENERAL_REPORTING.basis
    assert "Art 20 cl. 5" in Regime.COORDINATION.basis
    assert "not a legal rule" in Regime.PRACTICE.basis
    for kind in WindowKind:
        assert kind.label_vi


def test_basis_is_dated() -> None:
    assert "TT 03/2019/TT-BTP" in parse_window("stats:2025-final").basis
    assert "TT 17/2025/TT-BTP" in parse_window("stats:2026-H1").basis
    rule = parse_window("stats:2026").rule
    assert rule is not None
    assert not rule.verified  # TT 17/2025 in-force date and cut-offs are UNVERIFIED
    assert "NĐ 09/2019/NĐ-CP" in parse_window("general:2022").basis
    assert "TTLT 10/2018" in parse_window("coord:2022").basis
    assert parse_window("practice:2022").rule is None
    assert year(2024).basis == ""
    assert custom(D(2024, 1, 1), D(2024, 1, 2)).basis == ""
    for r in CUTOFF_RULES:
        assert r.basis
        assert (r.effective_to is None or r.effective_from <= r.effective_to)


@pytest.mark.parametrize(
    "text",
    ["stats:2018", "stats:2018-final", "general:2018", "general:2019-01", "coord:2017-final", "coord:2017"],
)
def test_windows_before_the_rule_raise(text: str) -> None:
    with pytest.raises(RegimeNotInForceError) as info:
        parse_window(text)
    assert isinstance(info.value, WindowError)
    assert isinstance(info.value, RuleNotInForceError)
    assert "in force" in str(info.value)


def test_rule_boundaries() -> None:
    assert rule_for(Regime.STATISTICS, D(2019, 5, 15)) is not None
    with pytest.raises(RuleNotInForceError):
        rule_for(Regime.STATISTICS, D(2019, 5, 14))
    assert "03/2019" in rule_for_basis(D(2025, 12, 31))
    assert "17/2025" in rule_for_basis(D(2026, 1, 1))
    assert rule_for(Regime.CALENDAR, D(1000, 1, 1)) is None
    assert rule_for(Regime.PRACTICE, D(1000, 1, 1)) is None
    # general:2019-03 ends 14/03/2019, after NĐ 09/2019 took effect (12/03/2019); 2019-02 does not.
    assert parse_window("general:2019-03").rule is not None
    with pytest.raises(RegimeNotInForceError):
        parse_window("general:2019-02")
    # A caller-supplied rule table (once the UNVERIFIED dates are confirmed).
    with pytest.raises(RegimeNotInForceError):
        rule_for(Regime.STATISTICS, D(2022, 1, 1), rules=())


def rule_for_basis(day: dt.date) -> str:
    rule = rule_for(Regime.STATISTICS, day)
    assert rule is not None
    return rule.basis


BAD = [
    "",
    "   ",
    "foo",
    "2022-H3",
    "2022-H0",
    "2024-Q5",
    "2024-Q0",
    "2024-13",
    "2024-00",
    "2024-10M",
    "24",
    "20241",
    "2024-",
    "2024--01",
    "2024-09-",
    "x:2022",
    "stats:2022-Q1",
    "stats:2022-H2",
    "stats:2022-09",
    "general:2022-H2",
    "general:2022-final",
    "coord:2022-H1",
    "practice:2022-final",
    "practice:2022-Q1",
    "2024-final",
    "2024-03-01..2024-02-01",
    "2024-02-30..2024-03-01",
    "2024-01-01..",
    "..2024-01-01",
    "2024-01-01..2024-02-01..2024-03-01",
    "31/02/2024..01/03/2024",
    "2024/01/01..2024/02/01",
    "2024-01-01—2024-02-01",
    "２０２４",
    "٢٠٢٤",
    "stats:",
    ":2024",
    "0999",
]


@pytest.mark.parametrize("text", BAD)
def test_bad_strings_raise_window_error_listing_forms(text: str) -> None:
    with pytest.raises(WindowError) as info:
        parse_window(text)
    assert ACCEPTED_FORMS in str(info.value)
    assert repr(text) in str(info.value)


def test_non_string_rejected() -> None:
    with pytest.raises(WindowError):
        parse_window(2024)  # type: ignore[arg-type]


def test_custom_end_before_start_rejected() -> None:
    with pytest.raises(WindowError):
        custom(D(2024, 3, 1), D(2024, 2, 29))
    with pytest.raises(WindowError):
        Window(D(2024, 3, 1), D(2024, 2, 29))


def test_direct_construction_is_checked() -> None:
    assert Window(D(2024, 1, 1), D(2024, 1, 31), kind=WindowKind.MONTH, regime=Regime.CALENDAR) == month(2024, 1)
    assert Window(D(2024, 1, 1), D(2024, 1, 31), kind="month", regime="calendar", label="2024-01") == month(2024, 1)
    with pytest.raises(WindowError, match="not a calendar month"):
        Window(D(2024, 1, 2), D(2024, 1, 31), kind=WindowKind.MONTH, regime=Regime.CALENDAR)
    with pytest.raises(WindowError, match="canonical"):
        Window(D(2024, 1, 1), D(2024, 1, 31), kind=WindowKind.MONTH, regime=Regime.CALENDAR, label="January")
    with pytest.raises(WindowError, match="needs a regime"):
        Window(D(2024, 1, 1), D(2024, 1, 31), kind=WindowKind.MONTH)
    with pytest.raises(WindowError, match="no regime"):
        Window(D(2024, 1, 1), D(2024, 1, 31), regime=Regime.CALENDAR)
    with pytest.raises(WindowError, match="defines no month"):
        Window(D(2022, 1, 1), D(2022, 1, 31), kind=WindowKind.MONTH, regime=Regime.STATISTICS)
    with pytest.raises(WindowError, match="no half number 2"):
        Window(D(2022, 7, 1), D(2022, 12, 31), kind=WindowKind.HALF, regime=Regime.STATISTICS)
    with pytest.raises(WindowError, match="unknown window kind"):
        Window(D(2024, 1, 1), D(2024, 1, 31), kind="fortnight")
    with pytest.raises(WindowError, match="unknown regime"):
        Window(D(2024, 1, 1), D(2024, 1, 31), kind="month", regime="lunar")
    with pytest.raises(WindowError, match=r"datetime\.date"):
        Window(dt.datetime(2024, 1, 1), D(2024, 1, 31))
    with pytest.raises(WindowError, match=r"datetime\.date"):
        Window("2024-01-01", D(2024, 1, 31))  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("call", "args"),
    [(month, (2024, 13)), (month, (2024, 0)), (quarter, (2024, 5)), (half, (2024, 3)), (year, (999,)), (year, (10000,)), (month, (2024, True))],
)
def test_constructor_ranges(call: object, args: tuple[int, ...]) -> None:
    assert callable(call)
    with pytest.raises(WindowError):
        call(*args)


def test_regime_window_errors() -> None:
    with pytest.raises(WindowError, match="unknown regime"):
        regime_window("fiscal", 2022, None)
    with pytest.raises(WindowError, match="no period"):
        regime_window(Regime.PRACTICE, 2022, "H1")
    with pytest.raises(WindowError, match="unknown period"):
        regime_window(Regime.CALENDAR, 2022, "week-3")
    with pytest.raises(WindowError):
        regime_window(Regime.CALENDAR, 99999, None)


def test_contains() -> None:
    w = parse_window("general:2022-H1")
    assert w.contains(D(2021, 12, 15))
    assert D(2022, 6, 14) in w
    assert D(2021, 12, 14) not in w
    assert D(2022, 6, 15) not in w
    assert "2022-01-01" not in w
    # an aware datetime is read in Vietnam's civil time: 17:00 UTC on 14/06 is 00:00 on 15/06 in Hà Nội
    assert not w.contains(dt.datetime(2022, 6, 14, 17, 0, tzinfo=dt.UTC))
    assert w.contains(dt.datetime(2022, 6, 14, 16, 59, tzinfo=dt.UTC))
    assert w.contains(dt.datetime(2022, 6, 14, 23, 59))


def test_previous_and_next() -> None:
    assert month(2024, 1).previous() == month(2023, 12)
    assert month(2023, 12).next() == month(2024, 1)
    assert quarter(2024, 1).previous() == quarter(2023, 4)
    assert half(2024, 1).previous() == half(2023, 2)
    assert year(2024).previous() == year(2023)
    assert nine_months(2024).previous() == nine_months(2023)
    assert parse_window("general:2022-01").previous() == parse_window("general:2021-12")
    assert parse_window("general:2022-Q1").previous() == parse_window("general:2021-Q4")
    assert parse_window("stats:2022-H1").previous() == parse_window("stats:2021-H1")
    assert parse_window("stats:2022").previous() == parse_window("stats:2021")
    assert parse_window("coord:2022-final").next() == parse_window("coord:2023-final")
    assert parse_window("practice:2022").previous() == parse_window("practice:2021")
    c = custom(D(2024, 1, 1), D(2024, 1, 10))
    assert c.previous() == custom(D(2023, 12, 22), D(2023, 12, 31))
    assert c.next() == custom(D(2024, 1, 11), D(2024, 1, 20))
    with pytest.raises(RegimeNotInForceError):
        parse_window("stats:2019").previous()
    with pytest.raises(WindowError):
        custom(dt.date.min, dt.date.min).previous()
    with pytest.raises(WindowError):
        year(9999).next()


def test_adjacent_and_join() -> None:
    assert adjacent(month(2024, 1), month(2024, 2))
    assert adjacent(month(2024, 2), month(2024, 1))
    assert not adjacent(month(2024, 1), month(2024, 3))
    assert not adjacent(month(2024, 1), quarter(2024, 1))  # overlap is not adjacency
    assert Window.join(quarter(2024, 1), quarter(2024, 2)) == half(2024, 1)
    assert Window.join(half(2024, 2), half(2024, 1)) == year(2024)
    assert Window.join(half(2024, 1), quarter(2024, 3)) == nine_months(2024)
    assert Window.join(month(2024, 1), month(2024, 2)) == custom(D(2024, 1, 1), D(2024, 2, 29))
    g = Window.join(parse_window("general:2022-Q1"), parse_window("general:2022-Q2"))
    assert g == parse_window("general:2022-H1")
    # a custom window takes the other regime; a union no regime names stays custom
    assert Window.join(custom(D(2024, 1, 1), D(2024, 2, 29)), month(2024, 3)) == quarter(2024, 1)
    first = custom(D(2024, 12, 1), D(2024, 12, 14))
    assert Window.join(first, parse_window("general:2025-01")) == custom(D(2024, 12, 1), D(2025, 1, 14))
    with pytest.raises(WindowError, match="not adjacent"):
        Window.join(month(2024, 1), month(2024, 3))


def test_split() -> None:
    assert year(2024).split(WindowKind.MONTH) == tuple(month(2024, m) for m in range(1, 13))
    assert year(2024).split("quarter") == tuple(quarter(2024, q) for q in range(1, 5))
    assert nine_months(2024).split("quarter") == tuple(quarter(2024, q) for q in range(1, 4))
    assert parse_window("general:2022").split("quarter") == tuple(
        parse_window(f"general:2022-Q{q}") for q in range(1, 5)
    )
    assert custom(D(2024, 2, 1), D(2024, 4, 30)).split("month") == (month(2024, 2), month(2024, 3), month(2024, 4))
    with pytest.raises(WindowError, match="cannot be split"):
        quarter(2024, 1).split("half")
    with pytest.raises(WindowError, match="cannot be split"):
        custom(D(2024, 2, 2), D(2024, 4, 30)).split("month")
    with pytest.raises(WindowError, match="defines no"):
        parse_window("stats:2022").split("month")


def test_windows_between() -> None:
    assert windows_between(D(2024, 1, 15), D(2024, 3, 10), "month") == (month(2024, 1), month(2024, 2), month(2024, 3))
    assert windows_between(D(2022, 1, 1), D(2022, 1, 1), WindowKind.MONTH, regime=Regime.GENERAL_REPORTING) == (
        parse_window("general:2022-01"),
    )
    assert windows_between(D(2021, 12, 20), D(2021, 12, 20), "year", regime=Regime.GENERAL_REPORTING) == (
        parse_window("general:2022"),
    )
    assert windows_between(D(2022, 11, 1), D(2022, 12, 31), "preliminary_year", regime=Regime.STATISTICS) == ()
    assert len(windows_between(D(2020, 1, 1), D(2024, 12, 31), "half")) == 10
    with pytest.raises(WindowError):
        windows_between(D(2024, 1, 1), D(2024, 12, 31), "custom")
    with pytest.raises(WindowError):
        windows_between(D(2024, 12, 31), D(2024, 1, 1), "month")
    with pytest.raises(WindowError):
        windows_between(D(2024, 1, 1), D(2024, 12, 31), "quarter", regime=Regime.STATISTICS)


def test_windows_are_hashable_values() -> None:
    assert len({month(2024, 1), parse_window("2024-01"), parse_window("2024-1")}) == 1
    with pytest.raises(AttributeError):
        month(2024, 1).start = D(2024, 2, 1)  # type: ignore[misc]
