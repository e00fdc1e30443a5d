"""Quoting input in error messages without echoing a huge value back."""

from __future__ import annotations

__all__ = ["clip"]


def clip(text: str, limit: int = 60) -> str:
    """``repr(text)``, cut to ``limit`` characters with the full length noted.

    Error messages quote the offending value so a person can find it; a 1 MB field must
    not make a 1 MB message (collect mode keeps every error of a file in memory).
    """
    if len(text) <= limit:
        return repr(text)
    return f"{text[:limit]!r}… ({len(text):,} characters)"
