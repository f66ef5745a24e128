"""A royalty-stream auction from listing to the buyer's first statement, in Chromium.

The holder lists a quarter of its royalties from a work with three years of statements,
two buyers place sealed bids (neither sees the other's, nor the holder either), the holder
closes the auction once its time has passed, the winner pays the invoice (localstripe, the
signed webhook), and when the next period closes the winner finds its statement line.
"""

from __future__ import annotations

import datetime as dt
import urllib.request
from decimal import Decimal

import pytest
import stripe
from django.utils import timezone

from finance.payments.stripe_api import configure, signed_event
from finance.payments.stripe_local import start_localstripe, stop_localstripe
from finance.streams.models import StreamHolding, StreamOffer, StreamStatus
from tests.browser.accounts import browser_login
from tests.factories.streams import StreamDeal, make_bidder
from tests.mfa import enrol_totp

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def local_stripe(settings):
    process, url = start_localstripe()
    settings.STRIPE_API_BASE = url
    settings.STRIPE_SECRET_KEY = "sk_test_local"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_local"
    yield url
    stop_localstripe(process)


def post_webhook(url: str, event_type: str, obj: dict) -> int:
    payload, signature = signed_event(event_type, obj)
    request = urllib.request.Request(  # noqa: S310 (local server)
        url,
        data=payload,
        headers={"Content-Type": "application/json", "Stripe-Signature": signature},
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (local server)
        return response.status


def bid(page, base: str, user, offer_id: int, party_id: int, amount: str) -> None:
    page.context.clear_cookies()
    browser_login(page, base, user)
    page.goto(f"{base}/en/streams/")
    page.click(f'a[href="/en/streams/{offer_id}/"]')
    page.select_option('[data-testid="bid-form"] select[name=bidder]', str(party_id))
    page.fill('[data-testid="bid-form"] input[name=amount]', amount)
    page.click('[data-testid="bid-form"] button[type=submit]')
    page.wait_for_selector('[data-testid="bids"]')
    assert amount.split(".")[0] in page.inner_text('[data-testid="bids"]')


def test_royalty_stream_auction_to_the_buyers_first_statement(
    live_server, page, artifacts, local_stripe, settings, celery_eager, tmp_path
):
    settings.STRIPE_LOCAL_WEBHOOKS = False  # this harness plays Stripe and posts the webhook
    base = live_server.url
    deal = StreamDeal(tmp_path)
    a_user, a = make_bidder("Harbour Music Fund")
    b_user, b = make_bidder("Mekong Royalty Partners", country="TH")
    enrol_totp(b_user)  # paying needs a second factor

    # The holder lists the stream: a draft, then opened (eligible on its statements).
    browser_login(page, base, deal.seller)
    page.goto(f"{base}/en/streams/new/")
    page.select_option("select[name=holder]", str(deal.licensor.pk))
    page.select_option("select[name=works]", [str(deal.work.pk)])
    page.fill("input[name=title]", "River Town Chronicles — 25 % for two years")
    page.fill("input[name=share_percent]", "25")
    page.fill("input[name=term_periods]", "4")
    page.select_option("select[name=mode]", "sealed")
    page.fill("input[name=currency]", "USD")
    page.fill("input[name=reserve]", "200")
    closes = timezone.localtime() + dt.timedelta(hours=1)
    page.fill("input[name=closes_at]", closes.strftime("%Y-%m-%dT%H:%M"))
    page.click("main form button[type=submit]")
    page.wait_for_selector('[data-testid="eligibility"]')
    page.click('form[action$="/open/"] button')
    page.wait_for_selector('[data-testid="stream-status"]')
    offer = StreamOffer.objects.get()
    assert offer.status == StreamStatus.OPEN
    band = page.inner_text('[data-testid="stream-band"]')
    assert "P10" in band and "P90" in band
    assert page.locator('[data-testid="stream-band"] svg').count() == 1
    page.screenshot(path=str(artifacts / "stream-listing.png"), full_page=True)

    # Two sealed bids; each bidder sees only its own.
    bid(page, base, a_user, offer.pk, a.pk, "250.00")
    bid(page, base, b_user, offer.pk, b.pk, "310.00")
    assert "250" not in page.inner_text("main")

    # The holder sees two bidders and no amounts; after the closing time it closes.
    page.context.clear_cookies()
    browser_login(page, base, deal.seller)
    page.goto(f"{base}/en/streams/{offer.pk}/")
    assert page.inner_text('[data-testid="bid-count"]') == "2"
    main = page.inner_text("main")
    assert "250" not in main and "310" not in main
    StreamOffer.objects.filter(pk=offer.pk).update(
        closes_at=timezone.now() - dt.timedelta(minutes=1)
    )
    page.reload()
    page.click('form[action$="/close/"] button')
    page.wait_for_selector('[data-testid="outcome"]')
    assert "Mekong Royalty Partners" in page.inner_text('[data-testid="outcome"]')
    assert "310.00" in page.inner_text('[data-testid="bids"]')

    # The winner pays its invoice (test mode) and Stripe's webhook settles the offer.
    page.context.clear_cookies()
    browser_login(page, base, b_user)
    page.goto(f"{base}/en/streams/{offer.pk}/")
    page.click('[data-testid="stream-invoice"]')
    page.click('[data-testid="pay-invoice"]')
    page.wait_for_selector('[data-testid="test-mode"]')
    page.click('[data-testid="confirm-test-payment"]')
    page.wait_for_selector('[data-testid="invoice-status"][data-status="open"]')
    offer.refresh_from_db()
    configure()
    intent = stripe.PaymentIntent.retrieve(offer.invoice.attempts.get().payment_intent_id).to_dict()
    assert intent["status"] == "succeeded" and intent["amount"] == 31000
    assert post_webhook(f"{base}/stripe/webhook/", "payment_intent.succeeded", intent) == 200
    page.goto(f"{base}/en/streams/{offer.pk}/")
    page.wait_for_selector('[data-testid="holding"]')
    holding = StreamHolding.objects.get()
    assert (holding.buyer_id, holding.start_period) == (b.pk, "2030-H1")

    # The next period closes: 10 units × 12.50 × 10 % = 12.50, the buyer's quarter 3.12.
    deal.close("2030-H1", units="10")
    page.goto(f"{base}/en/royalties/statements/")
    rows = page.locator("tr", has=page.locator('[data-testid="statement-link"]'))
    assert rows.count() == 1
    text = rows.first.inner_text()
    assert "2030-H1" in text and "Mekong Royalty Partners" in text and "3.12" in text
    page.screenshot(path=str(artifacts / "stream-first-statement.png"), full_page=True)
    assert Decimal("3.12") == holding.buyer.royalty_statements.get().earnings
