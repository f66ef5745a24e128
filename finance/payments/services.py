"""Payment attempts: the PaymentIntent of an invoice, test-mode confirmation.

Money is booked by the webhook (``finance.payments.stripe_events``), never here. Refunds
are staff requests (``finance.payments.refunds``).
"""

from __future__ import annotations

import stripe
from django.db import IntegrityError, transaction

from catalog.kernel.money import Money
from finance.models import Invoice, PaymentAttempt
from finance.payments.stripe_api import TEST_CARD, configure, is_test_mode, stripe_amount


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
    have an attempt (finance.payments.stripe_events); idempotent by intent id."""
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
