"""The buyer's search page and autocomplete (thin over marketplace.search.query)."""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from catalog.territories import country_name
from catalog.vocabulary import RightType, Zone
from i18n.languages import BY_CODE
from marketplace.search.query import (
    FACETS,
    FILTER_KEYS,
    SORTS,
    InvalidSearch,
    SearchUnavailable,
    autocomplete,
    search_listings,
)

FACET_TITLES = {
    "zone": _("Zone"),
    "right": _("Right"),
    "territory": _("Available in"),
    "language": _("Language"),
    "holder_country": _("Holder country"),
    "price_band": _("Price band"),
}
SORT_LABELS = {
    "relevance": _("Relevance"),
    "newest": _("Newest"),
    "price": _("Price: low to high"),
    "price_desc": _("Price: high to low"),
}


def _label(facet: str, key: str) -> str:
    if facet == "zone":
        return str(Zone(key).label) if key in Zone.values else key
    if facet == "right":
        return str(RightType(key).label) if key in RightType.values else key
    if facet in {"territory", "holder_country"}:
        return country_name(key)
    if facet == "language":
        return BY_CODE[key].local_name if key in BY_CODE else key
    return key


def _toggle_url(params: dict[str, list[str]], name: str, value: str) -> str:
    chosen = dict(params)
    values = set(chosen.get(name, []))
    values ^= {value}
    chosen[name] = sorted(values)
    chosen.pop("page", None)
    return "?" + urlencode([(k, v) for k, vs in chosen.items() for v in vs], doseq=True)


def search_page(request: HttpRequest) -> HttpResponse:
    params = {key: request.GET.getlist(key) for key in request.GET if key != "page"}
    filters = {key: values for key, values in params.items() if key in FILTER_KEYS}
    q = request.GET.get("q", "").strip()
    sort = request.GET.get("sort") or ("relevance" if q else "newest")
    try:
        page = max(1, int(request.GET.get("page", "1")))
    except ValueError:
        page = 1
    context: dict[str, object] = {"q": q, "sort": sort, "sorts": SORT_LABELS, "params": params}
    try:
        result = search_listings(
            q=q,
            lang=translation.get_language(),
            filters=filters,
            sort=sort if sort in SORTS else "relevance",
            page=page,
        )
    except SearchUnavailable:
        context["unavailable"] = True
        return render(request, "listings/search.html", context, status=503)
    except InvalidSearch as exc:
        context["error"] = str(exc)
        return render(request, "listings/search.html", context, status=400)
    for hit in result.hits:
        hit.zone_label = _label("zone", hit.zone)
        hit.rights_label = ", ".join(_label("right", r) for r in hit.available_rights)
        hit.languages_label = ", ".join(_label("language", c) for c in hit.available_languages)
    facets = []
    for name in FACETS:
        buckets = [
            {
                "key": b.key,
                "label": _label(name, b.key),
                "count": b.count,
                "selected": b.selected,
                "url": _toggle_url(params, name, b.key),
            }
            for b in result.facets.get(name, [])
        ]
        if buckets:
            facets.append({"name": name, "title": FACET_TITLES[name], "buckets": buckets})
    context.update(
        {
            "result": result,
            "facets": facets,
            "prev_url": "?" + urlencode({**params, "page": [page - 1]}, doseq=True)
            if page > 1
            else None,
            "next_url": "?" + urlencode({**params, "page": [page + 1]}, doseq=True)
            if page < result.num_pages
            else None,
        }
    )
    return render(request, "listings/search.html", context)


def suggest(request: HttpRequest) -> JsonResponse:
    try:
        items = autocomplete(prefix=request.GET.get("q", ""), lang=translation.get_language())
    except SearchUnavailable:
        return JsonResponse({"suggestions": [], "unavailable": True}, status=503)
    return JsonResponse({"suggestions": [{"text": s.text, "listing": s.listing_id} for s in items]})
