"""Reporting periods written as text: 2026-Q3, 2026-07, 2026-H2, 2026."""

from __future__ import annotations

import calendar
import datetime as dt
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_PATTERN = re.compile(r"^(\d{4})(?:-(Q[1-4]|H[12]|0[1-9]|1[0-2]))?$")


def period_bounds(period: str) -> tuple[dt.date, dt.date]:
    """First and last day of ``period``; a field error for anything else."""
    match = _PATTERN.match((period or "").strip().upper())
    if not match:
        raise ValidationError(
            {
                "period": _("“%(period)s” is not a period (2026-Q3, 2026-07, 2026-H2 or 2026)")
                % {"period": period}
            }
        )
    year, part = int(match.group(1)), match.group(2)
    if part is None:
        first, last = 1, 12
    elif part[0] == "Q":
        first = (int(part[1]) - 1) * 3 + 1
        last = first + 2
    elif part[0] == "H":
        first = 1 if part == "H1" else 7
        last = first + 5
    else:
        first = last = int(part)
    return dt.date(year, first, 1), dt.date(year, last, calendar.monthrange(year, last)[1])


def shift_period(period: str, by: int) -> str:
    """The period ``by`` periods of the same length after ``period`` (2029-H2, 1 → 2030-H1)."""
    start, end = period_bounds(period)
    months = (end.year - start.year) * 12 + end.month - start.month + 1
    year, month = divmod(start.year * 12 + start.month - 1 + by * months, 12)
    month += 1
    if months == 12:
        return f"{year}"
    if months == 1:
        return f"{year}-{month:02d}"
    letter = "Q" if months == 3 else "H"
    return f"{year}-{letter}{(month - 1) // months + 1}"


def normalise_period(period: str) -> str:
    period_bounds(period)
    return period.strip().upper()
