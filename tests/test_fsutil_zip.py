"""tgpl.fsutil.reproducible_zip: the same content gives the same bytes, whatever the clock said."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

from tgpl.fsutil import reproducible_zip


def _zip(when: tuple[int, int, int, int, int, int]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, text in (("[Content_Types].xml", "<Types/>"), ("word/document.xml", "<w:document>Báo cáo</w:document>")):
            zf.writestr(zipfile.ZipInfo(name, date_time=when), text)
    return buf.getvalue()


def test_entries_are_redated_and_content_is_kept() -> None:
    moment = dt.datetime(2022, 8, 1, 9, 30, 0)
    a = reproducible_zip(_zip((2024, 1, 2, 3, 4, 6)), moment)
    b = reproducible_zip(_zip((2025, 12, 31, 23, 59, 58)), moment)
    assert a == b
    with zipfile.ZipFile(io.BytesIO(a)) as zf:
        assert [i.filename for i in zf.infolist()] == ["[Content_Types].xml", "word/document.xml"]
        assert {i.date_time for i in zf.infolist()} == {(2022, 8, 1, 9, 30, 0)}
        assert zf.read("word/document.xml").decode("utf-8") == "<w:document>Báo cáo</w:document>"


def test_dates_before_1980_are_clamped() -> None:
    out = reproducible_zip(_zip((2024, 1, 2, 3, 4, 6)), dt.datetime(1975, 6, 13, 0, 0))
    with zipfile.ZipFile(io.BytesIO(out)) as zf:
        assert zf.infolist()[0].date_time[0] == 1980
