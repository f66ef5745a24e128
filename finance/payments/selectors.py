"""Reads of payments: what Stripe reported for an invoice."""

from __future__ import annotations

from django.db.models import QuerySet

from finance.models import Invoice


def invoice_money_movements(invoice: Invoice) -> dict[str, QuerySet]:
    """The invoice's payments, refunds, chargebacks and failed attempts, as its page lists them."""
    return {
        "payments": invoice.payments.all(),
        "refunds": invoice.refunds.all(),
        "chargebacks": invoice.chargebacks.all(),
        "failures": invoice.failures.all(),
    }
