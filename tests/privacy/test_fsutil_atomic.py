"""Atomic writes: the target is complete or absent, never partial (tgpl.fsutil)."""

from __future__ import annotations

import os
import signal
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tgpl.fsutil import (
    TEMP_INFIX,
    TEMP_SUFFIX,
    atomic_open,
    atomic_write_bytes,
    atomic_write_text,
    remove_stale_temp,
)


class Boom(Exception):
    pass


def _write_then_fail(target: Path, data: bytes, exc: BaseException) -> None:
    """A renderer that fails after writing part of its output."""
    with atomic_open(target, "wb") as fh:
        fh.write(data)
        raise exc


def _temps(directory: Path) -> list[Path]:
    return [p for p in directory.iterdir() if p.name.startswith(".") and p.name.endswith(TEMP_SUFFIX)]


def test_write_bytes_and_text_round_trip(tmp_path: Path) -> None:
    target = tmp_path / "báo cáo.json"
    atomic_write_bytes(target, b"\x00\x01abc")
    assert target.read_bytes() == b"\x00\x01abc"
    atomic_write_text(target, "Trợ giúp pháp lý\n")
    assert target.read_text(encoding="utf-8") == "Trợ giúp pháp lý\n"
    assert _temps(tmp_path) == []


def test_new_file_gets_umask_permissions_and_existing_keep_theirs(tmp_path: Path) -> None:
    target = tmp_path / "r.txt"
    atomic_write_text(target, "a")
    mask = os.umask(0o022)
    os.umask(mask)
    assert stat.S_IMODE(target.stat().st_mode) == 0o666 & ~mask
    target.chmod(0o640)
    atomic_write_text(target, "b")
    assert stat.S_IMODE(target.stat().st_mode) == 0o640
    assert target.read_text() == "b"


def test_temp_file_is_hidden_in_the_same_directory(tmp_path: Path) -> None:
    target = tmp_path / "out.csv"
    with atomic_open(target, "w") as fh:
        fh.write("x")
        (tmp,) = _temps(tmp_path)
        assert tmp.parent == tmp_path
        assert tmp.name.startswith(".out.csv" + TEMP_INFIX)
        assert not target.exists()
    assert target.read_text() == "x"
    assert _temps(tmp_path) == []


def test_writer_raising_midway_leaves_no_target_and_no_temp(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    with pytest.raises(Boom):
        _write_then_fail(target, b"half of a report", Boom())
    assert not target.exists()
    assert list(tmp_path.iterdir()) == []


def test_writer_raising_keeps_the_previous_target(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    target.write_text("old complete report")
    with pytest.raises(Boom):
        _write_then_fail(target, b"new partial", Boom())
    assert target.read_text() == "old complete report"
    assert _temps(tmp_path) == []


def test_keyboard_interrupt_also_cleans_up(tmp_path: Path) -> None:
    target = tmp_path / "r.bin"
    with pytest.raises(KeyboardInterrupt):
        _write_then_fail(target, b"x", KeyboardInterrupt())
    assert list(tmp_path.iterdir()) == []


def test_bad_mode_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="write modes"):
        atomic_open(tmp_path / "x", "ab")  # type: ignore[call-overload]
    with pytest.raises(ValueError, match="text mode"):
        atomic_open(tmp_path / "x", "wb", encoding="utf-8")  # type: ignore[call-overload]


def test_missing_directory_is_an_error_and_creates_nothing(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        atomic_write_text(tmp_path / "no" / "such" / "dir.txt", "x")
    assert list(tmp_path.iterdir()) == []


@given(chunks=st.lists(st.binary(max_size=64), max_size=8))
def test_content_is_exactly_what_was_written(tmp_path_factory: pytest.TempPathFactory, chunks: list[bytes]) -> None:
    directory = tmp_path_factory.mktemp("prop")
    target = directory / "t.bin"
    with atomic_open(target) as fh:
        for chunk in chunks:
            fh.write(chunk)
    assert target.read_bytes() == b"".join(chunks)
    assert _temps(directory) == []


_CHILD = textwrap.dedent(
    """
    import sys, time
    from pathlib import Path
    from tgpl.fsutil import atomic_open

    target, ready = Path(sys.argv[1]), Path(sys.argv[2])
    with atomic_open(target, "w") as fh:
        fh.write("dòng đầu của báo cáo\\n" * 100)
        fh.flush()
        ready.write_text("ready")
        time.sleep(60)
        fh.write("never reached")
    """
)


def test_process_killed_mid_render_leaves_no_target(tmp_path: Path) -> None:
    target = tmp_path / "report.md"
    ready = tmp_path / "ready.flag"
    child = subprocess.Popen([sys.executable, "-c", _CHILD, str(target), str(ready)])
    try:
        deadline = time.monotonic() + 30
        while not ready.exists():
            assert child.poll() is None, "child exited before it was ready"
            assert time.monotonic() < deadline, "child never became ready"
            time.sleep(0.01)
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    assert not target.exists()
    stale = _temps(tmp_path)
    assert len(stale) == 1  # the kill left the hidden temp file: no code ran to remove it
    assert stale[0].read_text(encoding="utf-8").startswith("dòng đầu")
    # A young temp file may belong to a live writer: the default age guard keeps it.
    assert remove_stale_temp(tmp_path) == []
    assert remove_stale_temp(tmp_path, older_than=0) == stale
    assert _temps(tmp_path) == []
    assert ready.exists()  # other files are left alone


def test_remove_stale_temp_only_touches_its_own_old_files(tmp_path: Path) -> None:
    ours_old = tmp_path / f".a.txt{TEMP_INFIX}abc{TEMP_SUFFIX}"
    ours_new = tmp_path / f".b.txt{TEMP_INFIX}def{TEMP_SUFFIX}"
    foreign = tmp_path / ".other.tmp"  # another program's temp file
    visible = tmp_path / f"c.txt{TEMP_INFIX}x{TEMP_SUFFIX}"  # not hidden: not ours
    for p in (ours_old, ours_new, foreign, visible):
        p.write_text("x")
    old = time.time() - 7200
    os.utime(ours_old, (old, old))
    os.utime(foreign, (old, old))
    os.utime(visible, (old, old))
    assert remove_stale_temp(tmp_path, older_than=3600) == [ours_old]
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        p.name for p in (ours_new, foreign, visible)
    )
    with pytest.raises(ValueError, match="older_than"):
        remove_stale_temp(tmp_path, older_than=-1)
