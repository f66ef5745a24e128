"""Stripe events that close what an earlier event opened: a dispute's closing and its
reinstated funds, a refund's later state (registered in ``stripe_events.HANDLERS``).

A closing parks on the dispute id until ``charge.dispute.created`` was applied (which wakes
it); both take the advisory lock on the dispute id before the invoice row. A won dispute is
released once (closed and reinstated share one ledger key); one closed as lost is not
released by a later event (IGNORED, the reason in the note). ``refund.updated`` books a
refund that succeeded and reverses one that failed.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError

from catalog.kernel.money import Money
from finance.invoices import chargebacks
from finance.invoices import refunds as invoice_refunds
from finance.invoices import services as invoices
from finance.models import Chargeback, Invoice, StripeEvent, StripeEventState
from finance.payments import refunds
from finance.payments.event_support import Outcome, lock_object, object_id, payment_for
from finance.payments.stripe_api import amount_from_stripe

St = StripeEventState


def _open_chargeback(dispute: dict) -> Chargeback | None:
    """The dispute's chargeback with its invoice, both row-locked (invoice first, as
    everywhere); None until ``charge.dispute.created`` was applied."""
    lock_object(dispute["id"])
    found = Chargeback.objects.filter(dispute_id=dispute["id"]).first()
    if found is None:
        return None
    Invoice.objects.select_for_update().get(pk=found.invoice_id)
    return Chargeback.objects.select_for_update().select_related("invoice").get(pk=found.pk)


def _dispute_fees(dispute: dict) -> list[Money]:
    """Net fees of the dispute's balance transactions, per currency (returned fees < 0)."""
    fees: dict[str, int] = {}
    for txn in dispute.get("balance_transactions") or []:
        if isinstance(txn, dict) and txn.get("fee"):
            cur = txn["currency"].upper()
            fees[cur] = fees.get(cur, 0) + int(txn["fee"])
    return [Money(amount_from_stripe(minor, cur), cur) for cur, minor in sorted(fees.items())]


def on_dispute_closed(event: StripeEvent, dispute: dict) -> Outcome:
    chargeback = _open_chargeback(dispute)
    if chargeback is None:
        return St.PARKED, dispute["id"], "dispute closed before it was opened here"
    status = dispute.get("status") or ""
    close = {
        "won": chargebacks.chargeback_release,
        "warning_closed": chargebacks.chargeback_release,
    }
    close["lost"] = chargebacks.chargeback_lose
    if status not in close:
        return St.IGNORED, "", f"closed with status {status!r}"
    try:
        close[status](chargeback=chargeback, status=status)
    except ValidationError as exc:  # closed the other way before: Stripe does not reopen
        return St.IGNORED, "", "; ".join(exc.messages)
    chargebacks.chargeback_fees_post(chargeback=chargeback, fees=_dispute_fees(dispute))
    return St.PROCESSED, "", ""


def on_dispute_funds_reinstated(event: StripeEvent, dispute: dict) -> Outcome:
    chargeback = _open_chargeback(dispute)
    if chargeback is None:
        return St.PARKED, dispute["id"], "funds reinstated before the dispute was opened here"
    try:
        chargebacks.chargeback_release(chargeback=chargeback, status=dispute.get("status") or "")
    except ValidationError as exc:
        return St.IGNORED, "", "; ".join(exc.messages)
    return St.PROCESSED, "", ""


def on_refund_updated(event: StripeEvent, refund: dict) -> Outcome:
    """A refund's later state: succeeded books it (if charge.refunded did not), failed or
    cancelled reverses what was booked."""
    intent_id, charge_id = object_id(refund.get("payment_intent")), object_id(refund.get("charge"))
    lock_object(intent_id or charge_id)
    payment = payment_for(intent_id, charge_id)
    if payment is None:
        return St.PARKED, intent_id or charge_id, "refund before its payment"
    invoice = Invoice.objects.select_for_update().get(pk=payment.invoice_id)
    if refund.get("status") in ("succeeded", "pending"):
        invoices.invoice_record_refund(
            invoice=invoice,
            refund_id=refund["id"],
            charge_id=charge_id,
            amount=amount_from_stripe(refund["amount"], invoice.currency),
        )
        refunds.refund_requests_settle(refund_ids=[refund["id"]], failed=False)
    elif refund.get("status") in ("failed", "canceled"):
        invoice_refunds.invoice_refund_fail(invoice=invoice, refund_id=refund["id"])
        reason = refund.get("failure_reason") or refund["status"]
        refunds.refund_requests_settle(refund_ids=[refund["id"]], failed=True, error=reason)
    return St.PROCESSED, "", ""
