"""National target programmes (chương trình mục tiêu quốc gia, CTMTQG) as dated data.

Provincial legal aid plans carry out legal aid "in the national target programmes" (seed plans
of Cà Mau 2023 and Bắc Giang 2024; the national priorities): cases and activities done under a
programme are planned, funded and reported apart. A case names the programmes it is done
under by stable code (:attr:`tgpl.domain.Case.programmes`); the programmes, their dates and
their legal basis are the data file ``tgpl/rules/data/target_programmes.json``:

* ``ntp_poverty_2021_2025`` — sustainable poverty reduction 2021–2025 (QĐ 90/QĐ-TTg, 18/01/2022);
* ``ntp_new_rural_2021_2025`` — new rural development 2021–2025 (QĐ 263/QĐ-TTg, 22/02/2022);
* ``ntp_ethnic_minority_2021_2025`` — ethnic minority and mountainous areas 2021–2030, phase I
  2021–2025 (NQ 120/2020/QH14; QĐ 1719/QĐ-TTg, 14/10/2021);
* ``ntp_rural_poverty_ethnic_2026_2035`` — the three merged for 2026–2035 (NQ 257/2025/QH15,
  adopted 11/12/2025; effective day unverified).

A programme is *in force* from the day its approving decision takes effect to the last day
of its period. :func:`check_programmes` reports a code that is not in the list, or that is not
in force on the case's request date (the request day, or the acceptance day when no request
is recorded): the validation rule ``PROGRAMME_NOT_IN_FORCE``. An entry whose dates are not
confirmed keeps answering, with its status ``unverified`` (never refused for it).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from types import MappingProxyType
from typing import Final

from attrs import frozen

from tgpl.errors import quote_value

__all__ = ["PROGRAMME_STATUSES", "TargetProgramme", "check_programmes", "programme", "programmes", "programmes_on"]

#: The statuses of an entry: confirmed, or not confirmed (still answering).
PROGRAMME_STATUSES: Final = ("verified", "unverified", "provisional")


@frozen
class TargetProgramme:
    """One national target programme: stable code, names, dates (inclusive), basis, status."""

    code: str
    name_vi: str
    name_en: str
    effective_from: dt.date
    effective_to: dt.date | None
    basis: str
    status: str = "verified"
    note: str = ""

    def __attrs_post_init__(self) -> None:
        if self.status not in PROGRAMME_STATUSES:
            raise ValueError(f"programme {self.code!r}: unknown status {self.status!r}")
        if self.effective_to is not None and self.effective_to < self.effective_from:
            raise ValueError(f"programme {self.code!r}: effective_to before effective_from")
        if not self.basis:
            raise ValueError(f"programme {self.code!r} needs its legal basis")

    def in_force(self, on: dt.date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)


def _parse(data: Mapping[str, object]) -> tuple[TargetProgramme, ...]:
    items = data.get("programmes")
    if data.get("schema") != "tgpl.programmes/1" or not isinstance(items, list):
        raise ValueError("target_programmes.json: expected schema tgpl.programmes/1 with a 'programmes' list")
    out: list[TargetProgramme] = []
    for i, p in enumerate(items):
        try:
            to = p.get("effective_to")
            out.append(TargetProgramme(
                p["code"], p["name_vi"], p["name_en"], dt.date.fromisoformat(p["effective_from"]),
                dt.date.fromisoformat(to) if to else None, p["basis"], p.get("status", "verified"), p.get("note", ""),
            ))
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(f"target_programmes.json: programmes[{i}]: {exc}") from None
    codes = [p.code for p in out]
    if len(set(codes)) != len(codes):
        raise ValueError("target_programmes.json: a programme code appears twice")
    return tuple(out)


@cache
def _load() -> tuple[TargetProgramme, ...]:
    text = resources.files("tgpl.rules").joinpath("data/target_programmes.json").read_text(encoding="utf-8")
    return _parse(json.loads(text))


def programmes() -> tuple[TargetProgramme, ...]:
    """Every programme of the list, in file order."""
    return _load()


@cache
def _by_code() -> Mapping[str, TargetProgramme]:
    return MappingProxyType({p.code: p for p in _load()})


def programme(code: str) -> TargetProgramme | None:
    """The programme with ``code``, or ``None`` when the list has no such code."""
    return _by_code().get(code)


def programmes_on(on: dt.date) -> tuple[TargetProgramme, ...]:
    """The programmes in force on ``on``."""
    return tuple(p for p in _load() if p.in_force(on))


def check_programmes(codes: Iterable[str], on: dt.date | None, *, day_vi: str = "ngày yêu cầu",
                     day_en: str = "the request date") -> list[tuple[int, str, str]]:
    """Problems of a record's programme codes: ``(index, Vietnamese, English)`` for each code
    not in the list, or not in force on ``on`` (``None``: not checked) — a case's request
    date, or an activity's day (``day_vi`` / ``day_en`` name which in the messages)."""
    out: list[tuple[int, str, str]] = []
    for i, code in enumerate(codes):
        p = programme(code)
        if p is None:
            # quote_value: a name or an ID number typed into the field is never echoed
            out.append((i, f"Mã chương trình mục tiêu quốc gia không có trong danh mục: {quote_value(code)}",
                        f"programme code {quote_value(code)} is not in the list of national target programmes"))
        elif on is not None and not p.in_force(on):
            until = p.effective_to.strftime("%d/%m/%Y") if p.effective_to else "nay"
            out.append((i, f"Chương trình “{p.name_vi}” không có hiệu lực vào {day_vi} {on.strftime('%d/%m/%Y')} "
                           f"(từ {p.effective_from.strftime('%d/%m/%Y')} đến {until})",
                        f"programme {code!r} is not in force on {day_en} {on.isoformat()} "
                        f"({p.effective_from.isoformat()} – {p.effective_to.isoformat() if p.effective_to else '…'})"))
    return out
