"""Which files an input list means (tệp đầu vào): directories, standard input, the same file twice.

One function, :func:`expand_inputs`, turns what a person typed (``tgpl report a.jsonl
data/ -``) into the list of files to read, in a stable order, so that the ``tgpl``
command, :func:`tgpl.reporting.build.build_report` and any other engine read exactly the
same files:

* a **file** is read as it is (JSON Lines, or gzip-compressed JSON Lines — see
  :mod:`tgpl.io.jsonl`);
* a **directory** stands for its ``*.jsonl`` and ``*.jsonl.gz`` files (not its
  sub-directories), sorted by name (Unicode code point order, the same on every machine);
* ``-`` is **standard input**, read once (a pipe cannot be read twice);
* a **named pipe** (FIFO) is read once, like standard input, and never opened to "check" it;
* the **same file given twice** (the same path, or two paths of one file: a symbolic
  link, ``./a.jsonl`` and ``a.jsonl``) is read once, and the repetition is reported as
  one problem — not as one duplicate record per line.

A missing input, an unreadable one, or a directory without JSON Lines files raises
:class:`InputFileError`, whose message is one line naming the path.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable
from pathlib import Path
from typing import Final

from attrs import frozen

from tgpl.errors import InvalidRecordError

__all__ = ["INPUT_PATTERNS", "STDIN", "InputFileError", "InputFiles", "InputNotFoundError", "expand_inputs"]

#: The input name that means standard input.
STDIN: Final = "-"
#: File name endings a directory input stands for.
INPUT_PATTERNS: Final = (".jsonl", ".jsonl.gz")


class InputFileError(OSError):
    """An input that is missing, unreadable, or a directory without JSON Lines files.

    ``str()`` is one line, in Vietnamese and English, naming the path.
    """

    def __init__(self, message: str, path: str) -> None:
        super().__init__(message)
        self.message = message
        self.path = path

    def __str__(self) -> str:
        return self.message


class InputNotFoundError(InputFileError, FileNotFoundError):
    """An input that does not exist."""


@frozen
class InputFiles:
    """The files an input list means: ``files`` to read, in order, and ``problems`` found on the way.

    ``files`` holds each file once, as given (a path string, or :data:`STDIN`); a
    directory is replaced by its files. ``origins`` gives, for each file, the position in
    the input list of the input it came from. ``problems`` holds one
    :class:`~tgpl.errors.InvalidRecordError` per file given more than once.
    """

    files: tuple[str, ...]
    problems: tuple[InvalidRecordError, ...] = ()
    origins: tuple[int, ...] = ()


def _identity_of(path: str, st: os.stat_result) -> tuple[int, int] | str:
    if st.st_ino:
        return (st.st_dev, st.st_ino)
    return os.path.realpath(path)  # pragma: no cover - file systems without inode numbers


def _directory_files(path: str) -> list[str]:
    try:
        entries = sorted(os.scandir(path), key=lambda e: e.name)
    except OSError as exc:
        raise InputFileError(
            f"không đọc được thư mục đầu vào (input directory unreadable): {path}: {exc.strerror or exc}", path
        ) from None
    found = [
        str(Path(path) / e.name) for e in entries
        if e.name.endswith(INPUT_PATTERNS) and not e.name.startswith(".") and e.is_file()
    ]
    if not found:
        raise InputFileError(
            f"thư mục đầu vào không có tệp *.jsonl hay *.jsonl.gz (no *.jsonl or *.jsonl.gz files in the input "
            f"directory): {path}",
            path,
        )
    return found


def expand_inputs(inputs: Iterable[str | os.PathLike[str]]) -> InputFiles:
    """The files to read for ``inputs`` (see the module docstring for the rules).

    Checks without reading: each input exists and is readable (``os.access``; a named
    pipe or standard input is never opened here, so nothing is consumed). Raises
    :class:`InputFileError` for a missing or unreadable input and for a directory with
    no ``*.jsonl``/``*.jsonl.gz`` file.
    """
    files: list[str] = []
    origins: list[int] = []
    problems: list[InvalidRecordError] = []
    seen: dict[tuple[int, int] | str, str] = {}
    stdin_given = False
    for position, item in enumerate(inputs):
        given = os.fspath(item)
        if given == STDIN:
            if stdin_given:
                problems.append(InvalidRecordError(
                    "standard input (-) is given twice; it is read once", source=STDIN,
                ))
                continue
            stdin_given = True
            files.append(STDIN)
            origins.append(position)
            continue
        try:
            st = Path(given).stat()
        except FileNotFoundError:
            raise InputNotFoundError(f"không tìm thấy tệp đầu vào (input not found): {given}", given) from None
        except OSError as exc:
            raise InputFileError(
                f"không đọc được tệp đầu vào (input unreadable): {given}: {exc.strerror or exc}", given
            ) from None
        candidates = _directory_files(given) if stat.S_ISDIR(st.st_mode) else [given]
        for path in candidates:
            st_path = st if path is given else Path(path).stat()
            if not os.access(path, os.R_OK):
                raise InputFileError(
                    f"không đọc được tệp đầu vào (input unreadable): {path}: permission denied", path
                )
            key = _identity_of(path, st_path)
            first = seen.get(key)
            if first is not None:
                problems.append(InvalidRecordError(
                    f"the same file is given twice (first as {first}); it is read once",
                    source=path,
                ))
                continue
            seen[key] = path
            files.append(path)
            origins.append(position)
    return InputFiles(files=tuple(files), problems=tuple(problems), origins=tuple(origins))

