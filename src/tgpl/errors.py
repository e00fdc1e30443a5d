"""Typed errors (``tgpl.errors``): every problem names the record and the field.

ARCHITECTURE.md principle 8: bad input produces a typed error naming the record id and
the field path (``$.events[3].on``); batch validation collects every problem.
"""

from __future__ import annotations

__all__ = [
    "ConcurrencyError",
    "DuplicateRecordError",
    "InvalidRecordError",
    "LifecycleError",
    "PluginError",
    "RuleNotInForceError",
    "StoreError",
    "TgplError",
    "UnknownCodeError",
    "WindowError",
]


class TgplError(Exception):
    """Base class of every error tgpl raises on purpose."""


class InvalidRecordError(TgplError, ValueError):
    """A record (case, activity, tally, …) is malformed.

    ``record_id`` is the record's identifier when it could be read (a case file code, an
    activity id), ``path`` the JSON path of the offending field (``$.events[3].on``),
    ``line`` the 1-based line of the input file when the record came from a file.
    """

    def __init__(
        self,
        message: str,
        *,
        record_id: str | None = None,
        path: str = "$",
        line: int | None = None,
        source: str | None = None,
    ) -> None:
        self.message = message
        self.record_id = record_id
        self.path = path
        self.line = line
        self.source = source
        super().__init__(self.__str__())

    def __reduce__(self) -> tuple[object, ...]:
        # Keep the record, line and path when the error crosses a process boundary.
        return (
            _rebuild_record_error,
            (type(self), self.message, self.record_id, self.path, self.line, self.source),
        )

    def __str__(self) -> str:
        where: list[str] = []
        if self.source is not None:
            where.append(self.source)
        if self.line is not None:
            where.append(f"line {self.line}")
        if self.record_id is not None:
            where.append(f"record {self.record_id!r}")
        where.append(f"field {self.path}")
        return f"{', '.join(where)}: {self.message}"


def _rebuild_record_error(
    cls: type[InvalidRecordError],
    message: str,
    record_id: str | None,
    path: str,
    line: int | None,
    source: str | None,
) -> InvalidRecordError:
    return cls(message, record_id=record_id, path=path, line=line, source=source)


class UnknownCodeError(InvalidRecordError):
    """A code (enum value, unit code, criterion code) that tgpl does not know."""


class DuplicateRecordError(InvalidRecordError):
    """The same record (e.g. the same case file code) appears twice."""


class LifecycleError(TgplError):
    """A command the law does not allow in the case's current state.

    Raised only by convenience APIs that apply commands; ``decide`` itself returns a
    refusal value instead of raising. ``reasons`` cite the article.
    """

    def __init__(self, message: str, reasons: tuple[str, ...] = ()) -> None:
        self.message = message
        self.reasons = reasons
        super().__init__(message if not reasons else f"{message}: {'; '.join(reasons)}")

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.message, self.reasons))


class RuleNotInForceError(TgplError, LookupError):
    """No rule set (eligibility, rubric, unit scheme, …) covers the requested date.

    ARCHITECTURE.md principle 2: there is no silent fallback to a default version.
    """


class WindowError(TgplError, ValueError):
    """A reporting window string or range that cannot be understood."""


class PluginError(TgplError):
    """A plugin handed over something invalid, or failed; names the plugin."""

    def __init__(self, plugin: str, message: str) -> None:
        self.plugin = plugin
        self.message = message
        super().__init__(f"plugin {plugin!r}: {message}")

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.plugin, self.message))


class StoreError(TgplError):
    """The event store (:mod:`tgpl.store`) cannot do what was asked: an unknown stream, a
    schema it cannot open, a URL it does not understand. The message names the stream or
    the URL scheme, never personal data."""


class ConcurrencyError(StoreError):
    """An optimistic append lost a race: the stream is no longer at the expected version.

    ``stream`` names the stream, ``expected`` the version the caller read and ``actual``
    the version found (``None`` when unknown). Reload the stream, decide again and retry.
    """

    def __init__(self, stream: str, expected: int, actual: int | None) -> None:
        self.stream = stream
        self.expected = expected
        self.actual = actual
        found = "another version" if actual is None else f"version {actual}"
        super().__init__(f"stream {stream!r}: expected version {expected}, found {found} (written concurrently)")

    def __reduce__(self) -> tuple[object, ...]:
        return (type(self), (self.stream, self.expected, self.actual))
