"""Quoting input in error messages without echoing a huge value, or personal data, back."""

from __future__ import annotations

from tgpl.errors import quote_value

__all__ = ["clip"]


def clip(text: str, limit: int = 60) -> str:
    """How a message shows ``text``: :func:`tgpl.errors.quote_value` (quoted only when it looks like a code).

    Error messages quote the offending value so a person can find it, but only a code:
    anything else (a name typed into the wrong field, a 1 MB text) is described by its
    length. ``limit`` is kept for callers; no quoted text is longer than
    :data:`tgpl.errors.CODE_MAX_CHARS`.
    """
    del limit
    return quote_value(text)
