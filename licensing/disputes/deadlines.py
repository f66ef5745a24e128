"""Case deadlines: whole days counted in the mediation centre's time zone, ending at midnight.

A party in Yangon and one in Los Angeles see the same instant in their own
clocks; the day count is the centre's, so "30 days" means the same thing for
every case whatever time of day (or zone) it was accepted in.
"""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _


def aware_now(at: dt.datetime | None) -> dt.datetime:
    """``at`` (a backdated act, as the demo records them), which must be aware, or now."""
    if at is not None and timezone.is_naive(at):
        raise ValidationError({"at": _("an aware datetime is required")})
    return at or timezone.now()


def centre_zone() -> ZoneInfo:
    return ZoneInfo(getattr(settings, "DISPUTES_CENTRE_TIME_ZONE", "Asia/Shanghai"))


def deadline_days() -> int:
    return int(getattr(settings, "DISPUTES_DEADLINE_DAYS", 30))


def extension_days() -> int:
    return int(getattr(settings, "DISPUTES_EXTENSION_DAYS", 15))


def end_of_day_after(start: dt.datetime, days: int) -> dt.datetime:
    """The last instant of the centre-local day ``days`` after ``start``'s centre-local date."""
    if start.tzinfo is None:
        raise ValidationError({"at": _("deadlines are computed from aware datetimes only")})
    zone = centre_zone()
    day = start.astimezone(zone).date() + dt.timedelta(days=days)
    return dt.datetime.combine(day, dt.time.max, tzinfo=zone)


def centre_date(value: dt.datetime) -> dt.date:
    return value.astimezone(centre_zone()).date()


def validate_time_zone(name: str, *, field: str = "time_zone") -> str:
    try:
        ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise ValidationError(
            {field: _("“%(name)s” is not an IANA time zone") % {"name": name}}
        ) from exc
    return name
