"""Issue 12 §4, as a property: personal data typed anywhere never comes back in a message.

Hypothesis draws a Vietnamese name (with or without diacritics and spaces), an ID number
(CMND 9 digits, CCCD 12 digits, a passport number, a telephone number) as text or as a
number, puts it at any position of any record kind — replacing a value or as a key — and
reads the line through the reader and ``from_dict``. Whatever the outcome, no error
message, path or record id contains the value.
"""

from __future__ import annotations

import json
from typing import Any

from fuzz_strategies import POOL, positions
from hypothesis import given, settings
from hypothesis import strategies as st

from tgpl.errors import InvalidRecordError, looks_like_code, quote_value
from tgpl.io.jsonl import read_jsonl, to_dict
from tgpl.reporting.build import format_problem

_FAMILY = st.sampled_from(["Nguyễn", "Trần", "Lê", "Hoàng", "Nông", "Triệu", "Lò", "Đặng", "Nguyen", "Tran"])
_MIDDLE = st.sampled_from(["Văn", "Thị", "Đức", "Van", "Thi", "Minh"])
_GIVEN = st.sampled_from(["An", "Bình", "Hoa", "Lan", "Dũng", "Én", "Sơn", "Thảo", "Hung", "Mai"])
NAMES = st.builds(lambda f, m, g, sep: sep.join((f, m, g)), _FAMILY, _MIDDLE, _GIVEN, st.sampled_from([" ", "  "]))
ID_TEXTS = st.one_of(
    st.from_regex(r"0[0-9]{11}", fullmatch=True),  # CCCD
    st.from_regex(r"[0-9]{9}", fullmatch=True),  # CMND
    st.from_regex(r"[A-Z][0-9]{7}", fullmatch=True),  # passport
    st.from_regex(r"0[35789][0-9]{8}", fullmatch=True),  # telephone
)
SECRETS = st.one_of(NAMES, ID_TEXTS)
RECORDS = [to_dict(r) for r in POOL[:60]]


def _place(record: dict[str, Any], path: tuple[str | int, ...], value: Any, as_key: bool) -> Any:
    data = json.loads(json.dumps(record))
    node = data
    for part in path[:-1]:
        node = node[part]
    if as_key and isinstance(node, dict):
        node[str(value)] = node.pop(path[-1])
    else:
        node[path[-1]] = value
    return data


@settings(max_examples=150, deadline=None)
@given(
    record=st.sampled_from(RECORDS), secret=SECRETS, as_number=st.booleans(), as_key=st.booleans(),
    pick=st.integers(0, 10_000),
)
def test_no_message_echoes_a_name_or_id_number(
    record: dict[str, Any], secret: str, as_number: bool, as_key: bool, pick: int, tmp_path_factory: Any
) -> None:
    spots = [p for p in positions(record) if p != ("schema",)]
    path = spots[pick % len(spots)]
    value: Any = int(secret) if as_number and secret.isdigit() else secret
    line = json.dumps(_place(record, path, value, as_key), ensure_ascii=False)
    target = tmp_path_factory.mktemp("pd") / "one.jsonl"
    target.write_text(line + "\n", encoding="utf-8")
    with read_jsonl(target) as stream:
        list(stream)
    for err in stream.errors:
        assert isinstance(err, InvalidRecordError)
        shown = format_problem(err) + str(err)
        assert secret not in shown, shown
        assert str(value) not in shown, shown
        assert err.record_id is None or looks_like_code(err.record_id)


@settings(max_examples=200, deadline=None)
@given(st.one_of(SECRETS, st.text(max_size=60)))
def test_quote_value_quotes_only_code_like_text(text: str) -> None:
    shown = quote_value(text)
    if looks_like_code(text):
        assert shown == repr(text)
    else:  # only the length is told
        assert shown == ("an empty text" if not text else f"a text of {len(text):,} character{'s' if len(text) != 1 else ''}")
