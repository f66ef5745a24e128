"""Paid invoices and dispute payloads for the chargeback tests (no Stripe call needed:
the webhook applies signed events about intents we recorded)."""

from __future__ import annotations

from finance.payments.services import payment_attempt_record
from tests.finance.conftest import fixture_json, make_invoice, post_event


def pay_by_event(client, capture, invoice, *, suffix: str = "") -> dict:
    """Record our attempt and deliver its ``payment_intent.succeeded`` (as Stripe would)."""
    minor = int(invoice.amount_due * 100)
    intent = {
        "id": f"pi_test_{invoice.pk}{suffix}",
        "object": "payment_intent",
        "amount": minor,
        "amount_received": minor,
        "currency": invoice.currency.lower(),
        "status": "succeeded",
        "latest_charge": {
            "id": f"ch_test_{invoice.pk}{suffix}",
            "object": "charge",
            "payment_method_details": {"type": "card"},
        },
        "metadata": {"invoice_id": str(invoice.pk)},
    }
    payment_attempt_record(invoice=invoice, payment_intent_id=intent["id"], amount_minor=minor)
    with capture(execute=True):
        assert post_event(client, "payment_intent.succeeded", intent).status_code == 200
    return intent


def paid_invoice(client, capture, **kwargs):
    """159.00 USD: net 150 + 6 % tax; commission 15, licensor's share 135."""
    invoice = make_invoice(amounts=("150.00",), tax_rate="6", **kwargs)
    return invoice, pay_by_event(client, capture, invoice)


def dispute_of(intent: dict, *, minor: int, status: str = "needs_response", fee: int = 0) -> dict:
    """Stripe's Dispute for ``intent``; ``fee`` > 0 adds the withdrawal's balance transaction
    with Stripe's dispute fee (minor units), as a closed dispute carries it."""
    dispute = fixture_json("dispute.json") | {
        "id": f"dp_{intent['id']}",
        "charge": intent["latest_charge"]["id"],
        "payment_intent": intent["id"],
        "amount": minor,
        "status": status,
    }
    if fee:
        dispute["balance_transactions"] = [
            {
                "id": f"txn_{intent['id']}",
                "object": "balance_transaction",
                "amount": -minor,
                "currency": "usd",
                "fee": fee,
                "net": -minor - fee,
                "type": "adjustment",
                "reporting_category": "dispute",
            }
        ]
    return dispute
