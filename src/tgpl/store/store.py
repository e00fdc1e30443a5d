"""The event store (kho sự kiện): append-only case streams on SQLite or PostgreSQL.

One stream per request (:class:`~tgpl.store.request.Request`): its header and its
ordered events, one row per event, ``(stream, position)`` unique. Events are stored in
the project's own JSON form (the converter of the JSON Lines records), so a stream read
back is exactly the case a file would hold.

* :meth:`EventStore.append` is optimistic: it succeeds only if the stream is at
  ``expected_version`` (its number of events) and raises
  :class:`~tgpl.errors.ConcurrencyError` otherwise. A caller-supplied ``command_id``
  makes it idempotent: a retried command returns the first result and appends nothing.
* The file code (TT12 Art 11 cl. 1) is assigned in the transaction that appends the
  acceptance, from the register's sequence for the organisation, form and year the
  request was received (``tgpl_sequences``; an upsert that returns the new number, so two
  acceptances never get the same one). Refused and transferred requests never get one.
* The projections (:mod:`tgpl.store.projections`) are written in the same transaction.
* On PostgreSQL (schema version 3 or later) an append is one statement in its own
  transaction, one round trip (:meth:`EventStore._append_pg`): a plain SQL statement of the
  parts the append needs (:func:`_pg_statement`), or a call of the server-side function
  ``tgpl_append`` the migration creates (the same checks and writes;
  ``EventStore.pg_plain_statement = False``).

Use :func:`tgpl.api.apply` to run the lifecycle's ``decide`` before appending.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
from collections.abc import Callable, Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, Any, Final, TypeVar

import attrs
from attrs import frozen

from tgpl.domain import VN_TZ, Case, FileCode, Form
from tgpl.domain.case import DEFAULT_CODE_WORDS
from tgpl.domain.events import Accepted, Event, RequestReceived
from tgpl.domain.lifecycle import CaseState
from tgpl.errors import ConcurrencyError, InvalidRecordError, StoreError
from tgpl.io import codec
from tgpl.io.converter import CONVERTER, unstructure
from tgpl.io.jsonl import from_dict
from tgpl.io.records import Record
from tgpl.store.backend import SCHEMA_VERSION, Backend, Dialect, IntegrityViolation, connect
from tgpl.store.projections import (
    DEADLINE_KINDS,
    CaseRow,
    DeadlineRow,
    case_row,
    evolve_lenient,
    project,
    state_of,
    utc_text,
)
from tgpl.store.request import Request, request_code

__all__ = [
    "AppendResult",
    "DeadlineDue",
    "EventStore",
    "OpenCase",
    "StoredStream",
    "StreamRef",
    "open_store",
]

T = TypeVar("T")
_CASE_TAG: Final = Case.schema
_EVENT_HOOK: Final = CONVERTER.get_structure_hook(Event)
_ENDED_STAGES: Final = ("ended", "file_handed_over", "archived")


# --------------------------------------------------------------------------- schema


def _migration_1(dialect: Dialect) -> list[str]:
    identity = dialect.identity
    return [
        f"""CREATE TABLE tgpl_streams (
            id {identity},
            stream TEXT NOT NULL UNIQUE,
            organisation TEXT NOT NULL,
            code_org TEXT NOT NULL,
            form TEXT NOT NULL,
            header TEXT NOT NULL,
            code TEXT,
            version INTEGER NOT NULL DEFAULT 0,
            UNIQUE (organisation, code))""",
        """CREATE TABLE tgpl_events (
            stream_id BIGINT NOT NULL REFERENCES tgpl_streams (id),
            position INTEGER NOT NULL,
            kind TEXT NOT NULL,
            body TEXT NOT NULL,
            PRIMARY KEY (stream_id, position))""",
        """CREATE TABLE tgpl_commands (
            command_id TEXT PRIMARY KEY,
            stream_id BIGINT NOT NULL REFERENCES tgpl_streams (id),
            version INTEGER NOT NULL)""",
        """CREATE TABLE tgpl_sequences (
            organisation TEXT NOT NULL,
            code_org TEXT NOT NULL,
            form TEXT NOT NULL,
            year INTEGER NOT NULL,
            last INTEGER NOT NULL,
            PRIMARY KEY (organisation, code_org, form, year))""",
        f"""CREATE TABLE tgpl_records (
            id {identity},
            schema TEXT NOT NULL,
            organisation TEXT NOT NULL,
            record_id TEXT NOT NULL,
            body TEXT NOT NULL,
            UNIQUE (schema, organisation, record_id))""",
    ]


def _migration_2(dialect: Dialect) -> list[str]:
    return [
        """CREATE TABLE tgpl_proj_cases (
            stream_id BIGINT PRIMARY KEY REFERENCES tgpl_streams (id),
            stage TEXT NOT NULL,
            provider_id TEXT,
            appraisals INTEGER NOT NULL)""",
        "CREATE INDEX tgpl_proj_cases_stage ON tgpl_proj_cases (stage, provider_id)",
        """CREATE TABLE tgpl_proj_deadlines (
            stream_id BIGINT NOT NULL REFERENCES tgpl_streams (id),
            rule TEXT NOT NULL,
            trigger_index INTEGER NOT NULL,
            due TEXT NOT NULL,
            PRIMARY KEY (stream_id, rule, trigger_index))""",
        "CREATE INDEX tgpl_proj_deadlines_due ON tgpl_proj_deadlines (due)",
    ]


#: The append as one statement on PostgreSQL (schema version 3): the version check, the
#: event rows, the command id, the projection rows and, last, the file code from the
#: register's sequence, in the statement's own transaction (one round trip, atomic).
#: ``outcome`` is ``ok``, ``duplicate`` (the command id was seen: its stream, version and
#: code) or ``conflict`` (the stream's version now; no row: no such stream; nothing written).
_PG_APPEND: Final = """CREATE OR REPLACE FUNCTION tgpl_append(
    p_stream TEXT, p_expected INTEGER, p_kinds TEXT[], p_bodies TEXT[], p_command TEXT,
    p_code_prefix TEXT, p_code_suffix TEXT, p_year INTEGER,
    p_full BOOLEAN, p_stage TEXT, p_provider TEXT, p_appraisals INTEGER,
    p_gone_rules TEXT[], p_gone_indexes INTEGER[], p_new_rules TEXT[], p_new_indexes INTEGER[], p_new_dues TEXT[])
RETURNS TABLE (out_outcome TEXT, out_stream TEXT, out_version INTEGER, out_code TEXT)
LANGUAGE plpgsql AS $fn$
DECLARE
    v_id BIGINT; v_code TEXT; v_org TEXT; v_code_org TEXT; v_form TEXT; v_seq INTEGER;
    v_n INTEGER := cardinality(p_kinds);
BEGIN
    IF p_command IS NOT NULL THEN
        RETURN QUERY SELECT 'duplicate'::TEXT, s.stream, c.version, s.code
            FROM tgpl_commands c JOIN tgpl_streams s ON s.id = c.stream_id WHERE c.command_id = p_command;
        IF FOUND THEN RETURN; END IF;
    END IF;
    UPDATE tgpl_streams s SET version = s.version + v_n WHERE s.stream = p_stream AND s.version = p_expected
        RETURNING s.id, s.code, s.organisation, s.code_org, s.form INTO v_id, v_code, v_org, v_code_org, v_form;
    IF NOT FOUND THEN
        RETURN QUERY SELECT 'conflict'::TEXT, s.stream, s.version, s.code FROM tgpl_streams s WHERE s.stream = p_stream;
        RETURN;
    END IF;
    INSERT INTO tgpl_events (stream_id, position, kind, body)
        SELECT v_id, p_expected + e.i - 1, e.kind, e.body FROM unnest(p_kinds, p_bodies) WITH ORDINALITY AS e (kind, body, i);
    IF p_command IS NOT NULL THEN
        INSERT INTO tgpl_commands (command_id, stream_id, version) VALUES (p_command, v_id, p_expected + v_n);
    END IF;
    IF p_full THEN
        INSERT INTO tgpl_proj_cases AS p (stream_id, stage, provider_id, appraisals)
            VALUES (v_id, p_stage, p_provider, p_appraisals)
            ON CONFLICT (stream_id) DO UPDATE SET stage = excluded.stage, provider_id = excluded.provider_id,
                appraisals = excluded.appraisals;
        DELETE FROM tgpl_proj_deadlines d WHERE d.stream_id = v_id;
    ELSE
        IF p_stage IS NOT NULL THEN
            UPDATE tgpl_proj_cases p SET stage = p_stage, provider_id = p_provider, appraisals = p_appraisals
                WHERE p.stream_id = v_id;
        END IF;
        IF cardinality(p_gone_rules) > 0 THEN
            DELETE FROM tgpl_proj_deadlines d USING unnest(p_gone_rules, p_gone_indexes) AS g (rule, idx)
                WHERE d.stream_id = v_id AND d.rule = g.rule AND d.trigger_index = g.idx;
        END IF;
    END IF;
    IF cardinality(p_new_rules) > 0 THEN
        INSERT INTO tgpl_proj_deadlines (stream_id, rule, trigger_index, due)
            SELECT v_id, n.rule, n.idx, n.due FROM unnest(p_new_rules, p_new_indexes, p_new_dues) AS n (rule, idx, due);
    END IF;
    -- Last, so that the register's sequence row is locked only until the commit that follows.
    IF p_year IS NOT NULL AND v_code IS NULL THEN
        INSERT INTO tgpl_sequences AS q (organisation, code_org, form, year, last) VALUES (v_org, v_code_org, v_form, p_year, 1)
            ON CONFLICT (organisation, code_org, form, year) DO UPDATE SET last = q.last + 1 RETURNING q.last INTO v_seq;
        v_code := p_code_prefix || CASE WHEN v_seq < 10 THEN '0' ELSE '' END || v_seq::TEXT || p_code_suffix;
        UPDATE tgpl_streams s SET code = v_code WHERE s.id = v_id;
    END IF;
    RETURN QUERY SELECT 'ok'::TEXT, p_stream, p_expected + v_n, v_code;
END
$fn$"""


def _migration_3(dialect: Dialect) -> list[str]:
    # SQLite runs in process: its appends stay statements of one transaction.
    return [_PG_APPEND] if dialect.name == "postgresql" else []


#: Schema migrations by the version they lead to. Version 2 added the projections; a
#: version-1 store is migrated and its projections are rebuilt from the events. Version 3
#: added the one-statement append of PostgreSQL (``tgpl_append``; nothing on SQLite).
MIGRATIONS: Final[dict[int, Callable[[Dialect], list[str]]]] = {1: _migration_1, 2: _migration_2, 3: _migration_3}
#: Migrations after which the projections are rebuilt from the events.
_REBUILD_AFTER: Final = frozenset({2})


# --------------------------------------------------------------------------- values


@frozen
class StoredStream:
    """A stream as read from the store: header, file code (once accepted), version, events."""

    request: Request
    code: FileCode | None
    version: int
    events: tuple[Event, ...]
    row: int

    @property
    def state(self) -> CaseState:
        """The case's state: the fold of its events."""
        return state_of(self.request.form, self.request.field, self.events)

    def case(self) -> Case:
        """The stream as a :class:`~tgpl.domain.Case` (a request without a file code gets its
        request code, :data:`~tgpl.store.request.REQUEST_CODE_SUFFIX`); needs at least one event
        or a code."""
        return self.request.case(self._code(), self.events)

    def _code(self) -> FileCode:
        if self.code is not None:
            return self.code
        if not self.events:
            raise StoreError(f"stream {self.request.id!r} has no event yet: it is no case")
        return request_code(self.request.code_org, self.request.form, self.row, self.events[0].on)


@frozen
class AppendResult:
    """What :meth:`EventStore.append` did: the stream's version after it, the code if the
    append assigned or found one, and ``duplicate`` when the command id was seen before."""

    stream: str
    version: int
    code: FileCode | None
    duplicate: bool = False


@frozen
class OpenCase:
    """An open case (accepted or in progress) and its current provider (``None``: not assigned yet)."""

    stream: str
    code: FileCode | None
    stage: str
    provider_id: str | None


@frozen
class DeadlineDue:
    """An unmet time limit of a stream, due at ``due`` (aware, Vietnam time)."""

    stream: str
    code: FileCode | None
    rule: str
    trigger_index: int
    due: dt.datetime

    def overdue(self, as_of: dt.datetime) -> bool:
        return as_of > self.due


def _parse_code(text: str | None) -> FileCode | None:
    return None if text is None else FileCode.parse(text)


def _dumps(value: Any) -> str:
    return codec.dumps(value).decode("utf-8")


def _event_body(event: Event) -> str:
    return _dumps(unstructure(event))


def _load_event(body: str) -> Event:
    event: Event = _EVENT_HOOK(codec.loads(body), Event)
    return event


@frozen
class _Written:
    """A stream as this store last wrote it, with its state and projection rows: the next
    append to it at this version reads nothing back and writes only the rows that change."""

    stream: StoredStream
    state: CaseState
    row: CaseRow
    deadlines: tuple[DeadlineRow, ...]


@frozen
class _Plan:
    """The projection writes of one append: ``full`` rewrites the stream's rows (``row``, then
    ``added`` after deleting every deadline row); otherwise ``row`` (``None``: unchanged) and the
    deadline rows ``gone`` and ``added`` are what differs from the rows stored."""

    full: bool
    row: CaseRow | None
    gone: tuple[DeadlineRow, ...]
    added: tuple[DeadlineRow, ...]


def _vn_year(moment: dt.datetime) -> int:
    return moment.astimezone(VN_TZ).year


@frozen
class StreamRef:
    """A stream of a store, named by its id: what :func:`tgpl.api.apply` appends to."""

    store: EventStore
    id: str

    def load(self) -> StoredStream:
        return self.store.load(self.id)


class EventStore:
    """An event store on one database connection (use one store per thread or process).

    Open it with :func:`open_store`; close it with :meth:`close` or a ``with`` block.
    """

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self._in_tx = False
        self._headers: dict[tuple[str, str, str], Request] = {}
        self._recent: dict[str, _Written] = {}
        self._one_statement: bool | None = None  # PostgreSQL, schema 3 or later: tgpl_append
        #: PostgreSQL: every append is one plain SQL statement (:func:`_pg_statement`);
        #: ``False`` sends every append through ``tgpl_append`` instead (the benchmark's
        #: ``--compare-function`` times the two side by side).
        self.pg_plain_statement = True

    # -- lifecycle of the store ------------------------------------------------------

    @property
    def url(self) -> str:
        return self.backend.url

    def close(self) -> None:
        self.backend.close()

    def __enter__(self) -> EventStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def schema_version(self) -> int:
        """The schema version of the database (0: no tgpl schema yet)."""
        if not self.backend.table_exists("tgpl_migrations"):
            return 0
        rows = self.backend.query("SELECT MAX(version) FROM tgpl_migrations")
        return int(rows[0][0] or 0)

    def migrate(self, *, upto: int = SCHEMA_VERSION) -> int:
        """Create or upgrade the schema to ``upto``; return the version found before.

        Refuses (:class:`~tgpl.errors.StoreError`) a schema newer than this tgpl knows.
        """
        b = self.backend
        self._one_statement = None
        with self._transaction():
            if b.dialect.name == "postgresql":
                b.execute("SELECT pg_advisory_xact_lock(2018110)")
            if not b.table_exists("tgpl_migrations"):
                b.execute("CREATE TABLE tgpl_migrations (version INTEGER PRIMARY KEY, applied_at TEXT NOT NULL)")
            found = int(b.query("SELECT COALESCE(MAX(version), 0) FROM tgpl_migrations")[0][0])
            if found > SCHEMA_VERSION:
                raise StoreError(
                    f"the store at {self._where()} has schema version {found}, written by a newer tgpl; "
                    f"this tgpl reads versions up to {SCHEMA_VERSION}: upgrade tgpl"
                )
            rebuild = False
            for version in range(found + 1, upto + 1):
                for sql in MIGRATIONS[version](b.dialect):
                    b.execute(sql)
                b.execute("INSERT INTO tgpl_migrations (version, applied_at) VALUES (?, ?)",
                          (version, dt.datetime.now(dt.UTC).isoformat(timespec="seconds")))
                rebuild = rebuild or (version in _REBUILD_AFTER and found > 0)
            if rebuild:
                self._rebuild()
        return found

    def _where(self) -> str:
        scheme = self.url.split("://", 1)[0]
        return f"{scheme}://…"

    # -- transactions ----------------------------------------------------------------

    def _transaction(self) -> _Tx:
        return _Tx(self)

    # -- writing ---------------------------------------------------------------------

    def stream(self, stream: str) -> StreamRef:
        """A reference to ``stream`` (it need not exist yet) for :func:`tgpl.api.apply`."""
        return StreamRef(self, stream)

    def create(self, request: Request, *, command_id: str | None = None) -> StoredStream:
        """Open the stream of a new request (version 0, no events); idempotent.

        Creating a stream that exists with the same header returns it; with another
        header it is a :class:`~tgpl.errors.StoreError` (the id is taken).
        """
        header = _dumps(request.header_dict(unstructure))
        with self._transaction():
            self.backend.execute(
                "INSERT INTO tgpl_streams (stream, organisation, code_org, form, header, code, version) "
                "VALUES (?, ?, ?, ?, ?, NULL, 0) ON CONFLICT (stream) DO NOTHING",
                (request.id, request.organisation, request.code_org, request.form.value, header),
            )
            rows = self.backend.query(
                "SELECT id, header, code_org, version FROM tgpl_streams WHERE stream = ?", (request.id,)
            )
            row_id, found_header, code_org, version = rows[0]
            if found_header != header or code_org != request.code_org:
                raise StoreError(f"stream {request.id!r} already exists with another header")
            if command_id is not None and self.command_result(command_id, request.id) is None:
                self._record_command(command_id, int(row_id), request.id, int(version))
            self.backend.execute(
                "INSERT INTO tgpl_proj_cases (stream_id, stage, provider_id, appraisals) VALUES (?, 'new', NULL, 0) "
                "ON CONFLICT (stream_id) DO NOTHING",
                (row_id,),
            )
            if int(version) > 0:
                return self._load_row(int(row_id))
            # A new stream (or one created before and still empty): its projection is the
            # row just ensured, and the first append need not read it back.
            created = StoredStream(self._request(request.id, str(code_org), str(found_header)), None, 0, (), int(row_id))
            state = created.state
            row = case_row(state)
            if row == CaseRow("new", None, 0):
                self._remember(_Written(created, state, row, ()))
        return created

    def append(
        self,
        stream: str,
        events: Sequence[Event],
        expected_version: int,
        *,
        command_id: str | None = None,
        known: StoredStream | None = None,
    ) -> AppendResult:
        """Append ``events`` to ``stream`` if it is at ``expected_version``, in one transaction.

        Raises :class:`~tgpl.errors.ConcurrencyError` when the stream moved on, and
        :class:`~tgpl.errors.StoreError` for an unknown stream. With ``command_id``, a
        command seen before returns its first result (``duplicate=True``) and appends
        nothing. ``known`` is the stream as the caller read it at ``expected_version``
        (saves reading it again; the store checks the version itself).
        """
        if not events:
            raise ValueError("append needs at least one event")
        try:
            if self._one_statement is None:
                self._one_statement = self.backend.dialect.name == "postgresql" and self.schema_version() >= 3
            if self._one_statement:
                try:
                    return self._append_pg(stream, tuple(events), expected_version, command_id, known)
                except BaseException:
                    self._recent.clear()  # as when a transaction rolls back: read the streams again
                    raise
            # A store whose schema predates tgpl_append: the writes after the last read go to
            # the server with the COMMIT in one round trip (pipeline mode); same transaction.
            with self.backend.pipeline(), self._transaction():
                if command_id is not None:
                    done = self.command_result(command_id, stream)
                    if done is not None:
                        return done
                return self._append_tx(stream, tuple(events), expected_version, command_id, known)
        except ConcurrencyError:
            # The same command, retried while its first attempt was committing, lost the
            # race to itself: that is a duplicate, not a conflict.
            done = self.command_result(command_id, stream) if command_id is not None else None
            if done is not None:
                return done
            raise

    def command_result(self, command_id: str, stream: str) -> AppendResult | None:
        """The result of the command ``command_id`` if the store has recorded it, else ``None``."""
        rows = self.backend.query(
            "SELECT s.stream, c.version, s.code FROM tgpl_commands c JOIN tgpl_streams s ON s.id = c.stream_id "
            "WHERE c.command_id = ?",
            (command_id,),
        )
        if not rows:
            return None
        found_stream, version, code = rows[0]
        if found_stream != stream:
            raise StoreError(f"command id {command_id!r} was already used for another stream")
        return AppendResult(stream, int(version), _parse_code(code), duplicate=True)

    def _record_command(self, command_id: str, row_id: int, stream: str, version: int) -> None:
        try:
            # Read back (RETURNING) so that a reused id is refused here, also when the
            # backend sends writes ahead (PostgreSQL pipeline).
            self.backend.query(
                "INSERT INTO tgpl_commands (command_id, stream_id, version) VALUES (?, ?, ?) RETURNING command_id",
                (command_id, row_id, version),
            )
        except IntegrityViolation:
            raise StoreError(f"command id {command_id!r} was already used") from None

    def _append_tx(
        self, stream: str, events: tuple[Event, ...], expected: int, command_id: str | None,
        known: StoredStream | None,
    ) -> AppendResult:
        b = self.backend
        n = len(events)
        rows = b.query(
            "UPDATE tgpl_streams SET version = version + ? WHERE stream = ? AND version = ? "
            "RETURNING id, code, code_org, header",
            (n, stream, expected),
        )
        if not rows:
            found = b.query("SELECT version FROM tgpl_streams WHERE stream = ?", (stream,))
            if not found:
                raise StoreError(f"no stream {stream!r} in the store")
            raise ConcurrencyError(stream, expected, int(found[0][0]))
        row_id, code_text = int(rows[0][0]), rows[0][1]
        before, previous = self._held(stream, expected, known)
        if before is None:
            before = self._stream_of(row_id, stream, rows[0][2], rows[0][3], code_text, expected)
        code = before.code if code_text is None else FileCode.parse(code_text)
        history = before.events + events
        if code is None and any(isinstance(e, Accepted) for e in events):
            code = self._assign_code(row_id, before.request, history)
        b.executemany(
            "INSERT INTO tgpl_events (stream_id, position, kind, body) VALUES (?, ?, ?, ?)",
            [(row_id, expected + i, e.kind, _event_body(e)) for i, e in enumerate(events)],
        )
        if command_id is not None:
            self._record_command(command_id, row_id, stream, expected + n)
        after = StoredStream(before.request, code, expected + n, history, row_id)
        self._remember(self._write_projection(row_id, after, previous=previous, appended=events))
        return AppendResult(stream, expected + n, code)

    def _held(
        self, stream: str, expected: int, known: StoredStream | None,
    ) -> tuple[StoredStream | None, _Written | None]:
        """The stream at version ``expected`` when this store wrote it last (with what it wrote)
        or the caller read it (``known``); ``(None, None)`` when it must be read. Streams are
        append-only, so a stream held at ``expected`` still has exactly those first events."""
        recent = self._recent.get(stream)
        if recent is not None and recent.stream.version == expected:
            return recent.stream, recent
        if known is not None and known.version == expected and known.request.id == stream:
            return known, None
        return None, None

    def _append_pg(
        self, stream: str, events: tuple[Event, ...], expected: int, command_id: str | None,
        known: StoredStream | None,
    ) -> AppendResult:
        """The append on PostgreSQL: one statement (:meth:`_append_pg_statement`, or a call of
        ``tgpl_append``, schema version 3) in its own transaction, so one round trip to the
        server for a stream this store wrote last or the caller read. The rows are computed
        here as :meth:`_append_tx` computes them; the statement checks the version, writes them
        and assigns the file code, or writes nothing."""
        if self._in_tx:
            raise StoreError("a store transaction is already open on this connection")
        b = self.backend
        before, previous = self._held(stream, expected, known)
        if before is None:
            # Not remembered: read the stream at ``expected`` (streams are append-only, and the
            # function checks the version again where it writes).
            head = b.query("SELECT id, code_org, header, code, version FROM tgpl_streams WHERE stream = ?", (stream,))
            if not head:
                if command_id is not None and (done := self.command_result(command_id, stream)) is not None:
                    return done
                raise StoreError(f"no stream {stream!r} in the store")
            row_id, code_org, header, code_text, version = head[0]
            if int(version) != expected:
                raise ConcurrencyError(stream, expected, int(version))
            before = self._stream_of(int(row_id), stream, str(code_org), str(header), code_text, expected)
        request = before.request
        history = before.events + events
        year: int | None = None
        code = before.code
        if code is None and any(isinstance(e, Accepted) for e in events):
            received = next((e.on for e in history if isinstance(e, RequestReceived)), None)
            accepted = next(e.on for e in history if isinstance(e, Accepted))
            year = _vn_year(received if received is not None else accepted)
            # The number comes from the server; the deadlines never read the file code.
            code = FileCode(request.code_org, request.form, 1, year)
        after = StoredStream(request, code, expected + len(events), history, before.row)
        written, plan = self._projection_plan(after, previous=previous, appended=events)
        word = DEFAULT_CODE_WORDS.word(request.form)
        if self.pg_plain_statement:
            code_parts = None if year is None else (f"{request.code_org}.{word}.", f".{year}", year)
            return self._append_pg_statement(stream, events, expected, command_id, code_parts, after, written, plan)
        try:
            rows = b.query(
                "SELECT out_outcome, out_stream, out_version, out_code FROM tgpl_append("
                "?::text, ?::integer, ?::text[], ?::text[], ?::text, ?::text, ?::text, ?::integer, ?::boolean, "
                "?::text, ?::text, ?::integer, ?::text[], ?::integer[], ?::text[], ?::integer[], ?::text[])",
                (
                    stream, expected, [e.kind for e in events], [_event_body(e) for e in events], command_id,
                    f"{request.code_org}.{word}.", f".{year}", year,
                    plan.full, None if plan.row is None else plan.row.stage,
                    None if plan.row is None else plan.row.provider_id,
                    None if plan.row is None else plan.row.appraisals,
                    # No deadline row gone or added (most appends): NULL, no array to send.
                    [d.rule for d in plan.gone] if plan.gone else None,
                    [d.trigger_index for d in plan.gone] if plan.gone else None,
                    [d.rule for d in plan.added] if plan.added else None,
                    [d.trigger_index for d in plan.added] if plan.added else None,
                    [d.due for d in plan.added] if plan.added else None,
                ),
            )
        except IntegrityViolation as exc:
            if "tgpl_commands_pkey" in str(exc):
                raise StoreError(f"command id {command_id!r} was already used") from None
            raise
        if not rows:
            raise StoreError(f"no stream {stream!r} in the store")
        outcome, found_stream, version, code_text = rows[0]
        if outcome == "duplicate":
            if found_stream != stream:
                raise StoreError(f"command id {command_id!r} was already used for another stream")
            return AppendResult(stream, int(version), _parse_code(code_text), duplicate=True)
        if outcome == "conflict":
            raise ConcurrencyError(stream, expected, int(version))
        final = _parse_code(code_text)
        self._remember(_Written(attrs.evolve(after, code=final), written.state, written.row, written.deadlines))
        return AppendResult(stream, int(version), final)

    def _append_pg_statement(
        self, stream: str, events: tuple[Event, ...], expected: int, command_id: str | None,
        code_parts: tuple[str, str, int] | None, after: StoredStream, written: _Written, plan: _Plan,
    ) -> AppendResult:
        """The append on PostgreSQL as one plain SQL statement (a data-modifying ``WITH``,
        :func:`_pg_statement`) in its own transaction. It writes the same rows as
        ``tgpl_append`` without the cost of calling PL/pgSQL: the version check (the stream
        row's ``UPDATE``, or its lock when the append assigns a file code) comes first and
        every write reads its row id, so a stale version or a command id seen before writes
        nothing. ``code_parts`` (an acceptance that assigns the file code): the code's text
        before and after its number, and the register's year."""
        b = self.backend
        one = len(events) == 1
        params: list[Any] = (
            [stream, expected, events[0].kind, _event_body(events[0])] if one
            else [stream, expected, [e.kind for e in events], [_event_body(e) for e in events]]
        )
        if command_id is not None:
            params.append(command_id)
        if code_parts is not None:
            params += code_parts
        if plan.row is not None:
            params += [plan.row.stage, plan.row.provider_id, plan.row.appraisals]
        if plan.gone:
            params += [[d.rule for d in plan.gone], [d.trigger_index for d in plan.gone]]
        if plan.added or plan.full or plan.gone:
            params += [[d.rule for d in plan.added], [d.trigger_index for d in plan.added],
                       [d.due for d in plan.added]]
        sql = _pg_statement(one, command_id is not None, code_parts is not None, plan.row is not None, plan.full,
                            bool(plan.gone), bool(plan.added))
        try:
            rows = b.query(sql, params)
        except IntegrityViolation as exc:
            if "tgpl_commands_pkey" in str(exc):
                raise StoreError(f"command id {command_id!r} was already used") from None
            raise
        if not rows:
            # Nothing written: the stream moved on, or there is no such stream. Its version is
            # read again (the statement's snapshot may predate the writer it waited for).
            found = b.query("SELECT version FROM tgpl_streams WHERE stream = ?", (stream,))
            if not found:
                raise StoreError(f"no stream {stream!r} in the store")
            raise ConcurrencyError(stream, expected, int(found[0][0]))
        outcome, found_stream, version, code_text = rows[0]
        if outcome == "duplicate":
            if found_stream != stream:
                raise StoreError(f"command id {command_id!r} was already used for another stream")
            return AppendResult(stream, int(version), _parse_code(code_text), duplicate=True)
        final = _parse_code(code_text)
        self._remember(_Written(attrs.evolve(after, code=final), written.state, written.row, written.deadlines))
        return AppendResult(stream, int(version), final)

    def _remember(self, written: _Written) -> None:
        if len(self._recent) >= 4096:
            self._recent.clear()
        self._recent[written.stream.request.id] = written

    def _assign_code(self, row_id: int, request: Request, history: tuple[Event, ...]) -> FileCode:
        """The next number of the register for the request's organisation, form and year."""
        received = next((e.on for e in history if isinstance(e, RequestReceived)), None)
        accepted = next(e.on for e in history if isinstance(e, Accepted))
        year = _vn_year(received if received is not None else accepted)
        seq = int(self.backend.query(
            "INSERT INTO tgpl_sequences (organisation, code_org, form, year, last) VALUES (?, ?, ?, ?, 1) "
            "ON CONFLICT (organisation, code_org, form, year) DO UPDATE SET last = tgpl_sequences.last + 1 "
            "RETURNING last",
            (request.organisation, request.code_org, request.form.value, year),
        )[0][0])
        code = FileCode(request.code_org, request.form, seq, year)
        self.backend.execute("UPDATE tgpl_streams SET code = ? WHERE id = ?", (str(code), row_id))
        return code

    def _write_projection(
        self, row_id: int, stream: StoredStream, *, previous: _Written | None = None, appended: Sequence[Event] = (),
    ) -> _Written:
        """Write the projection rows of ``stream`` (see :meth:`_projection_plan`)."""
        written, plan = self._projection_plan(stream, previous=previous, appended=appended)
        b = self.backend
        if plan.full:
            assert plan.row is not None
            b.execute(
                "INSERT INTO tgpl_proj_cases (stream_id, stage, provider_id, appraisals) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (stream_id) DO UPDATE SET stage = excluded.stage, provider_id = excluded.provider_id, "
                "appraisals = excluded.appraisals",
                (row_id, plan.row.stage, plan.row.provider_id, plan.row.appraisals),
            )
            b.execute("DELETE FROM tgpl_proj_deadlines WHERE stream_id = ?", (row_id,))
        else:
            if plan.row is not None:
                b.execute(
                    "UPDATE tgpl_proj_cases SET stage = ?, provider_id = ?, appraisals = ? WHERE stream_id = ?",
                    (plan.row.stage, plan.row.provider_id, plan.row.appraisals, row_id),
                )
            if plan.gone:
                b.executemany(
                    "DELETE FROM tgpl_proj_deadlines WHERE stream_id = ? AND rule = ? AND trigger_index = ?",
                    [(row_id, d.rule, d.trigger_index) for d in plan.gone],
                )
        if plan.added:
            b.executemany(
                "INSERT INTO tgpl_proj_deadlines (stream_id, rule, trigger_index, due) VALUES (?, ?, ?, ?)",
                [(row_id, d.rule, d.trigger_index, d.due) for d in plan.added],
            )
        return written

    def _projection_plan(
        self, stream: StoredStream, *, previous: _Written | None = None, appended: Sequence[Event] = (),
    ) -> tuple[_Written, _Plan]:
        """The projection rows of ``stream`` and the writes that store them.

        With ``previous`` (the stream as this store wrote it before ``appended``), the state
        moves on from the remembered one, the deadlines are evaluated again only if an
        appended event is of a kind a deadline rule reads, and only the rows that changed
        are written; otherwise everything is computed from the events and rewritten.
        """
        if previous is None:
            state = stream.state
            case = stream.case() if stream.events or stream.code is not None else None
            row, found = project(state, case)
            deadline_rows = tuple(found)
            return _Written(stream, state, row, deadline_rows), _Plan(True, row, (), deadline_rows)
        state = evolve_lenient(previous.state, appended)
        if stream.code == previous.stream.code and not any(e.kind in DEADLINE_KINDS for e in appended):
            row, deadline_rows = case_row(state), previous.deadlines
        else:
            row, found = project(state, stream.case())
            deadline_rows = tuple(found)
        new = set(deadline_rows)
        old = set(previous.deadlines)
        plan = _Plan(
            False,
            None if row == previous.row else row,
            tuple(d for d in previous.deadlines if d not in new),
            tuple(d for d in deadline_rows if d not in old),
        )
        return _Written(stream, state, row, deadline_rows), plan

    # -- imports -----------------------------------------------------------------------

    def import_records(self, records: Iterable[Record]) -> int:
        """Store recorded cases and activities as they are, in one transaction; return how many.

        A case becomes a stream whose id is its file code text; the register's sequence is
        raised to the highest number imported, so a later acceptance never reuses one. A
        case or activity already in the store is a :class:`~tgpl.errors.InvalidRecordError`
        naming it, and nothing is imported.
        """
        n = 0
        with self._transaction():
            for record in records:
                if isinstance(record, Case):
                    self._import_case(record)
                else:
                    self._import_activity(record)
                n += 1
        return n

    def _import_case(self, case: Case) -> None:
        b = self.backend
        request = Request.of_case(case)
        header = _dumps(request.header_dict(unstructure))
        code = case.code
        try:
            rows = b.query(
                "INSERT INTO tgpl_streams (stream, organisation, code_org, form, header, code, version) "
                "VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id",
                (case.id, case.organisation, code.org, case.form.value, header, str(code), len(case.events)),
            )
        except IntegrityViolation:
            raise InvalidRecordError(
                f"case {case.id!r} of organisation {case.organisation!r} is already in the store", record_id=case.id, path="$.code",
            ) from None
        row_id = int(rows[0][0])
        if case.events:
            b.executemany(
                "INSERT INTO tgpl_events (stream_id, position, kind, body) VALUES (?, ?, ?, ?)",
                [(row_id, i, e.kind, _event_body(e)) for i, e in enumerate(case.events)],
            )
        b.execute(
            "INSERT INTO tgpl_sequences (organisation, code_org, form, year, last) VALUES (?, ?, ?, ?, ?) "
            f"ON CONFLICT (organisation, code_org, form, year) DO UPDATE SET last = {b.dialect.greatest}(tgpl_sequences.last, excluded.last)",
            (case.organisation, code.org, case.form.value, code.year, code.seq),
        )
        stored = StoredStream(request, code, len(case.events), case.events, row_id)
        self._write_projection(row_id, stored)

    def _import_activity(self, record: Record) -> None:
        tag = type(record).schema
        rid = str(getattr(record, "id", ""))
        org = str(getattr(record, "organisation", ""))
        body = _dumps({"schema": tag, **unstructure(record)})
        try:
            self.backend.execute(
                "INSERT INTO tgpl_records (schema, organisation, record_id, body) VALUES (?, ?, ?, ?)",
                (tag, org, rid, body),
            )
        except IntegrityViolation:
            raise InvalidRecordError(
                f"{tag} record {rid!r} of organisation {org!r} is already in the store", record_id=rid, path="$.id",
            ) from None

    # -- reading -----------------------------------------------------------------------

    def load(self, stream: str) -> StoredStream:
        """The stream ``stream`` as stored now; :class:`~tgpl.errors.StoreError` if there is none."""
        rows = self.backend.query("SELECT id FROM tgpl_streams WHERE stream = ?", (stream,))
        if not rows:
            raise StoreError(f"no stream {stream!r} in the store")
        return self._load_row(int(rows[0][0]))

    def exists(self, stream: str) -> bool:
        return bool(self.backend.query("SELECT 1 FROM tgpl_streams WHERE stream = ?", (stream,)))

    def find_code(self, code: FileCode | str, organisation: str | None = None) -> str | None:
        """The stream that holds file code ``code`` (of ``organisation`` when given), or ``None``."""
        if organisation is None:
            rows = self.backend.query("SELECT stream FROM tgpl_streams WHERE code = ? ORDER BY id", (str(code),))
        else:
            rows = self.backend.query(
                "SELECT stream FROM tgpl_streams WHERE code = ? AND organisation = ?", (str(code), organisation)
            )
        return str(rows[0][0]) if rows else None

    def _load_row(self, row_id: int) -> StoredStream:
        head = self.backend.query(
            "SELECT stream, code_org, header, code, version FROM tgpl_streams WHERE id = ?", (row_id,)
        )[0]
        stream, code_org, header, code, version = head
        return self._stream_of(row_id, str(stream), str(code_org), str(header), code, int(version))

    def _stream_of(self, row_id: int, stream: str, code_org: str, header: str, code: str | None,
                   version: int) -> StoredStream:
        bodies = self.backend.query(
            "SELECT body FROM tgpl_events WHERE stream_id = ? AND position < ? ORDER BY position", (row_id, version)
        ) if version > 0 else []  # a stream's events are its first ``version`` rows: none to read
        events = tuple(_load_event(r[0]) for r in bodies)
        return StoredStream(self._request(stream, code_org, header), _parse_code(code), version, events, row_id)

    def _request(self, stream: str, code_org: str, header: str) -> Request:
        """The header as a value; a header never changes, so the last ones read are kept."""
        key = (stream, code_org, header)
        found = self._headers.get(key)
        if found is None:
            if len(self._headers) >= 4096:
                self._headers.clear()
            found = self._headers[key] = CONVERTER.structure(
                {"id": stream, "code_org": code_org, **codec.loads(header)}, Request
            )
        return found

    def streams(self) -> Iterator[str]:
        """Every stream id, in the order the streams were created."""
        for (name,) in self.backend.iterate("SELECT stream FROM tgpl_streams ORDER BY id"):
            yield str(name)

    def count(self) -> tuple[int, int]:
        """(streams, events) in the store."""
        s = self.backend.query("SELECT COUNT(*) FROM tgpl_streams")[0][0]
        e = self.backend.query("SELECT COUNT(*) FROM tgpl_events")[0][0]
        return int(s), int(e)

    def record_lines(self) -> Iterator[bytes]:
        """Every record as one JSON Lines line (bytes, no newline), streamed in constant memory.

        Cases first, in the order their streams were created (a request without a file code
        under its request code; a stream with no event yet is left out), then activities in
        the order they were imported. The same store gives the same bytes.
        """
        current: int | None = None
        parts: list[str] = []
        head: tuple[str, str, str | None, str] = ("", "", None, "")
        for row_id, code_org, form, code, header, body in self.backend.iterate(
            "SELECT s.id, s.code_org, s.form, s.code, s.header, e.body FROM tgpl_streams s "
            "JOIN tgpl_events e ON e.stream_id = s.id AND e.position < s.version "
            "ORDER BY s.id, e.position"
        ):
            if row_id != current:
                if current is not None:
                    yield _case_line(current, head, parts)
                current = row_id
                head = (code_org, form, code, header)
                parts = []
            parts.append(body)
        if current is not None:
            yield _case_line(current, head, parts)
        for (body,) in self.backend.iterate("SELECT body FROM tgpl_records ORDER BY id"):
            yield str(body).encode("utf-8")

    def records(self) -> Iterator[Record]:
        """Every record as a typed value (:meth:`record_lines`, read back), in constant memory."""
        for n, line in enumerate(self.record_lines(), start=1):
            yield from_dict(codec.loads(line), line=n, source=self._where())

    def export_jsonl(self, path_or_file: str | os.PathLike[str] | IO[bytes]) -> int:
        """Write :meth:`record_lines` as a JSON Lines file that ``tgpl report`` reads; return how many."""
        if isinstance(path_or_file, str | os.PathLike):
            with Path(path_or_file).open("wb") as fh:
                return self.export_jsonl(fh)
        n = 0
        for line in self.record_lines():
            path_or_file.write(line + b"\n")
            n += 1
        return n

    # -- queries (projections) ---------------------------------------------------------

    def open_cases(self, provider_id: str | None = None) -> list[OpenCase]:
        """Open cases (accepted or in progress), by provider (unassigned first) then stream; one provider's with ``provider_id``."""
        sql = (
            "SELECT s.stream, s.code, p.stage, p.provider_id FROM tgpl_proj_cases p JOIN tgpl_streams s ON s.id = p.stream_id "
            "WHERE p.stage IN ('accepted', 'in_progress')"
        )
        params: tuple[Any, ...] = ()
        if provider_id is not None:
            sql += " AND p.provider_id = ?"
            params = (provider_id,)
        sql += " ORDER BY p.provider_id IS NOT NULL, p.provider_id, s.id"  # unassigned first on both backends
        return [OpenCase(str(a), _parse_code(c), str(st), pv) for a, c, st, pv in self.backend.query(sql, params)]

    def open_cases_by_provider(self) -> dict[str | None, list[OpenCase]]:
        """Open cases grouped by current provider (``None``: accepted, no provider assigned yet)."""
        out: dict[str | None, list[OpenCase]] = {}
        for c in self.open_cases():
            out.setdefault(c.provider_id, []).append(c)
        return out

    def deadlines_due(self, as_of: dt.datetime, *, within: dt.timedelta = dt.timedelta(0)) -> list[DeadlineDue]:
        """Unmet deadlines due at or before ``as_of + within`` (overdue: due before ``as_of``), by due moment."""
        if as_of.tzinfo is None:
            raise ValueError("as_of must be timezone-aware")
        limit = utc_text(as_of + within)
        rows = self.backend.query(
            "SELECT s.stream, s.code, d.rule, d.trigger_index, d.due FROM tgpl_proj_deadlines d "
            "JOIN tgpl_streams s ON s.id = d.stream_id WHERE d.due <= ? ORDER BY d.due, s.id, d.rule",
            (limit,),
        )
        return [
            DeadlineDue(str(a), _parse_code(c), str(r), int(t), dt.datetime.fromisoformat(d).astimezone(VN_TZ))
            for a, c, r, t, d in rows
        ]

    def awaiting_appraisal(self) -> list[str]:
        """Streams of ended cases (ended, handed over or archived) with no appraisal recorded (TT12 Art 14)."""
        rows = self.backend.query(
            "SELECT s.stream FROM tgpl_proj_cases p JOIN tgpl_streams s ON s.id = p.stream_id "
            f"WHERE p.stage IN {_ENDED_STAGES!r} AND p.appraisals = 0 ORDER BY s.id"
        )
        return [str(r[0]) for r in rows]

    def undecided_requests(self) -> list[str]:
        """Streams of requests received but neither accepted, refused nor transferred (Law Art 30)."""
        rows = self.backend.query(
            "SELECT s.stream FROM tgpl_proj_cases p JOIN tgpl_streams s ON s.id = p.stream_id "
            "WHERE p.stage = 'received' ORDER BY s.id"
        )
        return [str(r[0]) for r in rows]

    def projection_rows(self) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        """The raw projection tables, sorted (tests compare them with a rebuild)."""
        cases = self.backend.query("SELECT stream_id, stage, provider_id, appraisals FROM tgpl_proj_cases ORDER BY stream_id")
        dls = self.backend.query("SELECT stream_id, rule, trigger_index, due FROM tgpl_proj_deadlines ORDER BY stream_id, rule, trigger_index")
        return [tuple(r) for r in cases], [tuple(r) for r in dls]

    def rebuild_projections(self) -> None:
        """Recompute every projection from the events, in one transaction."""
        with self._transaction():
            self._rebuild()

    def _rebuild(self) -> None:
        b = self.backend
        b.execute("DELETE FROM tgpl_proj_deadlines")
        b.execute("DELETE FROM tgpl_proj_cases")
        ids = [int(r[0]) for r in b.query("SELECT id FROM tgpl_streams ORDER BY id")]
        for row_id in ids:
            self._write_projection(row_id, self._load_row(row_id))


def _case_line(row_id: int, head: tuple[str, str, str | None, str], bodies: list[str]) -> bytes:
    code_org, form, code, header = head
    if code is None:
        first = _load_event(bodies[0]).on
        code = str(request_code(code_org, Form(form), row_id, first))
    events = ",".join(bodies)
    return f'{{"schema":"{_CASE_TAG}","code":{_dumps(code)},{header[1:-1]},"events":[{events}]}}'.encode()


@functools.cache
def _pg_statement(one: bool, command: bool, code: bool, row: bool, full: bool, gone: bool, added: bool) -> str:
    """The one-statement append of PostgreSQL.

    A data-modifying ``WITH`` whose parts are only those the append needs (a command id, a
    changed case row, deadline rows gone or added; ``full`` rewrites the stream's deadline
    rows): the fewer parameters to send and statements to run, the cheaper. Every write
    reads ``s``, the stream row's conditional ``UPDATE`` (the version check, which waits for
    a concurrent writer of the stream and then finds its version changed): when it updates
    no row, nothing is written and no row is returned. With a command id seen before
    (``dup``), the ``UPDATE`` updates nothing and the first result is returned. One
    statement cannot write a row twice, so the deadline rows are deleted only where no row
    of the same key is written back (``ON CONFLICT … DO UPDATE``).

    With ``code`` (an acceptance that assigns the file code) the stream row is first locked
    at the expected version (``lk``, ``FOR UPDATE``: a concurrent writer is waited for and
    its version then found changed), and only then is the register's sequence raised
    (``seq``), so a stale version takes no number; the stream row's one ``UPDATE`` writes
    the version and the code together (one statement cannot update a row twice). The
    sequence row stays locked until the commit, as in ``tgpl_append``: two acceptances of
    one register never get the same number, and none is lost. Parameters, in order: stream,
    expected version, kinds, bodies, [command id], [code before and after its number,
    year], [stage, provider, appraisals],
    [gone rules, gone indexes], [added rules, added indexes, added dues] (also with ``full``
    or rows gone: the rows written back are not deleted). With ``one`` (a single
    event: most appends) its kind and body are sent as text, not as arrays (cheaper to
    convert in the client).
    """
    p = ["?::text AS stream", "?::integer AS expected"]
    p += ["?::text AS kind", "?::text AS body"] if one else ["?::text[] AS kinds", "?::text[] AS bodies"]
    count = "1" if one else "cardinality(p.kinds)"
    if command:
        p.append("?::text AS command")
    if code:
        p += ["?::text AS code_prefix", "?::text AS code_suffix", "?::integer AS year"]
    if row:
        p += ["?::text AS stage", "?::text AS provider", "?::integer AS appraisals"]
    deletes = full or gone
    if gone:
        p += ["?::text[] AS gone_rules", "?::integer[] AS gone_indexes"]
    if added or deletes:
        p += ["?::text[] AS new_rules", "?::integer[] AS new_indexes", "?::text[] AS new_dues"]
    parts = [f"p AS (SELECT {', '.join(p)})"]
    if command:
        parts.append("dup AS (SELECT t.stream, c.version, t.code FROM p, tgpl_commands c "
                     "JOIN tgpl_streams t ON t.id = c.stream_id WHERE c.command_id = p.command)")
    fresh = " AND NOT EXISTS (SELECT 1 FROM dup)" if command else ""
    if code:
        parts.append(
            "lk AS (SELECT t.id, t.organisation, t.code_org, t.form FROM tgpl_streams t, p "
            f"WHERE t.stream = p.stream AND t.version = p.expected{fresh} FOR UPDATE OF t)"
        )
        parts.append(
            "seq AS (INSERT INTO tgpl_sequences AS q (organisation, code_org, form, year, last) "
            "SELECT lk.organisation, lk.code_org, lk.form, p.year, 1 FROM lk, p "
            "ON CONFLICT (organisation, code_org, form, year) DO UPDATE SET last = q.last + 1 RETURNING q.last)"
        )
        parts.append(
            f"s AS (UPDATE tgpl_streams t SET version = t.version + {count}, code = p.code_prefix "
            "|| CASE WHEN seq.last < 10 THEN '0' ELSE '' END || seq.last::TEXT || p.code_suffix "
            "FROM p, lk, seq WHERE t.id = lk.id AND t.version = p.expected RETURNING t.id, t.code, t.version)"
        )
    else:
        parts.append(
            f"s AS (UPDATE tgpl_streams t SET version = t.version + {count} FROM p "
            f"WHERE t.stream = p.stream AND t.version = p.expected{fresh} RETURNING t.id, t.code, t.version)"
        )
    parts.append(
        "ev AS (INSERT INTO tgpl_events (stream_id, position, kind, body) "
        + ("SELECT s.id, p.expected, p.kind, p.body FROM s, p)" if one else
           "SELECT s.id, p.expected + e.i - 1, e.kind, e.body FROM s, p, "
           "unnest(p.kinds, p.bodies) WITH ORDINALITY AS e (kind, body, i))")
    )
    if command:
        parts.append("cmd AS (INSERT INTO tgpl_commands (command_id, stream_id, version) "
                     "SELECT p.command, s.id, s.version FROM s, p)")
    if row:
        parts.append(
            "pc AS (INSERT INTO tgpl_proj_cases (stream_id, stage, provider_id, appraisals) "
            "SELECT s.id, p.stage, p.provider, p.appraisals FROM s, p ON CONFLICT (stream_id) DO UPDATE "
            "SET stage = excluded.stage, provider_id = excluded.provider_id, appraisals = excluded.appraisals)"
        )
    if deletes:
        which = "" if full else (
            " AND (d.rule, d.trigger_index) IN (SELECT g.rule, g.idx FROM unnest(p.gone_rules, p.gone_indexes) AS g (rule, idx))"
        )
        parts.append(
            "dg AS (DELETE FROM tgpl_proj_deadlines d USING s, p WHERE d.stream_id = s.id" + which
            + " AND NOT EXISTS (SELECT 1 FROM unnest(p.new_rules, p.new_indexes) AS n (rule, idx) "
            "WHERE n.rule = d.rule AND n.idx = d.trigger_index))"
        )
    if added:
        parts.append(
            "da AS (INSERT INTO tgpl_proj_deadlines (stream_id, rule, trigger_index, due) "
            "SELECT s.id, n.rule, n.idx, n.due FROM s, p, unnest(p.new_rules, p.new_indexes, p.new_dues) "
            "AS n (rule, idx, due) ON CONFLICT (stream_id, rule, trigger_index) DO UPDATE SET due = excluded.due)"
        )
    result = "SELECT 'ok'::TEXT, NULL::TEXT, s.version, s.code FROM s"
    if command:
        result += " UNION ALL SELECT 'duplicate', dup.stream, dup.version, dup.code FROM dup"
    return "WITH " + ", ".join(parts) + " " + result


class _Tx:
    """A write transaction on the store's connection: commit on success, roll back on error."""

    def __init__(self, store: EventStore) -> None:
        self.store = store

    def __enter__(self) -> None:
        if self.store._in_tx:
            raise StoreError("a store transaction is already open on this connection")
        self.store.backend.begin(write=True)
        self.store._in_tx = True

    def __exit__(self, exc_type: object, exc: object, tb: object) -> None:
        self.store._in_tx = False
        if exc_type is None:
            try:
                self.store.backend.commit()
                return
            except BaseException:
                self.store._recent.clear()  # streams remembered in this transaction were not written
                self.store.backend.rollback()
                raise
        self.store._recent.clear()
        self.store.backend.rollback()


def open_store(url: str, *, create: bool = True) -> EventStore:
    """Open the store at ``url`` (``sqlite:///path.db``, ``postgresql://…``).

    A database without the tgpl schema gets it when ``create`` (the default); an older
    schema is migrated; a newer one is refused with a clear message
    (:class:`~tgpl.errors.StoreError`).
    """
    store = EventStore(connect(url, create=create))
    try:
        version = store.schema_version()
        if version == 0 and not create:
            raise StoreError(f"no tgpl store at {store._where()} (create it with: tgpl store init URL)")
        if version != SCHEMA_VERSION:
            store.migrate()
    except BaseException:
        store.close()
        raise
    return store
