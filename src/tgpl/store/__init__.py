"""The system of record (``tgpl.store``): append-only case streams on SQLite or PostgreSQL.

* :func:`open_store` — open (and create or migrate) the store a URL names:
  ``sqlite:///path.db`` (the embedded default) or ``postgresql://…`` (psycopg 3);
* :class:`EventStore` — ``create`` a request's stream, ``append`` events optimistically
  (:class:`~tgpl.errors.ConcurrencyError` when the stream moved on; idempotent with a
  command id), ``load`` a stream, stream every record (``records``, ``export_jsonl``),
  and the morning queries answered from projections (``open_cases_by_provider``,
  ``deadlines_due``, ``awaiting_appraisal``, ``undecided_requests``);
* :class:`Request` — a request before acceptance (the file code comes on acceptance).

:func:`tgpl.api.apply` runs the lifecycle's ``decide`` before appending. See ``docs/store.md``.
"""

from tgpl.errors import ConcurrencyError, StoreError
from tgpl.store.backend import SCHEMA_VERSION, Backend, connect
from tgpl.store.request import REQUEST_CODE_SUFFIX, Request, request_code
from tgpl.store.store import (
    AppendResult,
    DeadlineDue,
    EventStore,
    OpenCase,
    StoredStream,
    StreamRef,
    open_store,
)

__all__ = [
    "REQUEST_CODE_SUFFIX",
    "SCHEMA_VERSION",
    "AppendResult",
    "Backend",
    "ConcurrencyError",
    "DeadlineDue",
    "EventStore",
    "OpenCase",
    "Request",
    "StoreError",
    "StoredStream",
    "StreamRef",
    "connect",
    "open_store",
    "request_code",
]
