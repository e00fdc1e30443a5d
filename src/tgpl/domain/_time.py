"""Time helpers: Vietnam's civil time (Asia/Ho_Chi_Minh, UTC+07:00 without DST since 1975)."""

from __future__ import annotations

import datetime as dt

__all__ = ["VN_TZ", "at_vn", "require_aware"]

#: Vietnam's civil time. A fixed offset is exact for every date tgpl handles (UTC+07:00
#: since 13/06/1975, no daylight saving), needs no tz database and is fast to compare.
VN_TZ = dt.timezone(dt.timedelta(hours=7), "Asia/Ho_Chi_Minh")


def at_vn(day: dt.date, hour: int = 0, minute: int = 0) -> dt.datetime:
    """A timezone-aware moment on ``day`` in Vietnam's civil time."""
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=VN_TZ)


def require_aware(_inst: object, attribute: object, value: dt.datetime) -> None:
    """attrs validator: event times feed hour deadlines, so they must be timezone-aware.

    Every rule reads an event's day in Vietnam's civil time (``astimezone(VN_TZ)``), so a
    moment at the very edge of what ``datetime`` holds (year 1 or 9999 in an offset
    whose conversion leaves that range) is refused here rather than crashing a rule later.
    """
    name = getattr(attribute, "name", "on")
    if not isinstance(value, dt.datetime) or value.tzinfo is None or value.utcoffset() is None:
        raise ValueError(f"{name} must be a timezone-aware datetime (Asia/Ho_Chi_Minh), got {value!r}")
    try:
        value.astimezone(VN_TZ)
    except OverflowError:
        raise ValueError(
            f"{name} {value.isoformat()} is outside the range of dates tgpl can convert to Vietnam time"
        ) from None
