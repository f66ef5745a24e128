"""Listing search: query building, execution and result parsing.

``search_listings`` is what the search page, ``manage.py search`` and the benchmark call.
``build_search`` returns the exact request body, so the benchmark can time the same body
directly against the engine.

Facets are disjunctive: the hits are filtered by every selected facet (``post_filter``), while
each facet's counts apply every *other* selection, so a buyer sees how many listings each
alternative value would give. Availability facets (right, territory, language) count listings
that still have an available cell for that value combined with the other selected
availability values; see documents.py for the encoding and ``_availability_facet`` for why the
counts are exact.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from elasticsearch import ApiError, TransportError
from elasticsearch.dsl import A, Q, Search

from catalog.identifiers import detect_scheme, normalise_identifier
from catalog.territories import all_countries, group_members
from catalog.vocabulary import RightType
from i18n.languages import LANGUAGE_CODES
from marketplace.search.connection import ensure_connection
from marketplace.search.documents import (
    LANGUAGE_FAMILY,
    PRICE_BAND_KEYS,
    field_suffix,
    index_alias,
    key,
    normalise_language,
)
from marketplace.search.text import (
    SEPARATOR,
    desegment,
    normalize,
    prepare,
    scripts_of,
    to_simplified,
)

__all__ = [
    "FACETS",
    "FILTER_KEYS",
    "SORTS",
    "FacetBucket",
    "InvalidSearch",
    "SearchHit",
    "SearchResult",
    "SearchUnavailable",
    "Suggestion",
    "autocomplete",
    "build_search",
    "search_listings",
]


class SearchUnavailable(Exception):
    """The search engine cannot answer (down, timed out, or the index is not built yet)."""


class InvalidSearch(ValueError):
    """A filter, sort or page the search cannot honour; the message names it."""


# Filter key → indexed keyword field, for the filters that are plain term sets.
_SIMPLE_FIELDS: dict[str, str] = {
    "zone": "zone",
    "holder_country": "holder_country",
    "price_band": "price_band",
    "work_type": "work_type",
    "flag": "flags",
    "exclusivity": "exclusivity",
}
# Availability dimensions in key order (documents.key: right|territory|language).
_AVAIL_DIMS = ("right", "territory", "language")
_DIM_CODE = {"right": "r", "territory": "t", "language": "l"}
FILTER_KEYS = (*_SIMPLE_FIELDS, *_AVAIL_DIMS)
FACETS = ("zone", "right", "territory", "language", "holder_country", "price_band")
_FACET_SIZE = {"territory": 300, "holder_country": 300, "language": 60}
SORTS = ("relevance", "newest", "price", "price_desc")
MAX_PER_PAGE = 100
MAX_WINDOW = 10_000
# Product of selected right × territory × language values a filter may expand to.
MAX_COMBINATIONS = 2_000
IDENTIFIER_BOOST = 1_000.0
HIGHLIGHT_LENGTH = 180
_PRE, _POST = "\ue000", "\ue001"  # private-use marks: cannot clash with user text


# --- results -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FacetBucket:
    key: str
    count: int
    selected: bool = False


@dataclass(frozen=True)
class Suggestion:
    text: str
    listing_id: int


@dataclass
class SearchHit:
    listing_id: int
    work_id: int
    score: float | None
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
    # "title" / "headline" / "body" → escaped HTML with <mark>…</mark> around matches.
    highlights: dict[str, SafeString] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {**self.__dict__, "highlights": {k: str(v) for k, v in self.highlights.items()}}


@dataclass
class SearchResult:
    query: str
    language: str
    filters: dict[str, list[str]]
    sort: str
    page: int
    per_page: int
    total: int
    hits: list[SearchHit]
    facets: dict[str, list[FacetBucket]]
    suggestions: list[Suggestion]
    took_ms: int

    @property
    def num_pages(self) -> int:
        return max(1, -(-min(self.total, MAX_WINDOW) // self.per_page))

    def as_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "language": self.language,
            "filters": self.filters,
            "sort": self.sort,
            "page": self.page,
            "per_page": self.per_page,
            "total": self.total,
            "num_pages": self.num_pages,
            "took_ms": self.took_ms,
            "hits": [hit.as_dict() for hit in self.hits],
            "facets": {
                name: [bucket.__dict__ for bucket in buckets]
                for name, buckets in self.facets.items()
            },
            "suggestions": [s.__dict__ for s in self.suggestions],
        }


# --- filters -------------------------------------------------------------------------------------


def normalise_filters(filters: Mapping[str, str | Iterable[str]] | None) -> dict[str, list[str]]:
    """Validated filters: known keys, values as sorted lists, territories expanded to countries.

    Values of one key are alternatives (OR); different keys must all hold (AND). A territory
    group (ASEAN, GREATER_CHINA) stands for its countries; WORLD for any country.
    """
    result: dict[str, list[str]] = {}
    for name, raw in (filters or {}).items():
        if name not in FILTER_KEYS:
            raise InvalidSearch(f"unknown filter “{name}” (known: {', '.join(FILTER_KEYS)})")
        values = [raw] if isinstance(raw, str) else list(raw)
        values = [v.strip() for value in values for v in str(value).split(",") if v.strip()]
        if not values:
            continue
        if name == "territory":
            countries: set[str] = set()
            for value in values:
                code = value.upper()
                members = group_members(code)
                if members is None and code not in all_countries():
                    raise InvalidSearch(f"territory “{value}” is not a country code or group")
                countries |= members or {code}
            if countries >= all_countries():
                continue  # available somewhere in the world = no territory condition
            values = sorted(countries)
        elif name == "language":
            values = sorted({normalise_language(v) for v in values})
        elif name == "right":
            unknown = [v for v in values if v not in RightType.values]
            if unknown:
                raise InvalidSearch(f"right type “{unknown[0]}” is unknown")
            values = sorted(set(values))
        elif name == "holder_country":
            values = sorted({v.upper() for v in values})
        elif name == "price_band":
            unknown = [v for v in values if v not in PRICE_BAND_KEYS]
            if unknown:
                raise InvalidSearch(f"price band “{unknown[0]}” is unknown")
            values = sorted(set(values))
        else:
            values = sorted(set(values))
        result[name] = values
    combos = 1
    for dim in _AVAIL_DIMS:
        combos *= len(result.get(dim, [])) or 1
    if combos > MAX_COMBINATIONS:
        raise InvalidSearch("too many right × territory × language combinations; narrow them")
    return result


def _blocked_field(dims: Iterable[str]) -> str:
    return "blocked_" + "".join(_DIM_CODE[d] for d in _AVAIL_DIMS if d in set(dims))


def _availability_filter(selected: Mapping[str, list[str]]) -> Q | None:
    """Listings with at least one available cell matching the selected values."""
    dims = [d for d in _AVAIL_DIMS if selected.get(d)]
    if not dims:
        return None
    if len(dims) == 1:
        return Q("terms", **{f"avail_{dims[0]}": selected[dims[0]]})
    blocked = _blocked_field(dims)
    clauses = []
    for combo in itertools.product(*(selected[d] for d in dims)):
        conditions = [Q("term", **{f"offer_{d}": v}) for d, v in zip(dims, combo, strict=True)]
        if len(dims) < len(_AVAIL_DIMS):
            # The dimension left open must offer something for "any value" to exist.
            conditions.append(Q("term", has_offer=True))
        clauses.append(Q("bool", filter=conditions, must_not=[Q("term", **{blocked: key(*combo)})]))
    return clauses[0] if len(clauses) == 1 else Q("bool", should=clauses, minimum_should_match=1)


def _simple_filters(filters: Mapping[str, list[str]], *, without: str | None = None) -> list[Q]:
    return [
        Q("terms", **{_SIMPLE_FIELDS[name]: values})
        for name, values in filters.items()
        if name in _SIMPLE_FIELDS and name != without
    ]


def _all_filters(filters: Mapping[str, list[str]], *, without: str | None = None) -> list[Q]:
    clauses = _simple_filters(filters, without=without)
    avail = _availability_filter(
        {d: v for d, v in filters.items() if d in _AVAIL_DIMS and d != without}
    )
    if avail is not None:
        clauses.append(avail)
    return clauses


# --- facets --------------------------------------------------------------------------------------


def _lucene_regex_literal(value: str) -> str:
    return "".join(ch if ch.isalnum() else "\\" + ch for ch in value)


def _domain(dim: str, selected: Iterable[str]) -> list[str]:
    if dim == "right":
        base = list(RightType.values)
    elif dim == "language":
        base = list(LANGUAGE_CODES)
    else:
        base = sorted(all_countries())
    return list(dict.fromkeys([*base, *selected]))


@dataclass(frozen=True)
class _FacetPlan:
    """How to read one facet's counts back from the aggregations."""

    name: str
    kind: str  # "terms" | "diff" | "filters"
    dim_position: int = 0  # position of the facet's value inside a blocked_* key


def _wrap(name: str, filters: list[Q], agg: A) -> tuple[str, A]:
    if not filters:
        return name, agg
    wrapper = A("filter", filter=Q("bool", filter=filters))
    wrapper.bucket("inner", agg)
    return name, wrapper


def _availability_facet(dim: str, filters: Mapping[str, list[str]]) -> tuple[_FacetPlan, dict]:
    """Counts per value of ``dim`` of listings with an available cell given the other selections.

    * No other availability selection: a terms aggregation on ``avail_<dim>``.
    * One value selected in each other dimension: offered(value) minus fully-blocked(value).
      ``A`` counts listings that offer the value and the selected ones; ``B`` counts listings
      where every cell of (value, selected…) is blocked — a ``blocked_*`` key that exists only
      inside the offer, so B ⊆ A and A − B is exact.
    * Several values in another dimension: one filter per value of ``dim`` (exact, costlier).
    """
    base = _simple_filters(filters)
    others = {d: filters[d] for d in _AVAIL_DIMS if d != dim and filters.get(d)}
    size = _FACET_SIZE.get(dim, 30)
    if not others:
        plan = _FacetPlan(dim, "terms")
        return plan, dict([_wrap(dim, base, A("terms", field=f"avail_{dim}", size=size))])
    if all(len(v) == 1 for v in others.values()):
        dims = [d for d in _AVAIL_DIMS if d == dim or d in others]
        conditions = [*base, Q("term", has_offer=True)]
        conditions += [Q("term", **{f"offer_{d}": v[0]}) for d, v in others.items()]
        pattern = "\\|".join(
            "[^|]+" if d == dim else _lucene_regex_literal(others[d][0]) for d in dims
        )
        wrapper = A("filter", filter=Q("bool", filter=conditions))
        wrapper.bucket("offered", A("terms", field=f"offer_{dim}", size=size))
        wrapper.bucket(
            "blocked", A("terms", field=_blocked_field(dims), include=pattern, size=size)
        )
        return _FacetPlan(dim, "diff", dims.index(dim)), {dim: wrapper}
    buckets = {}
    for value in _domain(dim, filters.get(dim, [])):
        clause = _availability_filter({**others, dim: [value]})
        buckets[value] = Q("bool", filter=[*base, clause])
    return _FacetPlan(dim, "filters"), {dim: A("filters", filters=buckets)}


def _facet_aggs(filters: Mapping[str, list[str]]) -> tuple[list[_FacetPlan], dict[str, A]]:
    plans: list[_FacetPlan] = []
    aggs: dict[str, A] = {}
    for name in FACETS:
        if name in _AVAIL_DIMS:
            plan, agg = _availability_facet(name, filters)
        else:
            field_name = _SIMPLE_FIELDS[name]
            terms = A("terms", field=field_name, size=_FACET_SIZE.get(name, 20))
            plan, agg = (
                _FacetPlan(name, "terms"),
                dict([_wrap(name, _all_filters(filters, without=name), terms)]),
            )
        plans.append(plan)
        aggs.update(agg)
    return plans, aggs


def _read_facets(
    plans: list[_FacetPlan], aggregations: Mapping[str, Any], filters: Mapping[str, list[str]]
) -> dict[str, list[FacetBucket]]:
    facets: dict[str, list[FacetBucket]] = {}
    for plan in plans:
        agg = aggregations.get(plan.name, {})
        counts: dict[str, int] = {}
        if plan.kind == "terms":
            agg = agg.get("inner", agg)
            counts = {b["key"]: b["doc_count"] for b in agg.get("buckets", [])}
        elif plan.kind == "diff":
            offered = {b["key"]: b["doc_count"] for b in agg["offered"]["buckets"]}
            for bucket in agg["blocked"]["buckets"]:
                value = bucket["key"].split("|")[plan.dim_position]
                offered[value] = offered.get(value, 0) - bucket["doc_count"]
            counts = {k: n for k, n in offered.items() if n > 0}
        else:
            counts = {k: b["doc_count"] for k, b in agg["buckets"].items() if b["doc_count"] > 0}
        selected = set(filters.get(plan.name, []))
        for value in selected:
            counts.setdefault(value, 0)
        facets[plan.name] = [
            FacetBucket(k, n, k in selected)
            for k, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
        ]
    return facets


# --- text query ----------------------------------------------------------------------------------


def identifier_candidates(text: str) -> list[str]:
    """Compact identifier values ``text`` may be (an ISBN typed with hyphens, an ISRC…)."""
    raw = normalize(text)
    if not raw or len(raw) > 40:
        return []
    scheme = detect_scheme(raw)
    if scheme is None:
        return []
    try:
        return [normalise_identifier(scheme, raw)]
    except Exception:  # detect_scheme said yes; a stdnum corner case must not break search
        return []


def _fields(families: set[str], lang: str, weights: Mapping[str, float], sub: str = "") -> list:
    fields = []
    for code, family in LANGUAGE_FAMILY.items():
        if family not in families:
            continue
        boost = 2.0 if code == lang else 1.0
        suffix = field_suffix(code)
        for kind, weight in weights.items():
            if sub and kind == "body" and family == "zh":
                continue  # body fields have no unigram sub-field
            fields.append(f"{kind}_{suffix}{sub}^{weight * boost:g}")
    return fields


_WEIGHTS = {"title": 3.0, "headline": 2.0, "body": 1.0}


def _text_query(q: str, lang: str) -> Q | None:
    prepared = prepare(q)
    if not prepared:
        return None
    scripts = scripts_of(prepared)
    should: list[Q] = []
    if scripts.latin:
        should.append(
            Q(
                "multi_match",
                query=prepared,
                fields=[
                    *_fields({"en", "vi", "latin"}, lang, _WEIGHTS),
                    "orig_latin^3",
                    "names^2",
                ],
                type="best_fields",
                tie_breaker=0.2,
                fuzziness="AUTO",
                prefix_length=1,
                max_expansions=20,
                minimum_should_match="2<75%",
            )
        )
        # Diacritics typed are diacritics meant: exact Vietnamese forms rank above folded ones.
        should.append(
            Q(
                "multi_match",
                query=prepared,
                fields=_fields({"vi"}, lang, _WEIGHTS, sub=".exact"),
                type="best_fields",
                minimum_should_match="2<75%",
            )
        )
    if scripts.han:
        should.append(
            Q(
                "multi_match",
                query=prepared,
                fields=[
                    *_fields({"zh"}, lang, _WEIGHTS),
                    *_fields({"zh"}, lang, {"title": 1.0, "headline": 0.5}, sub=".uni"),
                    "orig_zh^3",
                    "orig_zh.uni^1",
                    "names.zh^2",
                ],
                type="best_fields",
                tie_breaker=0.2,
                minimum_should_match="75%",
            )
        )
    if scripts.sea:
        should.append(
            Q(
                "multi_match",
                query=prepared,
                fields=[*_fields({"seg"}, lang, _WEIGHTS), "orig_seg^3", "names.seg^2"],
                type="best_fields",
                tie_breaker=0.2,
                minimum_should_match="2<75%",
            )
        )
    identifiers = identifier_candidates(q)
    if identifiers:
        # Far above any text score: an identifier names one work.
        should.append(
            Q("constant_score", filter=Q("terms", identifiers=identifiers), boost=IDENTIFIER_BOOST)
        )
    if not should:
        return None
    return Q("bool", should=should, minimum_should_match=1)


def _highlight_fields(q: str) -> list[str]:
    scripts = scripts_of(prepare(q))
    families: set[str] = set()
    if scripts.latin:
        families |= {"en", "vi", "latin"}
    if scripts.han:
        families.add("zh")
    if scripts.sea:
        families.add("seg")
    return [
        f"{kind}_{field_suffix(code)}"
        for code, family in LANGUAGE_FAMILY.items()
        if family in families
        for kind in ("title", "headline", "body")
    ]


def _suggest_prefix(q: str) -> str:
    return to_simplified(normalize(q))


def _completion(prefix: str, size: int) -> dict[str, Any]:
    completion: dict[str, Any] = {"field": "suggest", "size": size, "skip_duplicates": True}
    scripts = scripts_of(prefix)
    if scripts.latin and not (scripts.han or scripts.sea) and len(prefix) >= 4:
        completion["fuzzy"] = {"fuzziness": 1, "prefix_length": 2}
    return {"prefix": prefix, "completion": completion}


# --- building the request ------------------------------------------------------------------------


@dataclass
class SearchRequest:
    search: Search
    plans: list[_FacetPlan]
    filters: dict[str, list[str]]
    q: str
    lang: str
    sort: str
    page: int
    per_page: int

    @property
    def body(self) -> dict[str, Any]:
        return self.search.to_dict()


_SOURCE_EXCLUDES = [
    "body_*",
    "blocked_*",
    "consent_rtl",
    "offer_*",
    "avail_territory",
    "suggest",
    "names",
]


def build_search(
    *,
    q: str = "",
    lang: str = "en",
    filters: Mapping[str, str | Iterable[str]] | None = None,
    sort: str = "relevance",
    page: int = 1,
    per_page: int = 20,
    facets: bool = True,
    suggest: bool = False,
) -> SearchRequest:
    """The search request for these parameters, not yet sent."""
    lang = lang if lang in LANGUAGE_FAMILY else "en"
    if sort not in SORTS:
        raise InvalidSearch(f"unknown sort “{sort}” (known: {', '.join(SORTS)})")
    if not 1 <= per_page <= MAX_PER_PAGE:
        raise InvalidSearch(f"per_page must be between 1 and {MAX_PER_PAGE}")
    if page < 1 or (page - 1) * per_page + per_page > MAX_WINDOW:
        raise InvalidSearch(f"page {page} is outside the first {MAX_WINDOW} results")
    q = normalize(q)[:500]
    selected = normalise_filters(filters)

    search = Search(index=index_alias())
    text = _text_query(q, lang) if q else None
    search = search.query(text if text is not None else Q("match_all"))
    # Listings a court order or a blocking dispute leaves nothing of (indexing.documents_for).
    search = search.exclude("term", withheld=True)
    post = _all_filters(selected)
    if post:
        search = search.post_filter(Q("bool", filter=post))
    plans: list[_FacetPlan] = []
    if facets:
        plans, aggs = _facet_aggs(selected)
        for name, agg in aggs.items():
            search.aggs.bucket(name, agg)

    tiebreak = {"listing_id": {"order": "desc"}}
    if sort == "relevance" and text is not None:
        search = search.sort("_score", {"published_at": {"order": "desc"}}, tiebreak)
    elif sort == "price":
        search = search.sort(
            {"price_usd": {"order": "asc", "missing": "_last"}}, {"listing_id": {"order": "asc"}}
        )
    elif sort == "price_desc":
        search = search.sort({"price_usd": {"order": "desc", "missing": "_last"}}, tiebreak)
    else:
        search = search.sort({"published_at": {"order": "desc"}}, tiebreak)

    if text is not None:
        search = search.highlight(*_highlight_fields(q), number_of_fragments=0)
        search = search.highlight_options(pre_tags=[_PRE], post_tags=[_POST])
        if suggest:
            completion = _completion(_suggest_prefix(q), 5)
            search = search.suggest(
                "titles", completion["prefix"], completion=completion["completion"]
            )
    start = (page - 1) * per_page
    search = search.extra(track_total_hits=True, from_=start, size=per_page)
    search = search.source(excludes=_SOURCE_EXCLUDES)
    return SearchRequest(search, plans, selected, q, lang, sort, page, per_page)


# --- executing and reading -----------------------------------------------------------------------


def _unavailable(exc: Exception) -> SearchUnavailable | None:
    """Map a transport/API failure to SearchUnavailable; None for our own bugs (400s)."""
    if isinstance(exc, ApiError):
        status = exc.meta.status
        if status == 404:
            return SearchUnavailable(
                f"the listings index is not built yet (manage.py search_index --rebuild): "
                f"{exc.message}"
            )
        if status == 429 or status >= 500:
            return SearchUnavailable(f"search engine answered {status}: {exc.message}")
        return None
    if isinstance(exc, TransportError):  # connection refused, timeout, TLS…
        return SearchUnavailable(f"search engine unreachable: {exc}")
    return None


def execute(
    body: Mapping[str, Any], *, index: str | None = None, timeout: float | None = None
) -> dict[str, Any]:
    """Send a search body; engine trouble becomes :class:`SearchUnavailable`.

    ``timeout`` overrides the client's request timeout (the benchmark's large indices); a web
    request keeps the short default, so a stuck engine fails the page instead of hanging it.
    """
    try:
        client = ensure_connection()
        if timeout is not None:
            client = client.options(request_timeout=timeout)
        response = client.search(index=index or index_alias(), body=dict(body))
    except (ApiError, TransportError) as exc:
        mapped = _unavailable(exc)
        if mapped is None:
            raise
        raise mapped from exc
    except ValueError as exc:  # ELASTICSEARCH_URL empty or SEARCH_ENGINE_KIND unknown
        raise SearchUnavailable(str(exc)) from exc
    return response.body


def _spans(tagged: str) -> tuple[str, list[tuple[int, int]]]:
    text: list[str] = []
    spans: list[tuple[int, int]] = []
    start = 0
    for ch in tagged:
        if ch == _PRE:
            start = len(text)
        elif ch == _POST:
            spans.append((start, len(text)))
        else:
            text.append(ch)
    return "".join(text), spans


def render_highlight(
    tagged: str, *, original: str | None = None, length: int = HIGHLIGHT_LENGTH
) -> SafeString:
    """Escaped HTML of a highlighted field: segmentation undone, original script restored."""
    text, spans = _spans(tagged)
    if SEPARATOR in text:
        # Map every position to its place in the text without separators.
        position, kept = [], []
        for ch in text:
            position.append(len(kept))
            if ch != SEPARATOR:
                kept.append(ch)
        position.append(len(kept))
        spans = [(position[a], position[b]) for a, b in spans]
        text = "".join(kept)
    merged: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]:
            # Words of one match separated only by a removed separator: one mark.
            merged[-1] = (merged[-1][0], max(b, merged[-1][1]))
        else:
            merged.append((a, b))
    spans = merged
    if original is not None and len(original) == len(text):
        # t2s maps characters one to one almost always; when it does, show the author's script.
        text = original
    lo, hi = 0, len(text)
    if len(text) > length:
        first = spans[0][0] if spans else 0
        lo = max(0, min(first - length // 3, len(text) - length))
        hi = lo + length
    parts: list[str] = ["…" if lo > 0 else ""]
    cursor = lo
    for a, b in spans:
        a, b = max(a, lo), min(b, hi)
        if a >= b or a < cursor:
            continue
        parts += [escape(text[cursor:a]), "<mark>", escape(text[a:b]), "</mark>"]
        cursor = b
    parts.append(escape(text[cursor:hi]))
    if hi < len(text):
        parts.append("…")
    return mark_safe("".join(parts))  # noqa: S308 - every piece of user text is escaped above


def _fallback_languages(lang: str) -> list[str]:
    return list(dict.fromkeys([lang, "en", "zh-hans", "zh-hant", *LANGUAGE_CODES]))


def _display(source: Mapping[str, Any], kind: str, lang: str) -> str:
    src = source.get("src") or {}
    for code in _fallback_languages(lang):
        name = f"{kind}_{field_suffix(code)}"
        if source.get(name):
            return src.get(name) or desegment(source[name])
    return ""


def _hit_highlights(hit: Mapping[str, Any], lang: str) -> dict[str, SafeString]:
    found = hit.get("highlight") or {}
    src = hit.get("_source", {}).get("src") or {}
    result: dict[str, SafeString] = {}
    for kind in ("title", "headline", "body"):
        for code in _fallback_languages(lang):
            name = f"{kind}_{field_suffix(code)}"
            if found.get(name):
                result[kind] = render_highlight(found[name][0], original=src.get(name))
                break
    return result


def _read_hit(hit: Mapping[str, Any], lang: str) -> SearchHit:
    source = hit["_source"]
    display = source.get("display") or {}
    price = display.get("price") or {}
    return SearchHit(
        listing_id=int(source["listing_id"]),
        work_id=int(source["work_id"]),
        score=hit.get("_score"),
        title=_display(source, "title", lang) or display.get("original_title", ""),
        headline=_display(source, "headline", lang),
        original_title=display.get("original_title", ""),
        zone=source.get("zone", ""),
        holder=display.get("holder", ""),
        holder_country=source.get("holder_country", ""),
        creators=list(display.get("creators", [])),
        right_types=list(source.get("right_types", [])),
        languages=list(source.get("languages", [])),
        territories=list(source.get("territories", [])),
        price_amount=price.get("amount"),
        currency=source.get("currency", ""),
        price_band=source.get("price_band", ""),
        flags=list(source.get("flags", [])),
        identifiers=list(source.get("identifiers", [])),
        published_at=source.get("published_at", ""),
        available_rights=list(source.get("avail_right", [])),
        available_languages=list(source.get("avail_language", [])),
        highlights=_hit_highlights(hit, lang),
    )


def _read_suggestions(options: list[Mapping[str, Any]], lang: str) -> list[Suggestion]:
    suggestions: list[Suggestion] = []
    for option in options:
        source = option.get("_source") or {}
        text = option["text"]
        # The index holds simplified Chinese; show the title as its author wrote it.
        src = source.get("src") or {}
        for code in _fallback_languages(lang):
            name = f"title_{field_suffix(code)}"
            if name in src and to_simplified(src[name]) == text:
                text = src[name]
                break
        suggestions.append(Suggestion(text, int(source.get("listing_id", option["_id"]))))
    return suggestions


def read_response(request: SearchRequest, body: Mapping[str, Any]) -> SearchResult:
    hits = body.get("hits", {})
    total = hits.get("total", {})
    suggest = (body.get("suggest") or {}).get("titles") or []
    options = suggest[0]["options"] if suggest else []
    return SearchResult(
        query=request.q,
        language=request.lang,
        filters=request.filters,
        sort=request.sort,
        page=request.page,
        per_page=request.per_page,
        total=int(total.get("value", 0)) if isinstance(total, Mapping) else int(total or 0),
        hits=[_read_hit(hit, request.lang) for hit in hits.get("hits", [])],
        facets=_read_facets(request.plans, body.get("aggregations") or {}, request.filters),
        suggestions=_read_suggestions(options, request.lang),
        took_ms=int(body.get("took", 0)),
    )


def search_listings(
    *,
    q: str = "",
    lang: str = "en",
    filters: Mapping[str, str | Iterable[str]] | None = None,
    sort: str = "relevance",
    page: int = 1,
    per_page: int = 20,
    suggest: bool = False,
) -> SearchResult:
    """Search published listings.

    ``suggestions`` holds title completions of ``q`` when ``suggest`` is set, and always when
    nothing was found (a "did you mean" for the empty page). They are not asked for on every
    search because the completion suggester costs more than the whole search on osmem.

    Raises :class:`InvalidSearch` for bad parameters and :class:`SearchUnavailable` when the
    engine is down or the index has not been built.
    """
    request = build_search(
        q=q, lang=lang, filters=filters, sort=sort, page=page, per_page=per_page, suggest=suggest
    )
    result = read_response(request, execute(request.body))
    if not result.total and request.q and not suggest:
        result.suggestions = autocomplete(prefix=request.q, lang=request.lang, size=5)
    return result


def autocomplete(*, prefix: str, lang: str = "en", size: int = 8) -> list[Suggestion]:
    """Title suggestions for a search box prefix (any script; traditional Chinese folded)."""
    text = _suggest_prefix(prefix)
    if not text:
        return []
    body = {
        "size": 0,
        "_source": ["listing_id", "src"],
        "suggest": {"titles": _completion(text, min(max(size, 1), 20))},
    }
    response = execute(body)
    suggest = (response.get("suggest") or {}).get("titles") or []
    return _read_suggestions(suggest[0]["options"] if suggest else [], lang)
