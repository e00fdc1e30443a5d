"""The compiled line scanner of the fast path (needs ``numba`` and ``numpy``; internal).

:func:`scanner` returns a :class:`Scanner` when ``numba`` is installed (extra ``fast``)
and every domain class compiles into its tables, else None. The scanner reads a block of
JSON Lines in one call of the kernel (:mod:`._scankernel`, compiled with ``numba``): each
line in tgpl's canonical form (what :func:`tgpl.io.write_jsonl` writes) is checked —
every key, type, code, date, unit, constructor rule and consistency check that
:func:`tgpl.integrations.fast._case_facts` checks — and folded into integers; every other
line is declined and goes through the per-line paths (the compiled ``msgspec`` checker,
the dict checker, the typed path), exactly as when the scanner is absent. The tallies of
the accepted lines are then computed with NumPy, window by window.

Reviews: the kernel writes each review's criteria (bit masks over the criterion codes of
every rubric), points, Art 6 flag and reviewer level, and :class:`_ReviewGrader` grades
the plain ones with NumPy. What it cannot decide stays in Python, for the few cases that
need it: any other review is read from the event's bytes with the reader's own JSON codec
and graded by :class:`tgpl.integrations.fast._Grades`, as the dict path does; a review
that does not grade (other than "no rubric in force") declines its line. A success
assessment's criterion is read from its bytes (canonical strings have no escapes).

The kernel releases the GIL, so :func:`tgpl.integrations.fast.run_fast` runs it on
threads; everything here is safe to share between them (the caches are plain dicts
filled with values that never change).

The tables are built here from the attrs classes (field order, types, defaults, enum
values), with the same rule list as the other checkers; a field type, validator or rule
this module does not know makes :func:`scanner` return None, so a change to the domain
can make the path slower, never wrong.
"""

from __future__ import annotations

import datetime as dt
import enum
import types
from collections import Counter
from collections.abc import Callable, Mapping
from typing import Any, Final, Union, get_args, get_origin

import attrs

from tgpl.domain import EVENT_TYPES, Beneficiary, Case, Grade, QualityReview, Tri, UnitRef
from tgpl.domain.case import DEFAULT_CODE_WORDS, FileCode
from tgpl.domain.enums import EndKind, Form, RequestSource, Sex
from tgpl.domain.units import PROVINCES_2004, PROVINCES_2025
from tgpl.integrations import _scankernel as k
from tgpl.reporting.tally import ENDED_MEASURE, FlowMeasure

__all__ = ["Scanner", "scanner"]

_EPOCH: Final = dt.date(1970, 1, 1)
#: Functions of the kernel, compiled in this order (callees first).
_KERNEL: Final = (
    "_same", "_same_words", "_utf8", "_string_end", "_hash", "_enum", "_digits", "_days", "_date", "_moment",
    "_code", "_int", "_strval", "_leaf", "_key", "_rest_optional", "_obj2", "_obj1", "_case", "scan", "count_lines", "line_bounds",
)
#: Fields the kernel reads, by (class, field).
_ROLES: Final[dict[tuple[str, str], int]] = {
    ("Case", "form"): k.R_FORM, ("Case", "field"): k.R_FIELD, ("Case", "source"): k.R_SOURCE,
    ("Case", "role"): k.R_ROLE, ("Case", "unit"): k.R_UNIT, ("Case", "code"): k.R_CODE,
    ("Case", "beneficiaries"): k.R_BENS, ("Case", "events"): k.R_EVENTS,
    ("Beneficiary", "id"): k.R_ID, ("Beneficiary", "sex"): k.R_SEX, ("Beneficiary", "groups"): k.R_GROUPS,
    ("Beneficiary", "birth_year"): k.R_BYEAR, ("Beneficiary", "birth_date"): k.R_BDATE,
    ("Accepted", "immediate"): k.R_IMMEDIATE, ("Accepted", "immediate_reason"): k.R_IMMREASON,
    ("Ended", "outcome"): k.R_OUTCOME, ("Ended", "ground"): k.R_GROUND,
    ("SuccessAssessed", "successful"): k.R_SUCCESSFUL, ("SuccessAssessed", "criterion"): k.R_CRITERION,
    ("AdviceDeadlineExtended", "total_days"): k.R_TOTALDAYS,
    ("ProviderAssigned", "provider_kind"): k.R_PKIND, ("ProviderChanged", "provider_kind"): k.R_PKIND,
    ("QualityReview", "level"): k.R_LEVEL, ("QualityReview", "scores"): k.R_SCORES,
    ("QualityReview", "not_applicable"): k.R_NA, ("QualityReview", "art6_violation"): k.R_ART6,
    ("QualityReview", "rubric"): k.R_RUBRIC,
}
#: What the fold does with each event class.
_KINDS: Final[dict[str, int]] = {
    "Accepted": k.E_ACCEPTED, "Ended": k.E_ENDED, "ProviderAssigned": k.E_PROVIDER,
    "ProviderChanged": k.E_PROVIDER, "AppraisalRecorded": k.E_APPRAISAL,
    "EvaluationRecorded": k.E_EVALUATION, "SuccessAssessed": k.E_SUCCESS, "Refused": k.E_REFUSED,
    "Transferred": k.E_TRANSFERRED, "AdviceDeadlineExtended": k.E_ADVICE,
}


class _Unknown(Exception):
    """A field type or rule the scanner does not know (then it is not used)."""


class _Tables:
    """The kernel's tables, built from the attrs classes."""

    def __init__(self) -> None:
        import numpy as np

        self.np = np
        self.strs = bytearray()
        self._interned: dict[bytes, tuple[int, int]] = {}
        self.types: list[tuple[int, int]] = []
        self._type_ids: dict[object, int] = {}
        self.fields: list[tuple[int, int, int, int, int]] = []
        self.objects: list[tuple[int, int, int]] = []
        self._object_ids: dict[type[Any], int] = {}
        self.enum_lists: list[tuple[str, ...]] = []
        self._enum_ids: dict[object, int] = {}
        self.union: list[tuple[int, int, int, int]] = []

    def text(self, value: str) -> tuple[int, int]:
        raw = value.encode("utf-8")
        got = self._interned.get(raw)
        if got is None:
            got = self._interned[raw] = (len(self.strs), len(raw))
            self.strs += raw
        return got

    def codes(self, key: object, values: tuple[str, ...]) -> int:
        eid = self._enum_ids.get(key)
        if eid is None:
            eid = self._enum_ids[key] = len(self.enum_lists)
            self.enum_lists.append(values)
        return eid

    def enum_of(self, cls: type[enum.Enum]) -> int:
        return self.codes(cls, tuple(str(m.value) for m in cls))

    def type_id(self, t: Any) -> int:
        key = t
        tid = self._type_ids.get(key)
        if tid is not None:
            return tid
        code, arg = self._type(t)
        tid = self._type_ids[key] = len(self.types)
        self.types.append((code, arg))
        return tid

    def _type(self, t: Any) -> tuple[int, int]:
        if t is str:
            return k.T_STR, 0
        if t is bool:
            return k.T_BOOL, 0
        if t is int:
            return k.T_INT, 0
        if t is dt.date:
            return k.T_DATE, 0
        if t is dt.datetime:
            return k.T_DATETIME, 0
        if t is FileCode:
            return k.T_CODE, 0
        if t is UnitRef:
            units = tuple(str(r) for r in (*PROVINCES_2004, *PROVINCES_2025))
            if any(str(UnitRef.parse(u)) != u for u in units):
                raise _Unknown("unit references do not round-trip")
            return k.T_UNIT, self.codes(UnitRef, units)
        if t is Tri:
            return k.T_TRI, self.enum_of(Tri)
        origin, args = get_origin(t), get_args(t)
        if origin in (Union, types.UnionType) and len(args) == 2 and type(None) in args:
            raise _Unknown("optional types are resolved by the field, not here")
        if origin in (Union, types.UnionType) and all(isinstance(a, type) and attrs.has(a) for a in args):
            return k.T_UNION, 0
        if (origin is tuple and len(args) == 2 and args[1] is Ellipsis) or origin is frozenset:
            return k.T_LIST, self.type_id(args[0])
        if origin in (Mapping, dict) and args == (str, int):
            return k.T_MAP, 0
        if isinstance(t, type) and issubclass(t, enum.Enum):
            return k.T_ENUM, self.enum_of(t)
        if isinstance(t, type) and attrs.has(t):
            return k.T_OBJ, self.object_id(t)
        raise _Unknown(repr(t))

    def object_id(self, cls: type[Any], kind: int = k.O_PLAIN) -> int:
        oid = self._object_ids.get(cls)
        if oid is not None:
            return oid
        from tgpl.integrations import fast as _f

        if not _f._supported(cls):
            raise _Unknown(cls.__name__)
        attrs.resolve_types(cls)
        rows: list[tuple[int, int, int, int, int]] = []
        for a in attrs.fields(cls):
            t = a.type
            origin, args = get_origin(t), get_args(t)
            if origin in (Union, types.UnionType) and len(args) == 2 and type(None) in args:
                if a.default is not None:
                    raise _Unknown(f"{cls.__name__}.{a.name}: optional with a non-None default")
                t = next(x for x in args if x is not type(None))
            role = _ROLES.get((cls.__name__, a.name), k.R_ON if a.name == "on" and kind == k.O_EVENT else k.R_NONE)
            off, ln = self.text(a.name)
            rows.append((off, ln, self.type_id(t), int(a.default is attrs.NOTHING), role))
        oid = self._object_ids[cls] = len(self.objects)
        self.objects.append((len(self.fields), len(rows), kind))
        self.fields.extend(rows)
        return oid

    def array(self, rows: list[Any], width: int) -> Any:
        np = self.np
        return np.array(rows, dtype=np.int64).reshape(len(rows), width)


#: The kernel's hash as plain Python (before :func:`_compiled` replaces it).
_hash_py: Final[Callable[[bytes, int, int, int], int]] = getattr(k._hash, "py_func", k._hash)


def code_hash(raw: bytes, eid: int) -> int:
    """The kernel's hash of a code's bytes in code list ``eid`` (``_scankernel._hash``)."""
    return _hash_py(raw, 0, len(raw), eid)


def packed_words(raw: bytes) -> list[int]:
    """``raw`` as signed little-endian 64-bit words, zero-padded (``_scankernel._same_words``)."""
    return [int.from_bytes(raw[i:i + 8].ljust(8, b"\0"), "little", signed=True) for i in range(0, len(raw), 8)]


def _hash_table(t: _Tables, np: Any) -> tuple[Any, list[int]]:
    """Open-addressing table of every code of every list — rows (list id, hash, index,
    byte length, offset of the packed words) — and the packed words of every code."""
    total = sum(len(values) for values in t.enum_lists)
    size = 1 << max(4, (4 * total).bit_length())
    table = np.full((size, 5), -1, dtype=np.int64)
    words: list[int] = []
    for eid, values in enumerate(t.enum_lists):
        for i, value in enumerate(values):
            raw = value.encode("utf-8")
            h = code_hash(raw, eid)
            slot = h & (size - 1)
            while table[slot, 0] >= 0:
                slot = (slot + 1) & (size - 1)
            table[slot] = (eid, h, i, len(raw), len(words))
            words.extend(packed_words(raw))
    return table, words


def _index(values: tuple[str, ...], value: str) -> int:
    try:
        return values.index(value)
    except ValueError:
        raise _Unknown(f"code {value!r} not in its list") from None


class Scanner:
    """The compiled scanner and the tables it runs on (one per process)."""

    def __init__(self) -> None:
        import numpy as np

        from tgpl.integrations import _fastcheck
        from tgpl.integrations import fast as _f

        if _f.UNSUPPORTED or set(_f._RULES) != set(_fastcheck._RULES):
            raise _Unknown("rules differ from the per-line checkers")
        self.np = np
        t = _Tables()
        # every role must name an existing field, every rule a class the kernel applies
        names = {cls.__name__: cls for cls in (Case, Beneficiary, QualityReview, *EVENT_TYPES.values())}
        for cname, fname in _ROLES:
            if cname not in names or fname not in attrs.fields_dict(names[cname]):
                raise _Unknown(f"{cname}.{fname}")
        if set(_f._RULES) != {"Beneficiary", "Accepted", "Ended", "SuccessAssessed", "AdviceDeadlineExtended"}:
            raise _Unknown("constructor rules changed")
        case_oid = t.object_id(Case)
        # the beneficiary object kind, then the events of the union
        t.objects[t._object_ids[Beneficiary]] = (*t.objects[t._object_ids[Beneficiary]][:2], k.O_BEN)
        for tag, cls in EVENT_TYPES.items():
            if cls in t._object_ids:
                raise _Unknown(f"event class {cls.__name__} used elsewhere")
            oid = t.object_id(cls, k.O_EVENT)
            first, nf, _ = t.objects[oid]
            if nf == 0 or t.fields[first][4] != k.R_ON:
                raise _Unknown(f"{cls.__name__}: 'on' is not its first field")
            kind = _KINDS.get(cls.__name__, k.E_OTHER)
            if (kind not in (k.E_OTHER, k.E_ADVICE)) != (tag in _fastcheck._FOLDED):
                raise _Unknown(f"event kind {tag} folds differently")
            off, ln = t.text(tag)
            t.union.append((off, ln, oid, kind))
        union_eid = t.codes("event tags", tuple(EVENT_TYPES))
        words = [(w, form) for form, w in DEFAULT_CODE_WORDS.words.items()]
        words += list(DEFAULT_CODE_WORDS.aliases.items())
        forms = t.enum_lists[t.enum_of(Form)]
        cw_rows = []
        for word, form in words:
            if DEFAULT_CODE_WORDS.form_of(word) is not form:
                raise _Unknown(f"code word {word}")
            cw_rows.append((*t.text(word), _index(forms, form.value)))
        tag_off, tag_len = t.text('{"schema":"' + Case.schema + '"')
        self.sexes = t.enum_lists[t.enum_of(Sex)]
        self.sources = t.enum_lists[t.enum_of(RequestSource)]
        self.outcomes = t.enum_lists[t.enum_of(EndKind)]
        self.forms = forms
        from tgpl.domain.enums import Group, LegalField, ProviderKind

        self.fields = t.enum_lists[t.enum_of(LegalField)]
        self.groups = t.enum_lists[t.enum_of(Group)]
        self.provider_kinds = t.enum_lists[t.enum_of(ProviderKind)]
        self.units = t.enum_lists[t.codes(UnitRef, ())] if UnitRef in t._enum_ids else ()
        if len(self.groups) > 62:
            raise _Unknown("too many groups for a bit mask")
        kk = [0] * k.NK
        kk[k.K_NOT_CONTINUED] = _index(self.outcomes, "not_continued")
        kk[k.K_LITIGATION] = _index(forms, Form.LITIGATION.value)
        kk[k.K_SEX_DEFAULT] = _index(self.sexes, getattr(attrs.fields(Beneficiary).sex.default, "value", ""))
        kk[k.K_SOURCE_DEFAULT] = _index(self.sources, getattr(attrs.fields(Case).source.default, "value", ""))
        kk[k.K_CASE_OID] = case_oid
        kk[k.K_TAG_OFF] = tag_off
        kk[k.K_TAG_LEN] = tag_len
        kk[k.K_UNION_EID] = union_eid
        # the criterion codes of every rubric, for grading plain reviews (see _ReviewGrader)
        from tgpl.rules.scoring import RUBRICS

        self.criteria = tuple(dict.fromkeys(c for r in RUBRICS.values() for c in r.codes))
        if len(self.criteria) > k.MAXCRIT:
            raise _Unknown("too many criterion codes for a bit mask")
        kk[k.K_CRIT_EID] = t.codes("criterion codes", self.criteria)
        kk[k.K_NCRIT] = len(self.criteria)
        from tgpl.domain.enums import ReviewerLevel

        self.levels = t.enum_lists[t.enum_of(ReviewerLevel)]
        ht, code_words = _hash_table(t, np)
        parts = {
            k.H_TY: t.array(t.types, 2), k.H_FL: t.array(t.fields, 5), k.H_OB: t.array(t.objects, 3),
            k.H_HT: ht,
            k.H_UN: t.array(t.union, 4), k.H_CW: t.array(cw_rows, 3),
        }
        # the strings go after the tables, the codes' packed words after the strings: the
        # offsets (column 0 of these tables, the case tag, column 4 of the hash table)
        # become indexes of T
        base = k.NT + sum(table.size for table in parts.values())
        for h in (k.H_FL, k.H_UN, k.H_CW):
            if len(parts[h]):
                parts[h][:, 0] += base
        kk[k.K_TAG_OFF] += base
        ht[ht[:, 0] >= 0, 4] += base + len(t.strs)
        header = [*kk, *([0] * (k.NT - k.NK))]  # constants, table offsets, scratch rows
        flat: list[int] = []
        for h, table in parts.items():
            header[h] = k.NT + len(flat)
            flat.extend(int(x) for x in table.reshape(-1))
        header[k.H_HTN] = len(ht)
        header[k.H_CWN] = len(cw_rows)
        if len(header) + len(flat) != base:
            raise _Unknown("table layout")
        self.T = np.array(header + flat + list(t.strs) + code_words, dtype=np.int64)
        # measures: 0 carried over, 1 accepted, 2 open at end, 3 + i the end kind i
        self.measures = (FlowMeasure.CARRIED_OVER.value, FlowMeasure.ACCEPTED.value, FlowMeasure.OPEN_AT_END.value,
                         *(ENDED_MEASURE[o] for o in self.outcomes))
        self._group_names: dict[int, str] = {}
        self._dates: dict[int, dt.date] = {}
        self._fn: Callable[..., tuple[int, int, int]] = _compiled()

    def group_names(self, mask: int) -> str:
        """The joined, sorted group codes of a bit mask (as the per-line paths join them)."""
        got = self._group_names.get(mask)
        if got is None:
            got = self._group_names[mask] = "+".join(sorted(g for i, g in enumerate(self.groups) if mask >> i & 1))
        return got

    def day(self, d: dt.date) -> int:
        """The kernel's day number of a date."""
        return (d - _EPOCH).days

    def date(self, day: int) -> dt.date:
        """The date of a kernel day number (cached)."""
        got = self._dates.get(day)
        if got is None:
            got = self._dates[day] = _EPOCH + dt.timedelta(days=day)
        return got

    def warm(self) -> None:
        """Load (or, the first time on a machine, compile) the machine code of every
        compiled function, by calling each on a one-line block."""
        buf = bytearray(b"{}\n")
        starts, ends = self.lines(buf, len(buf))
        self.scan(buf, starts, ends, None)

    def lines(self, buf: bytes | bytearray | memoryview, n: int) -> tuple[Any, Any]:
        """``(starts, ends)`` of the lines of ``buf[:n]`` (compiled, without the GIL and
        without a temporary array the size of the block)."""
        np = self.np
        b = np.frombuffer(buf, dtype=np.uint8, count=n)
        count = _compiled_lines[0](b, n)
        starts = np.empty(count, dtype=np.int64)
        ends = np.empty(count, dtype=np.int64)
        _compiled_lines[1](b, n, starts, ends)
        return starts, ends

    def scan(self, buf: bytes | bytearray | memoryview, starts: Any, ends: Any, as_of: dt.date | None) -> ScanResult:
        """Scan the lines ``buf[starts[i]:ends[i]]`` (without their newline)."""
        np = self.np
        n = len(starts)
        b = np.frombuffer(buf, dtype=np.uint8)
        rows = np.zeros((n, k.NCOL), dtype=np.int64)
        bens = np.zeros((4 * n + 16, 5), dtype=np.int64)
        provs = np.zeros((4 * n + 16, 4), dtype=np.int64)
        spec = np.zeros((2 * n + 16, k.S_POINTS + len(self.criteria)), dtype=np.int64)
        T = self.T.copy()
        T[k.K_AS_OF] = self.day(as_of) if as_of is not None else 1 << 40
        nb, npv, nsp = self._fn(b, starts, ends, rows, bens, provs, spec, T)
        return ScanResult(rows, bens[:nb], provs[:npv], spec[:nsp])


@attrs.frozen
class ScanResult:
    """The kernel's output for one block: a row per line, and the variable-length parts."""

    rows: Any  # (lines, NCOL) int64
    bens: Any  # (beneficiaries, 5): line, sex, group mask, id start, id length
    provs: Any  # (provider events, 4): line, day, provider kind, event index
    spec: Any  # (reviews and assessments, S_POINTS + criteria): line, event kind, day, event
    #            index, start, end, then the S_ columns of _scankernel


#: Small functions inlined into their callers (numba's ``inline="always"``): a call of a
#: compiled function passes every array as a many-field struct, and these run for every
#: value of every line (measured: the kernel 25-30 % faster, compile time about doubled).
#: The larger functions stay calls: inlining them multiplies compile time.
_INLINE: Final = frozenset({
    "_same", "_same_words", "_utf8", "_string_end", "_hash", "_enum", "_digits", "_days", "_date", "_moment", "_code", "_int",
    "_strval", "_key", "_rest_optional",
})
_compiled_fn: Callable[..., tuple[int, int, int]] | None = None
_compiled_lines: list[Callable[..., Any]] = []
#: The kernel allocates nothing, so it runs without numba's reference counting (an
#: option numba has but does not type).
_NO_NRT: Final[dict[str, Any]] = {"_nrt": False}


def _compiled() -> Callable[..., tuple[int, int, int]]:
    """Compile the kernel with numba (cached on disk next to the module)."""
    global _compiled_fn
    if _compiled_fn is None:
        import numba

        for name in _KERNEL:
            fn = getattr(k, name)
            if not isinstance(fn, numba.core.registry.CPUDispatcher):
                if name in _INLINE:
                    jit = numba.njit(cache=True, nogil=True, inline="always", **_NO_NRT)
                else:
                    jit = numba.njit(cache=True, nogil=True, **_NO_NRT)
                setattr(k, name, jit(fn))
        _compiled_fn = k.scan
        _compiled_lines[:] = [k.count_lines, k.line_bounds]
    return _compiled_fn


_scanner: Scanner | bool | None = False


def scanner() -> Scanner | None:
    """The process's scanner, or None when numba is missing or the domain does not compile."""
    global _scanner
    if _scanner is False:
        try:
            _scanner = Scanner()
        except (ImportError, _Unknown):
            _scanner = None
    return _scanner  # type: ignore[return-value]



def _bits(n: int) -> int:
    return max(1, (max(n, 1) - 1).bit_length())


class BlockFolder:
    """Tallies of the lines a :class:`Scanner` accepted, per window, as integer-coded keys.

    ``fold`` adds one scanned block; ``flush`` decodes the keys and adds them to the
    string-keyed counters of a :class:`tgpl.integrations.fast._Folder`.
    """

    def __init__(self, sc: Scanner, folder: Any) -> None:
        self.sc = sc
        self.folder = folder
        self.np = sc.np
        self.bounds = [(sc.day(s), sc.day(e)) for s, e in folder.bounds]
        # widths of the packed keys (all codes are small non-negative integers)
        self.w_m = _bits(len(sc.measures))
        self.w_f = _bits(len(sc.forms))
        self.w_fl = _bits(len(sc.fields))
        self.w_k = _bits(len(sc.provider_kinds) + 1)
        self.w_s = _bits(len(sc.sources))
        self.w_sex = _bits(len(sc.sexes))
        self.w_g = max(1, len(sc.groups))
        self.w_u = _bits(len(sc.units))
        if self.w_m + self.w_f + self.w_fl + max(self.w_k + self.w_s, self.w_sex) + self.w_g + self.w_u > 62:
            raise _Unknown("packed keys do not fit 62 bits")
        n = len(folder.bounds)
        self.cases: list[Counter[int]] = [Counter() for _ in range(n)]
        self.persons: list[Counter[int]] = [Counter() for _ in range(n)]
        self.requests: list[Counter[int]] = [Counter() for _ in range(n)]
        self.appraisals: list[Counter[int]] = [Counter() for _ in range(n)]
        self.evaluations: list[Counter[int]] = [Counter() for _ in range(n)]
        self.grader = _ReviewGrader(sc)
        self.accepted = 0

    def fold(self, res: ScanResult, buf: bytes | memoryview) -> None:
        """Count the accepted lines of a block; lines whose review does not grade are
        marked declined in ``res.rows`` (the caller sends them to the per-line paths)."""
        np = self.np
        rows = res.rows
        adds = self._specials(res, buf)  # may decline lines: before anything is counted
        ok = rows[:, k.C_STATUS] == 1
        counts = self.folder.counts
        for w, key, n in adds:
            counts[w][key] += n
        self.accepted += int(ok.sum())
        if not ok.any():
            return
        acc = rows[:, k.C_ACC]
        end = rows[:, k.C_END]
        has_acc = acc != k.NONE_DAY
        ended = end != k.NONE_DAY
        form = rows[:, k.C_FORM]
        fld = rows[:, k.C_FIELD]
        src = rows[:, k.C_SOURCE]
        unit = rows[:, k.C_UNIT]
        groups = rows[:, k.C_GROUPS]
        bens = res.bens
        provs = res.provs
        b_line = bens[:, 0]
        # providers in (line, day, event index) order
        order = np.lexsort((provs[:, 3], provs[:, 1], provs[:, 0]))
        provs = provs[order]
        head = (form << self.w_fl) | fld
        req = rows[:, k.C_REQ]
        req_day = rows[:, k.C_REQDAY]
        for w, (s, e) in enumerate(self.bounds):
            inw = ok & has_acc & (acc <= e) & (~ended | (end >= s))
            if inw.any():
                inflow = np.where(acc < s, 0, 1)
                outflow = np.where(ended & (end <= e), 3 + rows[:, k.C_OUTCOME], 2)
                kind = np.zeros(len(rows), dtype=np.int64)
                sel = provs[provs[:, 1] <= e]
                if len(sel):
                    last = np.ones(len(sel), dtype=bool)
                    last[:-1] = sel[1:, 0] != sel[:-1, 0]
                    kind[sel[last, 0]] = sel[last, 2] + 1
                tail = ((((kind << self.w_s) | src) << self.w_g | groups) << self.w_u) | unit
                tail_bits = self.w_k + self.w_s + self.w_g + self.w_u
                base = head << tail_bits | tail
                top = self.w_f + self.w_fl + tail_bits
                keys = np.concatenate(((inflow[inw] << top) | base[inw], (outflow[inw] << top) | base[inw]))
                _add(self.cases[w], np, keys)
                bsel = inw[b_line]
                if bsel.any():
                    lines = b_line[bsel]
                    ptail = (((bens[bsel, 1] << self.w_g) | bens[bsel, 2]) << self.w_u) | unit[lines]
                    pbits = self.w_sex + self.w_g + self.w_u
                    pbase = (head[lines] << pbits) | ptail
                    ptop = self.w_f + self.w_fl + pbits
                    pkeys = np.concatenate(((inflow[lines] << ptop) | pbase, (outflow[lines] << ptop) | pbase))
                    _add(self.persons[w], np, pkeys)
            rsel = ok & ~has_acc & (req > 0) & (req_day >= s) & (req_day <= e)
            if rsel.any():
                rkeys = ((((req[rsel] << self.w_f | form[rsel]) << self.w_fl | fld[rsel]) << self.w_s | src[rsel])
                         << self.w_u) | unit[rsel]
                _add(self.requests[w], np, rkeys)

    def _specials(self, res: ScanResult, buf: bytes | memoryview) -> list[tuple[int, tuple[str, ...], int]]:
        """Appraisals, evaluations and success assessments: the latest of each case in
        each window. Plain reviews are graded from the kernel's columns
        (:class:`_ReviewGrader`); any other review is read from the event's bytes and
        graded as the dict path grades it. Returns the success counts (string keys);
        the review counts go to the packed counters."""
        spec = res.spec
        if not len(spec):
            return []
        np = self.np
        from tgpl.integrations.fast import _graded_dict
        from tgpl.io import codec

        folder = self.folder
        sc = self.sc
        rows = res.rows
        order = np.lexsort((spec[:, 3], spec[:, 2], spec[:, 1], spec[:, 0]))
        spec = spec[order]
        adds: list[tuple[int, tuple[str, ...], int]] = []
        packed: list[tuple[Counter[int], Any, Any]] = []
        declined: set[int] = set()
        for w, (s, e) in enumerate(self.bounds):
            sel = spec[(spec[:, 2] >= s) & (spec[:, 2] <= e)]
            if not len(sel):
                continue
            last = np.ones(len(sel), dtype=bool)
            last[:-1] = (sel[1:, 0] != sel[:-1, 0]) | (sel[1:, 1] != sel[:-1, 1])
            sel = sel[last]
            rev = sel[sel[:, 1] != k.E_SUCCESS]
            if len(rev):
                lines = rev[:, 0]
                form = rows[lines, k.C_FORM]
                grades = self.grader.grades(rev, form)
                for i in np.flatnonzero(grades < 0).tolist():
                    line, _kind, day, _i, start, stop = rev[i, :6].tolist()
                    ev = codec.loads(bytes(buf[start:stop]))
                    try:
                        g = _graded_dict(folder, ev, sc.forms[form[i]], sc.date(day))
                    except Exception:
                        declined.add(line)
                        continue
                    grades[i] = self.grader.index(g)
                base = ((grades * len(sc.forms) + form) * len(sc.fields) + rows[lines, k.C_FIELD]) * len(sc.units)
                base += rows[lines, k.C_UNIT]
                app = (rev[:, 1] == k.E_APPRAISAL) & (grades >= 0)
                packed.append((self.appraisals[w], base[app], lines[app]))
                ev_ = (rev[:, 1] == k.E_EVALUATION) & (grades >= 0)
                packed.append((self.evaluations[w], rev[ev_, k.S_LEVEL] * self.grader.span * len(sc.forms)
                               * len(sc.fields) * len(sc.units) + base[ev_], lines[ev_]))
            for line, _kind, _day, _i, _start, _stop, ok, cs, cn in sel[sel[:, 1] == k.E_SUCCESS, :9].tolist():
                if line in declined:
                    continue
                row = rows[line]
                fld = sc.fields[row[k.C_FIELD]]
                unit = folder.unit_code(sc.units[row[k.C_UNIT]])
                if ok and cn >= 0:
                    try:
                        group = folder.success_group(bytes(buf[cs:cs + cn]).decode("utf-8"))
                    except Exception:
                        declined.add(line)
                        continue
                    key: tuple[str, ...] = ("success", "successful", group, fld, unit)
                else:
                    key = ("success", "not_successful", "", fld, unit)
                adds.append((w, key, line))
        gone = np.array(sorted(declined), dtype=np.int64)
        if len(gone):
            rows[gone, k.C_STATUS] = 0
        for counter, keys, lines in packed:
            _add(counter, np, keys[~np.isin(lines, gone)] if len(gone) else keys)
        return [(w, key, 1) for w, key, line in adds if line not in declined]

    def flush(self) -> None:
        """Decode the packed keys into the folder's string-keyed counters."""
        sc = self.sc
        folder = self.folder
        units = [folder.unit_code(u) for u in sc.units]
        kinds = ("unassigned", *sc.provider_kinds)
        requests = ("", "refused", "transferred")
        mu = (1 << self.w_u) - 1
        mg = (1 << self.w_g) - 1
        for w in range(len(self.bounds)):
            out = folder.counts[w]
            for key, n in self.cases[w].items():
                u = key & mu
                key >>= self.w_u
                g = key & mg
                key >>= self.w_g
                s = key & ((1 << self.w_s) - 1)
                key >>= self.w_s
                kd = key & ((1 << self.w_k) - 1)
                key >>= self.w_k
                fl = key & ((1 << self.w_fl) - 1)
                key >>= self.w_fl
                f = key & ((1 << self.w_f) - 1)
                m = key >> self.w_f
                out[("case", sc.measures[m], sc.forms[f], sc.fields[fl], kinds[kd], sc.sources[s],
                     sc.group_names(g), units[u])] += n
            for key, n in self.persons[w].items():
                u = key & mu
                key >>= self.w_u
                g = key & mg
                key >>= self.w_g
                sx = key & ((1 << self.w_sex) - 1)
                key >>= self.w_sex
                fl = key & ((1 << self.w_fl) - 1)
                key >>= self.w_fl
                f = key & ((1 << self.w_f) - 1)
                m = key >> self.w_f
                out[("person", sc.measures[m], sc.forms[f], sc.fields[fl], sc.sexes[sx], sc.group_names(g),
                     units[u])] += n
            for key, n in self.requests[w].items():
                u = key & mu
                key >>= self.w_u
                s = key & ((1 << self.w_s) - 1)
                key >>= self.w_s
                fl = key & ((1 << self.w_fl) - 1)
                key >>= self.w_fl
                f = key & ((1 << self.w_f) - 1)
                r = key >> self.w_f
                out[("request", requests[r], sc.forms[f], sc.fields[fl], sc.sources[s], units[u])] += n
            nf, nfl, nu = len(sc.forms), len(sc.fields), len(sc.units)
            grades = self.grader.codes
            for key, n in self.appraisals[w].items():
                rest, u = divmod(key, nu)
                rest, fl = divmod(rest, nfl)
                g, f = divmod(rest, nf)
                out[("appraisal", grades[g], sc.forms[f], sc.fields[fl], units[u])] += n
            for key, n in self.evaluations[w].items():
                rest, u = divmod(key, nu)
                rest, fl = divmod(rest, nfl)
                rest, f = divmod(rest, nf)
                lv, g = divmod(rest, self.grader.span)
                out[("evaluation", sc.levels[lv], grades[g], sc.forms[f], sc.fields[fl], units[u])] += n
            for counters in (self.cases, self.persons, self.requests, self.appraisals, self.evaluations):
                counters[w].clear()


def _add(counter: Counter[int], np: Any, keys: Any) -> None:
    values, counts = np.unique(keys, return_counts=True)
    for key, n in zip(values.tolist(), counts.tolist(), strict=True):
        counter[key] += n


class _ReviewGrader:
    """Grades of plain reviews from the kernel's columns, many at a time (NumPy).

    The same decision as :func:`tgpl.rules.scoring.quick_grade` (TT12 Art 16–17 as
    amended by TT 03/2021, in force from 15/07/2021; Law 11/2017/QH14 Art 6 cl. 1), for
    the rubric :func:`tgpl.rules.scoring.rubric_on` gives for the review's date and the
    default policy (RESCALE): every score key and ``not_applicable`` entry an exact
    criterion code of that rubric, every score within 0..maximum, every applicable
    criterion scored (for legal advice, ``ADVICE_INAPPLICABLE`` is not applicable), a
    positive applicable maximum. Then the grade is Không đạt under an Art 6 violation,
    else the Art 17 band of ``earned × 100 / top`` — compared exactly, as
    ``earned × 100 >= threshold × top``. Every other review (a rubric named, a date
    with no rubric in force, an unusual score) gets -1: the caller grades it in Python.
    A Hypothesis property in ``tests/perf/test_scan.py`` holds this to ``grade_review``.
    """

    def __init__(self, sc: Scanner) -> None:
        from tgpl.reporting.aggregate import UNGRADED
        from tgpl.rules import scoring

        self.np = np = sc.np
        self.scoring = scoring
        self.codes: list[str] = [g.value for g in Grade] + [UNGRADED]
        self._index = {c: i for i, c in enumerate(self.codes)}
        #: room for grade codes added later (the packed keys use a fixed radix)
        self.span = 16
        self.criteria = sc.criteria
        self.bits = np.arange(len(sc.criteria), dtype=np.int64)
        self.advice = sc.forms.index(Form.ADVICE.value)
        self.enabled = scoring.DEFAULT_POLICY is scoring.AdvicePolicy.RESCALE
        self._day_rubric: dict[int, int] = {}
        self._rubrics: list[tuple[int, Any, int]] = []  # (criteria mask, maxima, advice mask)
        self._rubric_ids: dict[str, int] = {}
        scale = scoring.GRADE_SCALE_TT12
        self.scale = (scale.good, scale.fairly_good, scale.passing)
        self.grade_ids = (self._index[Grade.GOOD.value], self._index[Grade.FAIRLY_GOOD.value],
                          self._index[Grade.PASS.value], self._index[Grade.FAIL.value])

    def index(self, code: str) -> int:
        """The index of a grade code (a code not seen before is added)."""
        got = self._index.get(code)
        if got is None:
            if len(self.codes) >= self.span:
                raise ValueError(f"too many grade codes: {code!r}")
            got = self._index[code] = len(self.codes)
            self.codes.append(code)
        return got

    def _rubric(self, day: int) -> int:
        """The row of the national rubric in force on a kernel day, or -1 (none)."""
        got = self._day_rubric.get(day)
        if got is None:
            try:
                rubric = self.scoring.rubric_on(_EPOCH + dt.timedelta(days=day))
            except Exception:
                got = -1
            else:
                got = self._rubric_ids.get(rubric.id, -1)
                if got < 0:
                    got = self._add_rubric(rubric)
            self._day_rubric[day] = got
        return got

    def _add_rubric(self, rubric: Any) -> int:
        np = self.np
        mask = adv = 0
        maxima = np.zeros(len(self.criteria), dtype=np.int64)
        for c in rubric.criteria:
            i = self.criteria.index(c.code)
            mask |= 1 << i
            maxima[i] = c.max_points
            if c.code in self.scoring.ADVICE_INAPPLICABLE:
                adv |= 1 << i
        self._rubrics.append((mask, maxima, adv))
        self._rubric_ids[rubric.id] = len(self._rubrics) - 1
        return len(self._rubrics) - 1

    def grades(self, rev: Any, form: Any) -> Any:
        """Grade indexes of the review rows ``rev`` (forms ``form``); -1 = grade in Python."""
        np = self.np
        out = np.full(len(rev), -1, dtype=np.int64)
        if not self.enabled:
            return out
        days, where = np.unique(rev[:, 2], return_inverse=True)
        which = np.array([self._rubric(d) for d in days.tolist()], dtype=np.int64)[where]
        good, fair, passing = self.scale
        g_good, g_fair, g_pass, g_fail = self.grade_ids
        for r, (mask, maxima, adv) in enumerate(self._rubrics):
            sel = np.flatnonzero((which == r) & (rev[:, k.S_ODD] == 0))
            if not len(sel):
                continue
            sub = rev[sel]
            scored = sub[:, k.S_SCORED]
            na_given = sub[:, k.S_NA]
            na = na_given | np.where(form[sel] == self.advice, adv, 0)
            applicable = mask & ~na
            plain = ((scored & ~mask) == 0) & ((na_given & ~mask) == 0) & ((applicable & ~scored) == 0)
            points = sub[:, k.S_POINTS:k.S_POINTS + len(self.criteria)]
            has = ((scored[:, None] >> self.bits) & 1) == 1
            plain &= ~(has & ((points < 0) | (points > maxima))).any(axis=1)
            counted = ((applicable[:, None] >> self.bits) & 1) == 1
            earned = np.where(counted, points, 0).sum(axis=1) * 100
            top = np.where(counted, maxima, 0).sum(axis=1)
            plain &= top > 0
            grade = np.where(earned >= good * top, g_good,
                             np.where(earned >= fair * top, g_fair, np.where(earned >= passing * top, g_pass, g_fail)))
            grade = np.where(sub[:, k.S_ART6] == 1, g_fail, grade)
            out[sel[plain]] = grade[plain]
        return out
