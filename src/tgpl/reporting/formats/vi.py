"""Numbers and dates written the Vietnamese way (cách viết số của Việt Nam).

Vietnamese separates thousands with a dot and decimals with a comma: ``1.389`` people,
``8,5`` hours, ``81,6 %``. Percentages are shown with one decimal, other decimals with at
most two; rounding is half-up on the decimal value (as people round), not banker's
rounding. A missing value (a ratio whose denominator is 0) is shown as ``—``.
"""

from __future__ import annotations

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal
from typing import Final

from tgpl.domain import VN_TZ
from tgpl.reporting.report import IndicatorResult

__all__ = ["MISSING", "WITHHELD", "display_value", "format_datetime", "format_int", "format_number", "withheld_text"]

#: Shown for a value that does not exist (``None``).
MISSING: Final = "—"


def format_int(n: int) -> str:
    """``1389`` → ``"1.389"``; ``-1389`` → ``"-1.389"``."""
    return f"{n:,}".replace(",", ".")


def _decimal(value: float, places: int, *, trim: bool) -> str:
    q = Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    sign = "-" if q < 0 else ""
    whole, _, frac = f"{abs(q):f}".partition(".")
    if trim:
        frac = frac.rstrip("0")
    head = sign + format_int(int(whole))
    return f"{head},{frac}" if frac else head


def format_number(value: int | float | None, unit: str = "") -> str:
    """A value as printed in a Vietnamese report.

    ``format_number(1389)`` → ``"1.389"``; ``format_number(81.578, "%")`` → ``"81,6 %"``;
    ``format_number(8.5, "giờ")`` → ``"8,5"``; ``format_number(None)`` → ``"—"``.
    """
    if value is None:
        return MISSING
    if isinstance(value, bool):
        raise TypeError("a boolean is not an indicator value")
    if unit == "%":
        return _decimal(float(value), 1, trim=False) + " %"
    if isinstance(value, int):
        return format_int(value)
    if value != value or value in (float("inf"), float("-inf")):
        return MISSING
    return _decimal(value, 2, trim=True)


#: How text for people (Markdown, Word) writes a figure hidden to protect small ones.
WITHHELD: Final = "không công bố"


def display_value(indicator: IndicatorResult) -> str:
    """The published text of an indicator for people: its value written the Vietnamese way,
    or, when small-cell suppression hid it, ``"dưới 5"`` (a primary marker ``"<5"``) or
    :data:`WITHHELD` (a figure hidden so that the small ones cannot be worked back) —
    never the machine markers ``"<5"`` and ``"x"`` of the JSON and CSV formats."""
    return withheld_text(indicator.suppressed) if indicator.suppressed else format_number(indicator.value, indicator.unit)


def withheld_text(marker: str) -> str:
    """``"<5"`` → ``"dưới 5"``; any other suppression marker → :data:`WITHHELD`."""
    if marker.startswith("<") and marker[1:].isdigit():
        return f"dưới {marker[1:]}"
    return WITHHELD


def format_datetime(moment: dt.datetime) -> str:
    """``dd/mm/yyyy HH:MM`` in Vietnam's civil time (a naive value is taken as already local)."""
    local = moment.astimezone(VN_TZ) if moment.tzinfo is not None else moment
    return local.strftime("%d/%m/%Y %H:%M")
