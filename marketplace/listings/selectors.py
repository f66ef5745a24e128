"""Reads for listing pages: detail with its availability table, seller dashboards."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, QuerySet
from django.utils import timezone

from catalog.territories import country_name, expand
from i18n.languages import LANGUAGE_CODES
from licensing.availability import CONFLICT_TYPES
from licensing.encumbrances import restriction_notices
from licensing.models import GrantCell
from marketplace.listings.models import (
    Exclusivity,
    Inquiry,
    Listing,
    ListingStatus,
    ShortlistItem,
)

DETAIL_ROWS_LIMIT = 40  # a WORLD listing shows the countries with grants plus "all others"
# An "all languages" listing (185 tags) shows the languages with grants and the interface
# languages it offers; the rest are counted, all available.
DETAIL_LANGUAGES_LIMIT = 12


@dataclass(frozen=True)
class Cell:
    state: str  # available | exclusive | non_exclusive
    until: dt.date | None = None


@dataclass
class AvailabilityTable:
    columns: list[tuple[str, str]]  # (right, language)
    rows: list[tuple[str, str, list[Cell]]]  # (code, name, cells)
    others_count: int  # countries folded into the "all other countries" row
    other_languages: int = 0  # languages left out of the columns: none of them granted


def listing_for_detail(pk: int) -> Listing:
    return (
        Listing.objects.select_related("work", "seller", "work__holder")
        .prefetch_related("work__identifiers", "work__creators__party")
        .get(pk=pk)
    )


def availability_table(listing: Listing, *, today: dt.date | None = None) -> AvailabilityTable:
    """Offered country × (right, language) with what current grants leave free. One query."""
    today = today or timezone.localdate()
    countries = expand(listing.territories, listing.excluded_territories)
    granted: dict[tuple[str, str, str], Cell] = {}
    cells = GrantCell.objects.filter(
        work_id=listing.work_id,
        right_type__in=listing.right_types,
        language__in=listing.languages,
        territory__in=countries,
        period__contains=today,
    ).values_list("right_type", "territory", "language", "exclusive", "period")
    for right, territory, language, exclusive, period in cells:
        key = (right, territory, language)
        state = "exclusive" if exclusive else "non_exclusive"
        if key not in granted or state == "exclusive":
            granted[key] = Cell(
                state, period.upper - dt.timedelta(days=1) if period.upper else None
            )
    languages = list(listing.languages)
    if len(languages) > DETAIL_LANGUAGES_LIMIT:
        with_licences = {language for (_, _, language) in granted}
        languages = [x for x in languages if x in with_licences or x in LANGUAGE_CODES]
    columns = [(r, lang) for r in listing.right_types for lang in languages]
    with_grants = sorted({territory for (_, territory, _) in granted})
    shown = sorted(countries) if len(countries) <= DETAIL_ROWS_LIMIT else with_grants
    rows = [
        (
            code,
            country_name(code),
            [granted.get((right, code, lang), Cell("available")) for right, lang in columns],
        )
        for code in shown
    ]
    return AvailabilityTable(
        columns, rows, len(countries) - len(shown), len(listing.languages) - len(languages)
    )


def listing_restrictions(listing: Listing, *, today: dt.date | None = None) -> list[dict]:
    """What holds the listing's rights back from today on — a court order, a pledge (an
    exclusive licence needs the pledgee's consent), a dispute — with the reason, as the
    availability selector gives it to offers, contracts and the API."""
    notices = restriction_notices(
        work_id=listing.work_id,
        rights=listing.right_types,
        exclusive=listing.exclusivity != Exclusivity.NON_EXCLUSIVE,
        on=today or timezone.localdate(),
    )
    return [
        {"code": code, "label": CONFLICT_TYPES[code], "reason": reason, "blocking": blocking}
        for code, reason, blocking in notices
    ]


def seller_listings(party_ids: list[int]) -> QuerySet[Listing]:
    return (
        Listing.objects.filter(seller_id__in=party_ids)
        .select_related("work")
        .annotate(inquiry_count=Count("inquiries"))
        .order_by("-updated_at")
    )


def seller_inquiries(party_ids: list[int]) -> QuerySet[Inquiry]:
    return (
        Inquiry.objects.filter(listing__seller_id__in=party_ids)
        .select_related("listing__work", "buyer", "created_by")
        .order_by("-created_at")
    )


def shortlist_for(user: object) -> QuerySet[ShortlistItem]:
    return (
        ShortlistItem.objects.filter(user=user, listing__status=ListingStatus.PUBLISHED)
        .select_related("listing__work", "listing__seller")
        .order_by("-created_at")
    )
