"""Listing search against the real engine (osmem-server here, Elasticsearch 8 where configured).

Run: .venv/bin/python -m pytest tests/marketplace/search/test_search.py
"""

from __future__ import annotations

import datetime as dt
import itertools
import json
import threading
import time
import uuid
from decimal import Decimal
from io import StringIO

import pytest
from celery import current_app
from celery.exceptions import Retry
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone
from hypothesis import given
from hypothesis import settings as hsettings
from hypothesis import strategies as st
from modeltranslation.utils import build_localized_fieldname

from catalog.services import WorkInput, work_create
from catalog.territories import ASEAN, all_countries, expand
from licensing.services import grant_write
from marketplace.listings.models import Listing, ListingStatus
from marketplace.search import indexing, tasks
from marketplace.search.connection import ensure_connection, reset_client
from marketplace.search.documents import (
    LANGUAGE_FAMILY,
    availability_fields,
    field_suffix,
    index_alias,
    key,
)
from marketplace.search.management.commands import search as search_command
from marketplace.search.management.commands import search_index as search_index_command
from marketplace.search.query import (
    InvalidSearch,
    SearchUnavailable,
    autocomplete,
    render_highlight,
    search_listings,
)
from marketplace.search.text import SEPARATOR, desegment, normalize, prepare, segment
from tests.factories.catalog import make_party
from tests.factories.rightsin import acquire_rights

TODAY = dt.date.today()


# --- helpers -------------------------------------------------------------------------------------


def make_work(
    *,
    titles: dict[str, str],
    original_title: str | None = None,
    original_language: str = "zh-hans",
    synopses: dict[str, str] | None = None,
    identifiers: list[tuple[str, str]] | None = None,
    holder_country: str = "CN",
    work_type: str = "literary",
):
    holder = make_party(country=holder_country)
    work = work_create(
        holder=holder,
        data=WorkInput(
            work_type=work_type,
            original_title=original_title or next(iter(titles.values())),
            original_language=original_language,
            country_of_origin=holder_country,
            titles=titles,
            synopses=synopses or {},
            identifiers=identifiers or [],
        ),
    )
    acquire_rights(work)  # the publisher's author contract: what it lists and grants
    return work


def make_listing(
    work,
    *,
    rights=("translation",),
    territories=("VN",),
    languages=("vi",),
    zone="books",
    headlines: dict[str, str] | None = None,
    advance=None,
    currency="USD",
    status=ListingStatus.PUBLISHED,
    excluded=(),
    **extra,
):
    fields = {
        build_localized_fieldname("headline", code): text
        for code, text in (headlines or {"en": f"Rights in {work.original_title}"}).items()
    }
    return Listing.objects.create(
        work=work,
        seller=work.holder,
        zone=zone,
        right_types=list(rights),
        territories=list(territories),
        excluded_territories=list(excluded),
        languages=list(languages),
        currency=currency,
        advance=Decimal(advance) if advance is not None else None,
        status=status,
        published_at=timezone.now() if status == ListingStatus.PUBLISHED else None,
        **fields,
        **extra,
    )


def index(*listings: Listing) -> None:
    indexing.index_listing_ids([listing.pk for listing in listings])
    ensure_connection().indices.refresh(index=index_alias())


def ids(result) -> list[int]:
    return [hit.listing_id for hit in result.hits]


def facet(result, name) -> dict[str, int]:
    return {bucket.key: bucket.count for bucket in result.facets[name]}


@pytest.fixture
def search_index(db, settings):
    """A fresh, empty index under a prefix unique to this test; dropped afterwards."""
    settings.SEARCH_INDEX_PREFIX = f"{settings.SEARCH_INDEX_PREFIX}-{uuid.uuid4().hex[:8]}"
    indexing.ensure_index()
    yield index_alias()
    indexing.drop_indices()


@pytest.fixture
def eager_tasks():
    conf = current_app.conf
    previous = conf.task_always_eager
    conf.task_always_eager = True
    yield
    conf.task_always_eager = previous


# --- text preparation ----------------------------------------------------------------------------

SEA_TEXT = st.text(
    alphabet=st.sampled_from(list("สวัสดีครับหนังสือนิยาย ຂ້ອຍມັກອ່ານປຶ້ມ ខ្ញុំចូលចិត្តអាន ကျွန်တော်စာအုပ် abc 三體,.")),
    max_size=60,
)


@given(SEA_TEXT)
@hsettings(max_examples=200, deadline=None)
def test_segmentation_is_reversible(text):
    prepared = segment(normalize(text))
    assert desegment(prepared) == normalize(text)


def test_segmentation_splits_thai_lao_khmer_burmese():
    assert prepare("สวัสดีครับ").split(SEPARATOR) == ["สวัสดี", "ครับ"]
    assert "ປຶ້ມ" in prepare("ຂ້ອຍມັກອ່ານປຶ້ມ").split(SEPARATOR)
    assert "សៀវភៅ" in prepare("ខ្ញុំចូលចិត្តអានសៀវភៅ").split(SEPARATOR)
    assert "စာအုပ်" in prepare("ကျွန်တော်စာအုပ်ဖတ်").split(SEPARATOR)
    assert prepare("三體問題") == "三体问题"


CELLS = st.tuples(
    st.sampled_from(["translation", "audio", "ebook"]),
    st.sampled_from(["VN", "TH", "CN", "MY"]),
    st.sampled_from(["vi", "th", "en"]),
)


@given(
    rights=st.sets(st.sampled_from(["translation", "audio", "ebook"]), min_size=1),
    countries=st.sets(st.sampled_from(["VN", "TH", "CN", "MY"]), min_size=1),
    languages=st.sets(st.sampled_from(["vi", "th", "en"]), min_size=1),
    blocked=st.sets(CELLS, max_size=20),
)
@hsettings(max_examples=300, deadline=None)
def test_availability_fields_match_cell_algebra(rights, countries, languages, blocked):
    fields = availability_fields(
        rights=rights, countries=countries, languages=languages, blocked=blocked
    )
    cells = {(r, c, lang) for r in rights for c in countries for lang in languages} - set(blocked)
    for r, c, lang in itertools.product(
        ["translation", "audio", "ebook"], ["VN", "TH", "CN", "MY"], ["vi", "th", "en"]
    ):
        assert fields.available(r, c, lang) == ((r, c, lang) in cells)
        # Pair keys: blocked exactly when the pair is offered and no cell of it is available.
        offered_rt = r in rights and c in countries
        assert (key(r, c) in fields.blocked_rt) == (
            offered_rt and not any((r, c, x) in cells for x in languages)
        )
    assert set(fields.avail_right) == {r for r, _, _ in cells}
    assert set(fields.avail_territory) == {c for _, c, _ in cells}
    assert set(fields.avail_language) == {lang for _, _, lang in cells}


# --- the index behaves the same on osmem and Elasticsearch ---------------------------------------


PROBE = {
    "zh": "三體問題：地球往事 刘慈欣",
    "seg_th": "สวัสดีครับ ผมชอบอ่านหนังสือนิยาย",
    "seg_lo": "ຂ້ອຍມັກອ່ານປຶ້ມນິທານ",
    "seg_km": "ខ្ញុំចូលចិត្តអានសៀវភៅ",
    "seg_my": "ကျွန်တော်စာအုပ်ဖတ်ရတာကြိုက်တယ်",
    "vi": "Tiếng Việt đặc biệt",
    "en": "The Novels of Harry Potter's friends",
    "latin": "Buku cerita rakyat Melayu",
}


def test_indexed_terms_equal_analyze_for_every_text_field(search_index):
    """The parity guard of docs/search-engine-notes.md §3.5: osmem silently ignores some
    analysis features; a field whose indexed terms differ from ``_analyze`` is such a case."""
    client = ensure_connection()
    mapping = client.indices.get_mapping(index=search_index).body
    properties = next(iter(mapping.values()))["mappings"]["properties"]
    doc, fields = {}, []
    for name, spec in properties.items():
        if spec.get("type") != "text":
            continue
        code = next((c for c in LANGUAGE_FAMILY if name.endswith("_" + field_suffix(c))), None)
        family = (
            LANGUAGE_FAMILY.get(code)
            if code
            else {"orig_zh": "zh", "orig_seg": "seg"}.get(name, "latin")
        )
        if name == "names":
            # Standard-tokenizer sub-fields are for Latin and Han; Thai goes to names.seg.
            text = PROBE["en"] + " " + PROBE["zh"]
        elif family == "seg":
            text = PROBE[f"seg_{code}"] if code else PROBE["seg_th"]
        else:
            text = PROBE.get(family, PROBE["latin"])
        doc[name] = prepare(text)
        fields += [name, *(f"{name}.{sub}" for sub in spec.get("fields", {}))]
    client.index(index=search_index, id="probe", document=doc, refresh=True)
    for name in fields:
        vectors = client.termvectors(index=search_index, id="probe", fields=[name])
        indexed = set(vectors["term_vectors"].get(name, {}).get("terms", {}))
        analysed = client.indices.analyze(
            index=search_index, field=name, text=doc[name.split(".")[0]]
        )
        assert indexed == {t["token"] for t in analysed["tokens"]}, name
        assert indexed, name
        nonsense = client.search(index=search_index, query={"match": {name: "zzqqxxw"}})
        assert nonsense["hits"]["total"]["value"] == 0, name


# --- acceptance: finding things ------------------------------------------------------------------


def test_traditional_chinese_query_finds_simplified_title(search_index):
    work = make_work(titles={"zh-hans": "三体问题", "en": "The Three-Body Problem"})
    other = make_work(titles={"zh-hans": "长河落日", "en": "Sunset"})
    listing, _ = make_listing(work), make_listing(other)
    index(listing, _)
    result = search_listings(q="三體問題", lang="zh-hant")
    assert ids(result) == [listing.pk]
    assert "<mark>" in result.hits[0].highlights["title"]
    # One character: the unigram sub-field answers where bigrams cannot.
    assert listing.pk in ids(search_listings(q="體", lang="zh-hant"))


def test_traditional_title_is_shown_in_its_own_script(search_index):
    work = make_work(titles={"zh-hant": "臺灣民間故事集"}, original_language="zh-hant")
    listing = make_listing(work)
    index(listing)
    result = search_listings(q="台湾民间故事", lang="zh-hant")
    assert ids(result) == [listing.pk]
    assert result.hits[0].title == "臺灣民間故事集"
    assert "臺灣" in result.hits[0].highlights["title"]


def test_thai_query_finds_a_word_inside_an_unsegmented_synopsis(search_index):
    work = make_work(
        titles={"th": "ตำนานแม่น้ำโขง", "en": "Legend of the Mekong"},
        synopses={"th": "เรื่องราวของครอบครัวชาวประมงที่อาศัยอยู่ริมแม่น้ำและหนังสือนิยายเล่มนี้ได้รับรางวัล"},
        original_language="th",
        holder_country="TH",
    )
    decoy = make_work(
        titles={"th": "สวนดอกไม้", "en": "Flower garden"},
        original_language="th",
        holder_country="TH",
    )
    listing, other = make_listing(work), make_listing(decoy)
    index(listing, other)
    result = search_listings(q="ชาวประมง", lang="th")
    assert ids(result) == [listing.pk]
    body = result.hits[0].highlights["body"]
    assert "<mark>ชาวประมง</mark>" in body and SEPARATOR not in body
    assert ids(search_listings(q="รางวัล", lang="en")) == [listing.pk]


def test_vietnamese_query_without_diacritics_finds_accented_title(search_index):
    work = make_work(
        titles={"vi": "Truyện cổ tích Việt Nam", "en": "Vietnamese folk tales"},
        original_language="vi",
        holder_country="VN",
    )
    near = make_work(
        titles={"vi": "Tuyển tập thơ", "en": "Poems"}, original_language="vi", holder_country="VN"
    )
    listing, other = make_listing(work), make_listing(near)
    index(listing, other)
    assert ids(search_listings(q="truyen co tich", lang="vi")) == [listing.pk]
    assert ids(search_listings(q="Truyện cổ tích", lang="vi")) == [listing.pk]


def test_fuzzy_latin_query(search_index):
    work = make_work(titles={"en": "Harry Potter and the River Spirit"}, original_language="en")
    listing = make_listing(work)
    index(listing)
    assert ids(search_listings(q="hary poter", lang="en")) == [listing.pk]


def test_isbn_finds_its_book_first(search_index):
    book = make_work(titles={"en": "Mekong Stories"}, identifiers=[("isbn", "978-0-306-40615-7")])
    # A title that shares the digits and words scores high on text; the identifier must win.
    decoy = make_work(titles={"en": "Mekong Stories 9780306406157 edition"})
    book_listing, decoy_listing = make_listing(book), make_listing(decoy)
    index(book_listing, decoy_listing)
    for typed in ("978-0-306-40615-7", "9780306406157", "0-306-40615-2"):
        assert ids(search_listings(q=typed))[0] == book_listing.pk, typed


def test_buyer_language_is_boosted(search_index):
    vi_work = make_work(titles={"vi": "Hoa sen", "en": "Lotus garden"})
    en_work = make_work(titles={"en": "Hoa sen"})
    vi_listing, en_listing = make_listing(vi_work), make_listing(en_work)
    index(vi_listing, en_listing)
    assert ids(search_listings(q="hoa sen", lang="vi"))[0] == vi_listing.pk
    assert ids(search_listings(q="hoa sen", lang="en"))[0] == en_listing.pk


def test_autocomplete_in_thai_traditional_chinese_and_latin(search_index):
    thai = make_listing(make_work(titles={"th": "หนังสือนิทานพื้นบ้าน"}, original_language="th"))
    chinese = make_listing(
        make_work(titles={"zh-hant": "臺灣民間故事"}, original_language="zh-hant")
    )
    latin = make_listing(make_work(titles={"en": "Harry Potter"}, original_language="en"))
    index(thai, chinese, latin)
    assert [(s.text, s.listing_id) for s in autocomplete(prefix="หนังสือนิ", lang="th")] == [
        ("หนังสือนิทานพื้นบ้าน", thai.pk)
    ]
    assert [s.text for s in autocomplete(prefix="台湾民", lang="zh-hant")] == ["臺灣民間故事"]
    assert [s.listing_id for s in autocomplete(prefix="harr", lang="en")] == [latin.pk]
    assert search_listings(q="harr", suggest=True).suggestions[0].listing_id == latin.pk
    # Nothing found: the page gets completions without asking.
    nothing = search_listings(q="harry pottq")
    assert nothing.total == 0 and nothing.suggestions[0].listing_id == latin.pk


def test_sort_pagination_and_stable_total(search_index):
    listings = []
    for n in range(7):
        work = make_work(titles={"en": f"River book {n}"}, original_language="en")
        listings.append(make_listing(work, advance=1000 * (n + 1)))
    index(*listings)
    pages = [search_listings(q="river", sort="price", page=p, per_page=3) for p in (1, 2, 3)]
    assert {page.total for page in pages} == {7}
    assert [pk for page in pages for pk in ids(page)] == [listing.pk for listing in listings]
    assert ids(search_listings(sort="price_desc", per_page=2)) == [listings[6].pk, listings[5].pk]
    newest = search_listings(sort="newest", per_page=10)
    assert ids(newest) == sorted(ids(newest), reverse=True)
    with pytest.raises(InvalidSearch):
        search_listings(sort="cheapest")
    with pytest.raises(InvalidSearch):
        search_listings(filters={"colour": "red"})


# --- facets --------------------------------------------------------------------------------------


@pytest.fixture
def facet_listings(search_index):
    """Listings across zones, holders and availability, with one exclusive grant."""
    vn_holder_work = make_work(titles={"en": "Alpha"}, holder_country="VN", original_language="vi")
    cn_work = make_work(titles={"en": "Beta"}, holder_country="CN")
    th_work = make_work(titles={"en": "Gamma"}, holder_country="TH", original_language="th")
    listings = [
        make_listing(
            vn_holder_work,
            rights=["translation", "audio"],
            territories=["ASEAN"],
            languages=["vi", "th"],
            advance=500,
        ),
        make_listing(
            cn_work,
            rights=["translation"],
            territories=["VN", "TH"],
            languages=["vi"],
            zone="comics",
            advance=8000,
            currency="USD",
        ),
        make_listing(
            th_work,
            rights=["audio"],
            territories=["WORLD"],
            languages=["en", "th"],
            zone="music",
            advance=None,
        ),
        make_listing(
            cn_work,
            rights=["translation", "ebook"],
            territories=["GREATER_CHINA", "VN"],
            languages=["zh-hant", "vi"],
            advance=50_000,
        ),
    ]
    licensee = make_party(country="VN")
    grant_write(
        work=cn_work,
        licensee=licensee,
        right_type="translation",
        territories=["VN"],
        languages=["vi"],
        start=TODAY - dt.timedelta(days=1),
        end=TODAY + dt.timedelta(days=365),
        exclusive=True,
    )
    index(*listings)
    return listings


def brute_force(listings, filters, dimension=None):
    """Expected hits (or facet counts of ``dimension``) computed from the database rows."""
    from licensing.availability import exclusive_cells

    blocked = exclusive_cells({x.work_id for x in listings}, on=TODAY)

    def cells(listing):
        countries = expand(listing.territories, listing.excluded_territories)
        return {
            (r, c, lang)
            for r in listing.right_types
            for c in countries
            for lang in listing.languages
        } - blocked.get(listing.work_id, set())

    def simple(listing, name):
        if name == "zone":
            return {listing.zone}
        if name == "holder_country":
            return {listing.work.holder.country}
        raise AssertionError(name)

    def matches(listing, active):
        for name in ("zone", "holder_country"):
            if name in active and not simple(listing, name) & set(active[name]):
                return False
        sel = [active.get(d) for d in ("right", "territory", "language")]
        if any(sel):
            return any(
                all(s is None or v in s for s, v in zip(sel, cell, strict=True))
                for cell in cells(listing)
            )
        return True

    if dimension is None:
        return sorted(x.pk for x in listings if matches(x, filters))
    others = {k: v for k, v in filters.items() if k != dimension}
    counts: dict[str, int] = {}
    for listing in listings:
        if not matches(listing, others):
            continue
        if dimension in ("zone", "holder_country"):
            values = simple(listing, dimension)
        else:
            position = ("right", "territory", "language").index(dimension)
            sel = [others.get(d) for d in ("right", "territory", "language")]
            values = {
                cell[position]
                for cell in cells(listing)
                if all(
                    s is None or v in s
                    for i, (s, v) in enumerate(zip(sel, cell, strict=True))
                    if i != position
                )
            }
        for value in values:
            counts[value] = counts.get(value, 0) + 1
    return counts


FILTER_CASES = [
    {},
    {"right": ["translation"]},
    {"territory": ["VN"]},
    {"right": ["translation"], "territory": ["VN"]},
    {"right": ["translation"], "territory": ["VN"], "language": ["vi"]},
    {"territory": ["VN"], "language": ["vi"]},
    {"right": ["translation"], "language": ["vi", "th"]},
    {"right": ["translation", "audio"], "territory": ["VN", "TH"], "language": ["vi"]},
    {"zone": ["books", "comics"], "territory": ["TH"]},
    {"holder_country": ["CN"], "language": ["zh-hant"]},
]


@pytest.mark.parametrize("filters", FILTER_CASES, ids=lambda f: json.dumps(f) or "none")
def test_hits_and_facets_count_correctly(facet_listings, filters):
    result = search_listings(filters=filters, per_page=50)
    assert sorted(ids(result)) == brute_force(facet_listings, filters)
    assert result.total == len(result.hits)
    for name in ("zone", "holder_country", "right", "territory", "language"):
        expected = brute_force(facet_listings, filters, dimension=name)
        counted = {k: n for k, n in facet(result, name).items() if n}
        assert counted == expected, name
    bands = facet(search_listings(), "price_band")
    assert bands == {"under_1k": 1, "5k_20k": 1, "20k_100k": 1, "on_request": 1}


def test_territory_groups_filter_as_their_countries(facet_listings):
    by_group = search_listings(filters={"territory": "ASEAN", "right": "audio"})
    by_countries = search_listings(filters={"territory": sorted(ASEAN), "right": "audio"})
    assert ids(by_group) == ids(by_countries) and by_group.total == 2
    # WORLD means "anywhere": no territory condition at all.
    assert search_listings(filters={"territory": "WORLD"}).total == 4


# --- availability follows grants -----------------------------------------------------------------


def test_availability_facet_changes_after_grant(
    search_index, eager_tasks, django_capture_on_commit_callbacks
):
    work = make_work(titles={"zh-hans": "长河落日", "en": "Sunset over the River"})
    listing = make_listing(
        work, rights=["translation", "audio"], territories=["VN", "TH"], languages=["vi", "th"]
    )
    index(listing)
    wanted = {"right": "translation", "territory": "VN", "language": "vi"}
    assert ids(search_listings(filters=wanted)) == [listing.pk]
    assert facet(
        search_listings(filters={"right": "translation", "language": "vi"}), "territory"
    ) == {"VN": 1, "TH": 1}

    tasks.connect_events()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        grant_write(
            work=work,
            licensee=make_party(country="VN"),
            right_type="translation",
            territories=["VN"],
            languages=["vi"],
            start=TODAY,
            end=TODAY + dt.timedelta(days=700),
            exclusive=True,
        )
    assert callbacks, "the grant must enqueue the index update on commit"
    ensure_connection().indices.refresh(index=index_alias())

    assert search_listings(filters=wanted).total == 0
    # Everything else about the listing is still on offer.
    assert ids(search_listings(filters={**wanted, "language": "th"})) == [listing.pk]
    assert ids(search_listings(filters={**wanted, "right": "audio"})) == [listing.pk]
    assert facet(
        search_listings(filters={"right": "translation", "language": "vi"}), "territory"
    ) == {"TH": 1}
    assert facet(search_listings(filters={"territory": "VN", "language": "vi"}), "right") == {
        "audio": 1
    }


def test_index_task_is_enqueued_on_commit_and_removes_unpublished(
    search_index, eager_tasks, django_capture_on_commit_callbacks
):
    work = make_work(titles={"en": "Paper lanterns"}, original_language="en")
    listing = make_listing(work)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        transaction.on_commit(lambda: tasks.index_listings.delay([listing.pk]))
    assert len(callbacks) == 1
    ensure_connection().indices.refresh(index=index_alias())
    assert ids(search_listings(q="lanterns")) == [listing.pk]

    Listing.objects.filter(pk=listing.pk).update(status=ListingStatus.WITHDRAWN)
    tasks.index_listings([listing.pk])
    tasks.index_listings([listing.pk])  # idempotent
    ensure_connection().indices.refresh(index=index_alias())
    assert search_listings(q="lanterns").total == 0


def test_an_older_write_cannot_overwrite_a_newer_one(search_index):
    work = make_work(titles={"en": "Versioned"}, original_language="en")
    listing = make_listing(work)
    client = ensure_connection()
    doc = indexing.documents_for(list(indexing.listings_for_index([listing.pk])))[0]
    indexing._bulk(client, indexing._actions([index_alias()], [doc], (), 2_000))
    stale = {**doc, "title_en": "stale"}
    indexing._bulk(client, indexing._actions([index_alias()], [stale], (), 1_000))
    assert client.get(index=index_alias(), id=str(listing.pk))["_source"]["title_en"] == "Versioned"


# --- rebuild, check, commands --------------------------------------------------------------------


def test_rebuild_swaps_alias_while_search_keeps_answering(search_index):
    for n in range(30):
        make_listing(make_work(titles={"en": f"Lotus {n}"}, original_language="en"))
    indexing.rebuild_index()
    first = ensure_connection().indices.get_alias(name=index_alias()).body
    stop = threading.Event()
    answers: list[int] = []
    errors: list[Exception] = []

    def keep_searching():
        while not stop.is_set():
            try:
                answers.append(search_listings(q="lotus").total)
            except Exception as exc:
                errors.append(exc)

    searcher = threading.Thread(target=keep_searching)
    searcher.start()
    try:
        for _ in range(2):
            report = indexing.rebuild_index(chunk_size=7)
            assert report.documents == 30
    finally:
        stop.set()
        searcher.join(30)
    assert not errors, errors[:3]
    assert answers and set(answers) == {30}
    aliases = ensure_connection().indices.get_alias(name=index_alias()).body
    assert list(aliases) == [report.index] and report.index not in first
    # The replaced indices are gone; only the live one remains.
    assert indexing.drop_indices() == [report.index]
    indexing.ensure_index()


def test_writes_during_a_rebuild_reach_the_new_index(search_index):
    listing = make_listing(make_work(titles={"en": "Before"}, original_language="en"))
    client = ensure_connection()
    seen = []

    def during_rebuild(_n):
        if not seen:  # first chunk written: a listing changes meanwhile
            Listing.objects.filter(pk=listing.pk).update(
                **{build_localized_fieldname("headline", "en"): "Changed during rebuild"}
            )
            indexing.index_listing_ids([listing.pk])
            seen.append(True)

    indexing.rebuild_index(progress=during_rebuild)
    client.indices.refresh(index=index_alias())
    assert ids(search_listings(q="changed during rebuild")) == [listing.pk]


def test_check_command_compares_with_database(search_index):
    listing = make_listing(make_work(titles={"en": "Checked"}, original_language="en"))
    out = StringIO()
    with pytest.raises(Exception, match="differs"):
        call_command(search_index_command.Command(), "--check", "--json", stdout=out)
    assert json.loads(out.getvalue())["missing"] == [listing.pk]
    out = StringIO()
    call_command(search_index_command.Command(), "--rebuild", "--json", stdout=out)
    assert json.loads(out.getvalue())["documents"] == 1
    out = StringIO()
    call_command(search_index_command.Command(), "--check", "--json", stdout=out)
    assert json.loads(out.getvalue()) | {"index": None} == {
        "index": None,
        "database": 1,
        "indexed": 1,
        "missing": [],
        "extra": [],
        "ok": True,
    }


def test_search_command_prints_results_and_facets_as_json(facet_listings):
    out = StringIO()
    call_command(
        search_command.Command(),
        "Beta",
        "--lang",
        "vi",
        "--filter",
        "territory=TH",
        "--filter",
        "right=translation",
        "--json",
        stdout=out,
    )
    data = json.loads(out.getvalue())
    assert [hit["listing_id"] for hit in data["hits"]] == [facet_listings[1].pk]
    assert data["total"] == 1 and data["filters"] == {"territory": ["TH"], "right": ["translation"]}
    assert {b["key"]: b["count"] for b in data["facets"]["zone"]} == {"comics": 1}


# --- engine down ---------------------------------------------------------------------------------


@pytest.fixture
def engine_down(settings):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # discard port: nothing listens
    reset_client()
    yield
    reset_client()


def test_engine_down_search_says_so_and_writes_still_succeed(
    db, engine_down, eager_tasks, django_capture_on_commit_callbacks
):
    started = time.monotonic()
    with pytest.raises(SearchUnavailable):
        search_listings(q="anything")
    with pytest.raises(SearchUnavailable):
        autocomplete(prefix="any")
    assert time.monotonic() - started < 5
    work = make_work(titles={"en": "Written while search is down"}, original_language="en")
    results = []
    with django_capture_on_commit_callbacks(execute=True):
        listing = make_listing(work)
        transaction.on_commit(lambda: results.append(tasks.index_listings.delay([listing.pk])))
    assert Listing.objects.filter(pk=listing.pk).exists()
    assert results[0].get() == 0  # run inline: logged, not raised into the writer
    with pytest.raises(SearchUnavailable):
        indexing.index_listing_ids([listing.pk])  # what a worker retries on


def test_index_task_asks_for_a_retry_when_engine_is_down(db, engine_down):
    work = make_work(titles={"en": "Retry me"}, original_language="en")
    listing = make_listing(work)
    # As a worker runs it (not eagerly): the task must hand the failure to Celery's retry.
    tasks.index_listings.push_request(
        is_eager=False, called_directly=False, retries=0, args=[[listing.pk]], kwargs={}
    )
    try:
        with pytest.raises(Retry):
            tasks.index_listings.run([listing.pk])
    finally:
        tasks.index_listings.pop_request()


def test_highlight_rendering_escapes_and_undoes_segmentation():
    tagged = f"<b>สวัสดี{SEPARATOR}\ue000ครับ\ue001</b>"
    html = render_highlight(tagged)
    assert html == "&lt;b&gt;สวัสดี<mark>ครับ</mark>&lt;/b&gt;"
    long = "x" * 400 + "\ue000hit\ue001" + "y" * 400
    assert "<mark>hit</mark>" in render_highlight(long) and len(render_highlight(long)) < 250


def test_all_countries_fit_in_a_world_listing_document(search_index):
    work = make_work(titles={"en": "World rights"}, original_language="en")
    listing = make_listing(
        work,
        rights=["translation", "audio", "ebook"],
        territories=["WORLD"],
        languages=list(LANGUAGE_FAMILY),
    )
    index(listing)
    doc = ensure_connection().get(index=index_alias(), id=str(listing.pk))["_source"]
    assert len(all_countries()) == len(
        search_listings(filters={"right": "ebook"}).facets["territory"]
    )
    assert "offer_territory" in doc and "blocked_rtl" in doc
    assert sum(len(v) for k, v in doc.items() if k.startswith(("offer_", "avail_"))) < 600


def test_daily_refresh_picks_up_grants_that_start_today(search_index, eager_tasks):
    work = make_work(titles={"en": "Starts today"}, original_language="en")
    listing = make_listing(work, rights=["audio"], territories=["TH"], languages=["th"])
    grant_write(
        work=work,
        licensee=make_party(country="TH"),
        right_type="audio",
        territories=["TH"],
        languages=["th"],
        start=TODAY,
        end=TODAY + dt.timedelta(days=30),
        exclusive=True,
    )
    # No event handler connected here: only the daily task brings the grant to the index.
    assert tasks.refresh_availability.delay().get() == 1
    ensure_connection().indices.refresh(index=index_alias())
    assert search_listings(filters={"right": "audio", "territory": "TH"}).total == 0
    assert ids(search_listings(q="starts today")) == [listing.pk]


def test_status_flags_are_indexed_and_filterable(search_index):
    work = make_work(titles={"en": "Flagged"}, original_language="en")
    listing = make_listing(work)
    docs = indexing.documents_for([indexing.listings_for_index([listing.pk]).get()])
    client = ensure_connection()
    indexing._bulk(
        client, indexing._actions([index_alias()], [{**docs[0], "flags": ["seized"]}], (), 1)
    )
    client.indices.refresh(index=index_alias())
    assert ids(search_listings(filters={"flag": "seized"})) == [listing.pk]
    assert search_listings(filters={"flag": "registered"}).total == 0
