"""Every webhook delivered 5 times, concurrently and shuffled → the same ledger as one delivery."""

from __future__ import annotations

import random
from collections import Counter
from concurrent.futures import ThreadPoolExecutor

import pytest
import stripe
from django.db import connection
from django.test import Client

from finance.models import Invoice, Posting, StripeEvent
from finance.payments.services import confirm_with_test_card, payment_intent_for_invoice
from finance.payments.stripe_api import signed_event
from tests.finance.conftest import fixture_json, make_invoice

pytestmark = pytest.mark.django_db(transaction=True)


def scenario() -> tuple[list[Invoice], list[tuple[bytes, str]]]:
    """Three paid invoices: refunded twice / disputed / failed-then-paid; their events in order."""
    invoices = [make_invoice(amounts=("120.00",), tax_rate="7") for _ in range(3)]
    events: list[tuple[str, dict]] = []
    intents = []
    for invoice in invoices:
        attempt = payment_intent_for_invoice(invoice=invoice)
        if invoice is invoices[2]:
            failed = stripe.PaymentIntent.retrieve(attempt.payment_intent_id).to_dict()
            failed |= {
                "status": "requires_payment_method",
                "last_payment_error": {"code": "card_declined", "message": "declined"},
            }
            events.append(("payment_intent.payment_failed", failed))
        intent = confirm_with_test_card(attempt=attempt)
        intents.append(intent)
        events.append(("payment_intent.succeeded", intent))
    charge_id = intents[0]["latest_charge"]["id"]
    for amount in (3000, 9840):
        stripe.Refund.create(payment_intent=intents[0]["id"], amount=amount)
        # The charge after each refund, as Stripe would send it at that moment.
        events.append(("charge.refunded", stripe.Charge.retrieve(charge_id).to_dict()))
    dispute = fixture_json("dispute.json") | {
        "id": f"dp_{intents[1]['id']}",
        "charge": intents[1]["latest_charge"]["id"],
        "payment_intent": intents[1]["id"],
        "amount": 6000,
    }
    events.append(("charge.dispute.created", dispute))
    return invoices, [signed_event(kind, obj) for kind, obj in events]


def deliver(payload: bytes, signature: str) -> int:
    try:
        return (
            Client()
            .post(
                "/stripe/webhook/",
                data=payload,
                content_type="application/json",
                HTTP_STRIPE_SIGNATURE=signature,
            )
            .status_code
        )
    finally:
        connection.close()


def ledger_of(invoices: list[Invoice]) -> Counter:
    """Postings of these invoices with ids replaced by roles, as a multiset."""
    index = {inv.number: n for n, inv in enumerate(invoices)}
    roles = {}
    for n, inv in enumerate(invoices):
        roles[inv.payer_id], roles[inv.payee_id] = f"payer{n}", f"payee{n}"
    rows = Posting.objects.filter(entry__reference__in=index).select_related("entry", "account")
    return Counter(
        (
            index[p.entry.reference],
            p.entry.idempotency_key.rsplit(":", 1)[-1],
            roles.get(p.account.party_id, "platform"),
            p.account.kind,
            p.currency,
            p.amount,
        )
        for p in rows
    )


def states(invoices):
    return [
        Invoice.objects.values_list("status", "amount_paid", "amount_refunded").get(pk=i.pk)
        for i in invoices
    ]


def test_replayed_concurrent_out_of_order_delivery_posts_like_single_delivery(
    stripe_local, celery_eager
):
    once_invoices, once_events = scenario()
    for payload, signature in once_events:
        assert deliver(payload, signature) == 200
    expected = ledger_of(once_invoices)
    assert len(expected) > 12

    invoices, events = scenario()
    deliveries = events * 5
    random.Random(8).shuffle(deliveries)
    with ThreadPoolExecutor(max_workers=8) as pool:
        codes = list(pool.map(lambda e: deliver(*e), deliveries))
    assert set(codes) == {200}
    assert ledger_of(invoices) == expected
    assert states(invoices) == states(once_invoices)
    assert not StripeEvent.objects.exclude(state__in=["processed"]).exists()
    assert StripeEvent.objects.count() == 2 * len(events)
