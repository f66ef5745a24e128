"""Finance fixtures: a localstripe server for the session, invoices, signed webhook delivery."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal
from pathlib import Path

import pytest

from catalog.kernel.money import Money
from finance.invoices.services import InvoiceLineInput, invoice_create
from finance.payments.stripe_api import signed_event
from finance.payments.stripe_local import start_localstripe, stop_localstripe
from tests.factories.catalog import make_party

FIXTURES = Path(__file__).parent / "fixtures"


def fixture_json(name: str) -> dict:
    return json.loads((FIXTURES / name).read_text())


@pytest.fixture(scope="session")
def localstripe_url():
    process, url = start_localstripe()
    yield url
    stop_localstripe(process)


@pytest.fixture
def stripe_local(settings, localstripe_url):
    settings.STRIPE_API_BASE = localstripe_url
    settings.STRIPE_SECRET_KEY = "sk_test_local"
    settings.STRIPE_PUBLISHABLE_KEY = "pk_test_local"
    settings.STRIPE_WEBHOOK_SECRET = "whsec_test_secret"
    return localstripe_url


_keys = iter(range(1, 10**9))


def make_invoice(
    *,
    payer=None,
    payee=None,
    currency: str = "USD",
    amounts: tuple[str, ...] = ("100.00",),
    tax_rate: str = "0",
    subject: str = "contract:LIC-2026-999999",
    language: str = "en",
):
    n = next(_keys)
    return invoice_create(
        payer=payer or make_party(name=f"Buyer {n}", country="VN"),
        payee=payee or make_party(name=f"Seller {n}"),
        lines=[
            InvoiceLineInput(
                kind="flat_fee",
                description=f"Licence fee {i}",
                amount=Money(Decimal(a), currency),
                tax_rate_percent=Decimal(tax_rate),
            )
            for i, a in enumerate(amounts)
        ],
        subject=subject,
        idempotency_key=f"test-invoice-{n}",
        due_on=dt.date(2026, 12, 31),
        language=language,
    )


def post_event(client, event_type: str, obj: dict, *, event_id: str | None = None, signature=None):
    payload, good = signed_event(event_type, obj, event_id=event_id)
    return client.post(
        "/stripe/webhook/",
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=signature if signature is not None else good,
    )
