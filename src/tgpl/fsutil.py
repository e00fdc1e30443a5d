"""Atomic file writes (ghi tệp nguyên tử) for reports and exported data.

A report or an anonymised file that is half written is worse than none: a reader (a
person, a scheduled upload, the next run) may take a truncated file for a complete one.
Every writer here therefore writes to a temporary file *in the same directory* as the
target, flushes and ``fsync``\\ s it, then moves it onto the target with
:func:`os.replace`, which is atomic on POSIX and Windows when both paths are on the same
file system (hence the same directory). A reader sees either the old file or the new one,
never a mixture.

If the writer raises, the temporary file is removed and the target is left untouched. If
the process is killed outright (``SIGKILL``, power loss) no code runs, so a hidden
temporary file ``.<name>.tgpl-<random>.tmp`` may remain next to the target — but the
target itself is never a partial file. :func:`remove_stale_temp` cleans such leftovers.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import tempfile
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import IO, Any, BinaryIO, Literal, TextIO, overload

__all__ = [
    "TEMP_INFIX",
    "TEMP_SUFFIX",
    "atomic_open",
    "atomic_write_bytes",
    "atomic_write_text",
    "remove_stale_temp",
    "reproducible_zip",
]

#: Marker in the name of every temporary file this module creates, so
#: :func:`remove_stale_temp` never touches another program's ``.tmp`` files.
TEMP_INFIX = ".tgpl-"
#: Suffix of every temporary file this module creates.
TEMP_SUFFIX = ".tmp"


def _current_umask() -> int:
    # os.umask can only be read by setting it; done once at import, before threads start.
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


#: Permissions a new file gets: what ``open(path, "w")`` would give (0o666 minus umask).
#: ``mkstemp`` creates 0o600 files, which would make reports unreadable to the group.
_NEW_FILE_MODE = 0o666 & ~_current_umask()


def _fsync_directory(directory: Path) -> None:
    """Make the rename durable (POSIX); silently skipped where directories cannot be opened."""
    try:
        fd = os.open(directory, os.O_RDONLY)
    except OSError:  # pragma: no cover - Windows
        return
    try:
        os.fsync(fd)
    except OSError:  # pragma: no cover - some file systems refuse fsync on a directory
        pass
    finally:
        os.close(fd)


@contextlib.contextmanager
def _atomic(path: str | os.PathLike[str], mode: str, encoding: str | None, newline: str | None) -> Iterator[IO[Any]]:
    target = Path(path)
    directory = target.parent
    fd, tmp_name = tempfile.mkstemp(
        dir=directory, prefix=f".{target.name}{TEMP_INFIX}", suffix=TEMP_SUFFIX
    )
    tmp = Path(tmp_name)
    try:
        if "b" in mode:
            fh: IO[Any] = os.fdopen(fd, "wb")
        else:
            fh = os.fdopen(fd, "w", encoding=encoding or "utf-8", newline=newline)
        with fh:
            yield fh
            fh.flush()
            os.fsync(fh.fileno())
        try:
            mode_bits = target.stat().st_mode & 0o7777  # keep an existing file's permissions
        except FileNotFoundError:
            mode_bits = _NEW_FILE_MODE
        tmp.chmod(mode_bits)
        tmp.replace(target)
    except BaseException:
        # Also on KeyboardInterrupt: the target must never be touched by a failed write.
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        raise
    _fsync_directory(directory)


@overload
def atomic_open(
    path: str | os.PathLike[str], mode: Literal["wb"] = ..., *, encoding: None = ..., newline: None = ...
) -> contextlib.AbstractContextManager[BinaryIO]: ...
@overload
def atomic_open(
    path: str | os.PathLike[str], mode: Literal["w", "wt"], *, encoding: str | None = ..., newline: str | None = ...
) -> contextlib.AbstractContextManager[TextIO]: ...
def atomic_open(
    path: str | os.PathLike[str],
    mode: Literal["wb", "w", "wt"] = "wb",
    *,
    encoding: str | None = None,
    newline: str | None = None,
) -> contextlib.AbstractContextManager[IO[Any]]:
    """Open ``path`` for writing so that it appears complete or not at all.

    Use as a context manager. The data go to a hidden temporary file
    ``.<name>.tgpl-<random>.tmp`` in the target's directory; on a normal exit it is
    flushed, ``fsync``\\ ed and renamed onto ``path`` (replacing any existing file, whose
    permissions are kept; a new file gets the usual ``0o666`` minus umask). On any
    exception the temporary file is deleted, the target is left as it was, and the
    exception propagates.

    ``mode`` is ``"wb"`` (bytes, the default) or ``"w"``/``"wt"`` (text, UTF-8 unless
    ``encoding`` says otherwise; ``newline`` as for :func:`open`). A symbolic link at
    ``path`` is replaced by a regular file, not followed.
    """
    if mode not in ("wb", "w", "wt"):
        raise ValueError(f"atomic_open supports the write modes 'wb', 'w' and 'wt', not {mode!r}")
    if "b" in mode and (encoding is not None or newline is not None):
        raise ValueError("encoding and newline are only for text mode ('w')")
    return _atomic(path, mode, encoding, newline)


def atomic_write_bytes(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to ``path`` atomically (see :func:`atomic_open`)."""
    with atomic_open(path, "wb") as fh:
        fh.write(data)


def atomic_write_text(
    path: str | os.PathLike[str], text: str, *, encoding: str = "utf-8", newline: str | None = None
) -> None:
    """Write ``text`` to ``path`` atomically, UTF-8 by default (see :func:`atomic_open`)."""
    with atomic_open(path, "w", encoding=encoding, newline=newline) as fh:
        fh.write(text)


def remove_stale_temp(directory: str | os.PathLike[str], *, older_than: float = 3600.0) -> list[Path]:
    """Delete temporary files left in ``directory`` by writers that were killed.

    Only files this module names (``.<name>.tgpl-<random>.tmp``) are considered, and only
    those last modified more than ``older_than`` seconds ago, so a write still in
    progress in another process is not pulled from under it (pass ``0`` when no other
    writer can be running). Returns the removed paths, sorted. Not recursive.
    """
    if older_than < 0:
        raise ValueError("older_than must be 0 or more seconds")
    cutoff = time.time() - older_than
    removed: list[Path] = []
    for entry in Path(directory).iterdir():
        name = entry.name
        if not (name.startswith(".") and name.endswith(TEMP_SUFFIX) and TEMP_INFIX in name):
            continue
        try:
            if not entry.is_file() or entry.is_symlink() or entry.stat().st_mtime > cutoff:
                continue
            entry.unlink()
        except FileNotFoundError:  # removed concurrently (e.g. the writer finished)
            continue
        removed.append(entry)
    return sorted(removed)


def reproducible_zip(data: bytes, moment: dt.datetime) -> bytes:
    """Rewrite a zip archive (an .xlsx or .docx) with every entry dated ``moment``.

    openpyxl and python-docx date the archive entries with the current time; rewriting them
    (same order, deflated, mode 0644) makes the same report give the same bytes. ``moment``
    is written as given (pass local time); zip dates start in 1980.
    """
    date_time = (max(moment.year, 1980), moment.month, moment.day, moment.hour, moment.minute, moment.second)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            entry = zipfile.ZipInfo(info.filename, date_time=date_time)
            entry.compress_type = zipfile.ZIP_DEFLATED
            entry.external_attr = 0o644 << 16
            dst.writestr(entry, src.read(info.filename))
    return out.getvalue()
