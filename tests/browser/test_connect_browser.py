"""A licensor onboards through the recorded Stripe Connect flow and is paid by transfer.

The browser plays the licensor; Stripe's API answers from the recorded Connect
responses through the stripe SDK's HTTP client (tests/finance/stripe_connect.py), and
Stripe's hosted onboarding page is played by a Playwright route: it does what the
licensor would do there and sends the browser back to the return URL we gave Stripe.
"""

from __future__ import annotations

import json
import urllib.request
from decimal import Decimal

import pytest
from django.core.management import call_command

from finance.ledger.selectors import account_balance, trial_balance
from finance.ledger.services import account_for, journal_post
from finance.models import PayeeProfile, Payout, StripeEvent
from finance.payments.stripe_api import sign
from tests.browser.accounts import browser_login
from tests.factories.catalog import make_party, make_user
from tests.finance.stripe_connect import installed
from tests.mfa import enrol_totp

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def post_webhook(base: str, event: dict) -> int:
    payload = json.dumps(event).encode()
    request = urllib.request.Request(  # noqa: S310 (the live test server)
        f"{base}/stripe/webhook/",
        data=payload,
        headers={"Content-Type": "application/json", "Stripe-Signature": sign(payload)},
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
        return response.status


def test_licensor_onboards_with_stripe_connect_and_is_paid_by_transfer(
    live_server, page, artifacts, settings, celery_eager
):
    settings.STRIPE_WEBHOOK_SECRET = "whsec_test_secret"
    owner = make_user(language="vi")
    enrol_totp(owner)  # connecting the payout account needs a second factor
    party = make_party(name="Công ty Sách Alpha", country="VN", member=owner)
    # Royalties the platform owes the licensor once a statement closed and was paid.
    journal_post(
        memo="statement settled",
        lines=[
            (account_for(party=None, kind="cash_in_transit", currency="USD"), Decimal("812.40")),
            (account_for(party=party, kind="payable", currency="USD"), Decimal("-812.40")),
        ],
        idempotency_key="connect-browser-settled",
    )
    status_url = f"{live_server.url}/vi/finance/payees/{party.pk}/stripe/return/"

    with installed() as stripe_side:

        def hosted_onboarding(route):
            # Stripe's pages: the licensor gives their details but one document is still
            # missing, and Stripe sends them back to our return URL.
            [link] = stripe_side.posts("/v1/account_links")[-1:]
            stripe_side.onboard(link.params["account"], "incomplete")
            route.fulfill(status=302, headers={"Location": link.params["return_url"]})

        page.route("https://connect.stripe.com/**", hosted_onboarding)
        browser_login(page, live_server.url, owner, lang="vi")
        page.goto(f"{live_server.url}/vi/finance/payee/?party={party.pk}")
        page.wait_for_selector('[data-testid="stripe-connect"][data-payouts-enabled="no"]')
        page.click('[data-testid="connect-with-stripe"]')
        page.wait_for_url(status_url)
        page.wait_for_selector('[data-testid="connect-requirements"]')
        profile = PayeeProfile.objects.get(party=party)
        [created] = stripe_side.posts("/v1/accounts")
        assert created.params["capabilities[transfers][requested]"] == "true"
        assert created.params["controller[stripe_dashboard][type]"] == "express"
        assert created.idempotency_key == f"connect-account-{party.pk}-VN"
        assert profile.details_submitted and not profile.payouts_enabled
        assert len(page.locator('[data-testid="connect-requirements"] li').all()) == 2
        page.screenshot(path=str(artifacts / "connect-held.png"), full_page=True)

        # Held: a Stripe payout run leaves the money owed.
        call_command("payout_run", "--provider", "stripe")
        assert stripe_side.transfers == []

        # Stripe verified the account and tells us by webhook.
        event = stripe_side.onboard(profile.stripe_account_id, "complete")
        assert post_webhook(live_server.url, event) == 200
        assert StripeEvent.objects.get(event_id=event["id"]).state == "processed"
        page.goto(status_url)
        page.wait_for_selector('[data-testid="stripe-connect"][data-payouts-enabled="yes"]')
        page.screenshot(path=str(artifacts / "connect-enabled.png"), full_page=True)

        call_command("payout_run", "--provider", "stripe")
        [transfer] = stripe_side.transfers
        payout = Payout.objects.get(payee=party, status="paid")
        assert (transfer["destination"], transfer["amount"], transfer["currency"]) == (
            profile.stripe_account_id,
            81240,
            "usd",
        )
        assert payout.provider_ref == transfer["id"]
        assert stripe_side.posts("/v1/transfers")[-1].idempotency_key == f"payout-{payout.pk}"
    payable = account_balance(account_for(party=party, kind="payable", currency="USD"))
    assert payable == 0
    assert set(trial_balance().values()) == {0}
