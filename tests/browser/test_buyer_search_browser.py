"""A buyer searches in Vietnamese and in Thai, filters a facet, opens a listing, shortlists it."""

from __future__ import annotations

import uuid

import pytest

from marketplace.listings.models import ShortlistItem
from marketplace.search import indexing
from marketplace.search.documents import index_alias
from tests.browser.accounts import browser_login
from tests.factories.catalog import make_party, make_user
from tests.marketplace.search.test_search import index, make_listing, make_work

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CASES = {
    "vi": {
        "query": "mat trang",
        "title": "Mặt trăng của bà ngoại",
        "titles": {"vi": "Mặt trăng của bà ngoại", "zh-hans": "外婆的月亮", "en": "Grandma's Moon"},
        "language": "vi",
        "territory": "VN",
    },
    "th": {
        "query": "ดวงจันทร์",
        "title": "ดวงจันทร์ของยาย",
        "titles": {"th": "ดวงจันทร์ของยาย", "zh-hans": "外婆的月亮船", "en": "Grandma's Moon Boat"},
        "language": "th",
        "territory": "TH",
    },
}


@pytest.fixture
def search_index(settings):
    settings.SEARCH_INDEX_PREFIX = f"{settings.SEARCH_INDEX_PREFIX}-{uuid.uuid4().hex[:8]}"
    indexing.ensure_index()
    yield index_alias()
    indexing.drop_indices()


@pytest.mark.parametrize("code", ["vi", "th"])
def test_buyer_finds_filters_opens_and_shortlists(live_server, page, artifacts, search_index, code):
    case = CASES[code]
    target = make_listing(
        make_work(titles=case["titles"], original_title="外婆的月亮" + code),
        rights=("translation", "audio"),
        territories=("ASEAN",),
        languages=(case["language"],),
    )
    other = make_listing(
        make_work(
            titles={"en": "Moon over the harbour", "vi": "Trăng trên cảng", "th": "จันทร์เหนือท่าเรือ"},
            original_title="港口之月",
        ),
        rights=("merchandising",),
        territories=("ASEAN",),
        languages=(case["language"],),
    )
    index(target, other)
    user = make_user(roles=["buyer"], language=code)
    make_party(country=case["territory"], name="Sao Mai Books", member=user)

    browser_login(page, live_server.url, user, lang=code)
    page.goto(f"{live_server.url}/{code}/search/")
    page.fill("input[name=q]", case["query"])
    page.press("input[name=q]", "Enter")
    page.wait_for_selector(".hit")
    # Filter the "right" facet to translation: the merchandising listing disappears.
    page.click('[data-facet="right"] a[data-key="translation"]')
    page.wait_for_selector('[data-facet="right"] a.selected')
    titles = page.locator(".hit h3").all_inner_texts()
    assert any(case["title"] in t for t in titles), titles
    assert len(titles) == 1, titles
    page.screenshot(path=str(artifacts / f"search-{code}.png"))
    page.click(".hit h3 a")
    page.wait_for_selector("#availability")
    page.click("button[name=shortlist]")
    page.wait_for_load_state("networkidle")
    assert ShortlistItem.objects.filter(user=user, listing=target).exists()
    page.goto(f"{live_server.url}/{code}/shortlist/")
    assert case["title"] in page.content() or "外婆的月亮" in page.content()
