"""Calls to Stripe (the real API or a local ``localstripe``), and webhook signing.

Every create carries an idempotency key derived from our own row, so a
retried request never charges, refunds or transfers twice. ``STRIPE_API_BASE``
points the SDK at localstripe in development and tests; then the payment page
cannot load Stripe.js (no network) and confirms server-side with a test card
("test mode"). localstripe sends no webhooks to us, so ``signed_event`` builds
the event JSON Stripe would send and signs it exactly as Stripe does
(``Stripe-Signature: t=<unix>,v1=<HMAC-SHA256(secret, "<t>.<payload>")>``).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import time
import urllib.request
from decimal import Decimal

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction

from catalog.kernel.money import Money, from_minor
from finance.models import Invoice, InvoiceStatus, PaymentAttempt

LOCAL_PUBLISHABLE_KEY = "pk_test_local"
TEST_CARD = "4242424242424242"
API_VERSION = "2024-06-20"
# What Stripe.js and its Payment Element load (Stripe's published CSP list), added to the
# site's Content-Security-Policy on the pay page only.
STRIPE_CSP = {
    "script-src": ["https://js.stripe.com", "https://*.js.stripe.com"],
    "frame-src": ["https://js.stripe.com", "https://*.js.stripe.com", "https://hooks.stripe.com"],
    "connect-src": ["https://api.stripe.com"],
    "img-src": ["https://*.stripe.com"],
}


def configure() -> None:
    stripe.api_key = settings.STRIPE_SECRET_KEY
    stripe.api_base = settings.STRIPE_API_BASE or "https://api.stripe.com"
    stripe.max_network_retries = 2  # safe: every create is idempotency-keyed


def is_test_mode() -> bool:
    """True against localstripe / placeholder keys: no Stripe.js, server-side confirm."""
    return bool(settings.STRIPE_API_BASE) or (
        settings.STRIPE_PUBLISHABLE_KEY == LOCAL_PUBLISHABLE_KEY
    )


def stripe_amount(money: Money) -> tuple[int, str]:
    """(integer amount in minor units, lower-case currency) as the Stripe API wants them."""
    return money.to_minor(), money.currency.lower()


def _payment_method_params(invoice: Invoice) -> dict:
    if is_test_mode():
        # localstripe knows cards only (and refuses unknown parameters).
        return {"payment_method_types": ["card"]}
    # Stripe picks the methods it offers for the buyer's country and the currency
    # (cards, Alipay / WeChat Pay, GrabPay, PromptPay, PayNow, FPX …) as enabled
    # in the dashboard.
    return {
        "automatic_payment_methods": {"enabled": True},
        "description": f"{invoice.number} · {invoice.subject}",  # localstripe refuses it
    }


def payment_intent_for_invoice(*, invoice: Invoice) -> PaymentAttempt:
    """The open PaymentIntent of an invoice, or a new attempt if the last one is unusable."""
    configure()
    last = invoice.attempts.order_by("-number").first()
    # Reuse the last intent unless cancelled: a second live one could charge the buyer twice.
    if last is not None and (
        stripe.PaymentIntent.retrieve(last.payment_intent_id)["status"] != "canceled"
    ):
        return last
    number = (last.number + 1) if last else 1
    amount, currency = stripe_amount(
        Money(invoice.amount_due - invoice.amount_paid, invoice.currency)
    )
    intent = stripe.PaymentIntent.create(
        amount=amount,
        currency=currency,
        metadata={"invoice_id": str(invoice.pk), "invoice_number": invoice.number},
        idempotency_key=f"invoice-{invoice.pk}-attempt-{number}",
        **_payment_method_params(invoice),
    )
    try:
        with transaction.atomic():
            return PaymentAttempt.objects.create(
                invoice=invoice,
                number=number,
                payment_intent_id=intent["id"],
                client_secret=intent["client_secret"],
                amount_minor=intent["amount"],
            )
    except IntegrityError:  # a concurrent request made the same attempt (same key)
        return PaymentAttempt.objects.get(invoice=invoice, number=number)


def payment_attempt_record(
    *, invoice: Invoice, payment_intent_id: str, amount_minor: int, client_secret: str = ""
) -> PaymentAttempt:
    """Record a PaymentIntent made for ``invoice`` without ``payment_intent_for_invoice`` (the
    demo's and the webhook benchmark's synthetic intents). Webhooks apply only intents that
    have an attempt (finance.stripe_events); idempotent by intent id."""
    with transaction.atomic():
        locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
        existing = PaymentAttempt.objects.filter(payment_intent_id=payment_intent_id).first()
        if existing is not None:
            return existing
        last = locked.attempts.order_by("-number").first()
        return PaymentAttempt.objects.create(
            invoice=locked,
            number=(last.number + 1) if last else 1,
            payment_intent_id=payment_intent_id,
            client_secret=client_secret,
            amount_minor=amount_minor,
        )


def confirm_with_test_card(*, attempt: PaymentAttempt, card: str = TEST_CARD) -> dict:
    """Test mode only: attach a test card and confirm server-side; returns the PaymentIntent."""
    if not is_test_mode():
        raise RuntimeError("server-side confirmation with a test card is for test mode only")
    configure()
    intent = stripe.PaymentIntent.retrieve(attempt.payment_intent_id)
    if intent["status"] == "succeeded":
        return intent.to_dict()
    method = stripe.PaymentMethod.create(
        type="card", card={"number": card, "exp_month": 12, "exp_year": 2034, "cvc": "123"}
    )
    stripe.PaymentIntent.modify(attempt.payment_intent_id, payment_method=method["id"])
    try:
        intent = stripe.PaymentIntent.confirm(attempt.payment_intent_id)
    except stripe.CardError:
        intent = stripe.PaymentIntent.retrieve(attempt.payment_intent_id)
    return intent.to_dict()


def refund_create(*, invoice: Invoice, amount: Decimal, reason_key: str) -> dict:
    """Ask Stripe to refund ``amount`` of the invoice's payment; the webhook books it."""
    if invoice.status not in (InvoiceStatus.PAID, InvoiceStatus.PARTLY_REFUNDED):
        raise ValueError("only a paid invoice can be refunded")
    payment = invoice.payments.order_by("pk").first()
    configure()
    refund = stripe.Refund.create(
        payment_intent=payment.payment_intent_id,
        amount=Money(amount, invoice.currency).to_minor(),
        idempotency_key=f"invoice-{invoice.pk}-refund-{reason_key}",
    )
    return refund.to_dict()


def amount_from_stripe(value: int, currency: str) -> Decimal:
    return from_minor(int(value), currency.upper())


# --- webhook events, as Stripe sends them ---------------------------------------


def event_json(event_type: str, obj: dict, *, event_id: str | None = None) -> dict:
    """A Stripe ``Event`` wrapping ``obj``; the id is stable for the same object state."""
    if event_id is None:
        state = f"{event_type}:{obj.get('id')}:{obj.get('amount_refunded', '')}:{obj.get('status')}"
        event_id = "evt_" + hashlib.sha256(state.encode()).hexdigest()[:24]
    return {
        "id": event_id,
        "object": "event",
        "api_version": API_VERSION,
        "created": int(time.time()),
        "livemode": False,
        "pending_webhooks": 1,
        "request": {"id": None, "idempotency_key": None},
        "type": event_type,
        "data": {"object": obj},
    }


def sign(payload: bytes, *, secret: str | None = None, timestamp: int | None = None) -> str:
    """The ``Stripe-Signature`` header value for ``payload``."""
    secret = secret or settings.STRIPE_WEBHOOK_SECRET
    timestamp = int(time.time()) if timestamp is None else timestamp
    signed = f"{timestamp}.".encode() + payload
    digest = hmac.new(secret.encode(), signed, hashlib.sha256).hexdigest()
    return f"t={timestamp},v1={digest}"


def signed_event(event_type: str, obj: dict, **kwargs: object) -> tuple[bytes, str]:
    payload = json.dumps(event_json(event_type, obj, **kwargs), sort_keys=True).encode()
    return payload, sign(payload)


def events_for_intent(intent: dict) -> list[tuple[str, dict]]:
    """The webhook events Stripe would send for this PaymentIntent's current state."""
    status = intent.get("status")
    if status == "succeeded":
        return [("payment_intent.succeeded", intent)]
    if status == "requires_payment_method" and intent.get("last_payment_error"):
        return [("payment_intent.payment_failed", intent)]
    return []


def deliver_local(*, url: str, intent: dict) -> list[int]:
    """Test mode: POST the signed events for ``intent`` to our webhook URL (as Stripe would)."""
    if not url.startswith(("http://", "https://")):
        raise ValueError(f"not a webhook URL: {url}")
    codes = []
    for event_type, obj in events_for_intent(intent):
        payload, signature = signed_event(event_type, obj)
        request = urllib.request.Request(  # noqa: S310 (scheme checked above)
            url,
            data=payload,
            headers={"Content-Type": "application/json", "Stripe-Signature": signature},
        )
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            codes.append(response.status)
    return codes
