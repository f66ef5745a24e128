"""Statement periods as the royalty engine writes them (2026-Q3, 2026-07, 2026-H2, 2026),
moved forward by whole periods of the same length: a holding starts the period after the
last one closed and lasts N of them."""

from __future__ import annotations

import calendar
import datetime as dt
import re

_PATTERN = re.compile(r"^(\d{4})(?:-(Q[1-4]|H[12]|0[1-9]|1[0-2]))?$")
# months per period for each spelling: (letter, months)
_KINDS = {"Q": 3, "H": 6}


def _parse(period: str) -> tuple[int, int, int]:
    """(year, first month, months per period)."""
    match = _PATTERN.match(period)
    if not match:
        raise ValueError(f"not a period: {period!r}")
    year, part = int(match.group(1)), match.group(2)
    if part is None:
        return year, 1, 12
    if part[0] in _KINDS:
        months = _KINDS[part[0]]
        return year, (int(part[1]) - 1) * months + 1, months
    return year, int(part), 1


def _label(year: int, month: int, months: int) -> str:
    if months == 12:
        return f"{year}"
    if months == 1:
        return f"{year}-{month:02d}"
    letter = "Q" if months == 3 else "H"
    return f"{year}-{letter}{(month - 1) // months + 1}"


def shift_period(period: str, by: int) -> str:
    """The period ``by`` periods of the same length after ``period``."""
    year, month, months = _parse(period)
    index = year * 12 + (month - 1) + by * months
    return _label(index // 12, index % 12 + 1, months)


def period_days(period: str) -> tuple[dt.date, dt.date]:
    year, month, months = _parse(period)
    last_month_index = year * 12 + month - 1 + months - 1
    last_year, last_month = last_month_index // 12, last_month_index % 12 + 1
    last_day = calendar.monthrange(last_year, last_month)[1]
    return dt.date(year, month, 1), dt.date(last_year, last_month, last_day)
