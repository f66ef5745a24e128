"""CSV and XLSX of a pool's per-period waterfall (base case), with the actual collections."""

from __future__ import annotations

import io
import math

from django.utils.translation import gettext as _
from openpyxl import Workbook

from catalog.kernel.csvsafe import SafeCsvWriter, xlsx_row
from finance.valuation.poolreport import PoolReport

COLUMNS = (
    "period",
    "start",
    "collections",
    "actual",
    "guarantee",
    "fees",
    "senior_interest",
    "mezz_interest",
    "reserve_change",
    "senior_principal",
    "mezz_principal",
    "equity",
    "senior_balance",
    "mezz_balance",
    "reserve_balance",
    "dscr",
    "oc_senior",
    "oc_notes",
)


def _value(row: dict, key: str):
    value = row.get(key)
    if key == "start":
        return value.isoformat()
    if isinstance(value, float):
        return round(value, 6) if math.isfinite(value) else ""
    return "" if value is None else value


def waterfall_csv(report: PoolReport) -> str:
    buffer = io.StringIO()
    writer = SafeCsvWriter(buffer)
    writer.writerow(COLUMNS)
    for row in report.periods:
        writer.writerow([_value(row, key) for key in COLUMNS])
    return buffer.getvalue()


def waterfall_xlsx(report: PoolReport) -> bytes:
    book = Workbook()
    sheet = book.active
    sheet.title = _("Waterfall")[:31]
    sheet.append(list(COLUMNS))
    for row in report.periods:
        sheet.append(xlsx_row(sheet, [_value(row, key) for key in COLUMNS]))
    tranches = book.create_sheet(_("Tranches")[:31])
    tranches.append(["tranche", "size", "coupon", "wal_base", "wal_stress", "expected_loss_stress"])
    for t in report.tranches:
        keys = ("name", "size", "coupon", "wal_base", "wal_stress", "el_stress")
        tranches.append(xlsx_row(tranches, [_value(t, k) for k in keys]))
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()
