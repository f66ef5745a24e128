"""Reads of the catalog."""

from __future__ import annotations

from django.db.models import Count, QuerySet

from catalog.models import Work
from catalog.vocabulary import ZONE_WORK_TYPES, Zone


def zone_counts() -> list[dict[str, object]]:
    by_type = dict(Work.objects.values_list("work_type").annotate(n=Count("id")))
    return [
        {
            "zone": zone,
            "label": zone.label,
            "count": sum(by_type.get(t, 0) for t in ZONE_WORK_TYPES[zone]),
        }
        for zone in Zone
    ]


def featured_works(*, limit: int = 8) -> QuerySet[Work]:
    return Work.objects.select_related("holder").order_by("-published_on", "-id")[:limit]
