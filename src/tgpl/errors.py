"""Typed errors (``tgpl.errors``): every problem names the record and the field.

docs/architecture.md principle 8: bad input produces a typed error naming the record id and
the field path (``$.events[3].on``); batch validation collects every problem.
"""

from __future__ import annotations

import re
from typing import Final

__all__ = [
    "CODE_MAX_CHARS",
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
    "describe_text",
    "looks_like_code",
    "quote_value",
]

#: Longest text an error message may quote (a code is short; anything longer is described).
CODE_MAX_CHARS: Final = 40
# ASCII letters and digits, "Đ"/"đ" (written in Vietnamese abbreviations such as "HĐ"),
# and the separators codes use; at most 6 digits in a row, so that an ID number (9 or 12
# digits), a passport number (7 digits) or a telephone number is never "a code"; a word
# written like a name ("Nguyen", "Lan", "Đinh": one capital then small letters) neither.
_CODE_CHARS: Final = re.compile(r"[A-Za-z0-9ĐđÐ_.:/+\-]+")
_LONG_DIGITS: Final = re.compile(r"[0-9]{7}")
_NAME_LIKE: Final = re.compile(r"[A-ZĐ][a-zđ]+")


def looks_like_code(text: str) -> bool:
    """Whether ``text`` may be quoted in an error message: it looks like a code, not like personal data.

    A code is 1 to :data:`CODE_MAX_CHARS` characters, with no spaces, drawn from ASCII
    letters, digits, ``Đ``/``đ`` and ``_ . : / + -``, with at most 6 digits in a row, and
    is not a single capitalised word (``Nguyen``). File codes (``CN1.TGTT.01.2021``), unit
    references (``2004:06``), dates (``2022-02-30``), moments and code-list values
    (``litigation``, ``Litigation_x``) qualify; a name (``Nguyễn Văn An``), an ID number
    (``001089012345``), a telephone number or an address never does.
    """
    return (
        0 < len(text) <= CODE_MAX_CHARS
        and _CODE_CHARS.fullmatch(text) is not None
        and _LONG_DIGITS.search(text) is None
        and _NAME_LIKE.fullmatch(text) is None
    )


def describe_text(text: str) -> str:
    """A value described without showing it: ``"a text of 10 characters"`` (*văn bản 10 ký tự*)."""
    n = len(text)
    if n == 0:
        return "an empty text"
    return f"a text of {n:,} character{'s' if n != 1 else ''}"


def quote_value(value: object) -> str:
    """How an error message shows ``value``: quoted (``'2022-02-30'``) when it is a code, else described.

    Text that :func:`looks_like_code` is quoted with ``repr``; other text is described by
    its length (:func:`describe_text`); numbers and booleans are shown (they are not
    personal data by themselves, but an integer of more than 6 digits may be an ID number,
    so it is described by its digit count); other values by their JSON kind. This is
    the one function every tgpl message uses to mention input, so that a name or an ID
    number typed into the wrong field is never echoed to a console or a log.
    """
    if isinstance(value, str):
        return repr(value) if looks_like_code(value) else describe_text(value)
    if isinstance(value, bool) or value is None:
        return "null" if value is None else ("true" if value else "false")
    if isinstance(value, int):
        digits = len(str(abs(value)))
        return str(value) if digits <= 6 else f"a number of {digits:,} digits"
    if isinstance(value, float):
        return repr(value) if abs(value) < 1e6 and len(repr(value)) <= 12 else "a number"
    if isinstance(value, list | tuple):
        return "an array"
    if isinstance(value, dict):
        return "an object"
    return type(value).__name__


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
        # A record id that does not look like a code (a name typed into ``code``) is never
        # kept: the line number still locates the record.
        self.record_id = record_id if record_id is None or looks_like_code(record_id) else None
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

    docs/architecture.md principle 2: there is no silent fallback to a default version.
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
