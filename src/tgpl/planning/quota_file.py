"""TGV quota files (tệp chỉ tiêu vụ việc tham gia tố tụng của Trợ giúp viên pháp lý): YAML or
JSON with the schema tag ``tgpl.tgv_quota/1``.

A Center configures the year's quota of :class:`~tgpl.reporting.quota.TgvQuota` without a
province plugin: ``tgpl report … --tgv-quota FILE``. The file holds exactly the fields of
``TgvQuota``::

    schema: tgpl.tgv_quota/1
    year: 2023
    letter: {number: "…/BTP-TGPL", date: 2023-01-10, verified: false}   # or text: "Công văn …"
    bands:
      under_3_years:   {minimum: 7,  kha: 13, tot: 17}
      3_to_5_years:    {minimum: 11, kha: 16, tot: 22}
      5_years_or_more: {minimum: 14, kha: 22, tot: 28}
    default: under_3_years        # optional
    counting: handled             # or completed
    prorate: true
    note: "…"                      # optional, Vietnamese
    roster:
      - {provider: TGV-01, band: under_3_years, percent: 30, exempt: false}

``letter.text`` is the citation as the report prints it (``TgvQuota.basis``); without it the
citation is built from ``number`` and ``date`` (:func:`letter_text`). :func:`read_tgv_quota`
checks a whole file and returns every problem, each an :class:`~tgpl.errors.InvalidRecordError`
naming the file, the line and the JSON path (``$.bands.under_3_years.minimum``); values are
mentioned only through :func:`tgpl.errors.quote_value`, so a name typed into a field is never
echoed. :func:`quota_to_data` is the inverse (lossless: ``quota_from_data(quota_to_data(q)) == q``).
The published JSON Schema is ``docs/schema/tgv_quota.json``; regenerate it with::

    python -m tgpl.planning.quota_file docs/schema
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any, Final

from tgpl.errors import InvalidRecordError, quote_value
from tgpl.planning.loader import first_problem, read_document
from tgpl.planning.schema import schema_main, write_schema_file
from tgpl.reporting.quota import QuotaCounting, QuotaHolder, Seniority, TgvQuota

__all__ = [
    "FILE_NAME",
    "TGV_QUOTA_SCHEMA",
    "QuotaFileError",
    "letter_text",
    "load_tgv_quota",
    "main",
    "quota_from_data",
    "quota_to_data",
    "read_tgv_quota",
    "tgv_quota_json_schema",
    "write_schema",
]

#: The schema tag of a quota file.
TGV_QUOTA_SCHEMA: Final = "tgpl.tgv_quota/1"
#: The file name of the shipped JSON Schema.
FILE_NAME: Final = "tgv_quota.json"

_TOP_KEYS: Final = frozenset({"schema", "year", "letter", "bands", "default", "counting", "prorate", "note", "roster"})
_LETTER_KEYS: Final = frozenset({"number", "date", "verified", "text"})
_BAND_KEYS: Final = frozenset({"minimum", "kha", "tot"})
_HOLDER_KEYS: Final = frozenset({"provider", "band", "percent", "exempt"})
_PROVIDER: Final = re.compile(r"[A-Za-z0-9][A-Za-z0-9._:-]*")
_BANDS: Final = ", ".join(b.value for b in Seniority)


class QuotaFileError(InvalidRecordError):
    """A TGV quota file that does not follow ``tgpl.tgv_quota/1``."""


def letter_text(number: str, date: dt.date | None) -> str:
    """The citation of the letter as reports print it: ``Công văn số 236/BTP-TGPL ngày 12/01/2024 của Bộ Tư pháp``."""
    when = "" if date is None else f" ngày {date:%d/%m/%Y}"
    return f"Công văn số {number}{when} của Bộ Tư pháp"


class _Checker:
    """Turns parsed data into a :class:`TgvQuota`, collecting every problem."""

    def __init__(self, source: str | None, lines: Mapping[str, int]) -> None:
        self.source = source
        self.lines = lines
        self.problems: list[InvalidRecordError] = []
        #: The bands ``bands`` names (valid or not): a roster entry is checked against them only.
        self.named: set[Seniority] = set()

    def bad(self, path: str, message: str) -> None:
        line = self.lines.get(path)
        probe = path
        while line is None and ("." in probe or "[" in probe):
            probe = probe[: max(probe.rfind("."), probe.rfind("["))]
            line = self.lines.get(probe)
        self.problems.append(QuotaFileError(message, path=path, line=line, source=self.source))

    def mapping(self, value: object, path: str, allowed: frozenset[str], what: str) -> dict[str, Any] | None:
        if not isinstance(value, dict):
            self.bad(path, f"{what} is a mapping ({', '.join(sorted(allowed))}), got {quote_value(value)}")
            return None
        for key in value:
            if key not in allowed:
                name = quote_value(key) if isinstance(key, str) else quote_value(str(key))
                self.bad(f"{path}.{key}", f"unknown field {name}; allowed: {', '.join(sorted(allowed))}")
        return value

    def whole(self, value: object, path: str, *, low: int, high: int | None = None) -> int | None:
        if isinstance(value, bool) or not isinstance(value, int) or value < low or (high is not None and value > high):
            bound = f"from {low} to {high}" if high is not None else f"of at least {low}"
            self.bad(path, f"must be a whole number {bound}, got {quote_value(value)}")
            return None
        return value

    def flag(self, data: Mapping[str, Any], key: str, path: str, default: bool) -> bool:
        value = data.get(key, default)
        if not isinstance(value, bool):
            self.bad(f"{path}.{key}", f"{key!r} must be true or false, got {quote_value(value)}")
            return default
        return value

    def band(self, value: object, path: str) -> Seniority | None:
        if isinstance(value, str):
            try:
                return Seniority(value)
            except ValueError:
                pass
        self.bad(path, f"must be a seniority band ({_BANDS}), got {quote_value(value)}")
        return None

    def text(self, value: object, path: str) -> str | None:
        if not isinstance(value, str) or not value.strip():
            self.bad(path, f"must be non-empty text, got {quote_value(value)}")
            return None
        return value.strip()

    # -- the parts -------------------------------------------------------------------

    def quota(self, data: object) -> TgvQuota | None:
        top = self.mapping(data, "$", _TOP_KEYS, "a quota file")
        if top is None:
            return None
        if top.get("schema") != TGV_QUOTA_SCHEMA:
            self.bad("$.schema", f"schema must be {TGV_QUOTA_SCHEMA!r}, got {quote_value(top.get('schema'))}")
        year = self.whole(top.get("year"), "$.year", low=2000, high=2100)
        basis, verified = self.letter(top.get("letter"))
        minimum, kha, tot = self.bands(top.get("bands"))
        default = None if top.get("default") is None else self.band(top["default"], "$.default")
        counting = QuotaCounting.HANDLED
        if "counting" in top:
            raw = top["counting"]
            if isinstance(raw, str) and raw in {c.value for c in QuotaCounting}:
                counting = QuotaCounting(raw)
            else:
                self.bad("$.counting", f"counting must be one of {', '.join(c.value for c in QuotaCounting)}, "
                                       f"got {quote_value(raw)}")
        prorate = self.flag(top, "prorate", "$", False)
        note = "" if top.get("note") is None else (self.text(top["note"], "$.note") or "")
        roster = self.roster(top.get("roster", []), minimum)
        if not top.get("roster") and top.get("default") is None:
            self.bad("$.roster", "a quota needs a roster of TGVs or a default seniority band ('default')")
        if default is not None and self.named and default not in self.named:
            self.bad("$.default", f"no minimum for the default band {default.value!r} in 'bands'")
        if self.problems or year is None or basis is None or not minimum:
            return None
        try:
            return TgvQuota(
                year=year, minimum=minimum, basis=basis, verified=verified, roster=roster, default=default,
                counting=counting, prorate=prorate, note_vi=note, kha=kha, tot=tot,
            )
        except InvalidRecordError as exc:  # a rule the checks above did not foresee: keep its path
            self.bad(exc.path, exc.message)
            return None

    def letter(self, value: object) -> tuple[str | None, bool]:
        data = self.mapping(value, "$.letter", _LETTER_KEYS, "'letter' (the letter that sets the quota)")
        if data is None:
            return None, False
        verified = self.flag(data, "verified", "$.letter", False)
        if "text" in data:
            if "number" in data or "date" in data:
                self.bad("$.letter.text", "give either 'text' or 'number' (and 'date'), not both")
                return None, verified
            return self.text(data["text"], "$.letter.text"), verified
        if "number" not in data:
            self.bad("$.letter.number", "the letter needs its 'number' (e.g. '236/BTP-TGPL') or its 'text'")
            return None, verified
        number = self.text(data["number"], "$.letter.number")
        date: dt.date | None = None
        raw = data.get("date")
        if isinstance(raw, dt.date) and not isinstance(raw, dt.datetime):
            date = raw
        elif isinstance(raw, str):
            try:
                date = dt.date.fromisoformat(raw.strip())
            except ValueError:
                self.bad("$.letter.date", f"must be a date YYYY-MM-DD, got {quote_value(raw)}")
        elif raw is not None:
            self.bad("$.letter.date", f"must be a date YYYY-MM-DD, got {quote_value(raw)}")
        return (None if number is None else letter_text(number, date)), verified

    def bands(self, value: object) -> tuple[dict[Seniority, int], dict[Seniority, int], dict[Seniority, int]]:
        minimum: dict[Seniority, int] = {}
        kha: dict[Seniority, int] = {}
        tot: dict[Seniority, int] = {}
        if not isinstance(value, dict) or not value:
            self.bad("$.bands", f"'bands' maps each seniority band ({_BANDS}) to its minimum, got {quote_value(value)}")
            return minimum, kha, tot
        with_levels: list[str] = []
        checked = 0
        for key, item in value.items():
            path = f"$.bands.{key}"
            band = self.band(key, path)
            if band is not None:
                self.named.add(band)
            data = self.mapping(item, path, _BAND_KEYS, "a band")
            if band is None or data is None:
                continue
            checked += 1
            n = self.whole(data.get("minimum"), f"{path}.minimum", low=1)
            if n is not None:
                minimum[band] = n
            levels = [k for k in ("kha", "tot") if k in data]
            if levels:
                with_levels.append(band.value)
            if levels and levels != ["kha", "tot"]:
                self.bad(path, "the levels 'kha' and 'tot' are given together")
                continue
            if levels:
                k = self.whole(data["kha"], f"{path}.kha", low=1)
                t = self.whole(data["tot"], f"{path}.tot", low=1)
                if k is not None and n is not None and k < n:
                    self.bad(f"{path}.kha", f"the khá level ({k}) is below the đạt minimum ({n})")
                elif t is not None and k is not None and t < k:
                    self.bad(f"{path}.tot", f"the tốt level ({t}) is below the khá level ({k})")
                elif k is not None and t is not None:
                    kha[band], tot[band] = k, t
        if with_levels and len(with_levels) != checked:
            self.bad("$.bands", "the levels 'kha' and 'tot' are given for every band or for none")
        return minimum, kha, tot

    def roster(self, value: object, minimum: Mapping[Seniority, int]) -> tuple[QuotaHolder, ...]:
        if not isinstance(value, list):
            self.bad("$.roster", f"'roster' must be a list of TGVs, got {quote_value(value)}")
            return ()
        out: list[QuotaHolder] = []
        seen: set[str] = set()
        for i, item in enumerate(value):
            path = f"$.roster[{i}]"
            data = self.mapping(item, path, _HOLDER_KEYS, "a roster entry")
            if data is None:
                continue
            before = len(self.problems)
            provider = data.get("provider")
            if not isinstance(provider, str) or not _PROVIDER.fullmatch(provider):
                self.bad(f"{path}.provider", "must be the TGV's provider id in the records (letters, digits, "
                                             f"'.', '_', ':' or '-'; never a name), got {quote_value(provider)}")
            elif provider in seen:
                self.bad(f"{path}.provider", f"provider {provider!r} is on the roster twice")
            band = self.band(data.get("band"), f"{path}.band")
            if band is not None and self.named and band not in self.named:
                self.bad(f"{path}.band", f"no minimum for the band {band.value!r} in 'bands'")
            percent = self.whole(data.get("percent", 100), f"{path}.percent", low=1, high=100)
            exempt = self.flag(data, "exempt", path, False)
            if len(self.problems) > before or band is None or percent is None or not isinstance(provider, str):
                continue
            seen.add(provider)
            out.append(QuotaHolder(provider, band, percent, exempt))
        return tuple(out)


def quota_from_data(
    data: object, *, source: str | None = None, lines: Mapping[str, int] | None = None
) -> tuple[TgvQuota | None, list[InvalidRecordError]]:
    """The quota in already parsed ``data`` (a dict as YAML or JSON gives it) and every problem."""
    checker = _Checker(source, lines or {})
    quota = checker.quota(data)
    return quota, checker.problems


def quota_to_data(quota: TgvQuota) -> dict[str, Any]:
    """The file form of ``quota`` (JSON-ready; ``letter.text`` carries the citation)."""
    bands: dict[str, dict[str, int]] = {}
    for band in Seniority:
        if band in quota.minimum:
            bands[band.value] = {"minimum": quota.minimum[band]}
            if quota.has_levels:
                bands[band.value] |= {"kha": quota.kha[band], "tot": quota.tot[band]}
    out: dict[str, Any] = {
        "schema": TGV_QUOTA_SCHEMA,
        "year": quota.year,
        "letter": {"text": quota.basis, "verified": quota.verified},
        "bands": bands,
    }
    if quota.default is not None:
        out["default"] = quota.default.value
    out["counting"] = quota.counting.value
    out["prorate"] = quota.prorate
    if quota.note_vi:
        out["note"] = quota.note_vi
    out["roster"] = [
        {"provider": h.provider, "band": h.seniority.value, "percent": h.percent, "exempt": h.exempt}
        for h in quota.roster
    ]
    return out


def read_tgv_quota(path: str | Path, *, text: str | None = None) -> tuple[TgvQuota | None, list[InvalidRecordError]]:
    """Read and check the quota file ``path`` (``.yaml``/``.yml``/``.json``); every problem is returned.

    ``text`` gives the content instead of reading ``path``. An unreadable file raises :class:`OSError`.
    """
    data, lines, problems = read_document(path, text, QuotaFileError, "a quota file")
    if problems:
        return None, problems
    return quota_from_data(data, source=str(path), lines=lines)


def load_tgv_quota(path: str | Path, *, text: str | None = None) -> TgvQuota:
    """:func:`read_tgv_quota`, raising its first problem (with the count of the others as a note)."""
    quota, problems = read_tgv_quota(path, text=text)
    if problems:
        raise first_problem(problems, str(path))
    assert quota is not None
    return quota


# -- the JSON Schema -----------------------------------------------------------------------------


def tgv_quota_json_schema() -> dict[str, Any]:
    """The JSON Schema (draft 2020-12) of a ``tgpl.tgv_quota/1`` file as a dict (the loader is the
    reference: it also checks đạt ≤ khá ≤ tốt, the roster's bands and duplicate providers)."""
    whole = {"type": "integer", "minimum": 1}
    band = {
        "type": "object",
        "description": "The least number of cases a year for the level đạt (minimum), and optionally khá and tốt.",
        "properties": {"minimum": whole, "kha": whole, "tot": whole},
        "required": ["minimum"],
        "dependentRequired": {"kha": ["tot"], "tot": ["kha"]},
        "additionalProperties": False,
    }
    bands = [b.value for b in Seniority]
    holder = {
        "type": "object",
        "description": "A TGV with a quota: the provider id of the records (never a name), the band, "
                       "the percent of the band's quota (30 director, 60 deputy), exempt.",
        "properties": {
            "provider": {"type": "string", "pattern": r"^[A-Za-z0-9][A-Za-z0-9._:-]*$"},
            "band": {"enum": bands},
            "percent": {"type": "integer", "minimum": 1, "maximum": 100, "default": 100},
            "exempt": {"type": "boolean", "default": False},
        },
        "required": ["provider", "band"],
        "additionalProperties": False,
    }
    letter = {
        "type": "object",
        "description": "The letter (công văn) that sets the quota: its number and date, or the citation text; "
                       "verified: its numbers are confirmed in a public copy.",
        "properties": {
            "number": {"type": "string", "minLength": 1},
            "date": {"type": "string", "format": "date", "pattern": r"^\d{4}-\d{2}-\d{2}$"},
            "text": {"type": "string", "minLength": 1},
            "verified": {"type": "boolean", "default": False},
        },
        "oneOf": [
            {"required": ["number"], "not": {"required": ["text"]}},
            {"required": ["text"], "not": {"anyOf": [{"required": ["number"]}, {"required": ["date"]}]}},
        ],
        "additionalProperties": False,
    }
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "urn:tgpl:schema:tgv_quota:1",
        "title": "tgpl TGV litigation quota (chỉ tiêu vụ việc tham gia tố tụng của Trợ giúp viên pháp lý)",
        "description": "A year's TGV litigation quota for a Center, without a province plugin (docs/statistics.md).",
        "type": "object",
        "properties": {
            "schema": {"const": TGV_QUOTA_SCHEMA},
            "year": {"type": "integer", "minimum": 2000, "maximum": 2100},
            "letter": letter,
            "bands": {
                "type": "object",
                "propertyNames": {"enum": bands},
                "additionalProperties": {"$ref": "#/$defs/band"},
                "minProperties": 1,
            },
            "default": {"enum": bands},
            "counting": {"enum": [c.value for c in QuotaCounting], "default": QuotaCounting.HANDLED.value},
            "prorate": {"type": "boolean", "default": False},
            "note": {"type": "string", "minLength": 1},
            "roster": {"type": "array", "items": {"$ref": "#/$defs/holder"}, "default": []},
        },
        "required": ["schema", "year", "letter", "bands"],
        "anyOf": [{"required": ["default"]}, {"required": ["roster"], "properties": {"roster": {"minItems": 1}}}],
        "additionalProperties": False,
        "$defs": {"band": band, "holder": holder},
    }


def write_schema(directory: str | Path) -> Path:
    """Write ``tgv_quota.json`` into ``directory`` (created if needed); return its path."""
    return write_schema_file(directory, FILE_NAME, tgv_quota_json_schema())


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m tgpl.planning.quota_file DIRECTORY``: regenerate the shipped schema."""
    return schema_main(argv, "tgpl.planning.quota_file", write_schema)


if __name__ == "__main__":
    raise SystemExit(main())
