"""Buyer and seller negotiate in the browser: inquiry → offer → two counter-offers → accept →
contract draft → both sign → active; search availability and the verify page show the grant."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest

from licensing.contracts.models import Contract
from marketplace.deals.models import Offer, Thread
from marketplace.search import indexing
from marketplace.search.documents import index_alias
from marketplace.search.query import search_listings
from tests.browser.accounts import browser_login
from tests.factories.catalog import make_party, make_user
from tests.marketplace.deals.test_deals import published_listing, registered_work
from tests.marketplace.search.test_search import index
from tests.mfa import enrol_totp

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PASSWORD = "pw-Strong-2026"
CELL = {"right": ["translation"], "territory": ["VN"], "language": ["vi"]}


@pytest.fixture
def search_index(settings):
    settings.SEARCH_INDEX_PREFIX = f"{settings.SEARCH_INDEX_PREFIX}-{uuid.uuid4().hex[:8]}"
    indexing.ensure_index()
    yield index_alias()
    indexing.drop_indices()


class Parties:
    """A seller and a buyer (English-speaking users) and a published, registered listing."""

    def __init__(self) -> None:
        self.seller_user = make_user(roles=["rights_holder"], language="en")
        self.seller = make_party(country="CN", name="Green Grass Press", member=self.seller_user)
        self.buyer_user = make_user(roles=["buyer"], language="en")
        # Both sign the contract: signing needs a second factor (catalog.kernel.mfa).
        enrol_totp(self.seller_user)
        enrol_totp(self.buyer_user)
        self.buyer = make_party(country="VN", name="Sao Mai Books", member=self.buyer_user)
        self.work = registered_work(self.seller_user, self.seller)
        self.listing = published_listing(
            self.seller_user, self.work, territories=["ASEAN"], languages=["vi", "th"]
        )


def _login(browser, base: str, user):
    context = browser.new_context(viewport={"width": 1280, "height": 1000})
    page = context.new_page()
    browser_login(page, base, user, password=PASSWORD)
    return context, page


def _counter(page, base: str, thread: Thread, advance: str) -> None:
    page.goto(f"{base}/en/deals/{thread.pk}/")
    page.click('[data-testid="counter-offer"]')
    page.fill("input[name=advance]", advance)
    page.click('[data-testid="submit-offer"]')
    page.wait_for_selector('[data-testid="offer-version"]')


def test_inquiry_two_counters_accept_sign_active(
    live_server, browser, artifacts, search_index, celery_eager
):
    people = Parties()
    index(people.listing)
    assert people.listing.pk in [h.listing_id for h in search_listings(filters=CELL).hits]
    base = live_server.url
    today = dt.date.today()

    # Buyer: listing → inquiry → "Make an offer" → first offer.
    buyer_ctx, buyer = _login(browser, base, people.buyer_user)
    buyer.goto(f"{base}/en/listings/{people.listing.pk}/")
    buyer.select_option("#inquire select[name=buyer]", str(people.buyer.pk))
    buyer.uncheck('input[name=right_types][value="ebook"]')
    buyer.check('input[name=right_types][value="translation"]')
    buyer.fill("#inquire input[name=territories]", "VN")
    buyer.fill("#inquire input[name=languages]", "vi")
    buyer.fill(
        "#inquire textarea[name=message]", "We would like the Vietnamese translation rights."
    )
    buyer.click('#inquire form[action$="/inquire/"] button[type=submit]')
    buyer.wait_for_selector(".messages li")
    buyer.click('[data-testid="make-offer"]')
    buyer.wait_for_selector('[data-testid="offer-form"]')
    assert buyer.input_value("input[name=territories]") == "VN"  # from the inquiry
    buyer.fill("input[name=start]", today.isoformat())
    buyer.fill("input[name=end]", today.replace(year=today.year + 5).isoformat())
    buyer.check("input[name=exclusive]")
    buyer.fill("input[name=advance]", "3000")
    buyer.fill("input[name=rates-0-rate]", "8")
    buyer.click('[data-testid="submit-offer"]')
    buyer.wait_for_selector('[data-testid="offer-version"][data-version="1"]')
    thread = Thread.objects.get()
    assert thread.inquiry is not None and thread.buyer == people.buyer

    # Seller counters (v2), buyer counters (v3): two counter-offers.
    seller_ctx, seller = _login(browser, base, people.seller_user)
    _counter(seller, base, thread, "5000")
    _counter(buyer, base, thread, "4000")
    assert list(Offer.objects.order_by("version").values_list("status", flat=True)) == [
        "countered",
        "countered",
        "open",
    ]

    # Seller sees the diff and the availability panel, then accepts → contract draft page.
    seller.goto(f"{base}/en/deals/{thread.pk}/")
    diff = seller.locator('[data-version="3"] [data-testid="diff"]').inner_text()
    assert "Advance" in diff and "$5,000.00" in diff and "$4,000.00" in diff
    assert seller.locator('[data-testid="available"]').count() == 1
    seller.screenshot(path=str(artifacts / "deal-thread.png"), full_page=True)
    seller.click('[data-testid="accept-offer"]')
    seller.wait_for_selector('[data-testid="contract-status"]')
    contract = Contract.objects.get()
    assert f"/contracts/{contract.pk}/" in seller.url and contract.status == "draft"

    # Both sign; the last signature activates the contract and writes the grants.
    if seller.locator('[data-testid="send-for-signature"]').count():
        seller.click('[data-testid="send-for-signature"]')
        seller.wait_for_selector('[data-testid="sign-contract"]')
    seller.click('[data-testid="sign-contract"]')
    seller.wait_for_load_state()
    buyer.goto(f"{base}/en/contracts/{contract.pk}/")
    buyer.click('[data-testid="sign-contract"]')
    buyer.wait_for_selector('[data-testid="contract-status"]')
    contract.refresh_from_db()
    assert contract.status == "active", buyer.locator(".messages").all_inner_texts()
    buyer.screenshot(path=str(artifacts / "deal-contract-active.png"), full_page=True)

    # Search: the (translation, VN, vi) cell is taken now; other cells of the listing are not.
    index(people.listing)
    assert people.listing.pk not in [h.listing_id for h in search_listings(filters=CELL).hits]
    other = {"right": ["translation"], "territory": ["TH"], "language": ["th"]}
    assert people.listing.pk in [h.listing_id for h in search_listings(filters=other).hits]

    # Public verify page shows the exclusive licence.
    number = people.work.applications.get(status="registered").number
    buyer.goto(f"{base}/en/verify/{number}/")
    flag = buyer.locator(".flag-exclusively_licensed")
    assert flag.count() == 1 and "VN" in flag.inner_text()
    buyer_ctx.close()
    seller_ctx.close()
