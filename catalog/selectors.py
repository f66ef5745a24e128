"""Reads of the catalog."""

from __future__ import annotations

from django.db.models import Count, Min, Q, QuerySet

from catalog.models import Party, Work
from catalog.vocabulary import ALL_RIGHTS, ZONE_WORK_TYPES, Zone


def public_works() -> QuerySet[Work]:
    """Registered works with a published listing: what the public pages may show."""
    return Work.objects.filter(applications__status="registered").filter(
        listings__status="published"
    )


def zone_counts() -> list[dict[str, object]]:
    by_type = dict(public_works().values_list("work_type").annotate(n=Count("id", distinct=True)))
    return [
        {
            "zone": zone,
            "label": zone.label,
            "count": sum(by_type.get(t, 0) for t in ZONE_WORK_TYPES[zone]),
        }
        for zone in Zone
    ]


def featured_works(*, limit: int = 8) -> QuerySet[Work]:
    """Works the public home page may show: registered, with a published listing (a work
    under examination or only drafted is nobody's business yet). ``listing_id`` is the
    published listing the card links to. The relations are named by string: the catalog
    does not import the marketplace."""
    published = Q(listings__status="published")
    return (
        public_works()
        .annotate(listing_id=Min("listings__id", filter=published))
        .select_related("holder")
        .order_by("-published_on", "-id")
        .distinct()[:limit]
    )


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
