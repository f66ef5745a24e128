"""A buyer pays the invoice of a signed contract against localstripe; the webhook settles it."""

from __future__ import annotations

import urllib.request
from decimal import Decimal

import pytest
import stripe

from finance.invoices.selectors import invoices_for_subject
from finance.ledger.selectors import account_balance
from finance.ledger.services import account_for
from finance.payments.stripe_api import configure, signed_event
from finance.payments.stripe_local import start_localstripe, stop_localstripe
from licensing.contracts.billing import subject_for
from licensing.contracts.models import Contract
from tests.browser.accounts import browser_login
from tests.factories.contracts import Deal
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


def login(page, base: str, lang: str, user) -> None:
    browser_login(page, base, user, lang=lang)


def post_webhook(url: str, event_type: str, obj: dict) -> int:
    payload, signature = signed_event(event_type, obj)
    request = urllib.request.Request(  # noqa: S310 (local server)
        url,
        data=payload,
        headers={"Content-Type": "application/json", "Stripe-Signature": signature},
    )
    with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310 (local server)
        return response.status


def test_buyer_pays_contract_invoice_webhook_settles_balances(
    live_server,
    page,
    artifacts,
    local_stripe,
    settings,
    celery_eager,
):
    settings.STRIPE_LOCAL_WEBHOOKS = False  # this harness plays Stripe and posts the webhook
    settings.PLATFORM_COMMISSION_PERCENT = 10
    deal = Deal(licensee_language="vi")
    enrol_totp(deal.buyer)  # paying needs a second factor (catalog.kernel.mfa)
    contract = deal.sent(flat_fee="5000.00")
    deal.sign_licensor(contract)
    deal.sign_licensee(contract)
    contract = Contract.objects.get(pk=contract.pk)
    assert contract.status == "active" and contract.payment_status == "unpaid"
    invoice = invoices_for_subject(subject_for(contract)).get()
    assert invoice.amount_due == Decimal("5000.00") and invoice.language == "vi"

    login(page, live_server.url, "vi", deal.buyer)
    page.goto(f"{live_server.url}/vi/finance/invoices/{invoice.pk}/")
    page.click('[data-testid="pay-invoice"]')
    page.wait_for_selector('[data-testid="test-mode"]')
    page.click('[data-testid="confirm-test-payment"]')
    page.wait_for_selector('[data-testid="invoice-status"][data-status="open"]')

    # Stripe's side: the PaymentIntent localstripe confirmed, delivered as a signed webhook.
    configure()
    intent = stripe.PaymentIntent.retrieve(invoice.attempts.get().payment_intent_id).to_dict()
    assert intent["status"] == "succeeded" and intent["amount"] == 500000
    assert (
        post_webhook(f"{live_server.url}/stripe/webhook/", "payment_intent.succeeded", intent)
        == 200
    )

    page.reload()
    page.wait_for_selector('[data-testid="invoice-status"][data-status="paid"]')
    page.goto(f"{live_server.url}/vi/contracts/{contract.pk}/")
    contract.refresh_from_db()
    assert contract.payment_status == "paid"
    page.goto(f"{live_server.url}/vi/finance/?party={deal.licensee.pk}")
    buyer_balance = page.inner_text('[data-testid="balance-receivable-USD"]')
    assert "0" in buyer_balance and "5.000" not in buyer_balance
    page.screenshot(path=str(artifacts / "payment-buyer-statement.png"), full_page=True)

    page.context.clear_cookies()
    login(page, live_server.url, "en", deal.seller)
    page.goto(f"{live_server.url}/en/finance/?party={deal.licensor.pk}")
    assert page.inner_text('[data-testid="balance-payable-USD"]').endswith("4,500.00")
    assert page.inner_text('[data-testid="balance-payable_pending-USD"]').endswith("0.00")
    page.screenshot(path=str(artifacts / "payment-seller-statement.png"), full_page=True)

    revenue = account_balance(account_for(party=None, kind="revenue", currency="USD"))
    assert revenue == Decimal("-500.00")  # the platform's 10 % commission, a credit
    assert account_balance(account_for(party=None, kind="cash_in_transit", currency="USD")) == (
        Decimal("5000.00")
    )
