"""The listings index: mapping, analysers, and the document built for each listing.

One document per *published* listing. Text comes in every site language, each language in its
own fields (``title_<lang>``, ``headline_<lang>``, ``body_<lang>``) so a buyer's language can be
boosted and IDF stays per language. Only analysis components that index the same terms on
osmem-server and Elasticsearch 8 are used (docs/search-engine-notes.md §0); everything else
(OpenCC, word segmentation, NFKC) happens in :mod:`marketplace.search.text` before indexing.

Availability ("what can still be licensed") is stored so that filters and facet counts on any
combination of right type × territory × language are exact while documents stay bounded:

* ``offer_right`` / ``offer_territory`` / ``offer_language``: what the listing offers. A listing
  offers the full product of the three (territories expanded to countries).
* ``blocked_*``: what can no longer be sold today inside that offer (exclusively granted cells;
  for an exclusive-only listing, any granted cell; and cells the holder does not hold today —
  No Rights In, and for an exclusive-only listing No Exclusive In). ``blocked_rtl`` holds the
  cells (``right|country|language``); ``blocked_rt``, ``blocked_rl`` and ``blocked_tl`` hold the
  pairs whose *every* cell is blocked.
* ``avail_right`` / ``avail_territory`` / ``avail_language``: values with at least one
  available cell (the plain facets and one-dimension filters).

So "translation|VN|vi is available" is ``offer_*`` of each part and *not* ``blocked_rtl``, and
"translation in VN, any language" is ``offer_*`` and not ``blocked_rt``. Storing the available
cells themselves would take up to 11 rights × 250 countries × 11 languages = 30,250 keywords
for a WORLD listing; the offer is at most ~270 values and the blocked part grows only with
exclusive grants actually made.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from django.conf import settings
from django.core.exceptions import ValidationError
from elasticsearch.dsl import (
    Boolean,
    Completion,
    Date,
    Document,
    Index,
    Keyword,
    Long,
    MetaField,
    ScaledFloat,
    Text,
    analyzer,
    char_filter,
)
from modeltranslation.utils import build_localized_fieldname

from catalog.services import validate_language
from catalog.territories import expand
from i18n.languages import LANGUAGE_CODES
from marketplace.search.text import normalize, prepare, to_simplified

__all__ = [
    "LANGUAGE_FAMILY",
    "PRICE_BANDS",
    "TEXT_KINDS",
    "AvailabilityFields",
    "ListingDocument",
    "availability_fields",
    "field_suffix",
    "index_alias",
    "listing_document",
    "listing_index",
    "price_band",
]

logger = logging.getLogger(__name__)

# --- analysers (all stock Elasticsearch 8, all consistent on osmem) ------------------------------

# One space per punctuation character: a length-changing char filter shifts highlight offsets
# on osmem.
_punct = char_filter("ml_punct", type="pattern_replace", pattern="[\\p{P}\\p{S}]", replacement=" ")
# Apostrophes to spaces: "Potter's" must give "potter", and the possessive stemmer that would
# do it indexes empty terms on osmem.
_apostrophe = char_filter(
    "ml_apostrophe", type="pattern_replace", pattern="['\u2019\u02bc]", replacement=" "
)
ml_latin = analyzer(
    "ml_latin",
    tokenizer="standard",
    char_filter=[_apostrophe],
    filter=["lowercase", "asciifolding"],
)
ml_exact = analyzer(
    "ml_exact", tokenizer="standard", char_filter=[_apostrophe], filter=["lowercase"]
)
ml_english = analyzer(
    "ml_english",
    tokenizer="standard",
    char_filter=[_apostrophe],
    filter=["lowercase", "asciifolding", "porter_stem"],
)
ml_cjk = analyzer("ml_cjk", tokenizer="standard", filter=["cjk_width", "lowercase", "cjk_bigram"])
ml_cjk_uni = analyzer("ml_cjk_uni", tokenizer="standard", filter=["cjk_width", "lowercase"])
# Text segmented in Python (text.SEPARATOR between words): split on whitespace only.
ml_seg = analyzer(
    "ml_seg", tokenizer="whitespace", char_filter=[_punct], filter=["lowercase", "asciifolding"]
)

# Language → analyser family. Thai, Lao, Khmer and Burmese are segmented in Python.
LANGUAGE_FAMILY: dict[str, str] = {
    "zh-hans": "zh",
    "zh-hant": "zh",
    "en": "en",
    "vi": "vi",
    "th": "seg",
    "lo": "seg",
    "km": "seg",
    "my": "seg",
    "ms": "latin",
    "id": "latin",
    "fil": "latin",
}
TEXT_KINDS = ("title", "headline", "body")


def field_suffix(language: str) -> str:
    return language.replace("-", "_")


def _text_field(family: str, kind: str) -> Text:
    if family == "zh":
        # Bigrams miss one-character queries (三); the unigram sub-field catches them.
        sub = {"uni": Text(analyzer=ml_cjk_uni)} if kind != "body" else {}
        return Text(analyzer=ml_cjk, fields=sub)
    if family == "seg":
        return Text(analyzer=ml_seg)
    if family == "vi":
        # Folded for queries typed without diacritics, exact for the ones typed with them.
        return Text(analyzer=ml_latin, fields={"exact": Text(analyzer=ml_exact)})
    if family == "en":
        return Text(analyzer=ml_english)
    return Text(analyzer=ml_latin)


class ListingDocument(Document):
    """The mapping. Documents themselves are plain dicts from :func:`listing_document`."""

    listing_id = Long()
    work_id = Long()
    holder_id = Long()
    seller_id = Long()
    zone = Keyword()
    work_type = Keyword()
    exclusivity = Keyword()
    holder_country = Keyword()
    country_of_origin = Keyword()
    original_language = Keyword()
    flags = Keyword()
    identifiers = Keyword()
    right_types = Keyword()
    languages = Keyword()
    territories = Keyword()  # as listed: codes and groups
    currency = Keyword()
    price_band = Keyword()
    price_usd = ScaledFloat(scaling_factor=100)
    published_at = Date()

    has_offer = Boolean()
    offer_right = Keyword()
    offer_territory = Keyword()
    offer_language = Keyword()
    avail_right = Keyword()
    avail_territory = Keyword()
    avail_language = Keyword()
    blocked_rt = Keyword()
    blocked_rl = Keyword()
    blocked_tl = Keyword()
    blocked_rtl = Keyword()
    # Cells (right|country|language) an exclusive licence of needs a pledgee's consent.
    consent_rtl = Keyword()
    # A court order or a blocking dispute leaves nothing of the offer: searches skip it.
    withheld = Boolean()

    orig_latin = Text(analyzer=ml_latin)
    orig_zh = Text(analyzer=ml_cjk, fields={"uni": Text(analyzer=ml_cjk_uni)})
    orig_seg = Text(analyzer=ml_seg)
    names = Text(
        analyzer=ml_latin, fields={"zh": Text(analyzer=ml_cjk), "seg": Text(analyzer=ml_seg)}
    )
    suggest = Completion(analyzer=ml_seg, search_analyzer=ml_seg, preserve_separators=True)

    class Meta:
        # Display-only values (``src``, ``display``) stay in _source without being indexed.
        dynamic = MetaField(False)


for _code, _family in LANGUAGE_FAMILY.items():
    for _kind in TEXT_KINDS:
        ListingDocument._doc_type.mapping.field(
            f"{_kind}_{field_suffix(_code)}", _text_field(_family, _kind)
        )

INDEX_SETTINGS = {
    "number_of_shards": 1,
    # Replicas make a single node (and osmem) report yellow; production scales them up.
    "number_of_replicas": 0,
    "max_result_window": 10000,
}


def index_alias() -> str:
    """The alias searches and writes go through; concrete indices are ``<alias>-v<stamp>``."""
    return f"{settings.SEARCH_INDEX_PREFIX}-listings"


def listing_index(name: str) -> Index:
    index = Index(name)
    index.settings(**INDEX_SETTINGS)
    index.document(ListingDocument)
    return index


# --- price ---------------------------------------------------------------------------------------

# Indicative USD per unit, only to band and sort asking prices across currencies; a listing's
# own amount and currency are what buyers see. Override with settings.SEARCH_USD_RATES.
_INDICATIVE_USD_RATES: dict[str, Decimal] = {
    "USD": Decimal("1"),
    "CNY": Decimal("0.14"),
    "EUR": Decimal("1.08"),
    "HKD": Decimal("0.128"),
    "TWD": Decimal("0.031"),
    "SGD": Decimal("0.74"),
    "MYR": Decimal("0.22"),
    "IDR": Decimal("0.000062"),
    "THB": Decimal("0.028"),
    "VND": Decimal("0.000039"),
    "PHP": Decimal("0.017"),
    "KHR": Decimal("0.00025"),
    "LAK": Decimal("0.000046"),
    "MMK": Decimal("0.00048"),
    "BND": Decimal("0.74"),
    "JPY": Decimal("0.0066"),
    "KRW": Decimal("0.00072"),
}

ON_REQUEST = "on_request"
# (key, lower bound inclusive, upper bound exclusive) in USD.
PRICE_BANDS: tuple[tuple[str, Decimal, Decimal | None], ...] = (
    ("under_1k", Decimal(0), Decimal(1_000)),
    ("1k_5k", Decimal(1_000), Decimal(5_000)),
    ("5k_20k", Decimal(5_000), Decimal(20_000)),
    ("20k_100k", Decimal(20_000), Decimal(100_000)),
    ("over_100k", Decimal(100_000), None),
)
PRICE_BAND_KEYS = (*(key for key, _, _ in PRICE_BANDS), ON_REQUEST)


def usd_rate(currency: str) -> Decimal | None:
    overrides: Mapping[str, object] = getattr(settings, "SEARCH_USD_RATES", {}) or {}
    if currency in overrides:
        return Decimal(str(overrides[currency]))
    return _INDICATIVE_USD_RATES.get(currency)


def asking_usd(amount: Decimal | None, currency: str) -> Decimal | None:
    rate = usd_rate(currency)
    if amount is None or rate is None:
        return None
    return (amount * rate).quantize(Decimal("0.01"))


def price_band(usd: Decimal | None) -> str:
    if usd is None:
        return ON_REQUEST
    for key, low, high in PRICE_BANDS:
        if usd >= low and (high is None or usd < high):
            return key
    return ON_REQUEST


def listing_asking_amount(listing: object) -> Decimal | None:
    """The headline price: flat fee, else advance, else minimum guarantee."""
    for name in ("flat_fee", "advance", "minimum_guarantee"):
        value = getattr(listing, name, None)
        if value is not None:
            return Decimal(value)
    return None


# --- availability --------------------------------------------------------------------------------

Cell = tuple[str, str, str]  # (right type, country, language)


def key(*parts: str) -> str:
    return "|".join(parts)


@dataclass(frozen=True)
class AvailabilityFields:
    offer_right: list[str]
    offer_territory: list[str]
    offer_language: list[str]
    avail_right: list[str]
    avail_territory: list[str]
    avail_language: list[str]
    blocked_rt: list[str]
    blocked_rl: list[str]
    blocked_tl: list[str]
    blocked_rtl: list[str]

    @property
    def has_offer(self) -> bool:
        return bool(self.offer_right and self.offer_territory and self.offer_language)

    def as_dict(self) -> dict[str, object]:
        return {"has_offer": self.has_offer, **self.__dict__}

    def available(self, right: str, country: str, language: str) -> bool:
        """The reading the index makes of these fields (used by tests and property checks)."""
        return (
            right in self.offer_right
            and country in self.offer_territory
            and language in self.offer_language
            and key(right, country, language) not in self.blocked_rtl
        )


def availability_fields(
    *,
    rights: Iterable[str],
    countries: Iterable[str],
    languages: Iterable[str],
    blocked: Iterable[Cell],
) -> AvailabilityFields:
    """Offer = rights × countries × languages; available = offer minus ``blocked`` cells."""
    rs, cs, ls = set(rights), set(countries), set(languages)
    cells = {(r, c, lang) for r, c, lang in blocked if r in rs and c in cs and lang in ls}
    by_r, by_c, by_l = Counter(), Counter(), Counter()
    by_rc, by_rl, by_cl = Counter(), Counter(), Counter()
    for r, c, lang in cells:
        by_r[r] += 1
        by_c[c] += 1
        by_l[lang] += 1
        by_rc[r, c] += 1
        by_rl[r, lang] += 1
        by_cl[c, lang] += 1
    nr, nc, nl = len(rs), len(cs), len(ls)
    return AvailabilityFields(
        offer_right=sorted(rs),
        offer_territory=sorted(cs),
        offer_language=sorted(ls),
        # A value stays available while some cell that contains it is not blocked.
        avail_right=sorted(r for r in rs if by_r[r] < nc * nl),
        avail_territory=sorted(c for c in cs if by_c[c] < nr * nl),
        avail_language=sorted(lang for lang in ls if by_l[lang] < nr * nc),
        blocked_rt=sorted(key(r, c) for (r, c), n in by_rc.items() if n == nl),
        blocked_rl=sorted(key(r, lang) for (r, lang), n in by_rl.items() if n == nc),
        blocked_tl=sorted(key(c, lang) for (c, lang), n in by_cl.items() if n == nr),
        blocked_rtl=sorted(key(*cell) for cell in cells),
    )


@lru_cache(maxsize=1024)
def normalise_language(code: str) -> str:
    """The form grants store (lower-case standardised BCP 47), so offers and grants compare."""
    try:
        return validate_language(code)
    except ValidationError:
        return (code or "").strip().lower()


# --- the document --------------------------------------------------------------------------------


def _localized(obj: object, field: str, language: str) -> str:
    return normalize(getattr(obj, build_localized_fieldname(field, language), "") or "")


def _party_names(party: object) -> list[str]:
    names = [normalize(getattr(party, "original_name", "") or "")]
    names += [_localized(party, "name", code) for code in LANGUAGE_CODES]
    return [name for name in dict.fromkeys(names) if name]


def listing_document(
    listing: object,
    *,
    blocked: Iterable[Cell] = (),
    flags: Iterable[str] = (),
    consent: Iterable[Cell] = (),
    withheld: bool = False,
) -> dict[str, object]:
    """The index document of a listing; ``blocked``: the cells it can no longer sell today.

    ``listing`` is a Listing with ``work``, ``work.holder``, ``work.identifiers`` and
    ``work.creators`` (with ``party``) loaded; see ``indexing.listings_for_index``.
    """
    work = listing.work
    holder = work.holder
    doc: dict[str, object] = {}
    src: dict[str, str] = {}

    def put(name: str, raw: str) -> None:
        if not raw:
            return
        prepared = prepare(raw)
        doc[name] = prepared
        # Simplification cannot be undone from the indexed text; keep the author's characters
        # for display and highlighting (segmentation can: text.desegment).
        if to_simplified(raw) != raw:
            src[name] = raw

    for code in LANGUAGE_CODES:
        suffix = field_suffix(code)
        put(f"title_{suffix}", _localized(work, "title", code))
        put(f"headline_{suffix}", _localized(listing, "headline", code))
        body = "\n".join(
            text
            for text in (
                _localized(work, "synopsis", code),
                _localized(listing, "description", code),
            )
            if text
        )
        put(f"body_{suffix}", body)

    original_title = normalize(work.original_title)
    family = LANGUAGE_FAMILY.get(normalise_language(work.original_language), "latin")
    orig_field = {"zh": "orig_zh", "seg": "orig_seg"}.get(family, "orig_latin")
    put(orig_field, original_title)

    creators = [c.party for c in work.creators.all()]
    names: list[str] = []
    for party in (holder, *creators):
        names += [name for name in _party_names(party) if name not in names]
    doc["names"] = " ; ".join(prepare(name) for name in names)

    titles = [_localized(work, "title", code) for code in LANGUAGE_CODES] + [original_title]
    # Completion inputs stay unsegmented: a prefix typed in Thai is one whitespace token and
    # must match the start of one whitespace token.
    doc["suggest"] = {"input": [t for t in dict.fromkeys(to_simplified(t) for t in titles) if t]}

    languages = [normalise_language(code) for code in listing.languages]
    try:
        countries = expand(listing.territories, listing.excluded_territories or [])
    except ValidationError:
        # A code the territory table no longer knows must not keep the listing (and the
        # rest of its bulk chunk) out of the index; it just offers nothing until fixed.
        logger.warning("listing %s has unknown territories %s", listing.pk, listing.territories)
        countries = frozenset()
    avail = availability_fields(
        rights=listing.right_types, countries=countries, languages=languages, blocked=blocked
    )
    amount = listing_asking_amount(listing)
    usd = asking_usd(amount, listing.currency)
    published = listing.published_at or listing.created_at or dt.datetime.now(dt.UTC)

    doc.update(
        {
            "listing_id": listing.pk,
            "work_id": work.pk,
            "holder_id": holder.pk,
            "seller_id": listing.seller_id,
            "zone": listing.zone,
            "work_type": work.work_type,
            "exclusivity": listing.exclusivity,
            "holder_country": holder.country,
            "country_of_origin": work.country_of_origin,
            "original_language": normalise_language(work.original_language),
            "flags": sorted(set(flags)),
            "consent_rtl": sorted(key(*cell) for cell in consent),
            "withheld": withheld,
            "identifiers": sorted({i.value for i in work.identifiers.all()}),
            "right_types": sorted(listing.right_types),
            "languages": sorted(set(languages)),
            "territories": sorted(listing.territories),
            "currency": listing.currency,
            "price_band": price_band(usd),
            "price_usd": float(usd) if usd is not None else None,
            "published_at": published.isoformat(),
            **avail.as_dict(),
            "display": {
                "original_title": original_title,
                "holder": normalize(holder.original_name),
                "creators": [normalize(p.original_name) for p in creators],
                "price": {
                    "amount": str(amount) if amount is not None else None,
                    "currency": listing.currency,
                },
            },
            "src": src,
        }
    )
    return doc
