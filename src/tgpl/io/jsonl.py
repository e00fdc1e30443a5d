"""JSON Lines files of tgpl records (tệp JSON Lines): one record per line, tagged by schema.

Reading streams the file line by line (constant memory, whatever the size) and never
stops at a bad line unless asked to: in the default *collect* mode every problem becomes
an :class:`~tgpl.errors.InvalidRecordError` in :attr:`RecordStream.errors` naming the
file, the 1-based line, the record id (when it could be read) and the field path, and
every valid record is still yielded (docs/architecture.md principle 8). Blank lines (only
whitespace) are skipped silently; a UTF-8 byte order mark on the first line is ignored.
"""

from __future__ import annotations

import io
import os
import re
from collections.abc import Callable, Generator, Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import IO, Any, Final

from tgpl.errors import InvalidRecordError, UnknownCodeError
from tgpl.io import codec
from tgpl.io.converter import CONVERTER, explain, unstructure
from tgpl.io.records import RECORD_TYPES, Record, record_id_of

__all__ = ["RecordStream", "from_dict", "read_jsonl", "to_dict", "write_jsonl"]

PathOrFile = str | os.PathLike[str] | IO[bytes] | IO[str]
_BOM: Final = b"\xef\xbb\xbf"
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
        shown = repr(tag) if isinstance(tag, str) and len(tag) <= 60 else "of the wrong kind"
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

    def __init__(self, path_or_file: PathOrFile, *, strict: bool = False, source: str | None = None) -> None:
        self.source: str = source if source is not None else _source_name(path_or_file)
        self.strict = strict
        self.errors: list[InvalidRecordError] = []
        self.lines = 0
        self.records = 0
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
                yield from fh
            return
        # A text file: read its underlying bytes when it has them, so that invalid UTF-8
        # becomes an error on one line instead of breaking the iteration.
        buffer = getattr(target, "buffer", None)
        yield from (buffer if buffer is not None else target)

    def _fail(self, err: InvalidRecordError) -> None:
        if self.strict:
            raise err
        self.errors.append(err)

    def _generate(self) -> Generator[Record, None, None]:
        loads = codec.loads
        src = self.source
        for raw in self._lines():
            self.lines += 1
            n = self.lines
            if n == 1:
                raw = raw.removeprefix(_BOM) if isinstance(raw, bytes) else raw.removeprefix("\ufeff")
            if not raw.strip():
                continue
            try:
                data = loads(raw)
            except ValueError as exc:
                self._fail(InvalidRecordError(_json_problem(raw, exc), line=n, source=src))
                continue
            try:
                record = from_dict(data, line=n, source=src)
            except InvalidRecordError as err:
                self._fail(err)
                continue
            self.records += 1
            yield record


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


def read_jsonl(path_or_file: PathOrFile, *, strict: bool = False, source: str | None = None) -> RecordStream:
    """Stream the records of a JSON Lines file (see :class:`RecordStream`).

    ``source`` names the input in errors (default: the path, or the file object's name).
    """
    return RecordStream(path_or_file, strict=strict, source=source)
