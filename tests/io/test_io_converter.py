"""The tgpl converter: wire format of each kind of value, strictness, error paths."""

from __future__ import annotations

import copy
import datetime as dt
from typing import Any

import cattrs
import pytest

from tgpl.domain import (
    VN_TZ,
    Accepted,
    AppraisalRecorded,
    Beneficiary,
    Case,
    Ended,
    EndKind,
    FileCode,
    Form,
    Group,
    LegalField,
    ProcedureRole,
    QualityReview,
    Reception,
    RequestReceived,
    ReviewerLevel,
    Sex,
    Training,
    Tri,
    Trigger,
    UnitRef,
    UnitScheme,
    at_vn,
)
from tgpl.errors import InvalidRecordError, UnknownCodeError
from tgpl.io.converter import CONVERTER, format_path, make_converter, structure, unstructure


def _case(**kw: Any) -> Case:
    base: dict[str, Any] = {
        "code": FileCode("TT", Form.LITIGATION, 1, 2022),
        "organisation": "STP-06-TT",
        "unit": UnitRef(UnitScheme.P2004, "06"),
        "form": Form.LITIGATION,
        "field": LegalField.CRIMINAL,
        "beneficiaries": (Beneficiary("B1", sex=Sex.FEMALE, groups=frozenset({Group.CHILD, Group.POOR_HOUSEHOLD}),
                                      name="Nguyễn Thị A", id_number="001234567890"),),
        "role": ProcedureRole.DEFENCE_COUNSEL,
        "events": (
            RequestReceived(on=at_vn(dt.date(2022, 3, 1), 8, 30)),
            Accepted(on=at_vn(dt.date(2022, 3, 1), 9)),
            AppraisalRecorded(on=at_vn(dt.date(2022, 6, 1), 9),
                              review=QualityReview("R1", ReviewerLevel.ORGANISATION, Trigger.PLAN, scores={"1a": 3, "2đ": 5})),
            Ended(on=at_vn(dt.date(2022, 5, 1), 16), outcome=EndKind.COMPLETED),
        ),
    }
    base.update(kw)
    return Case(**base)


def _fails(data: Any, cls: type[Any] = Case) -> InvalidRecordError:
    with pytest.raises(InvalidRecordError) as info:
        structure(data, cls)
    return info.value


def test_converter_is_tgpls_own() -> None:
    assert CONVERTER is not cattrs.global_converter
    assert make_converter() is not CONVERTER


def test_wire_format_of_a_case() -> None:
    d = unstructure(_case())
    assert d["code"] == "TT.TGTT.01.2022"
    assert d["unit"] == "2004:06"
    assert d["form"] == "litigation"
    assert type(d["form"]) is str  # a plain string, not the enum member
    assert d["beneficiaries"][0]["groups"] == ["cl2_poor_household", "cl3_child"]  # sorted
    assert d["events"][0] == {"type": "request_received", "on": "2022-03-01T08:30:00+07:00"}
    assert d["events"][2]["review"]["scores"] == {"1a": 3, "2đ": 5}
    # defaults are omitted: source is UNKNOWN, sex given, ethnic_minority UNKNOWN
    assert "source" not in d
    assert "ethnic_minority" not in d["beneficiaries"][0]
    assert "immediate" not in d["events"][1]


def test_full_converter_keeps_defaults() -> None:
    d = make_converter(omit_defaults=False).unstructure(_case())
    assert d["source"] == "unknown"
    assert d["beneficiaries"][0]["ethnic_minority"] == "unknown"
    assert structure(d, Case) == _case()


def test_sensitive_fields_kept_by_default_and_dropped_on_request() -> None:
    b = unstructure(_case())["beneficiaries"][0]
    assert b["name"] == "Nguyễn Thị A"
    assert b["id_number"] == "001234567890"
    redacted = unstructure(_case(), include_sensitive=False)["beneficiaries"][0]
    assert "name" not in redacted
    assert "id_number" not in redacted
    assert redacted["id"] == "B1"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2022-03-01T08:30:00+07:00", dt.datetime(2022, 3, 1, 8, 30, tzinfo=VN_TZ)),
        ("2022-03-01T01:30:00+00:00", dt.datetime(2022, 3, 1, 8, 30, tzinfo=VN_TZ)),
        ("2022-03-01T01:30:00Z", dt.datetime(2022, 3, 1, 8, 30, tzinfo=VN_TZ)),
        ("2022-03-01T08:30:00", dt.datetime(2022, 3, 1, 8, 30, tzinfo=VN_TZ)),  # naive → +07:00
        ("2022-03-01", dt.datetime(2022, 3, 1, 0, 0, tzinfo=VN_TZ)),  # bare date → midnight +07:00
    ],
)
def test_datetimes_are_aware_and_naive_means_vietnam(text: str, expected: dt.datetime) -> None:
    t = CONVERTER.structure(text, dt.datetime)
    assert t == expected
    assert t.utcoffset() is not None


def test_offset_is_preserved() -> None:
    t = CONVERTER.structure("2022-03-01T01:30:00+00:00", dt.datetime)
    assert t.utcoffset() == dt.timedelta(0)
    assert CONVERTER.unstructure(t) == "2022-03-01T01:30:00+00:00"


def test_naive_datetime_is_not_written() -> None:
    with pytest.raises(InvalidRecordError):
        CONVERTER.unstructure(dt.datetime(2022, 3, 1, 8, 30))


@pytest.mark.parametrize(("value", "expected"), [(True, Tri.YES), (False, Tri.NO), (None, Tri.UNKNOWN),
                                                 ("yes", Tri.YES), ("unknown", Tri.UNKNOWN)])
def test_tri_reads_json_booleans_and_null(value: object, expected: Tri) -> None:
    b = structure({"id": "B1", "ethnic_minority": value}, Beneficiary)
    assert b.ethnic_minority is expected


@pytest.mark.parametrize(
    ("patch", "path", "error"),
    [
        (lambda d: d["events"][1].__setitem__("on", "2022-13-45"), "$.events[1].on", InvalidRecordError),
        (lambda d: d["beneficiaries"][0].__setitem__("sex", "x"), "$.beneficiaries[0].sex", UnknownCodeError),
        (lambda d: d["beneficiaries"][0].__setitem__("groups", ["cl3_child", "nope"]), "$.beneficiaries[0].groups[1]", UnknownCodeError),
        (lambda d: d.__setitem__("unit", "2004:03"), "$.unit", UnknownCodeError),
        (lambda d: d.__setitem__("unit", "06"), "$.unit", UnknownCodeError),
        (lambda d: d.__setitem__("code", "TT.XX.01.2022"), "$.code", InvalidRecordError),
        (lambda d: d.pop("organisation"), "$.organisation", InvalidRecordError),
        (lambda d: d.__setitem__("organisaton", "typo"), "$.organisaton", InvalidRecordError),
        (lambda d: d["events"][2]["review"]["scores"].__setitem__("1b", "3"), '$.events[2].review.scores["1b"]', InvalidRecordError),
        (lambda d: d["events"][2]["review"].__setitem__("art6_violation", "false"), "$.events[2].review.art6_violation", InvalidRecordError),
        (lambda d: d["events"][0].__setitem__("type", "teleported"), "$.events[0].type", UnknownCodeError),
        (lambda d: d["events"][0].pop("type"), "$.events[0].type", InvalidRecordError),
        (lambda d: d["events"].__setitem__(3, "ended"), "$.events[3]", InvalidRecordError),
        (lambda d: d["events"][1].__setitem__("immediate", True), "$.events[1]", InvalidRecordError),
        (lambda d: d["beneficiaries"][0].__setitem__("birth_year", 1700), "$.beneficiaries[0].birth_year", InvalidRecordError),
        (lambda d: d.__setitem__("beneficiaries", []), "$.beneficiaries", InvalidRecordError),
        (lambda d: d.__setitem__("beneficiaries", "B1"), "$.beneficiaries", InvalidRecordError),
        (lambda d: d.__setitem__("form", "advice"), "$", InvalidRecordError),
    ],
)
def test_errors_name_the_field_path(patch: Any, path: str, error: type[InvalidRecordError]) -> None:
    d = copy.deepcopy(unstructure(_case()))
    patch(d)
    err = _fails(d)
    assert err.path == path, err
    assert isinstance(err, error)


def test_several_problems_are_all_listed_in_the_message() -> None:
    d = copy.deepcopy(unstructure(_case()))
    d["events"][1]["on"] = "bad"
    d["beneficiaries"][0]["sex"] = 1
    err = _fails(d)
    assert err.path == "$.beneficiaries[0].sex"
    assert "1 more" in err.message
    assert "$.events[1].on" in err.message


@pytest.mark.parametrize(
    ("field", "value"),
    [("persons", "3"), ("persons", 3.0), ("persons", True), ("hours", "2"), ("hours", None)],
)
def test_numbers_are_not_coerced(field: str, value: object) -> None:
    d = {"id": "A1", "on": "2022-03-01", "organisation": "o", "unit": "2004:06", field: value}
    cls: type[Any] = Training if field == "hours" else Reception
    err = _fails(d, cls)
    assert err.path == f"$.{field}"


def test_strings_are_not_coerced_and_values_are_not_echoed() -> None:
    err = _fails({"id": "B1", "name": 123456789012}, Beneficiary)
    assert err.path == "$.name"
    assert "123456789012" not in str(err)


def test_integer_hours_are_read_as_float() -> None:
    t = structure({"id": "A1", "on": "2022-03-01", "organisation": "o", "unit": "2004:06", "hours": 8}, Training)
    assert t.hours == 8.0
    assert isinstance(t.hours, float)


def test_non_finite_float_is_refused_on_write() -> None:
    training = Training(id="A", on=dt.date(2022, 1, 1), organisation="o", unit=UnitRef(UnitScheme.P2004, "06"))
    object.__setattr__(training, "hours", float("inf"))  # past the bound the constructor checks
    with pytest.raises(InvalidRecordError):
        unstructure(training)


@pytest.mark.parametrize(("parts", "text"), [([], "$"), (["events", 3, "on"], "$.events[3].on"),
                                             (["scores", "2đ"], '$.scores["2đ"]')])
def test_format_path(parts: list[str | int], text: str) -> None:
    assert format_path(parts) == text
