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

from catalog.kernel.money import Money, from_minor

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
# A page with the "Connect with Stripe" button posts to us and is redirected to Stripe's
# hosted onboarding; browsers apply the page's form-action to that redirect.
CONNECT_CSP = {"form-action": ["https://connect.stripe.com"]}


def configure() -> None:
    stripe.api_key = settings.STRIPE_SECRET_KEY
    stripe.api_base = settings.STRIPE_API_BASE or "https://api.stripe.com"
    stripe.max_network_retries = 2  # safe: every create is idempotency-keyed


def is_test_mode() -> bool:
    """True against localstripe / placeholder keys: no Stripe.js, server-side confirm."""
    return bool(settings.STRIPE_API_BASE) or (
        settings.STRIPE_PUBLISHABLE_KEY == LOCAL_PUBLISHABLE_KEY
    )


# Stripe Elements' locales (stripe.com/docs/js/appendix/supported_locales) for the site's
# languages; Myanmar, Lao and Khmer have none, so their payers read English.
ELEMENTS_LOCALES = {
    "zh-hans": "zh",
    "zh-hant": "zh-TW",
    "en": "en",
    "vi": "vi",
    "th": "th",
    "ms": "ms",
    "id": "id",
    "fil": "fil",
    "my": "en",
    "lo": "en",
    "km": "en",
}


def elements_locale(language: str) -> str:
    """The Stripe Elements locale nearest to a site language ("auto" for an unknown one)."""
    return ELEMENTS_LOCALES.get((language or "").lower(), "auto")


def stripe_amount(money: Money) -> tuple[int, str]:
    """(integer amount in minor units, lower-case currency) as the Stripe API wants them."""
    return money.to_minor(), money.currency.lower()


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
