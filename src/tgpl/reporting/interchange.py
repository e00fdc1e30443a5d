"""Tables for analysts and BI tools (trao đổi dữ liệu): long records, Arrow, DataFrames.

:meth:`Tally.to_records <tgpl.reporting.tally.Tally.to_records>` and
:meth:`Report.to_records <tgpl.reporting.report.Report.to_records>` give plain Python
rows; the ``to_arrow`` and ``to_frame`` methods turn those rows into a ``pyarrow.Table``, a
pandas or a polars ``DataFrame``. None of these libraries is a dependency of tgpl: each is
imported only when its method is called, and a missing one is a one-line
:class:`ModuleNotFoundError` naming what to install (``pip install 'tgpl[arrow]'`` for
pyarrow). This module holds the shared column layouts and the optional imports.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping, Sequence
from typing import Any, Final, Literal

__all__ = [
    "REPORT_COLUMNS",
    "FrameLibrary",
    "arrow_table",
    "frame",
    "optional_import",
]

#: The columns of :meth:`Report.to_records` in order, with their Arrow type names.
REPORT_COLUMNS: Final[Mapping[str, str]] = {
    "window": "string",
    "code": "string",
    "label_vi": "string",
    "label_en": "string",
    "unit": "string",
    "value": "float64",
    "suppressed": "string",
    "source": "string",
    "basis": "string",
}

FrameLibrary = Literal["pandas", "polars"]

_INSTALL: Final = {
    "pyarrow": "pip install 'tgpl[arrow]'",
    "pandas": "pip install pandas",
    "polars": "pip install polars",
}


def optional_import(name: str) -> Any:
    """Import the optional library ``name`` or raise a one-line error saying how to install it."""
    try:
        return importlib.import_module(name)
    except ModuleNotFoundError as exc:
        if exc.name != name:
            raise
        hint = _INSTALL.get(name, f"pip install {name}")
        raise ModuleNotFoundError(f"{name} is not installed; install it with: {hint}", name=name) from None


def arrow_table(rows: Sequence[Mapping[str, Any]], columns: Mapping[str, str]) -> Any:
    """A ``pyarrow.Table`` of ``rows`` with exactly ``columns`` (name → Arrow type name).

    Missing keys are nulls, so rows of tally tables with different dimensions share one table.
    """
    pa = optional_import("pyarrow")
    schema = pa.schema([pa.field(name, getattr(pa, kind)()) for name, kind in columns.items()])
    return pa.Table.from_pylist([dict(r) for r in rows], schema=schema)


def frame(rows: Sequence[Mapping[str, Any]], columns: Mapping[str, str], library: FrameLibrary) -> Any:
    """A pandas or polars ``DataFrame`` of ``rows`` with exactly ``columns``, in order."""
    if library == "pandas":
        pd = optional_import("pandas")
        df = pd.DataFrame.from_records([dict(r) for r in rows], columns=list(columns))
        for name, kind in columns.items():
            df[name] = df[name].astype("float64" if kind == "float64" else "int64" if kind == "int64" else "object")
        return df
    if library == "polars":
        pl = optional_import("polars")
        types = {"string": pl.String, "float64": pl.Float64, "int64": pl.Int64}
        return pl.DataFrame([dict(r) for r in rows], schema={n: types[k] for n, k in columns.items()})
    raise ValueError(f"library must be 'pandas' or 'polars', got {library!r}")
