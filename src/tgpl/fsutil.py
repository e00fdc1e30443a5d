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

Several files that belong together (a report in md, json, xlsx, docx) are a **set**:
:func:`report_set` takes an advisory lock on the output folder (:func:`locked_output`),
finishes or removes what a killed run left (:func:`recover_report_sets`), and stages the
new files in a hidden folder inside it; :meth:`StagedSet.commit` writes a manifest and a
journal (the commit point) and moves them in together. :func:`check_output_dir` says
before any work whether a folder can receive files at all.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import os
import sys
import tempfile
import time
import zipfile
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import IO, Any, BinaryIO, Literal, TextIO, overload

__all__ = [
    "JOURNAL_NAME",
    "LOCK_NAME",
    "MANIFEST_SCHEMA",
    "STAGING_PREFIX",
    "TEMP_INFIX",
    "TEMP_SUFFIX",
    "OutputBusyError",
    "OutputError",
    "StagedSet",
    "atomic_open",
    "atomic_write_bytes",
    "atomic_write_text",
    "check_output_dir",
    "locked_output",
    "recover_report_sets",
    "remove_stale_temp",
    "report_set",
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


# -- report sets: several files that appear together, or not at all ------------------------

#: Name of the advisory lock file in an output folder (``tgpl report`` runs take it in turn).
LOCK_NAME = ".tgpl-report.lock"
#: Prefix of the staging folder a run writes its files into, inside the output folder.
STAGING_PREFIX = ".tgpl-staging-"
#: Name of the journal that marks a staged set as committed (inside the staging folder).
JOURNAL_NAME = "COMMIT.json"
#: Schema tag of the manifest written next to each report set.
MANIFEST_SCHEMA = "tgpl.report-manifest/1"


class OutputError(OSError):
    """An output folder that cannot be used: not a folder, not writable, or busy.

    ``str()`` is one line naming the path (Vietnamese and English).
    """

    def __init__(self, message: str, path: str | os.PathLike[str]) -> None:
        super().__init__(message)
        self.message = message
        self.path = os.fspath(path)

    def __str__(self) -> str:
        return self.message


class OutputBusyError(OutputError):
    """Another run holds the output folder's lock and waiting was not allowed."""


def check_output_dir(directory: str | os.PathLike[str]) -> None:
    """Check, before any input is read, that ``directory`` can receive files; raise :class:`OutputError`.

    The folder may not exist yet (it is created later), but then its nearest existing
    ancestor must be a writable folder. A path that is a file, or a folder this process
    cannot write into, is refused, naming the path.
    """
    path = Path(directory)
    probe = path
    while not probe.exists():
        if probe.is_symlink():
            raise OutputError(f"thư mục kết quả là liên kết hỏng (output is a broken link): {path}", path)
        parent = probe.parent
        if parent == probe:
            break
        probe = parent
    if probe.exists() and not probe.is_dir():
        what = "thư mục kết quả là một tệp (output is a file, not a folder)"
        if probe != path:
            what = f"không tạo được thư mục kết quả: {probe} là một tệp (cannot create the output folder: {probe} is a file)"
        raise OutputError(f"{what}: {path}", path)
    if not os.access(probe, os.W_OK | os.X_OK):
        raise OutputError(f"không ghi được vào thư mục kết quả (output folder not writable): {probe}", path)


def _lock(fd: int, wait: bool) -> bool:
    """Take an exclusive advisory lock on ``fd``; ``False`` when busy and not waiting."""
    if sys.platform == "win32":  # pragma: no cover - Windows has no flock
        import msvcrt

        while True:
            try:
                msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
                return True
            except OSError:
                if not wait:
                    return False
                time.sleep(0.1)
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if wait else fcntl.LOCK_NB))
    except BlockingIOError:
        return False
    return True


@contextlib.contextmanager
def locked_output(directory: str | os.PathLike[str], *, wait: bool = True) -> Iterator[Path]:
    """Hold the advisory lock of the output folder ``directory`` (created if needed).

    A second run into the same folder waits until the first has finished (``wait=True``)
    or raises :class:`OutputBusyError` at once (``wait=False``). The lock is released when
    the block ends, and by the operating system when the process dies, so a killed run
    never leaves a folder locked. Advisory: only tgpl runs honour it.
    """
    path = Path(directory)
    path.mkdir(parents=True, exist_ok=True)
    fd = os.open(path / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o666 & ~_current_umask())
    try:
        if not _lock(fd, wait):
            raise OutputBusyError(
                f"một lần chạy khác đang ghi vào thư mục kết quả (another tgpl run is writing into the output "
                f"folder; run again, or without --no-wait to wait): {path}",
                path,
            )
        yield path
    finally:
        os.close(fd)


def _sha256(path: Path) -> str:
    import hashlib

    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _roll_forward(staging: Path) -> None:
    """Finish a committed set: move its files into place, remove the stale ones, drop the staging folder."""
    import json

    directory = staging.parent
    journal = json.loads((staging / JOURNAL_NAME).read_text(encoding="utf-8"))
    names: list[str] = list(journal["files"])
    for name in names:
        src = staging / name
        if src.exists():  # not moved yet (a run killed half-way moved some)
            src.replace(directory / name)
    for name in journal.get("stale", []):
        if name not in names:
            with contextlib.suppress(FileNotFoundError):
                (directory / name).unlink()
    _fsync_directory(directory)
    (staging / JOURNAL_NAME).unlink()
    with contextlib.suppress(OSError):
        staging.rmdir()


def recover_report_sets(directory: str | os.PathLike[str]) -> list[Path]:
    """Finish or discard the staged sets a killed run left in ``directory``; return the staging folders handled.

    A staging folder with a journal was committed: its files are moved into place (roll
    forward), so the folder holds the complete new set. One without a journal was not:
    it is deleted, and the folder keeps the complete old set. Call it under
    :func:`locked_output` (``tgpl report`` does, before writing).
    """
    import shutil

    path = Path(directory)
    handled: list[Path] = []
    if not path.is_dir():
        return handled
    for entry in sorted(path.iterdir()):
        if not entry.name.startswith(STAGING_PREFIX) or not entry.is_dir() or entry.is_symlink():
            continue
        if (entry / JOURNAL_NAME).exists():
            _roll_forward(entry)
        if entry.exists():
            shutil.rmtree(entry, ignore_errors=True)
        handled.append(entry)
    return handled


class StagedSet:
    """Files written into a staging folder, to be moved into the output folder together.

    Create it with :func:`report_set`. Write files into :attr:`staging`; then
    :meth:`commit` them with a manifest. Until the commit point (the journal, written
    atomically) nothing in the output folder changes; after it, the set is moved in and
    a run killed during the move is finished by :func:`recover_report_sets`.
    """

    def __init__(self, directory: Path) -> None:
        self.directory = directory
        self.staging = Path(tempfile.mkdtemp(dir=directory, prefix=STAGING_PREFIX))
        self.committed = False

    def commit(
        self,
        names: Sequence[str],
        *,
        manifest_name: str,
        manifest: Mapping[str, Any],
        stale: Iterable[str] = (),
    ) -> tuple[list[Path], Path]:
        """Move the staged files ``names`` into the output folder with a manifest; return (files, manifest path).

        The manifest (``manifest_name``, JSON) holds ``manifest`` plus ``"schema"`` and
        ``"files"``: each file's name, size and SHA-256. ``stale``: names in the output
        folder that belong to the previous set of the same report (another format) and are
        removed in the same commit, so no old file is left beside the new ones.
        """
        import json

        files = []
        for name in names:
            p = self.staging / name
            files.append({"name": name, "bytes": p.stat().st_size, "sha256": _sha256(p)})
        body = {"schema": MANIFEST_SCHEMA, **manifest, "files": files}
        atomic_write_text(
            self.staging / manifest_name, json.dumps(body, ensure_ascii=False, indent=2, sort_keys=False) + "\n"
        )
        moved = [*names, manifest_name]
        journal = {"files": moved, "stale": sorted(set(stale) - set(moved))}
        atomic_write_text(self.staging / JOURNAL_NAME, json.dumps(journal, ensure_ascii=False))
        _fsync_directory(self.staging)
        self.committed = True  # the commit point: from here on the new set wins
        _roll_forward(self.staging)
        return [self.directory / n for n in names], self.directory / manifest_name

    def discard(self) -> None:
        """Delete the staging folder (the output folder keeps its old set)."""
        import shutil

        shutil.rmtree(self.staging, ignore_errors=True)


@contextlib.contextmanager
def report_set(directory: str | os.PathLike[str], *, wait: bool = True) -> Iterator[StagedSet]:
    """Lock ``directory``, finish any set a killed run left, and stage a new set.

    Use as ``with report_set(out) as staged: ...write into staged.staging...;
    staged.commit(...)``. Leaving the block without a commit (an error, an interrupt)
    deletes the staging folder and leaves the output folder as it was.
    """
    with locked_output(directory, wait=wait) as path:
        recover_report_sets(path)
        staged = StagedSet(path)
        try:
            yield staged
        finally:
            if not staged.committed:
                staged.discard()
