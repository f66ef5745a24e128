"""Streaming readers for usage files: CSV, XLSX (openpyxl read-only) and DDEX DSR flat files
(the DSR reader lives in licensing/royalties/dsr).

Each reader yields ``(row_no, values)`` one row at a time, with the
licensee's column mapping applied, so a file of any size is read in
bounded memory. ``values`` is a tuple of text in the order of ``FIELDS``
("" where the file has no such column): a tuple, not a dict, because a
million-row file spends its time in exactly this loop.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from operator import itemgetter

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from catalog.kernel.uploads import sheet_too_large
from licensing.royalties.dsr.usage import read_dsr

FIELDS = (
    "isbn",
    "isrc",
    "iswc",
    "identifier",
    "title",
    "creator",
    "territory",
    "channel",
    "format",
    "units",
    "list_price",
    "net_receipts",
    "currency",
    "period",
    "gross",  # optional: checked against list price × units (sanity.py)
    "line_id",  # optional: the licensee's own id of the line, part of its fingerprint
)

# The columns saying how a work was used, named alike in the template, in FIELDS and in the
# files that the demo data, the benchmarks and the tests write.
USAGE_COLUMNS = (
    "territory",
    "channel",
    "format",
    "units",
    "list_price",
    "net_receipts",
    "currency",
    "period",
)

# Column headers of a file in the platform's template (compared case-insensitively).
DEFAULT_MAPPING = {
    "isbn": "isbn",
    "isrc": "isrc",
    "iswc": "iswc",
    "identifier": "identifier",
    "title": "title",
    "creator": "author",
    **{column: column for column in USAGE_COLUMNS},
    "gross": "gross",
    "line_id": "line_id",
}

Row = tuple[int, tuple[str, ...]]


def as_row(values: dict[str, str]) -> tuple[str, ...]:
    return tuple(values.get(field, "") for field in FIELDS)


def _index(header: list[str], mapping: dict[str, str]) -> list[tuple[str, int]]:
    positions = {str(h or "").strip().lower(): i for i, h in enumerate(header)}
    found = [
        (field, positions[column.strip().lower()])
        for field, column in mapping.items()
        if field in FIELDS and column and column.strip().lower() in positions
    ]
    names = {f for f, _ in found}
    if "units" not in names or "territory" not in names:
        raise ValidationError(
            {"file": _("the header has no units or territory column for this mapping")}
        )
    if not names & {"isbn", "isrc", "iswc", "identifier", "title"}:
        raise ValidationError({"file": _("the header has no identifier or title column")})
    return found


def read_csv(path: str, mapping: dict[str, str]) -> Iterator[Row]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, None)
        if header is None:
            raise ValidationError({"file": _("the file is empty")})
        positions = dict(_index(header, mapping))
        width = len(header)
        # Fields the file lacks read the empty cell appended at ``width``.
        pick = itemgetter(*(positions.get(field, width) for field in FIELDS))
        for row_no, row in enumerate(reader, start=2):
            if not row:
                continue
            if len(row) < width:
                row += [""] * (width - len(row))
            row.append("")
            yield row_no, pick(row)


def read_xlsx(path: str, mapping: dict[str, str]) -> Iterator[Row]:
    from openpyxl import load_workbook  # only the workers that read XLSX pay for it

    max_rows, max_columns = settings.UPLOAD_XLSX_MAX_ROWS, settings.UPLOAD_XLSX_MAX_COLUMNS
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        # The upload check trusted the sheet's declared <dimension>; here the rows and
        # columns really present are counted, and openpyxl must not stop reading at a
        # declared size that is too small.
        sheet.reset_dimensions()
        rows = sheet.iter_rows(values_only=True)
        header = next(rows, None)
        if header is None:
            raise ValidationError({"file": _("the workbook is empty")})
        if len(header) > max_columns:
            raise ValidationError({"file": sheet_too_large().messages})
        columns = _index(list(header), mapping)
        for row_no, row in enumerate(rows, start=2):
            if row_no > max_rows or (row is not None and len(row) > max_columns):
                raise ValidationError({"file": sheet_too_large().messages})
            if row is None or all(v is None for v in row):
                continue
            values = {}
            for field, i in columns:
                value = row[i] if i < len(row) else None
                values[field] = "" if value is None else _cell_text(value)
            yield row_no, as_row(values)
    finally:
        workbook.close()


def _cell_text(value) -> str:
    # Spreadsheet numbers arrive as float; repr() keeps every digit the cell had
    # (0.1 stays "0.1"), and the value is parsed as Decimal from that text.
    if isinstance(value, float):
        return repr(value) if not value.is_integer() else str(int(value))
    return str(value)


# DDEX DSR flat files as the standard defines them (profiles, escaping, multi-file, gzip,
# summaries reconciled): licensing/royalties/dsr. Their column mapping is the standard's.
READERS = {"csv": read_csv, "xlsx": read_xlsx, "dsr": read_dsr}
