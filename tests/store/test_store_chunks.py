"""Any history appended in any chunks leaves the projections a rebuild gives, on both backends.

On PostgreSQL an append is one plain SQL statement composed of the parts it needs (a
command id, the file code, the case row, deadline rows gone, added or rewritten), or the
call of ``tgpl_append`` (schema version 3): generated histories, cut into chunks at drawn
points, some appended from a stream the store remembers (only the rows that changed are
written), some from one it must read first (every row rewritten), some through the function,
reach every part.
"""

from __future__ import annotations

import itertools

import attrs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tgpl.domain import Case
from tgpl.domain.events import Accepted
from tgpl.store import EventStore, Request, open_store
from tgpl.store.store import _pg_statement
from tgpl.testing.strategies import cases

_IDS = itertools.count(1)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(case=st.one_of(cases(), cases(valid=False)), data=st.data())
def test_chunked_appends_leave_the_projections_a_rebuild_gives(store: EventStore, case: Case, data: st.DataObject) -> None:
    rid = f"YC-{next(_IDS)}"
    request = attrs.evolve(Request.of_case(case), id=rid)
    store.create(request)
    version = 0
    events = case.events
    while version < len(events):
        size = data.draw(st.integers(1, min(3, len(events) - version)), label="chunk")
        if data.draw(st.booleans(), label="forget the stream"):
            store._recent.clear()
        command = f"c-{rid}-{version}" if data.draw(st.booleans(), label="command id") else None
        # PostgreSQL: the plain statement, or the call of tgpl_append (schema version 3).
        store.pg_plain_statement = data.draw(st.booleans(), label="plain statement")
        chunk = events[version:version + size]
        result = store.append(rid, chunk, version, command_id=command)
        assert (result.version, result.duplicate) == (version + size, False)
        if command is not None:
            again = store.append(rid, chunk, version, command_id=command)
            assert (again.version, again.duplicate, again.code) == (version + size, True, result.code)
        version += size
    store.pg_plain_statement = True
    stored = store.load(rid)
    assert stored.events == events
    # The file code is assigned by the append of the acceptance, and only then.
    assert (stored.code is not None) == any(isinstance(e, Accepted) for e in events)
    live = store.projection_rows()
    with open_store(store.url) as other:
        other.rebuild_projections()
        assert other.projection_rows() == live


def test_the_statement_has_only_the_parts_an_append_needs() -> None:
    plain = _pg_statement(True, False, False, False, False, False, False)
    assert plain.count("?") == 4
    assert "tgpl_commands" not in plain
    assert "tgpl_proj" not in plain
    assert "[]" not in plain  # one event: its kind and body as text, no arrays to convert
    every = _pg_statement(False, True, True, True, False, True, True)
    assert every.count("?") == 16
    for part in ("dup AS", "lk AS", "seq AS", "cmd AS", "pc AS", "dg AS", "da AS", "unnest(p.kinds, p.bodies)"):
        assert part in every
    # The stream row is locked at the expected version before the register's number is taken.
    assert every.index("FOR UPDATE") < every.index("INSERT INTO tgpl_sequences") < every.index("UPDATE tgpl_streams")
    # A full rewrite deletes every deadline row of the stream not written back.
    assert "gone_rules)" not in _pg_statement(True, False, False, True, True, False, False).split("dg AS", 1)[1]
