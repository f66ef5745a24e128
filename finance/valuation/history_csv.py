"""External royalty history for a valuation report: a CSV read all or nothing.

Template (UTF-8, a header row; docs/valuation.md):

``work,period,currency,amount,source``

* ``work`` — the work's number as the request form lists it (``123`` or ``#123``); may be
  empty when the report values one work;
* ``period`` — ``2024`` (a year), ``2024-H1``, ``2024-Q3`` or ``2024-07`` (a month); the
  amount is dated at the period's first day, as platform statements are;
* ``currency`` — ISO 4217; converted to the report's currency at the rate recorded for the
  period's last day (``finance.fx``), the rate stored with the row;
* ``amount`` — the royalties earned in the period: a number ≥ 0 with at most the
  currency's minor digits;
* ``source`` — where the figure comes from (a collecting society, a publisher's
  statement…), 1–200 characters.

External rows are added to the platform statements of the same work and period (other
channels, or years before the work came to the platform). The same work, period and
source twice is refused as a duplicate. One bad row refuses the file: every error is
named by row, field, value and reason, and nothing is kept.
"""

from __future__ import annotations

import calendar
import csv
import datetime as dt
import io
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from catalog.kernel.money import round_money, validate_currency
from catalog.kernel.uploads import UploadKind, validate_upload
from finance.fx.selectors import fx_rate

COLUMNS = ("work", "period", "currency", "amount", "source")
MAX_ROWS = 20_000
_PERIOD = re.compile(r"(\d{4})(?:-(?:(H[12])|(Q[1-4])|(0[1-9]|1[0-2])))?")


@dataclass(frozen=True)
class RowError:
    row: int  # the file's line number (the header is row 1)
    field: str
    value: str
    reason: str

    def __str__(self) -> str:
        return _("Row %(row)s, %(field)s “%(value)s”: %(reason)s") % {
            "row": self.row,
            "field": self.field,
            "value": self.value,
            "reason": self.reason,
        }


def template_csv() -> bytes:
    return ("\ufeff" + ",".join(COLUMNS) + "\r\n").encode("utf-8")


def period_span(text: str) -> tuple[dt.date, dt.date] | None:
    """(first day, last day) of a period written as the template says, or None."""
    found = _PERIOD.fullmatch(text.strip().upper())
    if not found:
        return None
    year, half, quarter, month = found.groups()
    year = int(year)
    if half:
        first, months = 1 + 6 * (int(half[1]) - 1), 6
    elif quarter:
        first, months = 1 + 3 * (int(quarter[1]) - 1), 3
    elif month:
        first, months = int(month), 1
    else:
        first, months = 1, 12
    last_month = first + months - 1
    end = dt.date(year, last_month, calendar.monthrange(year, last_month)[1])
    return dt.date(year, first, 1), end


def _work_id(text: str, work_ids: set[int]) -> tuple[int | None, str]:
    text = text.strip().lstrip("#")
    if not text:
        if len(work_ids) == 1:
            return next(iter(work_ids)), ""
        return None, _("name the work: this report values several works")
    if not text.isdigit() or int(text) not in work_ids:
        return None, _("not one of the works of this report")
    return int(text), ""


def _amount(text: str, currency: str) -> tuple[Decimal | None, str]:
    try:
        amount = Decimal(text.strip())
    except InvalidOperation:
        return None, _("not a number")
    if not amount.is_finite() or amount < 0:
        return None, _("must be a number of zero or more")
    if currency and round_money(amount, currency) != amount:
        return None, _("more decimals than %(currency)s has") % {"currency": currency}
    return amount, ""


def _row(number: int, cells: dict, work_ids: set[int], target: str) -> tuple[dict, list]:
    errors: list[RowError] = []

    def refuse(field: str, reason: str) -> None:
        errors.append(RowError(number, field, str(cells.get(field) or "")[:80], reason))

    work_id, reason = _work_id(cells.get("work") or "", work_ids)
    if reason:
        refuse("work", reason)
    span = period_span(cells.get("period") or "")
    if span is None:
        refuse("period", _("write 2024, 2024-H1, 2024-Q3 or 2024-07"))
    currency = ""
    try:
        currency = validate_currency((cells.get("currency") or "").strip())
    except ValidationError:
        refuse("currency", _("not an ISO 4217 currency code"))
    amount, reason = _amount(cells.get("amount") or "", currency)
    if reason:
        refuse("amount", reason)
    source = (cells.get("source") or "").strip()
    if not 1 <= len(source) <= 200:
        refuse("source", _("say where the figure comes from (1–200 characters)"))
    rate = None
    if span and currency and amount is not None:
        try:
            rate = fx_rate(base=currency, quote=target, on=span[1])
        except ValidationError:
            refuse(
                "currency",
                _("no %(base)s/%(quote)s exchange rate on or before %(day)s")
                % {"base": currency, "quote": target, "day": span[1].isoformat()},
            )
    if errors or rate is None:
        return {}, errors
    return {
        "row": number,
        "work_id": work_id,
        "period": (cells.get("period") or "").strip().upper(),
        "start": span[0].isoformat(),
        "currency": currency,
        "amount": str(amount),
        "source": source,
        "rate": str(rate.rate),
        "rate_as_of": rate.as_of.isoformat(),
        "converted": str(round_money(amount * rate.rate, target)),
    }, errors


def read_history(*, file: object, work_ids: set[int], currency: str) -> list[dict]:
    """The rows of an uploaded history CSV, or a ValidationError on ``history_file`` listing
    every bad row (row, field, value, reason) — nothing is kept from a refused file."""
    validate_upload(kind=UploadKind.ROYALTY_HISTORY_CSV, file=file, field="history_file")
    raw = file.read()
    file.seek(0)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError({"history_file": _("The file is not UTF-8 text.")}) from exc
    reader = csv.DictReader(io.StringIO(text))
    header = [(name or "").strip().lower() for name in reader.fieldnames or []]
    missing = [c for c in COLUMNS if c not in header]
    if missing:
        raise ValidationError(
            {
                "history_file": _("The header lacks the columns: %(columns)s.")
                % {"columns": ", ".join(missing)}
            }
        )
    reader.fieldnames = header
    rows, errors, seen = [], [], {}
    for index, cells in enumerate(reader, start=2):
        if index - 1 > MAX_ROWS:
            raise ValidationError(
                {"history_file": _("More than %(limit)s rows.") % {"limit": MAX_ROWS}}
            )
        if not any((value or "").strip() for value in cells.values() if isinstance(value, str)):
            continue  # a blank line
        row, row_errors = _row(index, cells, work_ids, currency)
        errors.extend(row_errors)
        if row:
            key = (row["work_id"], row["start"], row["period"], row["source"].casefold())
            if key in seen:
                errors.append(
                    RowError(
                        index,
                        "period",
                        row["period"],
                        _("the same work, period and source as row %(row)s") % {"row": seen[key]},
                    )
                )
            seen.setdefault(key, index)
            rows.append(row)
    if errors:
        raise ValidationError({"history_file": [str(e) for e in errors[:200]]})
    if not rows:
        raise ValidationError({"history_file": _("The file has no rows.")})
    return rows
