"""The event store on both backends: appends, refusals, idempotency, codes, projections, schema."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
from store_helpers import make_request, moment

from tgpl import api
from tgpl.domain import (
    Accepted,
    AppraisalRecorded,
    Ended,
    EndKind,
    FileCode,
    Form,
    ProviderAssigned,
    ProviderKind,
    QualityReview,
    RefusalGround,
    Refused,
    RequestReceived,
    ReviewerLevel,
    TransferReason,
    Transferred,
    Trigger,
)
from tgpl.domain.lifecycle import Refusal
from tgpl.errors import ConcurrencyError, InvalidRecordError, StoreError
from tgpl.io.jsonl import read_jsonl, write_jsonl
from tgpl.store import REQUEST_CODE_SUFFIX, SCHEMA_VERSION, EventStore, open_store
from tgpl.store.backend import POSTGRES, SQLITE
from tgpl.store.projections import DEADLINE_KINDS
from tgpl.store.store import _migration_1, _migration_3

EXAMPLE = Path(__file__).resolve().parents[2] / "examples" / "bac-kan-2022-h1"


def accept_flow(store: EventStore, rid: str, day: int = 2, form: Form = Form.LITIGATION) -> api.Applied:
    store.create(make_request(rid, form))
    first = api.apply(store.stream(rid), RequestReceived(on=moment(day, 8)))
    assert isinstance(first, api.Applied)
    second = api.apply(store.stream(rid), Accepted(on=moment(day, 10)))
    assert isinstance(second, api.Applied)
    return second


def test_apply_appends_and_assigns_the_code_on_acceptance(store: EventStore) -> None:
    store.create(make_request("YC-1"))
    received = api.apply(store.stream("YC-1"), RequestReceived(on=moment(2, 8)))
    assert isinstance(received, api.Applied)
    assert received.code is None
    assert received.version == 1
    assert store.undecided_requests() == ["YC-1"]
    accepted = api.apply(store.stream("YC-1"), Accepted(on=moment(2, 10)))
    assert isinstance(accepted, api.Applied)
    assert accepted.code == FileCode("TT", Form.LITIGATION, 1, 2026)
    assert accepted.state.is_accepted
    assert accepted.version == 2
    # The litigation assignment deadline (3 working days, Law Art 31 cl. 2) is now running.
    assert [d.rule.id for d in accepted.deadlines] == ["assign_litigation"]
    assert store.undecided_requests() == []
    loaded = store.load("YC-1")
    assert loaded.events == (RequestReceived(on=moment(2, 8)), Accepted(on=moment(2, 10)))
    assert loaded.code == accepted.code
    assert store.find_code(accepted.code) == "YC-1"


def test_a_refused_command_appends_nothing(store: EventStore) -> None:
    accept_flow(store, "YC-1")
    before = store.load("YC-1")
    refused = api.apply(store.stream("YC-1"), Accepted(on=moment(3)))
    assert isinstance(refused, Refusal)
    assert "accepted.already_accepted" in refused.codes
    assert store.load("YC-1") == before


def test_optimistic_append_raises_concurrency_error(store: EventStore) -> None:
    accept_flow(store, "YC-1")
    event = ProviderAssigned(on=moment(3), provider_id="tgv-1", provider_kind=ProviderKind.TGV)
    store.append("YC-1", [event], expected_version=2)
    with pytest.raises(ConcurrencyError) as info:
        store.append("YC-1", [event], expected_version=2)
    assert (info.value.expected, info.value.actual) == (2, 3)
    assert store.load("YC-1").version == 3
    with pytest.raises(StoreError, match="no stream"):
        store.append("nope", [event], expected_version=0)


def test_command_ids_make_appends_idempotent(store: EventStore) -> None:
    store.create(make_request("YC-1"), command_id="create-1")
    store.create(make_request("YC-1"), command_id="create-1")  # a retried creation
    store.create(make_request("YC-1"))  # same header: nothing happens
    with pytest.raises(StoreError, match="already exists with another header"):
        store.create(make_request("YC-1", Form.ADVICE))
    first = api.apply(store.stream("YC-1"), RequestReceived(on=moment(2)), command_id="cmd-1")
    again = api.apply(store.stream("YC-1"), RequestReceived(on=moment(2)), command_id="cmd-1")
    assert isinstance(first, api.Applied)
    assert isinstance(again, api.Applied)
    assert again.duplicate
    assert again.events == ()
    assert again.version == first.version == 1
    assert store.append("YC-1", [Accepted(on=moment(3))], 1, command_id="cmd-2").code is not None
    retry = store.append("YC-1", [Accepted(on=moment(3))], 1, command_id="cmd-2")
    # A retry that arrives after the stream moved on is still the same command.
    store.append("YC-1", [ProviderAssigned(on=moment(4), provider_id="tgv-1", provider_kind=ProviderKind.TGV)], 2)
    assert store.append("YC-1", [Accepted(on=moment(3))], 1, command_id="cmd-2").duplicate
    assert retry.duplicate
    assert retry.version == 2
    assert store.count() == (1, 3)
    store.create(make_request("YC-2"))
    with pytest.raises(StoreError, match="another stream"):
        store.append("YC-2", [RequestReceived(on=moment(2))], 0, command_id="cmd-1")


def test_refused_and_transferred_requests_never_get_a_code(store: EventStore) -> None:
    for rid, command in (
        ("YC-1", Refused(on=moment(2, 9), ground=RefusalGround.NOT_ELIGIBLE)),
        ("YC-2", Transferred(on=moment(2, 9), reason=TransferReason.LACK_OF_RESOURCES, to_organisation="TT-79")),
    ):
        store.create(make_request(rid))
        api.apply(store.stream(rid), RequestReceived(on=moment(2, 8)))
        result = api.apply(store.stream(rid), command)
        assert isinstance(result, api.Applied)
        assert result.code is None
    accepted = accept_flow(store, "YC-3")
    # The register's numbers are not consumed by refused or transferred requests.
    assert accepted.code == FileCode("TT", Form.LITIGATION, 1, 2026)
    # Exported, a request without a file code carries a request code, marked as such.
    codes = [line.split(b'"code":"')[1].split(b'"')[0].decode() for line in store.record_lines()]
    assert codes[2] == "TT.TGTT.01.2026"
    assert all(REQUEST_CODE_SUFFIX + "." in c for c in codes[:2])


def test_sequences_per_organisation_form_and_year(store: EventStore) -> None:
    codes = [accept_flow(store, f"YC-{i}", day=2 + i).code for i in range(3)]
    assert [c.seq for c in codes if c is not None] == [1, 2, 3]
    advice = accept_flow(store, "YC-A", form=Form.ADVICE).code
    assert advice == FileCode("TT", Form.ADVICE, 1, 2026)
    # The year is the year the request was received (TT12 Art 11 cl. 1).
    store.create(make_request("YC-Y"))
    api.apply(store.stream("YC-Y"), RequestReceived(on=moment(31, 16, month=12, year=2025)))
    late = api.apply(store.stream("YC-Y"), Accepted(on=moment(2, 8, month=1)))
    assert isinstance(late, api.Applied)
    assert late.code == FileCode("TT", Form.LITIGATION, 1, 2025)


def test_imported_codes_raise_the_sequence(store: EventStore) -> None:
    records = list(read_jsonl(EXAMPLE / "cases.jsonl", strict=True))
    assert store.import_records(records) == len(records)
    highest = max(r.code.seq for r in records if r.code.org == "CN1" and r.code.form is Form.LITIGATION and r.code.year == 2022)
    req = make_request("YC-new", code_org="CN1")
    store.create(api.Request(**{**{a: getattr(req, a) for a in ("id", "code_org", "unit", "form", "field", "beneficiaries")},
                                "organisation": "backan-cn1"}))
    api.apply(store.stream("YC-new"), RequestReceived(on=moment(1, 8, month=6, year=2022)))
    result = api.apply(store.stream("YC-new"), Accepted(on=moment(1, 9, month=6, year=2022)))
    assert isinstance(result, api.Applied)
    assert result.code == FileCode("CN1", Form.LITIGATION, highest + 1, 2022)
    with pytest.raises(InvalidRecordError, match="already in the store"):
        store.import_records(records[:1])
    assert store.count()[0] == len(records) + 1  # the failed import left nothing behind


def test_export_round_trips_and_is_byte_stable(store: EventStore, tmp_path: Path) -> None:
    records = [*read_jsonl(EXAMPLE / "cases.jsonl", strict=True), *read_jsonl(EXAMPLE / "activities.jsonl", strict=True)]
    store.import_records(records)
    expected = io.BytesIO()
    write_jsonl(records, expected)
    store.export_jsonl(tmp_path / "a.jsonl")
    store.export_jsonl(tmp_path / "b.jsonl")
    assert (tmp_path / "a.jsonl").read_bytes() == (tmp_path / "b.jsonl").read_bytes() == expected.getvalue()
    assert list(store.records()) == records


def test_morning_queries_and_rebuild(store: EventStore) -> None:
    review = QualityReview(reviewer="r", level=ReviewerLevel.ORGANISATION, trigger=Trigger.PLAN)
    accept_flow(store, "YC-1")
    accept_flow(store, "YC-2")
    for rid, pid in (("YC-1", "tgv-1"), ("YC-2", "tgv-2")):
        api.apply(store.stream(rid), ProviderAssigned(on=moment(3), provider_id=pid, provider_kind=ProviderKind.TGV))
    accept_flow(store, "YC-3")  # accepted, no provider: its assignment deadline runs
    store.create(make_request("YC-4"))
    api.apply(store.stream("YC-4"), RequestReceived(on=moment(4)))
    api.apply(store.stream("YC-2"), Ended(on=moment(20), outcome=EndKind.COMPLETED))
    by_provider = store.open_cases_by_provider()
    assert {k: [c.stream for c in v] for k, v in by_provider.items()} == {None: ["YC-3"], "tgv-1": ["YC-1"]}
    assert store.awaiting_appraisal() == ["YC-2"]
    assert store.undecided_requests() == ["YC-4"]
    due = store.deadlines_due(moment(10))
    assert [(d.stream, d.rule) for d in due] == [("YC-3", "assign_litigation")]
    assert due[0].overdue(moment(10))
    assert not due[0].overdue(moment(2, 11))
    assert store.deadlines_due(moment(2, 11)) == []
    assert [d.stream for d in store.deadlines_due(moment(2, 11), within=dt.timedelta(days=7))] == ["YC-3"]
    api.apply(store.stream("YC-2"), AppraisalRecorded(on=moment(25), review=review))
    assert store.awaiting_appraisal() == []
    live = store.projection_rows()
    store.rebuild_projections()
    assert store.projection_rows() == live


def test_schema_is_versioned_migrated_and_a_newer_one_refused(store_url: str) -> None:
    # A version-1 store (before the projections) with one stream is migrated on open.
    s = open_store(store_url, create=True)
    s.close()
    from tgpl.store.backend import connect

    raw = EventStore(connect(store_url))
    b = raw.backend
    b.begin()
    b.execute("DROP TABLE tgpl_proj_deadlines")
    b.execute("DROP TABLE tgpl_proj_cases")
    b.execute("DELETE FROM tgpl_migrations WHERE version >= 2")
    if b.dialect.name == "postgresql":
        b.execute("DROP FUNCTION tgpl_append")
    b.commit()
    assert raw.schema_version() == 1
    b.begin()
    b.execute("INSERT INTO tgpl_streams (stream, organisation, code_org, form, header, code, version) VALUES "
              "('YC-1', 'org-1', 'TT', 'advice', '{\"organisation\":\"org-1\",\"unit\":\"2025:01\",\"form\":\"advice\","
              "\"field\":\"land\",\"beneficiaries\":[{\"id\":\"b\"}]}', NULL, 1)")
    b.execute("INSERT INTO tgpl_events (stream_id, position, kind, body) VALUES "
              "(1, 0, 'request_received', '{\"type\":\"request_received\",\"on\":\"2026-03-02T08:00:00+07:00\"}')")
    b.commit()
    raw.close()
    with open_store(store_url) as s:
        assert s.schema_version() == SCHEMA_VERSION
        assert s.undecided_requests() == ["YC-1"]  # projections rebuilt from the events
    raw = EventStore(connect(store_url))
    raw.backend.begin()
    raw.backend.execute("INSERT INTO tgpl_migrations (version, applied_at) VALUES (99, 'later')")
    raw.backend.commit()
    raw.close()
    with pytest.raises(StoreError, match="schema version 99, written by a newer tgpl"):
        open_store(store_url)
    assert "tgpl_streams" in _migration_1(SQLITE)[0]


def test_urls_are_checked(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="unknown store URL scheme"):
        open_store("mysql://x")
    with pytest.raises(StoreError, match="not a store URL"):
        open_store("center.db")
    with pytest.raises(StoreError, match="no SQLite store"):
        open_store(f"sqlite:///{tmp_path / 'missing.db'}", create=False)
    assert not (tmp_path / "missing.db").exists()
    with pytest.raises(StoreError, match="folder"):
        open_store(f"sqlite:///{tmp_path / 'no' / 'x.db'}")


def test_apply_on_an_in_memory_case() -> None:
    case = next(iter(read_jsonl(EXAMPLE / "cases.jsonl", strict=True)))
    late = case.events[-1].on + dt.timedelta(days=1)
    result = api.apply(case, Ended(on=late, outcome=EndKind.COMPLETED))
    assert isinstance(result, Refusal)
    review = QualityReview(reviewer="r", level=ReviewerLevel.ORGANISATION, trigger=Trigger.PLAN)
    done = api.apply(case, AppraisalRecorded(on=late, review=review))
    assert isinstance(done, api.Applied)
    assert done.case is not None
    assert done.case.events[-1] == done.events[0]
    assert done.state.appraisals == 1
    assert done.stream is None
    assert done.code == case.code


def test_sqlite_commits_are_flushed_unless_the_url_lowers_it(tmp_path: Path) -> None:
    # synchronous=FULL (2): an acknowledged append survives a power loss; NORMAL (1) on request.
    with open_store(f"sqlite:///{tmp_path / 'full.db'}") as s:
        assert s.backend.query("PRAGMA synchronous") == [(2,)]
    with open_store(f"sqlite:///{tmp_path / 'normal.db'}?synchronous=normal") as s:
        assert s.backend.query("PRAGMA synchronous") == [(1,)]
        assert s.backend.query("PRAGMA journal_mode") == [("wal",)]
    with pytest.raises(StoreError, match="synchronous must be full or normal, got 'off'"):
        open_store(f"sqlite:///{tmp_path / 'off.db'}?synchronous=off")
    with pytest.raises(StoreError, match="unknown option 'cache'"):
        open_store(f"sqlite:///{tmp_path / 'x.db'}?cache=shared")
    assert not (tmp_path / "off.db").exists()


def test_appends_from_remembered_streams_write_what_a_rebuild_computes(store: EventStore) -> None:
    # Every append after create() starts from the rows this store remembers: only the
    # changed rows are written, and an appraisal (a kind no deadline rule reads) does not
    # evaluate the deadlines again. A rebuild from the events must find the same rows.
    assert "appraisal_recorded" not in DEADLINE_KINDS
    assert "provider_assigned" in DEADLINE_KINDS
    review = QualityReview(reviewer="r", level=ReviewerLevel.ORGANISATION, trigger=Trigger.PLAN)
    history = [
        RequestReceived(on=moment(2, 8)), Accepted(on=moment(2, 10)),
        ProviderAssigned(on=moment(3), provider_id="tgv-1", provider_kind=ProviderKind.TGV),
        Ended(on=moment(20), outcome=EndKind.COMPLETED), AppraisalRecorded(on=moment(25), review=review),
    ]
    store.create(make_request("YC-0"))
    store.create(make_request("YC-1"))
    seen = []
    for version, event in enumerate(history):
        store.append("YC-1", [event], version)
        live = store.projection_rows()
        seen.append((live[0][1][1:], len(live[1])))
        store.rebuild_projections()
        assert store.projection_rows() == live
    assert seen == [
        (("received", None, 0), 0), (("accepted", None, 0), 1), (("in_progress", "tgv-1", 0), 0),
        (("ended", None, 0), 1), (("ended", None, 1), 1),  # the appraisal leaves the deadline rows as they were
    ]
    assert store.awaiting_appraisal() == []
    # A failed append forgets what it remembered; the next one reads the stream again.
    with pytest.raises(ConcurrencyError):
        store.append("YC-1", [Ended(on=moment(26), outcome=EndKind.COMPLETED)], 1)
    assert store._recent == {}


def test_a_command_id_taken_meanwhile_is_refused_and_appends_nothing(
    store: EventStore, monkeypatch: pytest.MonkeyPatch,
) -> None:
    # As if another writer recorded the id between this append's check and its write: the
    # write itself refuses it (on PostgreSQL inside the pipeline), and the store stays usable.
    store.create(make_request("YC-A"))
    store.create(make_request("YC-B"))
    store.append("YC-A", [RequestReceived(on=moment(2, 8))], 0, command_id="c-1")
    monkeypatch.setattr(store, "command_result", lambda command_id, stream: None)
    with pytest.raises(StoreError, match="command id 'c-1' was already used"):
        store.append("YC-B", [RequestReceived(on=moment(2, 8))], 0, command_id="c-1")
    monkeypatch.undo()
    assert store.load("YC-B").version == 0
    assert store.append("YC-B", [RequestReceived(on=moment(2, 8))], 0, command_id="c-2").version == 1


def test_a_request_the_case_would_refuse_is_refused_when_made() -> None:
    """A request with one beneficiary id twice could never become a case (Case refuses it)."""
    import attrs

    from tgpl.domain import Beneficiary

    good = make_request("YC-1")
    with pytest.raises(ValueError, match="appears twice in one request"):
        attrs.evolve(good, beneficiaries=(Beneficiary("b-1"), Beneficiary("b-1")))
    assert len(attrs.evolve(good, beneficiaries=(Beneficiary("b-1"), Beneficiary("b-2"))).beneficiaries) == 2


def test_a_version_2_store_is_migrated_and_its_appends_go_on(store_url: str) -> None:
    # A store written by the tgpl before the one-statement append (schema version 2).
    from tgpl.store.backend import connect

    old = EventStore(connect(store_url))
    assert old.migrate(upto=2) == 0
    assert old.schema_version() == 2
    for rid in ("YC-1", "YC-2"):
        old.create(make_request(rid))
        old.append(rid, [RequestReceived(on=moment(2, 8))], 0)
    old.append("YC-1", [Accepted(on=moment(2, 10))], 1)
    old.close()
    with open_store(store_url) as s:
        assert s.schema_version() == SCHEMA_VERSION == 3
        # Not remembered by this store: read, then appended; the register goes on from 1.
        result = s.append("YC-2", [Accepted(on=moment(3, 10))], 1, command_id="c-2")
        assert result.code == FileCode("TT", Form.LITIGATION, 2, 2026)
        assert s.append("YC-2", [Accepted(on=moment(3, 10))], 1, command_id="c-2").duplicate
        assert s.append("YC-1", [ProviderAssigned(on=moment(3, 11), provider_id="tgv-1",
                                                  provider_kind=ProviderKind.TGV)], 2).version == 3
        assert s.load("YC-1").code == FileCode("TT", Form.LITIGATION, 1, 2026)
        assert [c.stream for c in s.open_cases()] == ["YC-2", "YC-1"]
        live = s.projection_rows()
        s.rebuild_projections()
        assert s.projection_rows() == live


def test_the_postgresql_append_is_one_statement_created_by_migration_3() -> None:
    assert _migration_3(SQLITE) == []
    (function,) = _migration_3(POSTGRES)
    assert function.startswith("CREATE OR REPLACE FUNCTION tgpl_append(")
    # The register's sequence row is taken last: locked only until the commit.
    assert function.index("INSERT INTO tgpl_sequences") > function.index("INSERT INTO tgpl_proj_deadlines (stream_id")


def test_a_command_id_committed_by_another_writer_meanwhile_is_refused_on_postgresql(store_url: str) -> None:
    # The function checks the id, then inserts it: a writer whose insertion of the same id
    # is not committed yet when the check runs makes the insertion wait, then fail.
    if not store_url.startswith("postgresql"):
        pytest.skip("the one-statement append is PostgreSQL's")
    import threading

    from tgpl.store.backend import connect

    with open_store(store_url) as s:
        s.create(make_request("YC-A"))
        s.create(make_request("YC-B"))
        s.append("YC-A", [RequestReceived(on=moment(2, 8))], 0)
        other = connect(store_url)
        other.begin()
        other.execute("INSERT INTO tgpl_commands (command_id, stream_id, version) "
                      "SELECT 'c-9', id, 1 FROM tgpl_streams WHERE stream = 'YC-A'")
        errors: list[BaseException] = []

        def run() -> None:
            try:
                s.append("YC-B", [RequestReceived(on=moment(2, 8))], 0, command_id="c-9")
            except BaseException as exc:
                errors.append(exc)

        writer = threading.Thread(target=run)
        writer.start()
        writer.join(0.5)
        assert writer.is_alive()  # waiting on the uncommitted id
        other.commit()
        other.close()
        writer.join(30)
        assert len(errors) == 1
        assert isinstance(errors[0], StoreError)
        assert "command id 'c-9' was already used" in str(errors[0])
        assert s.load("YC-B").version == 0
        assert s.append("YC-B", [RequestReceived(on=moment(2, 8))], 0, command_id="c-10").version == 1
