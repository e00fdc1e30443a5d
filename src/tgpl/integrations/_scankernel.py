"""The compiled kernel of :mod:`tgpl.integrations._scan` (needs ``numba``; internal).

Plain Python functions over NumPy arrays, compiled by ``numba.njit`` when
:mod:`tgpl.integrations._scan` imports this module (with ``cache=True``, so a process
compiles once and later processes load the machine code from ``__pycache__``).

The kernel reads JSON Lines bytes that are in tgpl's **canonical form** — the form
:func:`tgpl.io.write_jsonl` writes: no whitespace between tokens, keys in the order of the
attrs fields (the ``schema``/``type`` tag first), no ``null``, no escapes in strings,
integers without fraction or exponent. It checks every key, type, code, date, unit and
constructor rule that the fast path checks, from tables that :mod:`._scan` builds out of
the attrs classes, and folds each case into a row of integers. Any line that is not in
canonical form or breaks any rule is **declined** (status 0) and the caller hands it to
the slower paths, which accept or refuse it with the typed path's error. So the kernel
may refuse more than it must, never less; the Hypothesis properties of
``tests/perf/test_fast_aggregate.py`` and ``tests/perf/test_scan.py`` hold it to that.

Type codes, roles and event kinds are module constants (numba freezes them at compile
time); :mod:`._scan` fills the tables with the same constants.
"""

from __future__ import annotations

from typing import Any

# numpy arrays are passed in; mypy sees them as Any (numba does the typing here)
Arr = Any

# -- value types ------------------------------------------------------------------------------
T_STR = 1
T_ENUM = 2
T_INT = 3
T_BOOL = 4
T_DATE = 5
T_DATETIME = 6
T_UNIT = 7  # a unit reference: an enum of the valid "scheme:code" strings
T_TRI = 8  # true, false or one of the Tri codes
T_CODE = 9  # a file code <org>.<word>.<seq>.<year>; value = the Form index of its word
T_OBJ = 10  # arg = object id (fields of leaf types only)
T_LIST = 11  # arg = element type id
T_UNION = 12  # the event union, tagged by "type"
T_MAP = 13  # an object of string keys and integer values (review scores)

# -- roles: fields whose value the fold or a constructor rule reads ---------------------------
R_NONE = 0
R_FORM = 1
R_FIELD = 2
R_SOURCE = 3
R_ROLE = 4
R_UNIT = 5
R_CODE = 6
R_BENS = 7
R_EVENTS = 8
R_ID = 9
R_SEX = 10
R_GROUPS = 11
R_BYEAR = 12
R_BDATE = 13
R_ON = 14
R_IMMEDIATE = 15
R_IMMREASON = 16
R_OUTCOME = 17
R_GROUND = 18
R_SUCCESSFUL = 19
R_CRITERION = 20
R_TOTALDAYS = 21
R_PKIND = 22
R_LEVEL = 23  # the review's reviewer level
R_SCORES = 24  # the review's scores: value = bit mask of the criteria scored (see _leaf)
R_NA = 25  # the review's not_applicable: value = bit mask of the criteria listed
R_ART6 = 26
R_RUBRIC = 27
NROLES = 28
#: Criteria a review can name (bit masks); the scratch row SC0 holds the points of
#: criterion c at NROLES + c.
MAXCRIT = 62

# -- event kinds (what the fold does with an event) -------------------------------------------
E_OTHER = 0
E_ACCEPTED = 1
E_ENDED = 2
E_PROVIDER = 3
E_APPRAISAL = 4
E_EVALUATION = 5
E_SUCCESS = 6
E_REFUSED = 7
E_TRANSFERRED = 8
E_ADVICE = 9

# -- constants passed in array K ----------------------------------------------------------------
K_NOT_CONTINUED = 0  # EndKind index of "not_continued"
K_LITIGATION = 1  # Form index of "litigation"
K_SEX_DEFAULT = 2  # Sex index of "unknown"
K_SOURCE_DEFAULT = 3  # RequestSource index of "unknown"
K_AS_OF = 4  # day number of as_of (or a day after every date)
K_CASE_OID = 5  # object id of Case
K_TAG_OFF = 6  # the case prefix '{"schema":"tgpl.case/1"' in the string table
K_TAG_LEN = 7
K_UNION_EID = 8  # code list of the event tags (index = row of UN)
K_CRIT_EID = 9  # code list of the criterion codes of every rubric
K_NCRIT = 10  # its length (at most MAXCRIT)
NK = 11
# Offsets of the tables inside the one int64 array T (after the constants above). One
# array, not nine: every array argument of a compiled call is passed as a struct of
# seven words, and the kernel makes dozens of calls per line. T also holds the strings
# of the tables (one byte per entry; every string offset in a table is an index of T)
# and the scratch rows where objects leave the values of their fields with a role:
# T[SC0 + role] value, T[SC1 + role] present (0/1), T[SC2 + role] string start (or a
# flag, see _leaf), T[SC3 + role] string length; T[SC0 + NROLES + c] the points of
# criterion c. The caller passes a fresh copy of T to each call of scan.
H_TY = NK
H_FL = NK + 1
H_OB = NK + 2
H_HT = NK + 3
H_HTN = NK + 4
H_UN = NK + 5
H_CW = NK + 6
H_CWN = NK + 7
NH = NK + 8
SCW = NROLES + MAXCRIT
SC0 = NH
SC1 = NH + SCW
SC2 = NH + 2 * SCW
SC3 = NH + 3 * SCW
NT = NH + 4 * SCW  # the tables start here

# -- output row columns -------------------------------------------------------------------------
C_STATUS = 0
C_FORM = 1
C_FIELD = 2
C_SOURCE = 3
C_UNIT = 4
C_ACC = 5
C_END = 6
C_OUTCOME = 7
C_REQ = 8  # 0 none, 1 refused, 2 transferred
C_REQDAY = 9
C_GROUPS = 10
NCOL = 11

# -- extra columns of a review row of ``spec`` (appraisal or evaluation) ------------------------
S_ODD = 6  # bit 0: a score key not a criterion code or repeated; bit 1: the same for
#            not_applicable; bit 2: a rubric named (then Python grades the review)
S_SCORED = 7  # bit mask of the criteria scored
S_NA = 8  # bit mask of the criteria listed not applicable
S_ART6 = 9
S_LEVEL = 10
S_POINTS = 11  # the points of criterion c at S_POINTS + c
# -- extra columns of a success row of ``spec`` --------------------------------------------------
S_SUCCESSFUL = 6
S_CRIT_START = 7  # the criterion's string (length -1 when absent)
S_CRIT_LEN = 8

NONE_DAY = -(1 << 40)
HASH_MASK = (1 << 52) - 1

# table layouts: FL[f] = key offset, key length, type id, required, role
#                OB[o] = first field, number of fields, object kind
#                TY[t] = code, argument
#                HT[slot] = code list, hash, index in the list, byte length, offset of the
#                           code's packed words (see _enum)
#                UN[u] = tag offset, tag length, object id, event kind
#                CW[w] = word offset, word length, Form index
O_PLAIN = 0
O_BEN = 1
O_EVENT = 2


def _same(b: Arr, p: int, src: Arr, off: int, n: int) -> bool:
    """Whether ``b[p:p+n]`` equals ``src[off:off+n]`` (``src`` is ``b``, or T whose strings
    are one byte per entry)."""
    for k in range(n):
        if b[p + k] != src[off + k]:
            return False
    return True


def _utf8(b: Arr, i: int, end: int) -> int:
    """Length of the valid UTF-8 sequence starting at ``b[i]`` (>= 0x80), or 0."""
    c = b[i]
    if 0xC2 <= c <= 0xDF:
        n, lo, hi = 2, 0x80, 0xBF
    elif c == 0xE0:
        n, lo, hi = 3, 0xA0, 0xBF
    elif 0xE1 <= c <= 0xEC or c == 0xEE or c == 0xEF:
        n, lo, hi = 3, 0x80, 0xBF
    elif c == 0xED:
        n, lo, hi = 3, 0x80, 0x9F
    elif c == 0xF0:
        n, lo, hi = 4, 0x90, 0xBF
    elif 0xF1 <= c <= 0xF3:
        n, lo, hi = 4, 0x80, 0xBF
    elif c == 0xF4:
        n, lo, hi = 4, 0x80, 0x8F
    else:
        return 0
    if i + n > end:
        return 0
    if not lo <= b[i + 1] <= hi:
        return 0
    for k in range(2, n):
        if not 0x80 <= b[i + k] <= 0xBF:
            return 0
    return n


def _string_end(b: Arr, p: int, end: int) -> int:
    """Index of the closing quote of the string opening at ``b[p]``; -1 when not canonical."""
    if p >= end or b[p] != 34:
        return -1
    i = p + 1
    while i < end:
        c = b[i]
        if c == 34:
            return i
        if c == 92 or c < 32:
            return -1
        if c >= 128:
            n = _utf8(b, i, end)
            if n == 0:
                return -1
            i += n
        else:
            i += 1
    return -1


def _hash(b: Arr, s: int, n: int, eid: int) -> int:
    """Hash of the bytes ``b[s:s+n]`` in code list ``eid`` (:func:`._scan.code_hash` is
    this function, uncompiled)."""
    h = eid + 1
    for i in range(n):
        h = (h * 131 + b[s + i]) & HASH_MASK
    return h


def _same_words(b: Arr, s: int, n: int, T: Arr, w: int) -> bool:
    """Whether ``b[s:s+n]`` equals the string packed at ``T[w:]`` (little-endian, eight
    bytes per entry, zero-padded; ``_scan.packed_words``): a word at a time, not a byte."""
    k = 0
    while k + 8 <= n:
        p = s + k
        x = (int(b[p]) | (int(b[p + 1]) << 8) | (int(b[p + 2]) << 16) | (int(b[p + 3]) << 24)
             | (int(b[p + 4]) << 32) | (int(b[p + 5]) << 40) | (int(b[p + 6]) << 48) | (int(b[p + 7]) << 56))
        if x != T[w + (k >> 3)]:
            return False
        k += 8
    if k < n:
        x = 0
        for i in range(n - k):
            x |= int(b[s + k + i]) << (8 * i)
        if x != T[w + (k >> 3)]:
            return False
    return True


def _enum(b: Arr, s: int, n: int, T: Arr, eid: int) -> int:
    """Index of the string ``b[s:s+n]`` in code list ``eid``, or -1: a probe of the
    open-addressing table at ``T[H_HT]``, whose rows hold (list id, hash, index, byte
    length, packed words) so that a hit needs no other table."""
    h = _hash(b, s, n, eid)
    m = T[H_HTN] - 1
    ht = T[H_HT]
    slot = h & m
    while True:
        row = ht + 5 * slot
        e = T[row]
        if e < 0:
            return -1
        if e == eid and T[row + 1] == h and T[row + 3] == n and _same_words(b, s, n, T, T[row + 4]):
            return int(T[row + 2])
        slot = (slot + 1) & m


def _digits(b: Arr, s: int, n: int) -> int:
    v = 0
    for k in range(n):
        c = b[s + k]
        if not 48 <= c <= 57:
            return -1
        v = v * 10 + (c - 48)
    return v


def _days(y: int, m: int, d: int) -> int:
    """Days since 1970-01-01 of a proleptic Gregorian date."""
    if m <= 2:
        y -= 1
    era = (y if y >= 0 else y - 399) // 400
    yoe = y - era * 400
    doy = (153 * (m + (-3 if m > 2 else 9)) + 2) // 5 + d - 1
    doe = yoe * 365 + yoe // 4 - yoe // 100 + doy
    return era * 146097 + doe - 719468


def _date(b: Arr, s: int) -> int:
    """``YYYY-MM-DD`` at ``b[s:s+10]`` as y*10000 + m*100 + d, or -1."""
    if b[s + 4] != 45 or b[s + 7] != 45:
        return -1
    y = _digits(b, s, 4)
    m = _digits(b, s + 5, 2)
    d = _digits(b, s + 8, 2)
    if y < 1 or m < 1 or m > 12 or d < 1:
        return -1
    if m == 2:
        leap = (y % 4 == 0 and y % 100 != 0) or y % 400 == 0
        top = 29 if leap else 28
    elif m == 4 or m == 6 or m == 9 or m == 11:
        top = 30
    else:
        top = 31
    if d > top:
        return -1
    return y * 10000 + m * 100 + d


def _moment(b: Arr, s: int, n: int) -> int:
    """Day number (in Vietnam) of ``YYYY-MM-DDTHH:MM:SS+07:00``, or NONE_DAY."""
    if n != 25:
        return NONE_DAY
    ymd = _date(b, s)
    if ymd < 0 or b[s + 10] != 84 or b[s + 13] != 58 or b[s + 16] != 58:
        return NONE_DAY
    hh = _digits(b, s + 11, 2)
    mm = _digits(b, s + 14, 2)
    ss = _digits(b, s + 17, 2)
    if hh < 0 or hh > 23 or mm < 0 or mm > 59 or ss < 0 or ss > 59:
        return NONE_DAY
    # "+07:00"
    if b[s + 19] != 43 or b[s + 20] != 48 or b[s + 21] != 55 or b[s + 22] != 58 or b[s + 23] != 48 or b[s + 24] != 48:
        return NONE_DAY
    return _days(ymd // 10000, (ymd // 100) % 100, ymd % 100)


def _code(b: Arr, s: int, n: int, T: Arr) -> int:
    """Form index of a canonical file code ``org.word.seq.year``, or -1."""
    e = s + n
    i = s
    while i < e and b[i] != 46:
        c = b[i]
        if c <= 32 or c >= 127:
            return -1
        i += 1
    if i == s or i >= e:
        return -1
    w = i + 1
    i = w
    while i < e and b[i] != 46:
        i += 1
    if i == w or i >= e:
        return -1
    wn = i - w
    form = -1
    for k in range(T[H_CWN]):
        if T[T[H_CW] + 3 * (k) + 1] == wn and _same(b, w, T, T[T[H_CW] + 3 * (k)], wn):
            form = T[T[H_CW] + 3 * (k) + 2]
            break
    if form < 0:
        return -1
    q = i + 1
    i = q
    while i < e and b[i] != 46:
        i += 1
    if i == q or i - q > 6 or i >= e:
        return -1
    seq = _digits(b, q, i - q)
    if seq < 1:
        return -1
    if e - (i + 1) != 4:
        return -1
    year = _digits(b, i + 1, 4)
    if year < 2000 or year > 2200:
        return -1
    return form


def _int(b: Arr, p: int, end: int) -> tuple[int, int]:
    """A JSON integer at ``b[p]`` of at most 18 digits: (next index, value) or (-1, 0)."""
    i = p
    neg = False
    if i < end and b[i] == 45:
        neg = True
        i += 1
    if i >= end:
        return -1, 0
    v = 0
    c = b[i]
    if c == 48:
        i += 1
    elif 49 <= c <= 57:
        k = 0
        while i < end and 48 <= b[i] <= 57:
            v = v * 10 + (b[i] - 48)
            i += 1
            k += 1
            if k > 18:
                return -1, 0
    else:
        return -1, 0
    if i < end:
        c = b[i]
        if c == 46 or c == 101 or c == 69 or 48 <= c <= 57:
            return -1, 0
    return i, (-v if neg else v)


def _strval(b: Arr, p: int, end: int, tid: int, T: Arr) -> tuple[int, int, int, int]:
    """A string-valued leaf at ``b[p]``: (next index or -1, value, string start, length).

    The value is the enum (or unit, or Tri) index, y*10000+m*100+d for a date, the day
    number for a moment, the Form index of a file code, 0 for a plain string.
    """
    code = T[T[H_TY] + 2 * tid]
    arg = T[T[H_TY] + 2 * tid + 1]
    q = _string_end(b, p, end)
    if q < 0:
        return -1, 0, 0, 0
    s = p + 1
    n = q - s
    v = 0
    if code == T_STR:
        v = 0
    elif code == T_ENUM or code == T_UNIT or code == T_TRI:
        v = _enum(b, s, n, T, arg)
        if v < 0:
            return -1, 0, 0, 0
    elif code == T_DATE:
        if n != 10:
            return -1, 0, 0, 0
        v = _date(b, s)
        if v < 0:
            return -1, 0, 0, 0
    elif code == T_DATETIME:
        v = _moment(b, s, n)
        if v == NONE_DAY:
            return -1, 0, 0, 0
    elif code == T_CODE:
        v = _code(b, s, n, T)
        if v < 0:
            return -1, 0, 0, 0
    else:
        return -1, 0, 0, 0
    return q + 1, v, s, n


def _leaf(b: Arr, p: int, end: int, tid: int, T: Arr, role: int) -> tuple[int, int, int, int]:
    """A value of a leaf type, a list of string-valued leaves, or a score map, at ``b[p]``.

    Returns (next index or -1, value, string start, string length); see :func:`_strval`.
    An integer's value is itself, a boolean's 0 or 1, a list of enum codes' the bit mask
    of their indexes. For the roles R_SCORES and R_NA (a review's scores and
    not_applicable) the value is the bit mask of the criterion codes (code list
    K_CRIT_EID) named, the points of criterion c go to ``T[SC0 + NROLES + c]``, and
    ``T[SC2 + role]`` is 1 when a name is no criterion code or is repeated.

    :func:`_strval` has one call site here (scalars and list elements share it): it is
    inlined when compiled, and each inlined copy costs compile time.
    """
    code = T[T[H_TY] + 2 * tid]
    arg = T[T[H_TY] + 2 * tid + 1]
    if p >= end:
        return -1, 0, 0, 0
    if code == T_INT:
        q, v = _int(b, p, end)
        return q, v, 0, 0
    if code == T_BOOL or code == T_TRI:
        if b[p] == 116 and p + 4 <= end and b[p + 1] == 114 and b[p + 2] == 117 and b[p + 3] == 101:
            return p + 4, 1, 0, 0
        if (b[p] == 102 and p + 5 <= end and b[p + 1] == 97 and b[p + 2] == 108 and b[p + 3] == 115
                and b[p + 4] == 101):
            return p + 5, 0, 0, 0
        if code == T_BOOL:
            return -1, 0, 0, 0
    if code == T_MAP:
        if b[p] != 123:
            return -1, 0, 0, 0
        i = p + 1
        crit = role == R_SCORES
        mask = 0
        if crit:
            T[SC2 + role] = 0
        if i < end and b[i] == 125:
            return i + 1, 0, 0, 0
        while True:
            qk = _string_end(b, i, end)
            if qk < 0 or qk + 1 >= end or b[qk + 1] != 58:
                return -1, 0, 0, 0
            q, v = _int(b, qk + 2, end)
            if q < 0 or q >= end:
                return -1, 0, 0, 0
            if crit:
                c = _enum(b, i + 1, qk - i - 1, T, T[K_CRIT_EID])
                if c < 0 or (mask >> c) & 1 == 1:
                    T[SC2 + role] = 1
                else:
                    mask |= 1 << c
                    T[SC0 + NROLES + c] = v
            if b[q] == 44:
                i = q + 1
            elif b[q] == 125:
                return q + 1, mask, 0, 0
            else:
                return -1, 0, 0, 0
    # a string-valued leaf, or a list of them
    is_list = code == T_LIST
    i = p
    etid = tid
    mask = 0
    count = 0
    is_enum = False
    crit = False
    if is_list:
        if b[p] != 91:
            return -1, 0, 0, 0
        i = p + 1
        etid = arg
        is_enum = T[T[H_TY] + 2 * arg] == T_ENUM
        crit = role == R_NA
        if crit:
            T[SC2 + role] = 0
        if i < end and b[i] == 93:
            return i + 1, 0, 0, 0
    while True:
        q, v, s1, n1 = _strval(b, i, end, etid, T)
        if not is_list:
            return q, v, s1, n1
        if q < 0 or q >= end:
            return -1, 0, 0, 0
        count += 1
        if is_enum:
            if v > 62:
                return -1, 0, 0, 0
            mask |= 1 << v
        elif crit:
            c = _enum(b, s1, n1, T, T[K_CRIT_EID])
            if c < 0:
                T[SC2 + role] = 1
            else:
                mask |= 1 << c
        if b[q] == 44:
            i = q + 1
        elif b[q] == 93:
            return q + 1, (mask if is_enum or crit else count), 0, 0
        else:
            return -1, 0, 0, 0


def _key(b: Arr, p: int, end: int, T: Arr, first: int, nf: int, cur: int) -> tuple[int, int]:
    """The field (index from ``first``) whose key opens at ``b[p]``, at or after ``cur``.

    Returns (field index, index of its value) or (-1, -1) when the key is unknown, out of
    order, repeated, or a required field before it is missing.
    """
    if cur < nf:
        # the usual case: the next key is the next field's
        r = first + cur
        n = T[T[H_FL] + 5 * r + 1]
        e = p + n + 2
        if e + 1 < end and b[p] == 34 and b[e - 1] == 34 and b[e] == 58 and _same(b, p + 1, T, T[T[H_FL] + 5 * r], n):
            return cur, e + 1
    q = _string_end(b, p, end)
    if q < 0 or q + 1 >= end or b[q + 1] != 58:
        return -1, -1
    n = q - p - 1
    j = cur
    while j < nf:
        r = first + j
        if T[T[H_FL] + 5 * r + 1] == n and _same(b, p + 1, T, T[T[H_FL] + 5 * r], n):
            return j, q + 2
        if T[T[H_FL] + 5 * r + 3] == 1:
            return -1, -1
        j += 1
    return -1, -1


def _rest_optional(T: Arr, first: int, nf: int, cur: int) -> bool:
    for j in range(cur, nf):
        if T[T[H_FL] + 5 * (first + j) + 3] == 1:
            return False
    return True


def _obj2(b: Arr, p: int, end: int, oid: int, T: Arr) -> int:
    """An object of leaf fields only (a proof, a review) at ``b[p]``; next index or -1.

    Fields with a role are captured in the scratch rows of ``T`` as :func:`_obj1` does.
    """
    if p >= end or b[p] != 123:
        return -1
    first = T[T[H_OB] + 3 * oid]
    nf = T[T[H_OB] + 3 * oid + 1]
    i = p + 1
    cur = 0
    if i < end and b[i] == 125:
        return i + 1 if _rest_optional(T, first, nf, 0) else -1
    while True:
        j, i = _key(b, i, end, T, first, nf, cur)
        if j < 0:
            return -1
        tid = T[T[H_FL] + 5 * (first + j) + 2]
        if T[T[H_TY] + 2 * tid] == T_OBJ or T[T[H_TY] + 2 * tid] == T_UNION:
            return -1
        if T[T[H_TY] + 2 * tid] == T_LIST and T[T[H_TY] + 2 * (T[T[H_TY] + 2 * tid + 1])] == T_OBJ:
            return -1
        role = T[T[H_FL] + 5 * (first + j) + 4]
        i, v, s, n = _leaf(b, i, end, tid, T, role)
        if i < 0 or i >= end:
            return -1
        if role != R_NONE:
            T[SC0 + role] = v
            T[SC1 + role] = 1
            if role != R_SCORES and role != R_NA:  # their row 2 is the flag _leaf set
                T[SC2 + role] = s
                T[SC3 + role] = n
        cur = j + 1
        if b[i] == 44:
            i += 1
        elif b[i] == 125:
            return i + 1 if _rest_optional(T, first, nf, cur) else -1
        else:
            return -1


def _obj1(b: Arr, p: int, end: int, oid: int, started: bool, T: Arr) -> int:
    """A beneficiary or an event at ``b[p]`` (just after its tag when ``started``).

    Fields may hold leaves, an object of leaves, or a list of objects of leaves. The
    values of fields with a role go to the scratch rows of ``T`` (value, present, string
    start and length). Returns the next index or -1.
    """
    for r in range(NROLES):
        T[SC1 + r] = 0
    first = T[T[H_OB] + 3 * oid]
    nf = T[T[H_OB] + 3 * oid + 1]
    cur = 0
    if started:
        i = p
        if i >= end:
            return -1
        if b[i] == 125:
            return i + 1 if _rest_optional(T, first, nf, 0) else -1
        if b[i] != 44:
            return -1
        i += 1
    else:
        if p >= end or b[p] != 123:
            return -1
        i = p + 1
        if i < end and b[i] == 125:
            return i + 1 if _rest_optional(T, first, nf, 0) else -1
    while True:
        j, i = _key(b, i, end, T, first, nf, cur)
        if j < 0:
            return -1
        row = first + j
        tid = T[T[H_FL] + 5 * (row) + 2]
        code = T[T[H_TY] + 2 * tid]
        if code == T_OBJ:
            i = _obj2(b, i, end, T[T[H_TY] + 2 * tid + 1], T)
        elif code == T_LIST and T[T[H_TY] + 2 * (T[T[H_TY] + 2 * tid + 1])] == T_OBJ:
            if i >= end or b[i] != 91:
                return -1
            i += 1
            if i < end and b[i] == 93:
                i += 1
            else:
                while True:
                    i = _obj2(b, i, end, T[T[H_TY] + 2 * (T[T[H_TY] + 2 * tid + 1]) + 1], T)
                    if i < 0 or i >= end:
                        return -1
                    if b[i] == 44:
                        i += 1
                    elif b[i] == 93:
                        i += 1
                        break
                    else:
                        return -1
        elif code == T_UNION:
            return -1
        else:
            role = T[T[H_FL] + 5 * (row) + 4]
            i, v, s, n = _leaf(b, i, end, tid, T, role)
            if i >= 0 and role != R_NONE:
                T[SC0 + role] = v
                T[SC1 + role] = 1
                T[SC2 + role] = s
                T[SC3 + role] = n
        if i < 0 or i >= end:
            return -1
        cur = j + 1
        if b[i] == 44:
            i += 1
        elif b[i] == 125:
            return i + 1 if _rest_optional(T, first, nf, cur) else -1
        else:
            return -1


def _case(b: Arr, p: int, end: int, row: Arr, bens: Arr, nb0: int, provs: Arr, np0: int, spec: Arr, ns0: int,
          line: int, T: Arr) -> tuple[int, int, int]:
    """Check and fold one line ``b[p:end]`` into ``row``, the beneficiaries into ``bens``,
    the provider events into ``provs`` and the reviews and assessments into ``spec``.

    Returns the new fill levels (beneficiaries, providers, specials), or (-1, -1, -1)
    when the line is declined (then nothing it wrote counts).
    """
    fail = (-1, -1, -1)
    tl = T[K_TAG_LEN]
    if end - p < tl + 1 or not _same(b, p, T, T[K_TAG_OFF], tl):
        return fail
    oid = T[K_CASE_OID]
    first = T[T[H_OB] + 3 * oid]
    nf = T[T[H_OB] + 3 * oid + 1]
    i = p + tl
    if b[i] == 125:
        return fail  # no fields at all: the required ones are missing
    if b[i] != 44:
        return fail
    i += 1
    cur = 0
    nb = nb0
    npv = np0
    nsp = ns0
    as_of = T[K_AS_OF]
    form = -1
    fld = -1
    source = T[K_SOURCE_DEFAULT]
    role_given = False
    unit = -1
    code_form = -1
    acc = NONE_DAY
    ended = NONE_DAY
    outcome = -1
    req = 0
    req_day = 0
    groups = 0
    while True:
        j, i = _key(b, i, end, T, first, nf, cur)
        if j < 0:
            return fail
        frow = first + j
        tid = T[T[H_FL] + 5 * (frow) + 2]
        role = T[T[H_FL] + 5 * (frow) + 4]
        code = T[T[H_TY] + 2 * tid]
        if role == R_BENS:
            # a non-empty list of beneficiaries with unique ids
            if i >= end or b[i] != 91:
                return fail
            i += 1
            boid = T[T[H_TY] + 2 * (T[T[H_TY] + 2 * tid + 1]) + 1]
            while True:
                i = _obj1(b, i, end, boid, False, T)
                if i < 0 or i >= end or T[SC1 + R_ID] == 0:
                    return fail
                if T[SC1 + R_BYEAR] == 1:
                    year = T[SC0 + R_BYEAR]
                    if year < 1880 or year > 2200:
                        return fail
                    if T[SC1 + R_BDATE] == 1 and T[SC0 + R_BDATE] // 10000 != year:
                        return fail
                if nb >= bens.shape[0]:
                    return fail
                ids = T[SC2 + R_ID]
                idn = T[SC3 + R_ID]
                for k in range(nb0, nb):
                    if bens[k, 4] == idn and _same(b, ids, b, bens[k, 3], idn):
                        return fail
                bens[nb, 0] = line
                bens[nb, 1] = T[SC0 + R_SEX] if T[SC1 + R_SEX] == 1 else T[K_SEX_DEFAULT]
                g = T[SC0 + R_GROUPS] if T[SC1 + R_GROUPS] == 1 else 0
                bens[nb, 2] = g
                bens[nb, 3] = ids
                bens[nb, 4] = idn
                groups |= g
                nb += 1
                if b[i] == 44:
                    i += 1
                elif b[i] == 93:
                    i += 1
                    break
                else:
                    return fail
        elif role == R_EVENTS:
            if i >= end or b[i] != 91:
                return fail
            i += 1
            if i < end and b[i] == 93:
                i += 1
            else:
                idx = 0
                while True:
                    # {"type":"<kind>"
                    if i + 9 >= end or b[i] != 123 or b[i + 1] != 34 or b[i + 2] != 116 or b[i + 3] != 121 \
                            or b[i + 4] != 112 or b[i + 5] != 101 or b[i + 6] != 34 or b[i + 7] != 58:
                        return fail
                    start = i
                    q = _string_end(b, i + 8, end)
                    if q < 0:
                        return fail
                    tn = q - (i + 9)
                    u = _enum(b, i + 9, tn, T, T[K_UNION_EID])
                    if u < 0:
                        return fail
                    i = _obj1(b, q + 1, end, T[T[H_UN] + 4 * u + 2], True, T)
                    if i < 0 or i >= end or T[SC1 + R_ON] == 0:
                        return fail
                    kind = T[T[H_UN] + 4 * u + 3]
                    # constructor rules
                    if kind == E_ACCEPTED:
                        immediate = T[SC1 + R_IMMEDIATE] == 1 and T[SC0 + R_IMMEDIATE] == 1
                        if immediate != (T[SC1 + R_IMMREASON] == 1):
                            return fail
                    elif kind == E_ENDED:
                        if (T[SC0 + R_OUTCOME] == T[K_NOT_CONTINUED]) != (T[SC1 + R_GROUND] == 1):
                            return fail
                    elif kind == E_SUCCESS:
                        if T[SC0 + R_SUCCESSFUL] == 1 and T[SC1 + R_CRITERION] == 0:
                            return fail
                    elif kind == E_ADVICE:
                        days = T[SC0 + R_TOTALDAYS] if T[SC1 + R_TOTALDAYS] == 1 else 30
                        if days <= 10 or days > 30:
                            return fail
                    day = T[SC0 + R_ON]
                    if day <= as_of:
                        if kind == E_ACCEPTED:
                            if acc == NONE_DAY:
                                acc = day
                        elif kind == E_ENDED:
                            if acc == NONE_DAY or ended != NONE_DAY or day < acc:
                                return fail
                            ended = day
                            outcome = T[SC0 + R_OUTCOME]
                        elif kind == E_PROVIDER:
                            if ended == NONE_DAY:
                                if npv >= provs.shape[0]:
                                    return fail
                                provs[npv, 0] = line
                                provs[npv, 1] = day
                                provs[npv, 2] = T[SC0 + R_PKIND]
                                provs[npv, 3] = idx
                                npv += 1
                        elif kind == E_APPRAISAL or kind == E_EVALUATION or kind == E_SUCCESS:
                            if nsp >= spec.shape[0]:
                                return fail
                            spec[nsp, 0] = line
                            spec[nsp, 1] = kind
                            spec[nsp, 2] = day
                            spec[nsp, 3] = idx
                            spec[nsp, 4] = start
                            spec[nsp, 5] = i
                            if kind == E_SUCCESS:
                                spec[nsp, S_SUCCESSFUL] = T[SC0 + R_SUCCESSFUL]
                                spec[nsp, S_CRIT_START] = T[SC2 + R_CRITERION]
                                spec[nsp, S_CRIT_LEN] = T[SC3 + R_CRITERION] if T[SC1 + R_CRITERION] == 1 else -1
                            else:
                                scored = T[SC0 + R_SCORES] if T[SC1 + R_SCORES] == 1 else 0
                                spec[nsp, S_ODD] = ((T[SC2 + R_SCORES] if T[SC1 + R_SCORES] == 1 else 0)
                                                    | (2 * T[SC2 + R_NA] if T[SC1 + R_NA] == 1 else 0)
                                                    | (4 if T[SC1 + R_RUBRIC] == 1 else 0))
                                spec[nsp, S_SCORED] = scored
                                spec[nsp, S_NA] = T[SC0 + R_NA] if T[SC1 + R_NA] == 1 else 0
                                spec[nsp, S_ART6] = T[SC0 + R_ART6] if T[SC1 + R_ART6] == 1 else 0
                                spec[nsp, S_LEVEL] = T[SC0 + R_LEVEL]
                                for c in range(T[K_NCRIT]):
                                    spec[nsp, S_POINTS + c] = T[SC0 + NROLES + c] if (scored >> c) & 1 == 1 else 0
                            nsp += 1
                        elif kind == E_REFUSED:
                            req = 1
                            req_day = day
                        elif kind == E_TRANSFERRED:
                            req = 2
                            req_day = day
                    idx += 1
                    if b[i] == 44:
                        i += 1
                    elif b[i] == 93:
                        i += 1
                        break
                    else:
                        return fail
        elif code in (T_OBJ, T_UNION) or (code == T_LIST and T[T[H_TY] + 2 * T[T[H_TY] + 2 * tid + 1]] == T_OBJ):
            return fail  # the case has no other nested fields; a new one needs teaching here
        else:
            i, v, _s, _n = _leaf(b, i, end, tid, T, role)
            if i < 0:
                return fail
            if role == R_FORM:
                form = v
            elif role == R_FIELD:
                fld = v
            elif role == R_SOURCE:
                source = v
            elif role == R_ROLE:
                role_given = True
            elif role == R_UNIT:
                unit = v
            elif role == R_CODE:
                code_form = v
        if i >= end:
            return fail
        cur = j + 1
        if b[i] == 44:
            i += 1
        elif b[i] == 125:
            i += 1
            break
        else:
            return fail
    if i != end or not _rest_optional(T, first, nf, cur):
        return fail
    if nb == nb0 or form < 0 or fld < 0 or unit < 0 or code_form != form:
        return fail
    if role_given and form != T[K_LITIGATION]:
        return fail
    row[C_STATUS] = 1
    row[C_FORM] = form
    row[C_FIELD] = fld
    row[C_SOURCE] = source
    row[C_UNIT] = unit
    row[C_ACC] = acc
    row[C_END] = ended
    row[C_OUTCOME] = outcome
    row[C_REQ] = req
    row[C_REQDAY] = req_day
    row[C_GROUPS] = groups
    return nb, npv, nsp


def scan(b: Arr, starts: Arr, ends: Arr, rows: Arr, bens: Arr, provs: Arr, spec: Arr, T: Arr) -> tuple[int, int, int]:
    """Scan every line ``b[starts[k]:ends[k]]``; returns the fill levels of the outputs.

    ``T`` holds the constants, the scratch rows, the tables and their strings (see the
    H_ offsets and SC0). The kernel allocates nothing, so it is
    compiled without numba's reference counting (no atomic operations per call).
    """
    nb = 0
    npv = 0
    nsp = 0
    for k in range(starts.shape[0]):
        rows[k, C_STATUS] = 0
        r = _case(b, starts[k], ends[k], rows[k], bens, nb, provs, npv, spec, nsp, k, T)
        if r[0] >= 0:
            nb, npv, nsp = r
        else:
            rows[k, C_STATUS] = 0
    return nb, npv, nsp


def count_lines(b: Arr, n: int) -> int:
    """Lines in ``b[:n]``: its newlines, plus one for a last line without a newline."""
    c = 0
    for i in range(n):
        c += b[i] == 10
    if n > 0 and b[n - 1] != 10:
        c += 1
    return c


def line_bounds(b: Arr, n: int, starts: Arr, ends: Arr) -> None:
    """Fill ``starts``/``ends`` (sized by :func:`count_lines`) with each line's first
    byte and its newline (or ``n`` for a last line without one)."""
    c = 0
    start = 0
    for i in range(n):
        if b[i] == 10:
            starts[c] = start
            ends[c] = i
            c += 1
            start = i + 1
    if n > 0 and b[n - 1] != 10:
        starts[c] = start
        ends[c] = n
