"""Rights availability: the requested window minus conflicting grants.

One query finds every grant cell that conflicts with a request; the answer
lists each conflict (grant, country, language, window). A request for an
exclusive right conflicts with any grant; a non-exclusive request only with
exclusive grants — the same rule the database enforces on GrantCell.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.backends.postgresql.psycopg_any import DateRange

from catalog.models import Work
from catalog.services import validate_language
from catalog.territories import expand
from catalog.vocabulary import RightType
from licensing.models import GrantCell


@dataclass(frozen=True)
class Conflict:
    grant_id: int
    source_ref: str
    territory: str
    language: str
    start: dt.date
    end: dt.date  # exclusive upper bound
    exclusive: bool


@dataclass
class Availability:
    available: bool
    conflicts: list[Conflict] = field(default_factory=list)

    @property
    def blocked_cells(self) -> set[tuple[str, str]]:
        return {(c.territory, c.language) for c in self.conflicts}

    def as_dict(self) -> dict:
        return {
            "available": self.available,
            "conflicts": [
                {
                    "grant": c.grant_id,
                    "source": c.source_ref,
                    "territory": c.territory,
                    "language": c.language,
                    "from": c.start.isoformat(),
                    "to": (c.end - dt.timedelta(days=1)).isoformat(),
                    "exclusive": c.exclusive,
                }
                for c in self.conflicts
            ],
        }


def validate_window(start: dt.date, end: dt.date) -> DateRange:
    """``end`` is the last day included; stored as the half-open [start, end + 1)."""
    if end < start:
        raise ValidationError({"end": f"end {end} is before start {start}"})
    return DateRange(start, end + dt.timedelta(days=1), "[)")


def validate_right(right_type: str) -> str:
    if right_type not in RightType.values:
        raise ValidationError(
            {"right_type": f"“{right_type}” is not a right type ({', '.join(RightType.values)})"}
        )
    return right_type


def check_availability(
    *,
    work: Work,
    right_type: str,
    territories: Iterable[str],
    languages: Iterable[str],
    start: dt.date,
    end: dt.date,
    exclusive: bool,
    excluded_territories: Iterable[str] = (),
) -> Availability:
    window = validate_window(start, end)
    validate_right(right_type)
    countries = expand(territories, excluded_territories)
    langs = {validate_language(code, field="languages") for code in languages}
    if not countries or not langs:
        raise ValidationError({"territories": "name at least one territory and one language"})
    cells = GrantCell.objects.filter(
        work=work,
        right_type=right_type,
        territory__in=countries,
        language__in=langs,
        period__overlap=window,
    )
    if not exclusive:
        cells = cells.filter(exclusive=True)
    conflicts = [
        Conflict(
            c.grant_id,
            c.grant.source_ref,
            c.territory,
            c.language,
            c.period.lower,
            c.period.upper,
            c.exclusive,
        )
        for c in cells.select_related("grant").order_by("territory", "language", "period")
    ]
    return Availability(available=not conflicts, conflicts=conflicts)


Cell = tuple[str, str, str]  # (right type, country, language)


def exclusive_cells(work_ids: Iterable[int], *, on: dt.date) -> dict[int, set[Cell]]:
    """{work_id: {(right, country, language)}} exclusively granted on ``on`` (search index)."""
    result: dict[int, set[Cell]] = {}
    rows = GrantCell.objects.filter(
        work_id__in=list(work_ids), exclusive=True, period__contains=on
    ).values_list("work_id", "right_type", "territory", "language")
    for work_id, right, territory, language in rows:
        result.setdefault(work_id, set()).add((right, territory, language))
    return result
