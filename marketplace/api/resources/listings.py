"""Listings: search (the site's search service, marketplace.search.query — the same
filters, facets and sorts as the search page) and one listing."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema

from marketplace.api.auth import may_read_for, optional_key
from marketplace.api.errors import ApiProblem, Id, responses
from marketplace.listings import selectors
from marketplace.listings.models import Listing, ListingStatus
from marketplace.search.query import (
    FILTER_KEYS,
    MAX_PER_PAGE,
    SORTS,
    InvalidSearch,
    SearchUnavailable,
    search_listings,
)

router = Router(tags=["listings"])


class SearchQuery(Schema):
    q: str = Field("", max_length=500, description="Free text, titles, creators, ISBN.")
    sort: str = Field("relevance", description=f"One of {', '.join(SORTS)}.")
    page: int = Field(1, ge=1, le=500)
    per_page: int = Field(20, ge=1, le=MAX_PER_PAGE)
    lang: str = Field("en", max_length=16, description="Language of titles and highlights.")
    zone: list[str] = []
    holder_country: list[str] = []
    price_band: list[str] = []
    work_type: list[str] = []
    flag: list[str] = []
    exclusivity: list[str] = []
    right: list[str] = Field([], description="Available for these rights (any of them).")
    territory: list[str] = Field([], description="Available in these countries or groups.")
    language: list[str] = Field([], description="Available in these languages.")


class Hit(Schema):
    listing_id: int
    work_id: int
    title: str
    headline: str
    original_title: str
    zone: str
    holder: str
    holder_country: str
    creators: list[str]
    right_types: list[str]
    languages: list[str]
    territories: list[str]
    price_amount: str | None
    currency: str
    price_band: str
    flags: list[str]
    identifiers: list[str]
    published_at: str
    available_rights: list[str]
    available_languages: list[str]


class Bucket(Schema):
    key: str
    count: int
    selected: bool


class SearchPage(Schema):
    total: int
    page: int
    per_page: int
    sort: str
    filters: dict[str, list[str]]
    hits: list[Hit]
    facets: dict[str, list[Bucket]]


class ListingOut(Schema):
    id: int
    work_id: int
    title: str
    seller_id: int
    seller: str
    status: str
    zone: str
    headline: str
    description: str
    right_types: list[str]
    territories: list[str]
    excluded_territories: list[str]
    languages: list[str]
    exclusivity: str
    term_months: int
    available_from: dt.date | None
    available_until: dt.date | None
    currency: str
    advance: Decimal | None
    royalty_rate: Decimal | None
    minimum_guarantee: Decimal | None
    flat_fee: Decimal | None
    published_at: dt.datetime | None


@router.get(
    "/listings",
    url_name="listings",
    response=responses({200: SearchPage}, 400, 401, 429, 503),
    auth=None,
    summary="Search published listings",
)
def listing_search(request: HttpRequest, params: Query[SearchQuery]):
    optional_key(request)
    filters = {k: getattr(params, k) for k in FILTER_KEYS if getattr(params, k)}
    if params.sort not in SORTS:
        raise ApiProblem(400, "validation", f"sort must be one of {', '.join(SORTS)}")
    try:
        result = search_listings(
            q=params.q.strip(),
            lang=params.lang,
            filters=filters,
            sort=params.sort,
            page=params.page,
            per_page=params.per_page,
        )
    except InvalidSearch as exc:
        raise ApiProblem(400, "validation", str(exc)) from exc
    except SearchUnavailable as exc:
        raise ApiProblem(
            503,
            "search-unavailable",
            "Search is unavailable; retry later.",
            headers={"Retry-After": "30"},
        ) from exc
    return {
        "total": result.total,
        "page": result.page,
        "per_page": result.per_page,
        "sort": result.sort,
        "filters": result.filters,
        "hits": [Hit.model_validate(h).model_dump() for h in result.hits],
        "facets": {
            name: [{"key": b.key, "count": b.count, "selected": b.selected} for b in buckets]
            for name, buckets in result.facets.items()
        },
    }


def visible_listing(request: HttpRequest, pk: int) -> Listing:
    """A published listing, or the key's own party's listing in any state; else 404."""
    try:
        listing = selectors.listing_for_detail(pk)
    except Listing.DoesNotExist:
        raise Http404 from None
    if listing.status != ListingStatus.PUBLISHED and not may_read_for(request, listing.seller_id):
        raise Http404
    return listing


@router.get(
    "/listings/{listing_id}",
    url_name="listing",
    response=responses({200: ListingOut}, 400, 401, 404, 429),
    auth=None,
    summary="One listing",
)
def listing_detail(request: HttpRequest, listing_id: Id):
    optional_key(request)  # a wrong key is a 401 before anything is looked up
    listing = visible_listing(request, listing_id)
    return {
        **{f: getattr(listing, f) for f in ListingOut.model_fields if hasattr(listing, f)},
        "title": str(listing.work),
        "seller": listing.seller.name,
        "description": listing.description or "",
    }
