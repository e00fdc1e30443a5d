"""Personal data kept in (bảo vệ dữ liệu cá nhân), docs/architecture.md principle 11.

* :mod:`tgpl.privacy.anonymize` — keyed pseudonymisation (bí danh hóa) of cases:
  beneficiary and staff ids replaced by HMAC pseudonyms, sensitive fields dropped, birth
  dates coarsened to the year, free text that may hold personal data blanked;
* :mod:`tgpl.privacy.suppression` — small-cell suppression (ẩn ô số liệu nhỏ) with
  complementary suppression for published tables.

Atomic file writing lives in :mod:`tgpl.fsutil`.
"""

from tgpl.privacy.anonymize import (
    FREE_TEXT_FIELDS,
    STAFF_ID_FIELDS,
    AnonymizeSummary,
    Pseudonymiser,
    anonymize_beneficiary,
    anonymize_case,
    anonymize_file,
    anonymize_record,
    anonymize_records,
    new_key,
)
from tgpl.privacy.suppression import (
    Position,
    SuppressedMapping,
    SuppressedTable,
    suppress,
    suppress_mapping,
)

__all__ = [
    "FREE_TEXT_FIELDS",
    "STAFF_ID_FIELDS",
    "AnonymizeSummary",
    "Position",
    "Pseudonymiser",
    "SuppressedMapping",
    "SuppressedTable",
    "anonymize_beneficiary",
    "anonymize_case",
    "anonymize_file",
    "anonymize_record",
    "anonymize_records",
    "new_key",
    "suppress",
    "suppress_mapping",
]
