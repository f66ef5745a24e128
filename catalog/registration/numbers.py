"""Registration numbers and working-day deadlines.

Number format (stable, documented in docs/registration.md):

    {PREFIX}-{YYYY}-{T}-{NNNNNNNN}      e.g. CRX-2026-A-00000042

PREFIX is settings.REGISTRATION_NUMBER_PREFIX; YYYY the year of
registration (Asia/Shanghai); T the class letter of the work type, after the
Chinese registration practice (A literary, C music, F fine art / comics /
crafts, G photography, I audiovisual, L other); NNNNNNNN one sequence per
year across all classes, without gaps (``catalog.kernel.numbering``: the counter
row is bumped in the registering transaction, so a rollback returns the number).
"""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

import holidays
from django.conf import settings

from catalog.vocabulary import WorkType

CLASS_LETTERS = {
    WorkType.LITERARY: "A",
    WorkType.MUSIC: "C",
    WorkType.COMIC: "F",
    WorkType.FINE_ART: "F",
    WorkType.CRAFT: "F",
    WorkType.PHOTOGRAPHY: "G",
    WorkType.AUDIOVISUAL: "I",
    WorkType.OTHER: "L",
}

STANDARD_SLA_DAYS = 25
FAST_TRACK_SLA_DAYS = 5


def format_number(*, year: int, work_type: str, value: int) -> str:
    prefix = getattr(settings, "REGISTRATION_NUMBER_PREFIX", "CRX")
    return f"{prefix}-{year}-{CLASS_LETTERS.get(work_type, 'L')}-{value:08d}"


@lru_cache(maxsize=8)
def _calendar(years: tuple[int, ...]) -> holidays.HolidayBase:
    # The registration office works to the mainland calendar, including the
    # weekend make-up working days around Spring Festival and National Day.
    return holidays.country_holidays("CN", years=years)


def add_working_days(start: dt.date, days: int) -> dt.date:
    """The date ``days`` working days after ``start`` (start itself not counted)."""
    calendar = _calendar((start.year, start.year + 1))
    current, remaining = start, days
    while remaining:
        current += dt.timedelta(days=1)
        if calendar.is_working_day(current):
            remaining -= 1
    return current


def sla_due_on(submitted: dt.date, *, fast_track: bool) -> dt.date:
    return add_working_days(submitted, FAST_TRACK_SLA_DAYS if fast_track else STANDARD_SLA_DAYS)
