"""A refund Stripe reports as failed or cancelled after it was booked: reverse it.

``charge.refunded`` books pending refunds too (Stripe lists them), so a refund that later
fails (``refund.updated``: failed / canceled — a closed bank account, a cancelled
bank-transfer refund) has to give the money back to where it came from: the entry is
reversed, ``amount_refunded`` goes down and the invoice returns to paid or partly
refunded. The caller holds the invoice row lock.
"""

from __future__ import annotations

from django.utils import timezone

from catalog.kernel.workflow import SYSTEM
from finance.invoices.workflow import WORKFLOW
from finance.ledger.services import journal_reverse
from finance.models import Invoice, Refund


def invoice_refund_fail(*, invoice: Invoice, refund_id: str) -> Refund | None:
    """Reverse the booked refund ``refund_id``; None if it was never booked, and a replay
    (already reversed) changes nothing."""
    refund = Refund.objects.select_for_update().filter(refund_id=refund_id).first()
    if refund is None or refund.failed_at is not None:
        return refund
    journal_reverse(
        entry=refund.entry,
        memo=f"Refund {refund_id} of {invoice.number} failed",
        idempotency_key=f"stripe:{refund_id}:refund_failed",
    )
    refund.failed_at = timezone.now()
    refund.save(update_fields=["failed_at"])
    invoice.amount_refunded -= refund.amount
    action = "refund_undo_part" if invoice.amount_refunded > 0 else "refund_undo"
    WORKFLOW.apply(invoice, action, user=SYSTEM, note=f"{refund_id} failed", save=False)
    invoice.save(update_fields=["amount_refunded", "status"])
    return refund
