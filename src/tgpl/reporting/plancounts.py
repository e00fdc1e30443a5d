"""What the plans ask to count: hearings attended and national target programmes.

Provincial legal aid plans ask providers to take part in online hearings "where the conditions
are met" (Nghị quyết 33/2021/QH15; Thông tư liên tịch 05/2021/TTLT-TANDTC-VKSNDTC-BCA-BQP-BTP)
and to carry out legal aid in the national target programmes (:mod:`tgpl.rules.programmes`).
This module holds the counting rules of both, stated twice side by side as everywhere in
tgpl: the Python fold (:func:`hearing_keys`, :func:`programme_keys`, called by
:func:`tgpl.reporting.aggregate.aggregate`) is the definition, and the engine's SQL
(:data:`HEARING_KEYS_SQL`, :data:`PROGRAMME_KEYS_SQL`, spliced into
:data:`tgpl.reporting.engine.KEYS_SQL`) says the same. The indicators, relations and ratios
built on the three tally tables are here too (:func:`indicators`, :func:`relations`,
:func:`ratios`), added to the built-ins by :mod:`tgpl.reporting.indicators`.

Counting rules (``docs/statistics.md``):

* ``hearing`` — every :class:`~tgpl.domain.HearingAttended` event dated in the window, by mode
  (in person / online), hearing level (first instance / appeal, ``"unknown"`` when not
  recorded), the case's legal field and unit;
* ``hearing_case`` — every case with at least one hearing dated in the window, once, by
  whether one of them was online (``"yes"`` / ``"no"``);
* ``programme_activity`` — every outreach session and mobile trip dated in the window, once for
  each distinct programme code it carries (activities are folded in Python only);
* ``programme`` — every case accepted in the window (``"accepted"``) and every case ended in it
  (``"ended"``, whatever the outcome), once for each distinct programme code it carries: a case
  under two programmes counts in each, so the programmes do not add up to the cases.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import TYPE_CHECKING, Final

from tgpl.domain import HearingMode, TrialInstance

if TYPE_CHECKING:
    from tgpl.reporting.indicators import Indicator, IndicatorValue
    from tgpl.reporting.relations import Ratio, Relation
    from tgpl.reporting.tally import Tally

__all__ = [
    "HEARING_KEYS_SQL",
    "PROGRAMME_KEYS_SQL",
    "UNKNOWN_INSTANCE",
    "hearing_keys",
    "indicators",
    "programme_activity_keys",
    "programme_keys",
    "ratios",
    "relations",
]

#: The hearing level of a hearing that does not record it.
UNKNOWN_INSTANCE: Final = "unknown"
_ONLINE: Final = HearingMode.ONLINE.value


def hearing_keys(hearings: Sequence[tuple[dt.date, str, str]], start: dt.date, end: dt.date,
                 fld: str, unit: str) -> Iterator[tuple[str, ...]]:
    """The ``hearing`` and ``hearing_case`` counter keys of one case in a window, from its
    hearings as ``(day, mode, level)``."""
    online: bool | None = None
    for day, mode, level in hearings:
        if start <= day <= end:
            yield ("hearing", mode, level, fld, unit)
            online = bool(online) or mode == _ONLINE
    if online is not None:
        yield ("hearing_case", "yes" if online else "no", fld, unit)


def programme_keys(codes: Iterable[str], accepted: dt.date | None, ended: dt.date | None,
                   start: dt.date, end: dt.date, form: str, fld: str, unit: str) -> Iterator[tuple[str, ...]]:
    """The ``programme`` counter keys of one case in a window: accepted and ended in it, for
    each distinct programme code."""
    for code in sorted(set(codes)):
        if accepted is not None and start <= accepted <= end:
            yield ("programme", code, "accepted", form, fld, unit)
        if ended is not None and start <= ended <= end:
            yield ("programme", code, "ended", form, fld, unit)


def programme_activity_keys(codes: Iterable[str], activity: str, unit: str) -> Iterator[tuple[str, ...]]:
    """The ``programme_activity`` counter keys of one outreach session or mobile trip in a
    window (``activity``: ``outreach_sessions`` or ``mobile_trips``), once per distinct code.
    Activities are folded in Python only (the engine hands them to the precise reader)."""
    for code in sorted(set(codes)):
        yield ("programme_activity", code, activity, unit)


def _q(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


#: :func:`hearing_keys` in the engine: ``hears`` are the case's hearing events (``{d, i}``).
HEARING_KEYS_SQL: Final = f"""
        -- hearings attended in the window, and the cases with one (tgpl.reporting.plancounts.hearing_keys)
        list_transform(list_filter(hears, lambda h: h.d BETWEEN w.s AND w.e),
            lambda h: [w.n, 'hearing', c.events[h.i].mode, coalesce(c.events[h.i].instance, {_q(UNKNOWN_INSTANCE)}), fld, unit]),
        list_transform(list_filter([list_filter(hears, lambda h: h.d BETWEEN w.s AND w.e)], lambda hs: len(hs) > 0),
            lambda hs: [w.n, 'hearing_case', CASE WHEN list_bool_or(list_transform(hs, lambda h: c.events[h.i].mode = {_q(_ONLINE)}))
                                                  THEN 'yes' ELSE 'no' END, fld, unit]),"""

#: :func:`programme_keys` in the engine: ``progs`` are the case's distinct programme codes.
PROGRAMME_KEYS_SQL: Final = """
        -- cases accepted / ended in the window, per national target programme (tgpl.reporting.plancounts.programme_keys)
        list_transform(CASE WHEN acc IS NOT NULL AND acc.d BETWEEN w.s AND w.e THEN progs ELSE [] END,
            lambda p: [w.n, 'programme', p, 'accepted', form, fld, unit]),
        list_transform(CASE WHEN en IS NOT NULL AND en.d BETWEEN w.s AND w.e THEN progs ELSE [] END,
            lambda p: [w.n, 'programme', p, 'ended', form, fld, unit]),"""

#: The columns the two fragments read, for the engine's per-case subquery.
FACTS_SQL: Final = ("list_filter(ev, lambda x: x.t = 'hearing_attended') AS hears, "
                    "list_sort(list_distinct(coalesce(c.programmes, []))) AS progs")
__all__ += ["FACTS_SQL"]


# -- indicators ---------------------------------------------------------------------------------

_NQ33 = "NQ 33/2021/QH15 (from 01/01/2022); TTLT 05/2021/TTLT-TANDTC-VKSNDTC-BCA-BQP-BTP"


def _count(table: str, **where: str) -> Callable[[Tally], IndicatorValue]:
    def compute(t: Tally) -> IndicatorValue:
        return t.count(table, **where)

    return compute


def _share(num: Callable[[Tally], IndicatorValue], den: Callable[[Tally], IndicatorValue]) -> Callable[[Tally], IndicatorValue]:
    # The built-in indicators' share (imported here: tgpl.reporting.indicators imports this module).
    from tgpl.reporting.indicators import _share as share

    return share(num, den)


def indicators() -> list[Indicator]:
    """The hearing and programme indicators, in documentation order."""
    from tgpl.reporting.indicators import Indicator
    from tgpl.rules.programmes import programmes

    out: list[Indicator] = []
    add = out.append
    add(Indicator("hearings.attended", "Số lượt tham gia phiên tòa trong kỳ", "Hearings attended in the window",
                  "phiên tòa", _count("hearing"), f"HearingAttended events dated in the window; Law Art 31 cl. 1; {_NQ33}"))
    for mode in HearingMode:
        add(Indicator(f"hearings.attended.{mode.value}", f"Số lượt tham gia phiên tòa trong kỳ — {mode.label_vi.lower()}",
                      f"Hearings attended in the window: {mode.label_en.lower()}", "phiên tòa",
                      _count("hearing", mode=mode.value), f"HearingAttended.mode; {mode.basis}"))
    for level in TrialInstance:
        add(Indicator(f"hearings.attended.{level.value}", f"Số lượt tham gia phiên tòa {level.label_vi.lower()} trong kỳ",
                      f"Hearings attended in the window: {level.label_en.lower()}", "phiên tòa",
                      _count("hearing", instance=level.value), "HearingAttended.instance; hearings of unrecorded level in neither"))
    add(Indicator("hearings.online_share", "Tỷ lệ phiên tòa trực tuyến trong số phiên tòa đã tham gia",
                  "Share of hearings attended that were online", "%",
                  _share(_count("hearing", mode=_ONLINE), _count("hearing")), f"ratio of merged counts; {_NQ33}"))
    add(Indicator("hearings.cases", "Số vụ việc tham gia tố tụng có tham gia phiên tòa trong kỳ",
                  "Litigation cases with a hearing attended in the window", "vụ việc", _count("hearing_case"),
                  "a case with at least one HearingAttended event dated in the window, once; Law Art 31 cl. 1"))
    add(Indicator("hearings.cases_online", "Số vụ việc tham gia tố tụng có tham gia phiên tòa trực tuyến trong kỳ",
                  "Litigation cases with an online hearing attended in the window", "vụ việc",
                  _count("hearing_case", online="yes"), f"a case with at least one online hearing dated in the window, once; {_NQ33}"))
    add(Indicator("hearings.cases_online_share", "Tỷ lệ vụ việc có phiên tòa trực tuyến trong số vụ việc có tham gia phiên tòa",
                  "Share of cases with a hearing attended that had an online one", "%",
                  _share(_count("hearing_case", online="yes"), _count("hearing_case")), f"ratio of merged counts; {_NQ33}"))
    for p in programmes():
        flag = "" if p.status == "verified" else f" ({p.status})"
        add(Indicator(f"programmes.{p.code}.accepted", f"Số vụ việc thụ lý trong kỳ thuộc {p.name_vi}",
                      f"Cases accepted in the window under the {p.name_en}", "vụ việc",
                      _count("programme", programme=p.code, measure="accepted"), f"Case.programmes; {p.basis}{flag}"))
        add(Indicator(f"programmes.{p.code}.ended", f"Số vụ việc kết thúc trong kỳ thuộc {p.name_vi}",
                      f"Cases ended in the window under the {p.name_en}", "vụ việc",
                      _count("programme", programme=p.code, measure="ended"), f"Case.programmes; {p.basis}{flag}"))
        add(Indicator(f"programmes.{p.code}.outreach_sessions", f"Số điểm (buổi) truyền thông về TGPL thuộc {p.name_vi}",
                      f"Communication sessions under the {p.name_en}", "buổi",
                      _count("programme_activity", programme=p.code, activity="outreach_sessions"),
                      f"OutreachSession.programmes; {p.basis}{flag}"))
        add(Indicator(f"programmes.{p.code}.mobile_trips", f"Số đợt trợ giúp pháp lý lưu động thuộc {p.name_vi}",
                      f"Mobile legal aid trips under the {p.name_en}", "đợt",
                      _count("programme_activity", programme=p.code, activity="mobile_trips"),
                      f"MobileTrip.programmes; {p.basis}{flag}"))
    return out


def relations() -> list[Relation]:
    """How the hearing and programme indicators tie to each other and to the case counts."""
    from tgpl.reporting.relations import Relation
    from tgpl.rules.programmes import programmes

    out = [
        Relation("hearings.attended", tuple(f"hearings.attended.{m.value}" for m in HearingMode), "=",
                 "one mode per hearing"),
        Relation("hearings.attended", tuple(f"hearings.attended.{i.value}" for i in TrialInstance), ">=",
                 "one level per hearing, or none recorded"),
        Relation("hearings.attended", ("hearings.cases",), ">=", "a case counted has at least one hearing in the window"),
        Relation("hearings.attended.online", ("hearings.cases_online",), ">=", "a case counted online has an online hearing"),
        Relation("hearings.cases", ("hearings.cases_online",), ">=", "the online cases are some of the cases"),
        Relation("cases.handled.litigation", ("hearings.cases",), ">=",
                 "hearings are attended while a provider handles a litigation case (the lifecycle)"),
    ]
    for p in programmes():
        for m in ("accepted", "ended"):
            out.append(Relation(f"cases.{m}", (f"programmes.{p.code}.{m}",), ">=",
                                "a case under a programme is one of the cases"))
        out.append(Relation("outreach.sessions", (f"programmes.{p.code}.outreach_sessions",), ">=",
                            "a session under a programme is one of the sessions"))
        out.append(Relation("mobile.trips", (f"programmes.{p.code}.mobile_trips",), ">=",
                            "a trip under a programme is one of the trips"))
    return out


def ratios() -> list[Ratio]:
    """The shares of this module, as ratios of merged counts."""
    from tgpl.reporting.relations import Ratio

    return [
        Ratio("hearings.online_share", ("hearings.attended.online",), ("hearings.attended",), basis=_NQ33),
        Ratio("hearings.cases_online_share", ("hearings.cases_online",), ("hearings.cases",), basis=_NQ33),
    ]
