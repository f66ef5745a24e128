"""Reads of the catalog."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet

from catalog.models import Party, Work
from catalog.vocabulary import ALL_RIGHTS, ZONE_WORK_TYPES, Zone


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


def party_holds(*, work: Work, party: Party | None, right: str | None = None) -> bool:
    """Does ``party`` hold ``work``: its registered holder, or an owner of a share of all
    its rights (or of ``right``, when a single right is asked about)?"""
    if party is None:
        return False
    if work.holder_id == party.pk:
        return True
    shares = work.shares.filter(party=party)
    if right is not None:
        shares = shares.filter(Q(right=ALL_RIGHTS) | Q(right=right))
    return shares.exists()
