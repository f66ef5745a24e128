"""A court user seizes a work in the court portal → a buyer no longer finds it, their open
offer shows "suspended", the availability API says seized; the court releases it → all back."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal
from pathlib import Path

import pytest

from catalog.registration.models import Application
from marketplace.deals import services as deals
from marketplace.listings import services as listings
from marketplace.search import indexing
from marketplace.search.connection import ensure_connection
from marketplace.search.documents import index_alias
from tests.browser.accounts import browser_login
from tests.factories.catalog import make_party, make_user
from tests.factories.pledges import registered_work
from tests.marketplace.deals.test_deals import LATER, make_terms
from tests.mfa import enrol_totp

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
TITLE = "Lantern Harbour Chronicle"
TODAY = dt.date.today()


@pytest.fixture
def search_index(settings):
    settings.SEARCH_INDEX_PREFIX = f"{settings.SEARCH_INDEX_PREFIX}-{uuid.uuid4().hex[:8]}"
    indexing.ensure_index()
    yield index_alias()
    indexing.drop_indices()


class World:
    """A seller's registered, listed work; a buyer with an open offer on it; a court."""

    def __init__(self) -> None:
        self.seller_user = make_user(roles=["rights_holder"], language="en")
        self.seller = make_party(country="CN", name="Green Grass Press", member=self.seller_user)
        self.buyer_user = make_user(roles=["buyer"], language="en")
        self.buyer = make_party(country="VN", name="Sao Mai Books", member=self.buyer_user)
        self.court_user = make_user(roles=["court"], language="en")
        enrol_totp(self.court_user)  # the court role needs a second factor
        self.court = make_party(
            country="CN", name="Beijing Internet Court", category="court", member=self.court_user
        )
        self.work = registered_work(
            self.seller_user, self.seller, titles={"en": TITLE}, original_title="灯笼港纪事"
        )
        self.number = Application.objects.get(work=self.work).number
        listing = listings.listing_create(
            work=self.work,
            user=self.seller_user,
            data=listings.ListingInput(
                right_types=["translation"],
                territories=["ASEAN"],
                languages=["vi"],
                currency="USD",
                advance=Decimal("3000"),
                royalty_rate=Decimal("8"),
                headlines={"en": TITLE},
            ),
        )
        self.listing = listings.listing_publish(listing=listing, user=self.seller_user)
        self.thread = deals.thread_open(
            user=self.buyer_user, party=self.buyer, listing=self.listing
        )
        self.offer = deals.offer_make(
            thread=self.thread,
            user=self.buyer_user,
            party=self.buyer,
            terms=make_terms(),
            valid_until=LATER,
        )


def _page(browser, base: str, user):
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    browser_login(page, base, user)
    return context, page


def _found(page, base: str) -> bool:
    ensure_connection().indices.refresh(index=index_alias())
    page.goto(f"{base}/en/search/?q={TITLE.replace(' ', '+')}")
    page.wait_for_load_state()
    return any(TITLE in text for text in page.locator(".hit h3").all_inner_texts())


def _offer_status(page, base: str, world: World) -> str:
    page.goto(f"{base}/en/deals/{world.thread.pk}/")
    offer = page.locator(f'[data-testid="offer-version"][data-version="{world.offer.version}"]')
    return f"{offer.get_attribute('data-status')} {offer.locator('h3 .tag').inner_text()}"


def _api(page, base: str, world: World) -> dict:
    query = (
        f"work={world.work.pk}&right=translation&territory=VN&language=vi"
        f"&from={TODAY.isoformat()}&to={(TODAY + dt.timedelta(days=30)).isoformat()}"
    )
    response = page.request.get(f"{base}/api/v1/availability?{query}")
    assert response.ok, response.text()
    return response.json()


def test_a_court_seizes_a_work_everywhere_and_releases_it(
    live_server, browser, artifacts, search_index, celery_eager, tmp_path
):
    world = World()
    indexing.index_listing_ids([world.listing.pk])
    base = live_server.url
    buyer_context, buyer = _page(browser, base, world.buyer_user)
    court_context, court = _page(browser, base, world.court_user)
    try:
        assert _found(buyer, base)
        assert _offer_status(buyer, base, world).startswith("open")
        assert _api(buyer, base, world)["available"] is True

        # The court portal: the home page leads there; record the order.
        court.goto(f"{base}/en/")
        assert court.url.endswith("/en/pledges/seizures/")
        court.click("text=Record a seizure order")
        court.select_option("select[name=court]", label="Beijing Internet Court")
        court.fill("input[name=case_number]", "(2026)京0491民初2026号")
        court.fill("textarea[name=works]", world.number)
        court.fill("input[name=starts_on]", TODAY.isoformat())
        order = Path(tmp_path) / "order.pdf"
        order.write_bytes(b"%PDF-1.4\n% ruling\n%%EOF\n")
        court.set_input_files("input[name=document]", str(order))
        court.click("main form button[type=submit]")
        court.wait_for_selector('[data-testid="seizure-in-force"]')
        court.screenshot(path=str(artifacts / "seizure-in-force.png"))

        assert not _found(buyer, base)
        status = _offer_status(buyer, base, world)
        assert status.startswith("suspended") and "Suspended" in status
        body = _api(buyer, base, world)
        assert body["available"] is False
        assert "seized" in {c.get("conflict") for c in body["conflicts"]}, body
        buyer.screenshot(path=str(artifacts / "seizure-offer-suspended.png"))

        # Release: everything comes back.
        court.click('[data-testid="seizure-release"]')
        court.wait_for_load_state()
        assert court.locator('[data-testid="seizure-status"]').inner_text() == "Released"
        assert _found(buyer, base)
        assert _offer_status(buyer, base, world).startswith("open")
        assert _api(buyer, base, world)["available"] is True
    finally:
        buyer_context.close()
        court_context.close()
