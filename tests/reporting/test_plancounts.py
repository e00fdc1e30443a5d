"""Counting hearings attended and national target programmes (tgpl.reporting.plancounts):
the counting rules on hand-made cases, the Python fold against an independent count on
generated cases, and old tally files."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tgpl.domain import (
    VN_TZ,
    Accepted,
    Beneficiary,
    Case,
    Ended,
    EndKind,
    Event,
    FileCode,
    Form,
    HearingAttended,
    HearingMode,
    LegalField,
    ProviderAssigned,
    ProviderKind,
    RequestReceived,
    TrialInstance,
    UnitRef,
    at_vn,
)
from tgpl.reporting import Tally, aggregate_one, compute_indicators, year
from tgpl.reporting.indicators import BUILTIN_RATIOS, BUILTIN_RELATIONS
from tgpl.reporting.tally import TABLES
from tgpl.testing.strategies import cases

UNIT = UnitRef.parse("2004:06")
Y = year(2023)
V1 = Path(__file__).parent / "data" / "tally-v1-2022.json"


def on(day: str, hour: int = 9) -> dt.datetime:
    return at_vn(dt.date.fromisoformat(day), hour)


def lit(seq: int, *events: Event, programmes: tuple[str, ...] = ()) -> Case:
    start = (RequestReceived(on=on("2022-11-01")), Accepted(on=on("2022-11-02")),
             ProviderAssigned(on=on("2022-11-03"), provider_id="NTH-1", provider_kind=ProviderKind.TGV))
    return Case(code=FileCode("TT", Form.LITIGATION, seq, 2022), organisation="o", unit=UNIT, form=Form.LITIGATION,
                field=LegalField.CRIMINAL, beneficiaries=(Beneficiary("p"),), programmes=programmes,
                events=start + events)


def test_hearings_are_counted_by_mode_and_level_and_cases_once() -> None:
    a = lit(1, HearingAttended(on=on("2022-12-20"), mode=HearingMode.IN_PERSON),  # before the window
            HearingAttended(on=on("2023-02-01"), mode=HearingMode.ONLINE, instance=TrialInstance.FIRST_INSTANCE),
            HearingAttended(on=on("2023-05-01"), mode=HearingMode.IN_PERSON, instance=TrialInstance.APPEAL))
    b = lit(2, HearingAttended(on=on("2023-03-01"), mode=HearingMode.IN_PERSON))
    c = lit(3)
    t = aggregate_one([a, b, c], Y)
    v = compute_indicators(t)
    assert (v["hearings.attended"], v["hearings.attended.online"], v["hearings.attended.in_person"]) == (3, 1, 2)
    assert (v["hearings.attended.first_instance"], v["hearings.attended.appeal"]) == (1, 1)
    assert (v["hearings.cases"], v["hearings.cases_online"]) == (2, 1)
    assert v["hearings.online_share"] == 100 / 3
    assert v["hearings.cases_online_share"] == 50.0
    assert t.breakdown("hearing", ["instance"]) == {("first_instance",): 1, ("appeal",): 1, ("unknown",): 1}
    # a window holding only the 2022 hearing
    v22 = compute_indicators(aggregate_one([a, b, c], year(2022)))
    assert (v22["hearings.attended"], v22["hearings.cases"], v22["hearings.cases_online"]) == (1, 1, 0)
    assert v22["hearings.online_share"] == 0.0
    assert compute_indicators(aggregate_one([c], Y))["hearings.online_share"] is None


def test_programmes_count_cases_accepted_and_ended_in_the_window_once_per_programme() -> None:
    both = ("ntp_poverty_2021_2025", "ntp_ethnic_minority_2021_2025")
    carried = lit(1, Ended(on=on("2023-03-01"), outcome=EndKind.COMPLETED), programmes=both)
    new = Case(code=FileCode("TT", Form.ADVICE, 2, 2023), organisation="o", unit=UNIT, form=Form.ADVICE,
               field=LegalField.CIVIL, beneficiaries=(Beneficiary("p"),),
               programmes=("ntp_poverty_2021_2025", "ntp_poverty_2021_2025"),
               events=(RequestReceived(on=on("2023-04-01")), Accepted(on=on("2023-04-01", 10))))
    v = compute_indicators(aggregate_one([carried, new], Y))
    assert (v["programmes.ntp_poverty_2021_2025.accepted"], v["programmes.ntp_poverty_2021_2025.ended"]) == (1, 1)
    assert (v["programmes.ntp_ethnic_minority_2021_2025.accepted"], v["programmes.ntp_ethnic_minority_2021_2025.ended"]) == (0, 1)
    assert v["programmes.ntp_new_rural_2021_2025.accepted"] == 0
    for rel in BUILTIN_RELATIONS:
        if all(n in v for n in rel.names):
            assert rel.holds({n: int(v[n] or 0) for n in rel.names}), rel


def _day(e: Event) -> dt.date:
    return e.on.astimezone(VN_TZ).date()


@given(st.lists(cases(start=dt.date(2021, 6, 1), end=dt.date(2023, 12, 31)), min_size=1, max_size=8),
       st.integers(2021, 2024))
@settings(max_examples=40, deadline=None)
def test_the_fold_counts_what_the_events_say(records: list[Case], y: int) -> None:
    seen: set[str] = set()
    records = [c for c in records if not (c.id in seen or seen.add(c.id))]  # type: ignore[func-returns-value]
    w = year(y)
    t = aggregate_one(records, w)
    inside = [[e for e in c.events if isinstance(e, HearingAttended) and w.start <= _day(e) <= w.end] for c in records]
    assert t.count("hearing") == sum(map(len, inside))
    assert t.count("hearing", mode="online") == sum(e.mode is HearingMode.ONLINE for h in inside for e in h)
    assert t.count("hearing_case") == sum(1 for h in inside if h)
    assert t.count("hearing_case", online="yes") == sum(1 for h in inside if any(e.mode is HearingMode.ONLINE for e in h))
    for code in {p for c in records for p in c.programmes}:
        accepted = sum(1 for c in records if code in c.programmes
                       and any(isinstance(e, Accepted) and w.start <= _day(e) <= w.end for e in c.events))
        ended = sum(1 for c in records if code in c.programmes
                    and any(isinstance(e, Ended) and w.start <= _day(e) <= w.end for e in c.events))
        assert t.count("programme", programme=code, measure="accepted") == accepted
        assert t.count("programme", programme=code, measure="ended") == ended
    v = compute_indicators(t)
    for rel in BUILTIN_RELATIONS:
        if all(n in v for n in rel.names):
            assert rel.holds({n: int(v[n] or 0) for n in rel.names}), rel


def test_the_tables_and_shares_are_declared() -> None:
    assert TABLES["hearing"] == ("mode", "instance", "field", "unit")
    assert TABLES["hearing_case"] == ("online", "field", "unit")
    assert TABLES["programme"] == ("programme", "measure", "form", "field", "unit")
    assert {"hearings.online_share", "hearings.cases_online_share"} <= {r.code for r in BUILTIN_RATIOS}


def test_a_v1_tally_file_loads_with_no_hearings_and_no_programmes() -> None:
    doc = json.loads(V1.read_text(encoding="utf-8"))
    assert doc["schema"] == "tgpl.tally/1"
    t = Tally.from_json(doc)
    assert (t.count("hearing"), t.count("hearing_case"), t.count("programme")) == (0, 0, 0)
    v = compute_indicators(t)
    assert v["hearings.cases"] == 0
    assert v["hearings.online_share"] is None
    # and the current schema round-trips the new tables
    a = aggregate_one([lit(1, HearingAttended(on=on("2023-02-01"), mode=HearingMode.ONLINE),
                           programmes=("ntp_poverty_2021_2025",))], Y)
    assert Tally.from_json(json.loads(json.dumps(a.to_json()))) == a
    assert a.count("hearing_case", online="yes") == 1


def test_outreach_sessions_and_mobile_trips_count_per_programme() -> None:
    from tgpl.domain import MobileTrip, OutreachSession

    common = {"organisation": "o", "unit": UNIT}
    recs = [
        OutreachSession(id="TT-1", on=dt.date(2023, 3, 1), commune="xã A", programmes=("ntp_poverty_2021_2025",), **common),
        OutreachSession(id="TT-2", on=dt.date(2023, 3, 2), commune="xã A", **common),
        MobileTrip(id="LD-1", on=dt.date(2023, 4, 1), communes=("xã B",),
                   programmes=("ntp_poverty_2021_2025", "ntp_ethnic_minority_2021_2025", "ntp_poverty_2021_2025"), **common),
        MobileTrip(id="LD-2", on=dt.date(2022, 12, 31), programmes=("ntp_poverty_2021_2025",), **common),  # before the window
    ]
    v = compute_indicators(aggregate_one(recs, Y))
    assert v["programmes.ntp_poverty_2021_2025.outreach_sessions"] == 1
    assert v["programmes.ntp_poverty_2021_2025.mobile_trips"] == 1
    assert v["programmes.ntp_ethnic_minority_2021_2025.mobile_trips"] == 1
    assert v["programmes.ntp_ethnic_minority_2021_2025.outreach_sessions"] == 0
    assert (v["outreach.sessions"], v["mobile.trips"]) == (2, 1)
    for rel in BUILTIN_RELATIONS:
        if all(n in v for n in rel.names):
            assert rel.holds({n: int(v[n] or 0) for n in rel.names}), rel
