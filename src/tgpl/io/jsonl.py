"""JSON Lines files of tgpl records (tệp JSON Lines): one record per line, tagged by schema.

Reading streams the file line by line (constant memory, whatever the size) and never
stops at a bad line unless asked to: in the default *collect* mode every problem becomes
an :class:`~tgpl.errors.InvalidRecordError` in :attr:`RecordStream.errors` naming the
file, the 1-based line, the record id (when it could be read) and the field path, and
every valid record is still yielded (docs/architecture.md principle 8). Blank lines (only
whitespace) are skipped silently; a UTF-8 byte order mark on the first line is ignored.

Files people actually have are read as far as they can be: a gzip-compressed file
(``.jsonl.gz``, recognised by its first bytes, whatever its name) is read transparently;
a file that is not JSON Lines at all — UTF-16, a legacy Vietnamese code page
(Windows-1258, TCVN3, VNI), one JSON array, pretty-printed JSON, CSV — gives **one**
error naming the likely cause instead of one per line; a key written twice in one object
is an error naming the key (JSON parsers keep the last value silently); and at most
:data:`MAX_PROBLEMS_PER_FILE` problems of one file are listed, the rest counted in a
summary line.
"""

from __future__ import annotations

import gzip
import io
import os
import re
import zlib
from collections.abc import Callable, Generator, Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Final

from tgpl.errors import InvalidRecordError, UnknownCodeError, quote_value
from tgpl.io import codec
from tgpl.io.converter import CONVERTER, explain, format_path, unstructure
from tgpl.io.records import RECORD_TYPES, Record, record_id_of

__all__ = ["MAX_PROBLEMS_PER_FILE", "RecordStream", "from_dict", "read_jsonl", "to_dict", "write_jsonl"]

#: At most this many problems of one file are listed (in :attr:`RecordStream.errors`);
#: the others are counted in one last summary error. A file with thousands of bad lines
#: is almost always one mistake (a wrong export), and a screen of copies hides it.
MAX_PROBLEMS_PER_FILE: Final = 100

PathOrFile = str | os.PathLike[str] | IO[bytes] | IO[str]
_BOM: Final = b"\xef\xbb\xbf"
_GZIP_MAGIC: Final = b"\x1f\x8b"
# Bytes that Windows-1258 uses for Vietnamese letters and tone marks (Ă ă Đ đ Ơ ơ Ư ư and
# the combining grave, hook, tilde, acute and dot below): a line that is not UTF-8 but
# holds them was written in the legacy code page.
_CP1258_VIETNAMESE: Final = frozenset(b"\xc3\xe3\xd0\xf0\xd5\xf5\xdd\xfd\xcc\xde\xd2\xec\xf2")
_POSITION: Final = re.compile(r"line 1 column (\d+) \(char \d+\)")


def to_dict(record: Record, *, include_sensitive: bool = True) -> dict[str, Any]:
    """A record as a JSON-ready dict, ``"schema"`` first.

    ``include_sensitive=False`` drops personal data (``Beneficiary.name``,
    ``id_number``) — use it for anything that leaves the organisation.
    """
    tag = getattr(type(record), "schema", None)
    if not isinstance(tag, str) or RECORD_TYPES.get(tag) is not type(record):
        raise TypeError(f"{type(record).__name__} is not a tgpl record kind")
    body: dict[str, Any] = unstructure(record, include_sensitive=include_sensitive)
    return {"schema": tag, **body}


#: Fast structuring hooks by schema tag, looked up once.
_HOOKS: Final[dict[str, tuple[Callable[[Any, Any], Any], type[Record]]]] = {
    tag: (CONVERTER.get_structure_hook(cls), cls) for tag, cls in RECORD_TYPES.items()
}


def from_dict(data: Any, *, line: int | None = None, source: str | None = None) -> Record:
    """The record a dict describes, dispatched on its ``"schema"`` tag.

    Raises :class:`~tgpl.errors.InvalidRecordError` (an
    :class:`~tgpl.errors.UnknownCodeError` for an unknown tag or code) naming ``source``,
    ``line``, the record id and the field path.
    """
    if not isinstance(data, dict):
        raise InvalidRecordError("a record must be a JSON object", line=line, source=source)
    tag = data.get("schema")
    found = _HOOKS.get(tag) if isinstance(tag, str) else None
    if found is None:
        rid = record_id_of(data)
        if "schema" not in data:
            raise InvalidRecordError(
                f"missing schema tag (one of: {', '.join(RECORD_TYPES)})",
                path="$.schema", record_id=rid, line=line, source=source,
            )
        shown = quote_value(tag) if isinstance(tag, str) else "of the wrong kind"
        raise UnknownCodeError(
            f"unknown schema tag {shown} (known: {', '.join(RECORD_TYPES)})",
            path="$.schema", record_id=rid, line=line, source=source,
        )
    hook, cls = found
    try:
        record: Record = hook(data, cls)
    except Exception as exc:
        err = explain(data, cls, exc)
        raise type(err)(
            err.message, path=err.path, record_id=record_id_of(data), line=line, source=source
        ) from None
    return record


def _source_name(target: object) -> str:
    if isinstance(target, str | os.PathLike):
        return os.fspath(target)
    name = getattr(target, "name", None)
    return name if isinstance(name, str) else "<stream>"


def write_jsonl(
    records: Iterable[Record],
    path_or_file: PathOrFile,
    *,
    include_sensitive: bool = True,
) -> int:
    """Write records, one JSON object per line (UTF-8, ``\\n``); return how many.

    ``path_or_file`` is a path (created or truncated) or an open file, binary or text.
    ``include_sensitive=False`` drops personal data from every record.
    """
    if isinstance(path_or_file, str | os.PathLike):
        with Path(path_or_file).open("wb") as fh:
            return _write(records, fh.write, include_sensitive)
    if isinstance(path_or_file, io.TextIOBase):
        text_write = path_or_file.write
        return _write(records, lambda b: text_write(b.decode("utf-8")), include_sensitive)
    binary: IO[bytes] = path_or_file  # type: ignore[assignment]
    return _write(records, binary.write, include_sensitive)


def _write(records: Iterable[Record], write: Any, include_sensitive: bool) -> int:
    dumps = codec.dumps
    n = 0
    for record in records:
        write(dumps(to_dict(record, include_sensitive=include_sensitive)) + b"\n")
        n += 1
    return n


class RecordStream(Iterator[Record]):
    """An iterator over the valid records of a JSON Lines file.

    In collect mode (``strict=False``) each problem is appended to :attr:`errors` and
    reading goes on; in strict mode the first problem is raised. :attr:`lines` counts the
    lines read so far. Use it as a context manager (or exhaust it) so the file is closed.
    """

    def __init__(
        self, path_or_file: PathOrFile, *, strict: bool = False, source: str | None = None, whole_file: bool | None = None
    ) -> None:
        self.source: str = source if source is not None else _source_name(path_or_file)
        self.strict = strict
        self.whole_file = isinstance(path_or_file, str | os.PathLike) if whole_file is None else whole_file
        self.errors: list[InvalidRecordError] = []
        self.lines = 0
        self.records = 0
        #: Problems beyond :data:`MAX_PROBLEMS_PER_FILE`, counted but not listed.
        self.unlisted = 0
        self._target = path_or_file
        self._gen: Generator[Record, None, None] = self._generate()

    def __iter__(self) -> RecordStream:
        return self

    def __next__(self) -> Record:
        return next(self._gen)

    def close(self) -> None:
        """Stop reading and close the file if this stream opened it."""
        self._gen.close()

    def __enter__(self) -> RecordStream:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _lines(self) -> Iterator[bytes | str]:
        target = self._target
        if isinstance(target, str | os.PathLike):
            with Path(target).open("rb") as fh:
                yield from _maybe_gzip(fh)
            return
        # A text file: read its underlying bytes when it has them, so that invalid UTF-8
        # becomes an error on one line instead of breaking the iteration.
        buffer = getattr(target, "buffer", None)
        source = buffer if buffer is not None else target
        if isinstance(source, io.BufferedReader):
            yield from _maybe_gzip(source)
        else:
            yield from source

    def _fail(self, err: InvalidRecordError) -> None:
        if self.strict:
            raise err
        if len(self.errors) < MAX_PROBLEMS_PER_FILE:
            self.errors.append(err)
        else:
            self.unlisted += 1

    def _generate(self) -> Generator[Record, None, None]:
        loads = codec.loads
        duplicate_key = codec.duplicate_key
        src = self.source
        first = True  # before the first non-blank line
        utf8_seen = False  # a line with non-ASCII UTF-8 text was read
        held: list[InvalidRecordError] = []  # lines that look like Windows-1258, while unsure
        lines = self._lines()
        while True:
            try:
                raw = next(lines)
            except StopIteration:
                break
            except _DamagedGzip:
                self._fail(InvalidRecordError(
                    f"the compressed (gzip) file is damaged or cut off after line {self.lines}; "
                    "the lines before were read", line=self.lines + 1, source=src,
                ))
                break
            self.lines += 1
            n = self.lines
            if n == 1:
                raw = raw.removeprefix(_BOM) if isinstance(raw, bytes) else raw.removeprefix("\ufeff")
            if not raw.strip():
                continue
            was_first, first = first, False
            try:
                data = loads(raw)
            except ValueError as exc:
                whole = _whole_file_problem(raw) if was_first and n == 1 and self.whole_file else None
                if whole is not None:
                    self._fail(InvalidRecordError(whole, line=n, source=src))
                    return
                err = InvalidRecordError(_json_problem(raw, exc), line=n, source=src)
                if not utf8_seen and self.whole_file and not self.strict and _legacy_encoded(raw):
                    held.append(err)
                    continue
                self._release(held)
                self._fail(err)
                continue
            if not utf8_seen and isinstance(raw, bytes) and not raw.isascii():
                utf8_seen = True
                self._release(held)
            if isinstance(data, dict):
                dup = duplicate_key(raw, data)
                if dup is not None:
                    key, where = dup
                    self._fail(InvalidRecordError(
                        f"the key {quote_value(key)} is written twice in one object; which value was meant "
                        "cannot be known (JSON keeps only the last)",
                        path=format_path([*where, key]), record_id=record_id_of(data), line=n, source=src,
                    ))
                    continue
            try:
                record = from_dict(data, line=n, source=src)
            except InvalidRecordError as err:
                self._fail(err)
                continue
            self.records += 1
            yield record
        if held:
            self._fail(InvalidRecordError(
                f"{len(held):,} line{'s are' if len(held) > 1 else ' is'} not UTF-8 (first at line {held[0].line}) "
                "and look like a legacy Vietnamese encoding (Windows-1258, TCVN3 or VNI); save the file as "
                "UTF-8 and read it again",
                line=held[0].line, source=src,
            ))
        if self.unlisted:
            self.errors.append(InvalidRecordError(
                f"{self.unlisted:,} more problem{'s' if self.unlisted > 1 else ''} in this file not listed "
                f"(at most {MAX_PROBLEMS_PER_FILE} are listed per file)",
                source=src,
            ))

    def _release(self, held: list[InvalidRecordError]) -> None:
        """Report the lines held as possibly Windows-1258 one by one: the file is UTF-8 after all."""
        for err in held:
            self._fail(err)
        held.clear()


class _DamagedGzip(Exception):
    """A gzip stream that is corrupt or cut off."""


def _maybe_gzip(fh: io.BufferedReader | IO[bytes]) -> Iterator[bytes]:
    """The lines of ``fh``, decompressed when it starts with the gzip magic bytes."""
    peek = getattr(fh, "peek", None)
    head = peek(2)[:2] if peek is not None else b""
    if head != _GZIP_MAGIC:
        yield from fh
        return
    try:
        with gzip.GzipFile(fileobj=fh, mode="rb") as gz:
            yield from gz
    except (gzip.BadGzipFile, EOFError, zlib.error) as exc:
        raise _DamagedGzip(str(exc)) from None


def _whole_file_problem(raw: bytes | str) -> str | None:
    """Why the whole file, judging by its first non-blank line that is not JSON, is no JSON Lines file."""
    data = raw.encode("utf-8", "surrogateescape") if isinstance(raw, str) else raw
    head = data.lstrip()
    if head.startswith((b"\xff\xfe", b"\xfe\xff")) or data.count(b"\x00") * 4 >= len(data) > 0:
        return ("the file is encoded in UTF-16 (as Excel and Notepad save \"Unicode text\"), not UTF-8; "
                "save it as UTF-8 — nothing was read from it")
    if head.startswith(b"["):
        return ("the file is one JSON array, not JSON Lines (one record per line); write each record on its own "
                "line (e.g. jq -c '.[]') — nothing was read from it")
    stripped = head.rstrip()
    if stripped.startswith(b"{") and (stripped == b"{" or stripped.endswith((b",", b"{", b"[", b":"))):
        return ("the file holds JSON written over several lines (pretty-printed); JSON Lines needs each record "
                "whole on one line (e.g. jq -c .) — nothing was read from it")
    if not head.startswith((b"{", b'"')) and any(sep in head for sep in (b",", b";", b"\t")):
        return ("the file looks like CSV (a table with a header line), not JSON Lines; tgpl reads records as "
                "JSON objects, one per line — nothing was read from it")
    return None


def _legacy_encoded(raw: bytes | str) -> bool:
    """Whether a line that is not UTF-8 reads as Vietnamese in Windows-1258."""
    if not isinstance(raw, bytes):
        return False
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return False
    try:
        raw.decode("cp1258")
    except UnicodeDecodeError:
        return False
    return not _CP1258_VIETNAMESE.isdisjoint(raw)


def _json_problem(raw: bytes | str, exc: ValueError) -> str:
    if isinstance(raw, bytes):
        try:
            raw.decode("utf-8")
        except UnicodeDecodeError as uexc:
            return f"invalid UTF-8 at byte {uexc.start + 1} of the line (the file must be UTF-8)"
    ends = raw.endswith(b"\n") if isinstance(raw, bytes) else raw.endswith("\n")
    hint = "" if ends else "; the last line has no newline — was the file truncated?"
    # Parse the line without its line break again, so the position refers to this line only.
    try:
        codec.loads(raw.rstrip())
    except ValueError as again:
        exc = again
    detail = _POSITION.sub(r"at column \1", str(exc))
    return f"not valid JSON ({detail}){hint}"


def read_jsonl(
    path_or_file: PathOrFile, *, strict: bool = False, source: str | None = None, whole_file: bool | None = None
) -> RecordStream:
    """Stream the records of a JSON Lines file (see :class:`RecordStream`).

    ``source`` names the input in errors (default: the path, or the file object's name).
    ``whole_file``: whether the input is a whole file (default: when a path is given), so
    that a file that is no JSON Lines at all (UTF-16, one JSON array, pretty-printed JSON,
    CSV — judged on line 1 — or a legacy code page) is one error, not one per line; pass
    ``False`` for a slice of a file or a single line checked on its own.
    """
    return RecordStream(path_or_file, strict=strict, source=source, whole_file=whole_file)
