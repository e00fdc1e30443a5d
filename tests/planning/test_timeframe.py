"""Time frames as plans write them → dates (parse_time_frame)."""

from __future__ import annotations

import calendar
import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tgpl.planning import TimeFrameError, parse_time_frame

ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("Cả năm 2024", "2024-01-01", "2024-12-31"),
        ("Cả năm 2024.", "2024-01-01", "2024-12-31"),
        ("Năm 2023", "2023-01-01", "2023-12-31"),
        ("Quý II năm 2024", "2024-04-01", "2024-06-30"),
        ("Quý IV năm 2024", "2024-10-01", "2024-12-31"),
        ("quý 1/2024", "2024-01-01", "2024-03-31"),
        ("6 tháng đầu năm 2024", "2024-01-01", "2024-06-30"),
        ("6 tháng cuối năm 2024", "2024-07-01", "2024-12-31"),
        ("Tháng 2 năm 2024", "2024-02-01", "2024-02-29"),
        ("Tháng 2/2023", "2023-02-01", "2023-02-28"),
        ("Từ tháng 3 đến tháng 6 năm 2024", "2024-03-01", "2024-06-30"),
        ("Từ ngày 01/3/2024 đến ngày 30/6/2024", "2024-03-01", "2024-06-30"),
        ("01/03/2024 - 15/04/2024", "2024-03-01", "2024-04-15"),
        ("2024-03-01..2024-06-30", "2024-03-01", "2024-06-30"),
    ],
)
def test_the_forms_the_seeds_and_plans_use(text: str, start: str, end: str) -> None:
    frame = parse_time_frame(text)
    assert (frame.start.isoformat(), frame.end.isoformat()) == (start, end)
    assert frame.text == text.strip()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Quý V năm 2024", "not understood"),
        ("Thường xuyên", "not understood"),
        ("", "non-empty"),
        ("Tháng 13 năm 2024", "a month is 1 to 12"),
        ("Từ tháng 6 đến tháng 3 năm 2024", "ends before it starts"),
        ("Từ ngày 30/6/2024 đến ngày 01/3/2024", "ends before it starts"),
        ("Từ ngày 31/02/2024 đến ngày 30/6/2024", "is not a date"),
    ],
)
def test_what_is_refused_is_named(text: str, message: str) -> None:
    with pytest.raises(TimeFrameError, match=message):
        parse_time_frame(text)


YEARS = st.integers(1990, 2100)


@st.composite
def frames(draw: st.DrawFn) -> tuple[str, dt.date, dt.date]:
    """A time frame in one of the written forms, with the dates it must give."""
    y = draw(YEARS)
    kind = draw(st.sampled_from(["year", "quarter", "half", "month", "months", "range"]))
    if kind == "year":
        return draw(st.sampled_from([f"Cả năm {y}", f"Năm {y}", f"cả  năm {y}."])), dt.date(y, 1, 1), dt.date(y, 12, 31)
    if kind == "quarter":
        q = draw(st.integers(1, 4))
        text = draw(st.sampled_from([f"Quý {ROMAN[q]} năm {y}", f"Quý {q} năm {y}", f"QUÝ {ROMAN[q]}/{y}"]))
        return text, dt.date(y, 3 * q - 2, 1), dt.date(y, 3 * q, calendar.monthrange(y, 3 * q)[1])
    if kind == "half":
        h = draw(st.integers(1, 2))
        word = "đầu" if h == 1 else "cuối"
        return f"6 tháng {word} năm {y}", dt.date(y, 6 * h - 5, 1), dt.date(y, 6 * h, calendar.monthrange(y, 6 * h)[1])
    if kind in ("month", "months"):
        a = draw(st.integers(1, 12))
        b = a if kind == "month" else draw(st.integers(a, 12))
        text = f"Tháng {a} năm {y}" if kind == "month" else f"Từ tháng {a} đến tháng {b} năm {y}"
        return text, dt.date(y, a, 1), dt.date(y, b, calendar.monthrange(y, b)[1])
    start = draw(st.dates(dt.date(y, 1, 1), dt.date(y, 12, 31)))
    end = draw(st.dates(start, dt.date(y + 1, 12, 31)))
    text = draw(st.sampled_from([
        f"Từ ngày {start.day}/{start.month}/{start.year} đến ngày {end:%d/%m/%Y}",
        f"{start:%d/%m/%Y} - {end:%d/%m/%Y}",
        f"{start.isoformat()}..{end.isoformat()}",
    ]))
    return text, start, end


@settings(max_examples=150)
@given(frames())
def test_every_written_form_gives_its_dates(case: tuple[str, dt.date, dt.date]) -> None:
    text, start, end = case
    frame = parse_time_frame(text)
    assert (frame.start, frame.end) == (start, end)
    assert frame.start <= frame.end
    assert frame.days == (end - start).days + 1
    assert frame.contains(start)
    assert frame.contains(end)
    assert not frame.contains(start - dt.timedelta(days=1))


@settings(max_examples=100)
@given(st.text(max_size=30))
def test_any_text_parses_or_is_refused_cleanly(text: str) -> None:
    try:
        frame = parse_time_frame(text)
    except TimeFrameError as exc:
        message = str(exc)
        frame = None
    if frame is None:
        assert "time frame" in message
    else:
        assert frame.start <= frame.end
