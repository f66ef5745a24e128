"""Stripe webhook events: verified, stored once, processed exactly once.

``stripe_event_receive`` verifies the signature (nothing is written when it
fails), stores the event under its Stripe id (UNIQUE, so a redelivery adds no
row) and enqueues processing after commit. ``stripe_event_process`` holds the
event row lock, skips an event already processed, and runs the handler.

Out-of-order delivery: a refund or dispute can arrive before the
``payment_intent.succeeded`` it depends on. Its handler then *parks* the event
(``waiting_for`` = the PaymentIntent id); the success handler re-enqueues the
events parked on its intent after commit. Both sides take a PostgreSQL
advisory lock on the PaymentIntent id, so a park and a success cannot miss
each other. Every ledger posting is keyed by Stripe object ids
(``finance.ledger.postings``), so replays post nothing new.

A dispute's closing parks on the dispute id until ``charge.dispute.created`` was applied,
which wakes it; the closing handlers and ``refund.updated`` are in ``closing_events``.

Which invoice a PaymentIntent pays is what *we* recorded when we created it
(``PaymentAttempt``), never its ``metadata.invoice_id``: anyone who can make a
PaymentIntent on the account (a payment link, another integration, a
dashboard user) chooses the metadata, and a correctly signed event about it
would otherwise mark any invoice paid. An intent event with no attempt of
ours is parked on the intent id; ``stripe_events_requeue`` re-enqueues it
once such an attempt exists, else it stays parked for staff to look at.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

import stripe
from django.conf import settings
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from finance.invoices import services as invoices
from finance.models import Chargeback, Invoice, PaymentAttempt, StripeEvent, StripeEventState
from finance.payments import connect, refunds
from finance.payments.closing_events import (
    on_dispute_closed,
    on_dispute_funds_reinstated,
    on_refund_updated,
)
from finance.payments.event_support import Outcome, lock_object, object_id, payment_for
from finance.payments.stripe_api import amount_from_stripe, configure

logger = logging.getLogger(__name__)
St = StripeEventState


class BadEvent(ValueError):
    """Signature or payload refused: answer 400, write nothing."""


def _construct(payload: bytes, signature: str) -> stripe.Event:
    """The event, verified with the platform endpoint's secret or the Connect endpoint's
    (Stripe signs each endpoint's deliveries with its own; both post to this URL)."""
    secrets = [settings.STRIPE_WEBHOOK_SECRET, settings.STRIPE_CONNECT_WEBHOOK_SECRET]
    refused: stripe.SignatureVerificationError | None = None
    for secret in filter(None, secrets):
        try:
            return stripe.Webhook.construct_event(payload, signature, secret)
        except stripe.SignatureVerificationError as exc:
            refused = exc
    raise refused or stripe.SignatureVerificationError("no webhook secret", signature)


def stripe_event_receive(*, payload: bytes, signature: str) -> StripeEvent:
    try:
        event = _construct(payload, signature)
    except (ValueError, stripe.SignatureVerificationError) as exc:
        raise BadEvent(str(exc)) from exc
    data = event.to_dict()
    if not data.get("id") or not data.get("type") or "object" not in data.get("data", {}):
        raise BadEvent("not a Stripe event")
    with transaction.atomic():
        row, created = StripeEvent.objects.get_or_create(
            event_id=data["id"], defaults={"type": data["type"], "payload": data}
        )
        if not created:
            StripeEvent.objects.filter(pk=row.pk).update(deliveries=F("deliveries") + 1)
        if row.state in (St.RECEIVED, St.PARKED):
            transaction.on_commit(lambda: _enqueue(row.pk))
    return row


def _enqueue(event_pk: int) -> None:
    from finance.tasks import process_stripe_event  # tasks import this module

    process_stripe_event.delay(event_pk)


def _invoice_for_intent(intent: dict) -> Invoice | None:
    """The invoice of our attempt that created this PaymentIntent (metadata is not evidence)."""
    attempt = PaymentAttempt.objects.filter(payment_intent_id=intent["id"]).first()
    if attempt is None:
        return None
    return Invoice.objects.select_for_update().get(pk=attempt.invoice_id)


def _method(intent: dict) -> str:
    """How the buyer paid (card, alipay, promptpay …), for the receipt."""
    charge = intent.get("latest_charge")
    details = charge.get("payment_method_details") if isinstance(charge, dict) else None
    if isinstance(details, dict) and details.get("type"):
        return details["type"]
    types = intent.get("payment_method_types") or []
    return types[0] if len(types) == 1 else ""


NO_ATTEMPT = "no payment attempt of ours for this PaymentIntent"


def on_intent_succeeded(event: StripeEvent, intent: dict) -> Outcome:
    lock_object(intent["id"])
    invoice = _invoice_for_intent(intent)
    if invoice is None:
        return St.PARKED, intent["id"], NO_ATTEMPT
    if intent["currency"].upper() != invoice.currency:
        return St.IGNORED, "", f"currency {intent['currency']} ≠ {invoice.currency}"
    amount = amount_from_stripe(intent.get("amount_received") or intent["amount"], invoice.currency)
    invoices.invoice_record_payment(
        invoice=invoice,
        payment_intent_id=intent["id"],
        charge_id=object_id(intent.get("latest_charge")),
        amount=amount,
        method=_method(intent),
    )
    _wake_parked_on([intent["id"], object_id(intent.get("latest_charge"))], event)
    return St.PROCESSED, "", ""


def _wake_parked_on(ids: list[str], event: StripeEvent) -> None:
    """Re-enqueue, after commit, the events parked until ``ids`` were applied."""
    parked = list(
        StripeEvent.objects.filter(state=St.PARKED, waiting_for__in=[i for i in ids if i])
        .exclude(pk=event.pk)
        .values_list("pk", flat=True)
    )
    for pk in parked:
        transaction.on_commit(lambda pk=pk: _enqueue(pk))


def on_intent_failed(event: StripeEvent, intent: dict) -> Outcome:
    lock_object(intent["id"])
    invoice = _invoice_for_intent(intent)
    if invoice is None:
        return St.PARKED, intent["id"], NO_ATTEMPT
    error = intent.get("last_payment_error") or {}
    invoices.invoice_record_failure(
        invoice=invoice,
        event_id=event.event_id,
        payment_intent_id=intent["id"],
        code=error.get("code") or "",
        message=error.get("message") or "",
    )
    return St.PROCESSED, "", "invoice stays open"


def _refunds_of(charge: dict) -> list[dict]:
    listed = charge.get("refunds")
    if isinstance(listed, dict) and not listed.get("has_more"):
        refunds = listed.get("data", [])
    else:
        # Newer API versions leave ``refunds`` out of the charge: fetch the state.
        configure()
        refunds = [r.to_dict() for r in stripe.Refund.list(charge=charge["id"], limit=100)]
    return sorted(
        (r for r in refunds if r.get("status") in ("succeeded", "pending")),
        key=lambda r: (r.get("created", 0), r["id"]),
    )


def on_charge_refunded(event: StripeEvent, charge: dict) -> Outcome:
    intent_id = object_id(charge.get("payment_intent"))
    lock_object(intent_id or charge["id"])
    payment = payment_for(intent_id, charge["id"])
    if payment is None:
        return St.PARKED, intent_id or charge["id"], "refund before its payment"
    invoice = Invoice.objects.select_for_update().get(pk=payment.invoice_id)
    listed = _refunds_of(charge)
    failed = refunds.failed_refund_ids(refund_ids=[r["id"] for r in listed])
    listed = [r for r in listed if r["id"] not in failed]
    for refund in listed:
        invoices.invoice_record_refund(
            invoice=invoice,
            refund_id=refund["id"],
            charge_id=charge["id"],
            amount=amount_from_stripe(refund["amount"], invoice.currency),
        )
    refunds.refund_requests_settle(refund_ids=[r["id"] for r in listed], failed=False)
    return St.PROCESSED, "", ""


def on_dispute_created(event: StripeEvent, dispute: dict) -> Outcome:
    intent_id, charge_id = (
        object_id(dispute.get("payment_intent")),
        object_id(dispute.get("charge")),
    )
    lock_object(intent_id or charge_id)
    payment = payment_for(intent_id, charge_id)
    if payment is None:
        return St.PARKED, intent_id or charge_id, "dispute before its payment"
    # Before the invoice row, as the closing handlers take it: a close parked while this
    # commits is seen by the query below or sees the chargeback itself.
    lock_object(dispute["id"])
    _wake_parked_on([dispute["id"]], event)
    invoice = Invoice.objects.select_for_update().get(pk=payment.invoice_id)
    invoices.invoice_record_chargeback(
        invoice=invoice,
        dispute_id=dispute["id"],
        charge_id=charge_id,
        amount=amount_from_stripe(dispute["amount"], invoice.currency),
        reason=dispute.get("reason") or "",
        status=dispute.get("status") or "",
    )
    return St.PROCESSED, "", ""


HANDLERS: dict[str, Callable[[StripeEvent, dict], Outcome]] = {
    "payment_intent.succeeded": on_intent_succeeded,
    "payment_intent.payment_failed": on_intent_failed,
    "charge.refunded": on_charge_refunded,
    "charge.dispute.created": on_dispute_created,
    "charge.dispute.closed": on_dispute_closed,
    "charge.dispute.funds_reinstated": on_dispute_funds_reinstated,
    "refund.updated": on_refund_updated,
    # Connect: the connected account's state (finance.payments.connect has the design note).
    "account.updated": connect.on_account_updated,
}


@transaction.atomic
def stripe_event_process(*, event_pk: int) -> str:
    """Apply one stored event once; safe to call again (it returns the state)."""
    event = StripeEvent.objects.select_for_update().get(pk=event_pk)
    if event.state in (St.PROCESSED, St.IGNORED):
        return event.state
    handler = HANDLERS.get(event.type)
    if handler is None:
        state, waiting, note = St.IGNORED, "", "event type not handled"
    else:
        state, waiting, note = handler(event, event.payload["data"]["object"])
    event.state, event.waiting_for, event.note = state, waiting, note[:300]
    if state != St.PARKED:
        event.processed_at = timezone.now()
    event.save(update_fields=["state", "waiting_for", "note", "processed_at"])
    return state


def stripe_events_requeue(*, older_than_seconds: int = 300) -> int:
    """Re-enqueue events whose task was lost (worker crash after commit, broker outage), and
    intent events parked for want of an attempt once it is recorded."""
    cutoff = timezone.now() - dt.timedelta(seconds=older_than_seconds)
    pks = list(
        StripeEvent.objects.filter(state=St.RECEIVED, received_at__lt=cutoff).values_list(
            "pk", flat=True
        )
    )
    # Intent events parked for want of an attempt whose attempt has been recorded since.
    pks += StripeEvent.objects.filter(
        state=St.PARKED,
        type__startswith="payment_intent.",
        waiting_for__in=PaymentAttempt.objects.values("payment_intent_id"),
    ).values_list("pk", flat=True)
    # Dispute closings parked before their dispute was opened, if the wake-up was lost.
    pks += StripeEvent.objects.filter(
        state=St.PARKED,
        type__startswith="charge.dispute.",
        waiting_for__in=Chargeback.objects.values("dispute_id"),
    ).values_list("pk", flat=True)
    for pk in pks:
        _enqueue(pk)
    return len(pks)
