"""Hypothesis strategies for hostile and broken input (dữ liệu hỏng, dữ liệu xấu).

Private to ``tests/fuzz``. Three families:

* **valid records** — drawn from a pool the seeded demo generator builds once (cheap to
  draw, realistic, every record kind), and *odd cases*: structurally valid cases that are
  semantically strange (shuffled histories, random event kinds, moments at the edges of
  the datetime range, far-future dates, forms and providers that do not fit), for the
  validators;
* **mutants** — a valid record's dict with exactly one mutation (a deleted key, a value
  of another JSON type, an unknown key, a corrupted date, a near-miss code, a truncated
  line, a byte flipped to ``0xff``, a NUL byte). Each says whether the line is *certainly*
  invalid; for the others the tests ask :func:`tgpl.io.from_dict` independently;
* **garbage lines** — lines that are certainly not a record: non-object JSON, random
  bytes, invalid UTF-8, ``NaN``, deep nesting, objects without a known schema tag.

:func:`jsonl_files` interleaves them into one file with optional BOM, CRLF line endings,
blank lines and a missing final newline, and remembers what each line is.
"""

from __future__ import annotations

import datetime as dt
import enum
import json
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any, Final
from unittest import mock

import attrs
from attrs import frozen
from hypothesis import strategies as st

import tgpl.domain as _domain
from tgpl.demo import DEMO_PROVINCE, generate
from tgpl.domain import (
    EVENT_TYPES,
    VN_TZ,
    Accepted,
    AdviceDeadlineExtended,
    AdviceGiven,
    AppraisalRecorded,
    Archived,
    Beneficiary,
    Case,
    ChangeGround,
    ComplaintDecided,
    ComplaintLevel,
    ComplaintLodged,
    ComplaintSubject,
    Ended,
    EndKind,
    EvaluationRecorded,
    Event,
    FileHandedOver,
    Form,
    Group,
    ImmediateReason,
    NotContinuedGround,
    PersonRole,
    ProcedureRole,
    ProofSupplied,
    ProviderAssigned,
    ProviderChanged,
    ProviderChangeRequested,
    ProviderKind,
    QualityReview,
    RefusalGround,
    Refused,
    RegistrationRefusal,
    RegistrationRefused,
    RequestReceived,
    ReviewerLevel,
    SuccessAssessed,
    TransferReason,
    Transferred,
    Trigger,
)
from tgpl.io import codec
from tgpl.io.jsonl import to_dict
from tgpl.io.records import RECORD_TYPES, Record

__all__ = [
    "BACKENDS",
    "BAD_DATES",
    "CASE_POOL",
    "EDGE_MOMENTS",
    "OUT_OF_RANGE_MOMENTS",
    "POOL",
    "FuzzFile",
    "FuzzLine",
    "Mutant",
    "backend",
    "case_batches",
    "garbage_lines",
    "json_values",
    "jsonl_files",
    "moments",
    "mutants",
    "odd_cases",
    "positions",
    "valid_records",
]

Path = tuple[str | int, ...]

# --- JSON backends ----------------------------------------------------------------------------

#: The JSON parsers the reader may use: the stdlib always, orjson when installed.
BACKENDS: Final[dict[str, Callable[[bytes | str], Any]]] = {"json": codec.stdlib_loads}
if codec.BACKEND == "orjson":
    BACKENDS["orjson"] = codec.loads


@contextmanager
def backend(name: str) -> Iterator[Callable[[bytes | str], Any]]:
    """Make the reader parse with backend ``name`` for the duration of the block."""
    loads = BACKENDS[name]
    with mock.patch.object(codec, "loads", loads):
        yield loads


# --- valid records ----------------------------------------------------------------------------

#: Realistic records of every kind, made once (seeded: the same pool on every run). The
#: window straddles the 01/07/2025 province merger, so both unit schemes appear.
POOL: Final[tuple[Record, ...]] = tuple(generate(
    seed=7, province=DEMO_PROVINCE, start=dt.date(2024, 6, 1), end=dt.date(2025, 9, 30),
    cases_per_year=100, with_identities=True,
))
CASE_POOL: Final[tuple[Case, ...]] = tuple(r for r in POOL if isinstance(r, Case))

_OFFSETS: Final = tuple(
    dt.timezone(dt.timedelta(minutes=m)) for m in (420, 0, -300, 345, 23 * 60 + 59, -(23 * 60 + 59))
)
#: Moments at the very edges of what ``datetime`` holds that tgpl still accepts (their
#: Vietnam civil time exists): the validators must survive them.
EDGE_MOMENTS: Final[tuple[dt.datetime, ...]] = (
    dt.datetime(1, 1, 1, tzinfo=VN_TZ),
    dt.datetime(1, 1, 1, tzinfo=_OFFSETS[5]),
    dt.datetime(1, 1, 1, 7, 0, tzinfo=dt.UTC),
    dt.datetime(9999, 12, 31, 23, 59, 59, 999_999, tzinfo=VN_TZ),
    dt.datetime(9999, 12, 31, 16, 59, tzinfo=dt.UTC),
    dt.datetime(9999, 12, 30, 23, 59, tzinfo=_OFFSETS[4]),
)
#: Date-time strings the reader must refuse: their UTC instant or Vietnam civil time lies
#: outside what ``datetime`` holds.
OUT_OF_RANGE_MOMENTS: Final = (
    "0001-01-01T00:00:00+08:00", "0001-01-01T00:00:00+23:59",
    "9999-12-31T23:00:00-05:00", "9999-12-31T20:00:00+00:00", "9999-12-31T17:00:00Z",
)
#: Event moments: mostly plausible, sometimes far in the past or future, sometimes at the edges.
moments: st.SearchStrategy[dt.datetime] = st.one_of(
    st.datetimes(min_value=dt.datetime(2015, 1, 1), max_value=dt.datetime(2030, 12, 31),
                 timezones=st.sampled_from(_OFFSETS)),
    st.datetimes(min_value=dt.datetime(1, 1, 2), max_value=dt.datetime(9999, 12, 30),
                 timezones=st.sampled_from(_OFFSETS)),
    st.sampled_from(EDGE_MOMENTS),
)


def _one(cls: type[enum.Enum]) -> st.SearchStrategy[Any]:
    return st.sampled_from(tuple(cls))


_REVIEWS = st.builds(
    QualityReview, reviewer=st.just("NTH-0001"), level=_one(ReviewerLevel), trigger=_one(Trigger),
    scores=st.dictionaries(st.sampled_from(["1a", "2c", "2đ", "3", "zz"]), st.integers(-3, 99), max_size=3),
)

#: Every event kind, with its fields drawn freely (the history they land in is not lawful).
_EVENTS: Final[tuple[st.SearchStrategy[Any], ...]] = (
    st.builds(RequestReceived, on=moments),
    st.builds(Accepted, on=moments),
    st.builds(Accepted, on=moments, immediate=st.just(True), immediate_reason=_one(ImmediateReason)),
    st.builds(Refused, on=moments, ground=_one(RefusalGround), reason=st.text(max_size=5)),
    st.builds(Transferred, on=moments, reason=_one(TransferReason), to_organisation=st.just("TTTGPL-19")),
    st.builds(ProviderAssigned, on=moments, provider_id=st.just("NTH-0002"), provider_kind=_one(ProviderKind)),
    st.builds(ProviderChangeRequested, on=moments, ground=_one(ChangeGround)),
    st.builds(RegistrationRefused, on=moments, refusal=_one(RegistrationRefusal)),
    st.builds(ProviderChanged, on=moments, provider_id=st.just("NTH-0003"), provider_kind=_one(ProviderKind),
              ground=_one(ChangeGround)),
    st.builds(ProofSupplied, on=moments),
    st.builds(AdviceGiven, on=moments),
    st.builds(AdviceDeadlineExtended, on=moments, total_days=st.integers(11, 30)),
    st.builds(Ended, on=moments, outcome=st.sampled_from([k for k in EndKind if k is not EndKind.NOT_CONTINUED])),
    st.builds(Ended, on=moments, outcome=st.just(EndKind.NOT_CONTINUED), ground=_one(NotContinuedGround)),
    st.builds(FileHandedOver, on=moments),
    st.builds(Archived, on=moments),
    st.builds(AppraisalRecorded, on=moments, review=_REVIEWS),
    st.builds(EvaluationRecorded, on=moments, review=_REVIEWS),
    st.builds(SuccessAssessed, on=moments, successful=st.just(True), criterion=st.sampled_from(["TC05", "TC99", ""])),
    st.builds(SuccessAssessed, on=moments, successful=st.just(False)),
    st.builds(ComplaintLodged, on=moments, subject=_one(ComplaintSubject), level=_one(ComplaintLevel)),
    st.builds(ComplaintDecided, on=moments, level=_one(ComplaintLevel), upheld=st.booleans()),
)
_COVERED: Final = frozenset({
    RequestReceived, Accepted, Refused, Transferred, ProviderAssigned, ProviderChangeRequested,
    RegistrationRefused, ProviderChanged, ProofSupplied, AdviceGiven, AdviceDeadlineExtended, Ended,
    FileHandedOver, Archived, AppraisalRecorded, EvaluationRecorded, SuccessAssessed,
    ComplaintLodged, ComplaintDecided,
})
#: Any event of any kind — a kind added to the domain later is built from its defaults.
any_events: st.SearchStrategy[Event] = st.one_of(
    *_EVENTS, *(st.builds(cls, on=moments) for cls in EVENT_TYPES.values() if cls not in _COVERED)
)


@st.composite
def _odd_beneficiary(draw: st.DrawFn, b: Beneficiary) -> Beneficiary:
    born = draw(st.none() | st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)))
    return attrs.evolve(
        b,
        birth_date=born,
        birth_year=None,
        groups=draw(st.frozensets(_one(Group), max_size=3)),
        role=draw(_one(PersonRole)),
    )


@st.composite
def odd_cases(draw: st.DrawFn) -> Case:
    """A case that constructs (every attrs validator passes) but makes little legal sense.

    Its history mixes a real one with events of random kinds, is shuffled, and some
    moments are moved far away (year 1, year 9999, offsets of ±23:59); the form, the
    file code's year, the procedural role and the beneficiaries' groups, roles and birth
    dates are redrawn without regard to each other.
    """
    base = draw(st.sampled_from(CASE_POOL))
    history: list[Event] = list(base.events) + draw(st.lists(any_events, max_size=4))
    history = list(draw(st.permutations(history)))
    for i in draw(st.sets(st.integers(0, max(len(history) - 1, 0)), max_size=3)):
        if i < len(history):
            history[i] = attrs.evolve(history[i], on=draw(moments))
    form = draw(_one(Form))
    role = draw(st.none() | _one(ProcedureRole)) if form is Form.LITIGATION else None
    people = list(base.beneficiaries)
    if draw(st.booleans()):
        people[0] = draw(_odd_beneficiary(people[0]))
    return attrs.evolve(
        base,
        code=attrs.evolve(base.code, form=form, year=draw(st.integers(2000, 2200))),
        form=form,
        role=role,
        beneficiaries=tuple(people),
        events=tuple(history),
    )


#: Any valid record: a realistic one from the pool, or an odd case.
valid_records: st.SearchStrategy[Record] = st.one_of(st.sampled_from(POOL), odd_cases())


@st.composite
def case_batches(draw: st.DrawFn) -> tuple[list[Case], list[int]]:
    """A batch of cases where some file codes repeat; returns the batch and the indices
    of the *later* occurrences (those :func:`validate_cases` must flag as duplicates)."""
    batch: list[Case] = draw(st.lists(st.sampled_from(CASE_POOL) | odd_cases(), min_size=1, max_size=5))
    for _ in range(draw(st.integers(0, 3))):
        original = draw(st.sampled_from(batch))
        twin = original if draw(st.booleans()) else attrs.evolve(original, events=original.events[:1])
        batch.insert(draw(st.integers(0, len(batch))), twin)
    seen: set[str] = set()
    later: list[int] = []
    for i, c in enumerate(batch):
        if c.id in seen:
            later.append(i)
        seen.add(c.id)
    return batch, later


# --- JSON values ------------------------------------------------------------------------------

_SCALARS: st.SearchStrategy[Any] = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(2**70), 2**70),
    st.sampled_from([0, 1, -1, 2**63, -(2**63) - 1]),
    st.floats(),  # NaN and ±Infinity included: written as NaN / Infinity literals
    st.sampled_from([1.0, 0.0, -0.0, 1e308, 5e-324, 1e400]),
    st.text(alphabet=st.characters(codec="utf-8"), max_size=8),
    st.sampled_from(["", " ", "null", "true", "1", "2022-02-30", "litigation", "\u0000", "\u2028"]),
)
#: Arbitrary JSON-ish values (objects, arrays, every scalar, non-finite floats).
json_values: st.SearchStrategy[Any] = st.recursive(
    _SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner, max_size=3),
    max_leaves=6,
)


def _json_kind(v: Any) -> str:
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "bool"
    if isinstance(v, int | float):
        return "number"
    if isinstance(v, str):
        return "string"
    if isinstance(v, list):
        return "array"
    return "object"


def dumps_line(data: Any) -> bytes:
    """Serialise like a careless producer would: UTF-8, and ``NaN``/``Infinity`` as bare literals."""
    return json.dumps(data, ensure_ascii=False, allow_nan=True, separators=(",", ":")).encode("utf-8")


# --- mutations --------------------------------------------------------------------------------


def positions(data: Any, prefix: Path = ()) -> list[Path]:
    """Every path to a value inside ``data`` (not the root itself), depth first."""
    out: list[Path] = []
    items: Sequence[tuple[str | int, Any]]
    if isinstance(data, dict):
        items = list(data.items())
    elif isinstance(data, list):
        items = list(enumerate(data))
    else:
        return out
    for k, v in items:
        out.append((*prefix, k))
        out.extend(positions(v, (*prefix, k)))
    return out


def _short(b: bytes) -> str:
    """A readable repr of a possibly huge line (Hypothesis prints failing examples)."""
    return repr(b) if len(b) <= 160 else f"{b[:120]!r}…<{len(b)} bytes>"


def _get(data: Any, path: Path) -> Any:
    for p in path:
        data = data[p]
    return data


_CODE_CLASSES: Final[tuple[type[enum.Enum], ...]] = tuple(
    v for v in vars(_domain).values() if isinstance(v, type) and issubclass(v, enum.Enum) and len(v) > 0
)
_CODES: Final = frozenset(m.value for cls in _CODE_CLASSES for m in cls)
#: Keys whose value is always a code (never free text) in some record kind.
_CODE_KEYS: Final = frozenset({
    "form", "field", "source", "role", "sex", "ethnic_minority", "extreme_difficulty_area",
    "financial", "kind", "ground", "provider_kind", "refusal", "outcome", "level", "trigger",
    "subject", "immediate_reason", "target", "type", "schema",
})
#: Every code, schema tag and event type tag: a near miss of any of them is unknown.
_TAGS: Final = _CODES | frozenset(RECORD_TYPES) | frozenset(EVENT_TYPES)
_DATE_LIKE = re.compile(r"^\d{4}-\d{2}-\d{2}")

#: Date and time strings that are certainly wrong, wherever a date or a date-time is due.
BAD_DATES: Final = (
    "2022-02-30", "2022-13-01", "0000-01-01", "2022-00-10", "2021-02-29",
    "2022-03-01T24:00", "2022-03-01T24:00:00+07:00", "2022-03-01T08:61:00+07:00",
    "2022-03-01T08:30:00+24:00", "2022-02-30T08:00:00+07:00", "", "01/03/2022", "2022/03/01",
    "tomorrow", "10000-01-01", "2022-03-01+07:00", "2022-03-01Z08:30", *OUT_OF_RANGE_MOMENTS,
)
#: Date strings that may or may not be accepted depending on the field (a date-time without
#: offset is Vietnam time; a date field refuses a time).
ODD_DATES: Final = (
    "2022-03-01T08:30:00", "2022-03-01", "2022-03-01 08:30", "0001-01-01T00:00:00+07:00",
    "9999-12-31T23:59:59-23:59", "0001-01-01", "9999-12-31", "2022-03-01T08:30:00.123456+07:00",
    "20220301", "2022-3-1",
)


def _near_misses(code: str) -> list[str]:
    out = [code.capitalize(), code.upper(), code + " ", " " + code, code.replace("_", "-"),
           code + "s", "unknown_code", code.replace("/1", "/2")]
    return [c for c in out if c != code]


@frozen
class Mutant:
    """One valid record with exactly one mutation.

    ``data`` is the mutated dict (``None`` for byte-level mutations), ``line`` what is
    written to the file (no line break), ``path`` where the mutation happened,
    ``certain`` whether the result is certainly not a valid record, ``original`` the
    record mutated.
    """

    kind: str
    path: Path
    data: Any = attrs.field(repr=False)
    line: bytes = attrs.field(repr=lambda b: _short(b))
    certain: bool = False
    original: Record | None = attrs.field(default=None, repr=lambda r: f"<{type(r).__name__} {getattr(r, 'id', '')}>")


@st.composite
def mutants(draw: st.DrawFn, records: st.SearchStrategy[Record] = valid_records) -> Mutant:
    """A valid record with one random mutation (see the module docstring)."""
    record = draw(records)
    data = to_dict(record)
    line = dumps_line(data)
    kinds = ["delete", "retype", "unknown_key", "truncate", "flip_ff", "nul"]
    spots = positions(data)
    dated = [p for p in spots if isinstance(_get(data, p), str) and _DATE_LIKE.match(_get(data, p))]
    coded = [
        p for p in spots
        if isinstance(v := _get(data, p), str) and v in _TAGS
        and (p[-1] in _CODE_KEYS or (len(p) >= 2 and p[-2] == "groups"))
    ]
    if dated:
        kinds.append("bad_date")
    if coded:
        kinds.append("near_miss")
    kind = draw(st.sampled_from(kinds))
    if kind in ("truncate", "flip_ff", "nul"):
        at = draw(st.integers(1 if kind == "truncate" else 0, len(line) - 1))
        if kind == "truncate":
            bad = line[:at]
        elif kind == "flip_ff":
            bad = line[:at] + b"\xff" + line[at + 1:]
        else:
            bad = line[:at] + b"\x00" + line[at:]
        return Mutant(kind, (), None, bad, True, record)
    certain = False
    if kind == "bad_date":
        path = draw(st.sampled_from(dated))
        certain = draw(st.booleans())
        value: Any = draw(st.sampled_from(BAD_DATES if certain else ODD_DATES))
        _get(data, path[:-1])[path[-1]] = value
    elif kind == "near_miss":
        path = draw(st.sampled_from(coded))
        _get(data, path[:-1])[path[-1]] = draw(st.sampled_from(_near_misses(_get(data, path))))
        certain = True
    elif kind == "delete":
        path = draw(st.sampled_from(spots))
        parent = _get(data, path[:-1])
        del parent[path[-1]]
    elif kind == "retype":
        path = draw(st.sampled_from(spots))
        old = _json_kind(_get(data, path))
        _get(data, path[:-1])[path[-1]] = draw(json_values.filter(lambda v: _json_kind(v) != old))
    else:  # unknown_key
        holders = [()] + [p for p in spots if isinstance(_get(data, p), dict)]
        where = draw(st.sampled_from(holders))
        holder = _get(data, where)
        key = draw(st.sampled_from(["codes", "Code", "birthDate", "extra", "events ", "ghi_chú", "x" * 200]))
        if key in holder:
            key += "_"
        holder[key] = draw(json_values)
        path = (*where, key)
        # A map of criterion scores takes any key: there an int is a new criterion.
        certain = not where or where[-1] != "scores"
    return Mutant(kind, path, data, dumps_line(data), certain, record)


# --- garbage lines ----------------------------------------------------------------------------

_NESTING: Final = (2, 500, 1_025, 10_000)


def _nested(depth: int) -> bytes:
    return b"[" * depth + b"]" * depth


#: Lines that are certainly not a record (none is blank, none holds a line break).
garbage_lines: st.SearchStrategy[bytes] = st.one_of(
    json_values.filter(lambda v: not isinstance(v, dict)).map(dumps_line),
    st.dictionaries(st.sampled_from(["code", "id", "on", "type", "Schema"]), json_values, max_size=3).map(dumps_line),
    st.builds(lambda tag, d: dumps_line({"schema": tag, **d}),
              st.sampled_from(["tgpl.case/2", "tgpl.Case/1", "case", "", "tgpl.case/1 "]),
              st.dictionaries(st.sampled_from(["code", "id"]), st.text(max_size=5), max_size=2)),
    st.binary(min_size=0, max_size=30).map(lambda b: b"#" + b.replace(b"\n", b"")),
    st.binary(min_size=0, max_size=30).map(lambda b: b"\xff" + b.replace(b"\n", b"")),
    st.sampled_from(_NESTING).map(_nested),
    st.sampled_from(_NESTING).map(lambda d: b'{"schema":"tgpl.case/1","code":' + _nested(d) + b"}"),
    st.sampled_from([
        b"\x00", b'{"schema":"tgpl.training/1","id":"TH.1","on":"2022-03-01","organisation":"TT",'
        b'"unit":"2004:06","hours":NaN}',
        b'{"schema":"tgpl.reception/1","id":"R.1","on":"2022-03-01","organisation":"TT","unit":"2004:06","persons":Infinity}',
        b"{", b"}", b"[", b'{"schema":"tgpl.case/1"', b"'schema'", b"\xef\xbb\xbf\xef\xbb\xbf{}",
        b"\xc3\x28", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"{}", b"[]", b"null", b'""',
    ]),
)


# --- files ------------------------------------------------------------------------------------


@frozen
class FuzzLine:
    """One line of a generated file: what it is and what the reader should make of it.

    ``kind`` is ``valid``, ``mutant``, ``garbage`` or ``blank``; ``record`` is the valid
    record (for ``valid``), ``mutant`` the mutation (for ``mutant``); ``content`` the bytes
    without the line break.
    """

    kind: str
    content: bytes = attrs.field(repr=lambda b: _short(b))
    record: Record | None = attrs.field(default=None, repr=lambda r: repr(r)[:300])
    mutant: Mutant | None = None


@frozen
class FuzzFile:
    """A generated JSON Lines file: its lines and the bytes written (BOM, CRLF, last newline)."""

    lines: tuple[FuzzLine, ...]
    data: bytes = attrs.field(repr=lambda b: f"<{len(b)} bytes>")
    bom: bool = False
    crlf: bool = False


@st.composite
def jsonl_files(draw: st.DrawFn, max_valid: int = 4, max_bad: int = 4) -> FuzzFile:
    """N valid records and M mutants or garbage lines at random positions, plus blank lines."""
    lines: list[FuzzLine] = []
    for r in draw(st.lists(valid_records, max_size=max_valid)):
        lines.append(FuzzLine("valid", dumps_line(to_dict(r)), record=r))
    for _ in range(draw(st.integers(0, max_bad))):
        if draw(st.booleans()):
            m = draw(mutants())
            lines.append(FuzzLine("mutant", m.line, mutant=m))
        else:
            lines.append(FuzzLine("garbage", draw(garbage_lines)))
    for _ in range(draw(st.integers(0, 2))):
        lines.append(FuzzLine("blank", draw(st.sampled_from([b"", b" ", b"\t", b"  \t "]))))
    lines = list(draw(st.permutations(lines)))
    bom, crlf, last_newline = draw(st.booleans()), draw(st.booleans()), draw(st.booleans())
    eol = b"\r\n" if crlf else b"\n"
    body = b"".join(x.content + eol for x in lines)
    if lines and not last_newline:
        body = body[: -len(eol)]
    return FuzzFile(tuple(lines), (b"\xef\xbb\xbf" if bom else b"") + body, bom, crlf)
