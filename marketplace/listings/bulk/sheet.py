"""Pasted lines, CSV and XLSX read into raw rows of named cells — nothing is judged here
except the shape (how many fields, which header).

Pasted text: one line per listing, fields separated by ";" (or by tabs, as a spreadsheet
copies them)::

    work; rights; territories; languages; exclusivity; period
    translation; World ex US, CA; L ex en; exclusive; 2027-01-01..2031-12-31

A line of five fields has no work column: it is applied to each work selected on the
page. A first line starting with "work" is a header and may name optional columns.
CSV and XLSX need a header row (the column names below, any case).
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext
from openpyxl import load_workbook

from catalog.kernel.uploads import UploadKind, sheet_too_large, validate_upload

COLUMNS = ("work", "rights", "territories", "languages", "exclusivity", "period")
OPTIONAL = ("currency", "advance", "royalty_rate", "flat_fee", "minimum_guarantee", "headline")
_HEADER_ALIASES = {
    "isbn": "work",
    "id": "work",
    "title": "work",
    "right": "rights",
    "category": "rights",
    "territory": "territories",
    "language": "languages",
    "exclusive": "exclusivity",
    "term": "period",
    "dates": "period",
    "royalty": "royalty_rate",
}
# A preview shows every cell: past this many lines it would not be read by anyone.
MAX_LINES = 2000


@dataclass(frozen=True)
class BulkError:
    line: int  # 1-based line of the paste or row of the sheet (its header is row 1)
    column: str  # a column name, or "" for the whole line
    token: str
    reason: str


@dataclass(frozen=True)
class RawRow:
    line: int
    cells: dict[str, str]


def _header(cells: list[str], line: int) -> tuple[list[str], list[BulkError]]:
    names, errors = [], []
    for cell in cells:
        key = cell.strip().casefold().replace(" ", "_").replace("-", "_")
        key = _HEADER_ALIASES.get(key, key)
        if key and key not in COLUMNS + OPTIONAL:
            errors.append(
                BulkError(
                    line,
                    "",
                    cell.strip(),
                    gettext("“%(token)s” is not a column (%(columns)s)")
                    % {"token": cell.strip(), "columns": ", ".join(COLUMNS + OPTIONAL)},
                )
            )
        names.append(key)
    missing = [name for name in COLUMNS if name not in names]
    if missing:
        errors.append(
            BulkError(
                line,
                "",
                ", ".join(missing),
                gettext("the header lacks the columns “%(token)s”") % {"token": ", ".join(missing)},
            )
        )
    return names, errors


def _rows(
    table: list[tuple[int, list[str]]], *, header_required: bool, works: list[str]
) -> tuple[list[RawRow], list[BulkError]]:
    rows: list[RawRow] = []
    errors: list[BulkError] = []
    table = [(n, cells) for n, cells in table if any(c.strip() for c in cells)]
    # "# note" is a comment; "#12" is a work's platform id.
    table = [(n, cells) for n, cells in table if not re.match(r"\s*#(?!\d)", cells[0])]
    names: list[str] | None = None
    if table and table[0][1][0].strip().casefold() in {"work", "isbn", "title", "id"}:
        names, errors = _header(table[0][1], table[0][0])
        table = table[1:]
        if errors:
            return [], errors
    elif header_required:
        return [], [BulkError(1, "", "", gettext("the first row must name the columns"))]
    if len(table) > MAX_LINES:
        return [], [
            BulkError(
                table[MAX_LINES][0],
                "",
                "",
                gettext("more than %(limit)s lines: split the sheet") % {"limit": MAX_LINES},
            )
        ]
    for line, cells in table:
        if names is not None:
            rows.append(RawRow(line, dict(zip(names, (c.strip() for c in cells), strict=False))))
        elif len(cells) == len(COLUMNS):
            rows.append(RawRow(line, dict(zip(COLUMNS, (c.strip() for c in cells), strict=True))))
        elif len(cells) == len(COLUMNS) - 1 and works:
            for work in works:
                values = [work, *(c.strip() for c in cells)]
                rows.append(RawRow(line, dict(zip(COLUMNS, values, strict=True))))
        else:
            text = ";".join(cells).strip()
            errors.append(
                BulkError(
                    line,
                    "",
                    text,
                    gettext(
                        "“%(token)s” has %(count)s fields; a line has 6 (work; rights; "
                        "territories; languages; exclusivity; period), or 5 when works are "
                        "selected"
                    )
                    % {"token": text, "count": len(cells)},
                )
            )
    return rows, errors


def read_text(text: str, *, works: list[str]) -> tuple[list[RawRow], list[BulkError]]:
    """Pasted lines; ``works`` are the keys of the works selected for five-field lines."""
    table = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        table.append((number, line.split("\t") if "\t" in line else line.split(";")))
    return _rows(table, header_required=False, works=works)


def read_upload(upload: object, *, works: list[str]) -> tuple[list[RawRow], list[BulkError]]:
    """A CSV or XLSX rights sheet, checked by the kernel's upload rules first."""
    name = getattr(upload, "name", "") or ""
    is_xlsx = name.lower().endswith(".xlsx")
    kind = UploadKind.CATALOGUE_XLSX if is_xlsx else UploadKind.CATALOGUE_CSV
    try:
        validate_upload(kind=kind, file=upload)
        table = _xlsx_table(upload) if is_xlsx else _csv_table(upload)
    except ValidationError as exc:
        return [], [BulkError(0, "", name, message) for message in exc.messages]
    return _rows(table, header_required=True, works=works)


def _csv_table(upload: object) -> list[tuple[int, list[str]]]:
    raw = upload.read()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise ValidationError(gettext("the CSV file is not UTF-8 text")) from None
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.reader(io.StringIO(text), dialect)
    return [(reader.line_num, row) for row in reader if row]


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # an ISBN typed into a number cell
    if hasattr(value, "date") and callable(value.date):
        return value.date().isoformat()
    return str(value)


def _xlsx_table(upload: object) -> list[tuple[int, list[str]]]:
    book = load_workbook(upload, read_only=True, data_only=True)
    try:
        sheet = book.worksheets[0]
        table = []
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            if number > settings.UPLOAD_XLSX_MAX_ROWS or len(row) > (
                settings.UPLOAD_XLSX_MAX_COLUMNS
            ):
                raise sheet_too_large()
            table.append((number, [_cell_text(value) for value in row]))
        return table
    finally:
        book.close()
