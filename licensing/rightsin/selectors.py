"""Reads of rights in: a work's records, as its holder's page shows them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.utils.translation import gettext as _

from catalog.kernel.permissions import staff_or_acts_for
from catalog.models import Work
from catalog.vocabulary import RightType
from licensing.availability import check_availability, describe_conflicts
from licensing.models import ANY, HeldRight


def can_see_rights_in(user: object, work: Work) -> bool:
    """The work's holder side and staff: rights in name the holder's acquisitions."""
    return staff_or_acts_for(user, work.holder_id)


def rights_in_of(work: Work) -> QuerySet[HeldRight]:
    return (
        HeldRight.objects.filter(work=work)
        .select_related("holder")
        .annotate(cell_count=Count("cells"))
        .order_by("right_type", "period", "pk")
    )


@dataclass(frozen=True)
class HeldRow:
    held: HeldRight
    right: str
    territories: str
    languages: str
    start: dt.date | None
    end: dt.date | None  # last day included


def held_rows(work: Work) -> list[HeldRow]:
    """Each record spelt for the page: wildcards read as "all"."""
    rows = []
    for held in rights_in_of(work):
        right = _("All rights") if held.right_type == ANY else RightType(held.right_type).label
        territories = _("Everywhere") if held.territories == [ANY] else ", ".join(held.territories)
        if held.excluded_territories:
            territories += " " + _("except %(codes)s") % {
                "codes": ", ".join(held.excluded_territories)
            }
        languages = _("Every language") if held.languages == [ANY] else ", ".join(held.languages)
        upper = held.period.upper
        last = upper - dt.timedelta(days=1) if upper else None
        rows.append(HeldRow(held, str(right), territories, languages, held.period.lower, last))
    return rows


def rights_in_refusals(
    *,
    work: Work,
    right_types: list[str],
    territories: list[str],
    languages: list[str],
    start: dt.date,
    end: dt.date,
    exclusive: bool,
    excluded_territories: list[str] | None = None,
) -> list[str]:
    """What of an offer to sell (a listing) exceeds the rights held: one line per conflict,
    No Rights In or No Exclusive In, naming the cell. Grants are not asked: a listing may
    show rights already licensed non-exclusively, the search index marks those cells."""
    lines: list[str] = []
    for right_type in right_types:
        report = check_availability(
            work=work,
            right_type=right_type,
            territories=territories,
            excluded_territories=excluded_territories or [],
            languages=languages,
            start=start,
            end=end,
            exclusive=exclusive,
            against=["rights_in"],
        )
        lines += describe_conflicts(right_type=right_type, report=report)
    return lines
