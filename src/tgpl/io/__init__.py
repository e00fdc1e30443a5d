"""Data interchange (``tgpl.io``): the converter, JSON Lines, CSV exports and JSON Schemas.

* :mod:`tgpl.io.converter` — tgpl's own cattrs converter (:data:`CONVERTER`,
  :func:`make_converter`, :func:`structure`, :func:`unstructure`);
* :mod:`tgpl.io.jsonl` — schema-tagged JSON Lines (:func:`write_jsonl`,
  :func:`read_jsonl`, :func:`to_dict`, :func:`from_dict`);
* :mod:`tgpl.io.csv` — flat CSV of cases and of person-occasions;
* :mod:`tgpl.io.inputs` — which files an input list means (:func:`expand_inputs`:
  directories, ``-``, files given twice), shared by the command, the report builder and
  any other engine;
* :mod:`tgpl.io.schema` — JSON Schemas generated from the types
  (``python -m tgpl.io.schema docs/schema``; not imported here so that ``-m`` runs cleanly).

See ``docs/data-format.md``.
"""

from tgpl.io.converter import CONVERTER, make_converter, structure, unstructure
from tgpl.io.csv import (
    CASE_COLUMNS,
    PERSON_OCCASION_COLUMNS,
    write_cases_csv,
    write_person_occasions_csv,
)
from tgpl.io.inputs import InputFileError, InputFiles, expand_inputs
from tgpl.io.jsonl import RecordStream, from_dict, read_jsonl, to_dict, write_jsonl
from tgpl.io.records import RECORD_TYPES, Record, record_identity

__all__ = [
    "CASE_COLUMNS",
    "CONVERTER",
    "PERSON_OCCASION_COLUMNS",
    "RECORD_TYPES",
    "InputFileError",
    "InputFiles",
    "Record",
    "RecordStream",
    "expand_inputs",
    "from_dict",
    "make_converter",
    "read_jsonl",
    "record_identity",
    "structure",
    "to_dict",
    "unstructure",
    "write_cases_csv",
    "write_jsonl",
    "write_person_occasions_csv",
]
