"""Round-trip properties: writing then reading gives back the same values (lossless)."""

from __future__ import annotations

import io
from typing import Any, cast

import attrs
from hypothesis import given
from hypothesis import strategies as st
from strategies_io import activities, beneficiaries, cases, event_of_kind, events

from tgpl.domain import EVENT_TYPES, Beneficiary, Case, is_sensitive
from tgpl.domain.events import Event
from tgpl.io import codec
from tgpl.io.converter import make_converter, structure, unstructure
from tgpl.io.jsonl import from_dict, read_jsonl, to_dict, write_jsonl

_FULL = make_converter(omit_defaults=False)


@given(cases())
def test_case_round_trip(case: Case) -> None:
    d = to_dict(case)
    back = from_dict(d)
    assert back == case
    # Serialising again gives the same dict: offsets, order of sets, omitted defaults are stable.
    assert to_dict(back) == d
    # Through JSON text, with orjson (when installed) and with the stdlib fallback.
    assert from_dict(codec.loads(codec.dumps(d))) == case
    assert from_dict(codec.stdlib_loads(codec.stdlib_dumps(d))) == case
    # Writing every default explicitly reads back the same too.
    assert structure(_FULL.unstructure(case), Case) == case
    _check_redacted(case)


def _check_redacted(case: Case) -> None:
    """Without personal data, everything else survives and the names read back as None."""
    d = to_dict(case, include_sensitive=False)
    for b in d["beneficiaries"]:
        assert "name" not in b
        assert "id_number" not in b
    back = from_dict(d)
    assert isinstance(back, Case)
    assert all(b.name is None and b.id_number is None for b in back.beneficiaries)
    assert back.events == case.events
    assert [_public(b) for b in back.beneficiaries] == [_public(b) for b in case.beneficiaries]


@given(beneficiaries())
def test_beneficiary_round_trip(b: Beneficiary) -> None:
    assert structure(unstructure(b), Beneficiary) == b


@given(st.sampled_from(sorted(EVENT_TYPES)).flatmap(lambda k: st.tuples(st.just(k), event_of_kind(k))))
def test_every_event_kind_round_trips_with_its_tag(kind_and_event: tuple[str, Event]) -> None:
    kind, event = kind_and_event
    d = unstructure(event, include_sensitive=True)
    assert d["type"] == kind
    assert list(d)[:2] == ["type", "on"]
    assert cast(Event, structure(d, Event)) == event  # type: ignore[arg-type]


@given(events)
def test_event_times_stay_aware_and_keep_their_offset(event: Event) -> None:
    back = cast(Event, structure(unstructure(event), Event))  # type: ignore[arg-type]
    assert back.on.utcoffset() == event.on.utcoffset()


@given(activities)
def test_activity_round_trip(activity: Any) -> None:
    d = to_dict(activity)
    assert d["schema"] == type(activity).schema
    assert from_dict(d) == activity
    assert from_dict(codec.loads(codec.dumps(d))) == activity


@given(st.lists(cases(max_events=2) | activities, max_size=4))
def test_jsonl_file_round_trip(records: list[Any]) -> None:
    buf = io.BytesIO()
    assert write_jsonl(records, buf) == len(records)
    buf.seek(0)
    stream = read_jsonl(buf)
    assert list(stream) == records
    assert stream.errors == []


def _public(b: Beneficiary) -> dict[str, Any]:
    return {a.name: getattr(b, a.name) for a in attrs.fields(Beneficiary) if not is_sensitive(a)}
