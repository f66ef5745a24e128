"""Closing a chargeback: won (the reserve is released) or lost (the loss is booked).

A dispute opens with the disputed amount D in the platform's reserve and the payee's share
frozen (``invoice_record_chargeback``). It closes once, either way: ``chargeback_release``
reverses the opening entry, ``chargeback_lose`` books D like a refund (the payee's share
forfeited, the platform's commission and the tax reversed). Entries are keyed by the
dispute id (``finance.ledger.postings``), so Stripe's ``charge.dispute.closed`` and
``charge.dispute.funds_reinstated`` — both sent for a won dispute, in either order, maybe
twice — release it once. A dispute closed one way is never closed the other: Stripe does
not reopen disputes, so such an event is refused (the caller records it, nothing moves).
The caller holds the invoice and chargeback row locks.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.kernel.money import Money
from finance.ledger import postings
from finance.ledger.services import journal_post, journal_reverse
from finance.models import Chargeback, ChargebackOutcome, Invoice, InvoiceEvent

CO = ChargebackOutcome


def _refuse_other_outcome(chargeback: Chargeback, wanted: str) -> None:
    if chargeback.outcome not in (CO.OPEN, wanted):
        raise ValidationError(
            {
                "outcome": _("dispute %(id)s was already closed as “%(outcome)s”")
                % {"id": chargeback.dispute_id, "outcome": chargeback.get_outcome_display()}
            }
        )


def _close(chargeback: Chargeback, *, outcome: str, status: str, entry, note: str) -> Chargeback:
    chargeback.outcome, chargeback.close_entry = outcome, entry
    chargeback.status, chargeback.closed_at = status[:40], timezone.now()
    chargeback.save(update_fields=["outcome", "close_entry", "status", "closed_at"])
    invoice: Invoice = chargeback.invoice
    InvoiceEvent.objects.create(
        invoice=invoice, from_status=invoice.status, to_status=invoice.status, note=note[:300]
    )
    return chargeback


def chargeback_release(*, chargeback: Chargeback, status: str) -> Chargeback:
    """Won (or funds reinstated): cash back from the reserve, the payee's share payable again."""
    _refuse_other_outcome(chargeback, CO.WON)
    if chargeback.outcome == CO.WON:
        return chargeback  # closed and reinstated both say so; the first one released it
    entry = journal_reverse(
        entry=chargeback.entry,
        memo=f"Chargeback {chargeback.dispute_id} on {chargeback.invoice.number} won: "
        "reserve released",
        idempotency_key=f"stripe:{chargeback.dispute_id}:released",
    )
    return _close(
        chargeback,
        outcome=CO.WON,
        status=status,
        entry=entry,
        note=f"chargeback {chargeback.dispute_id} won",
    )


def chargeback_lose(*, chargeback: Chargeback, status: str) -> Chargeback:
    """Lost: Stripe keeps the disputed amount; the payee's frozen share is forfeited."""
    _refuse_other_outcome(chargeback, CO.LOST)
    if chargeback.outcome == CO.LOST:
        return chargeback
    invoice = chargeback.invoice
    entry = journal_post(
        memo=f"Chargeback {chargeback.dispute_id} on {invoice.number} lost",
        lines=postings.dispute_lost_lines(invoice, chargeback.amount),
        idempotency_key=f"stripe:{chargeback.dispute_id}:lost",
        reference=invoice.number,
    )
    return _close(
        chargeback,
        outcome=CO.LOST,
        status=status,
        entry=entry,
        note=f"chargeback {chargeback.dispute_id} lost",
    )


def chargeback_fees_post(*, chargeback: Chargeback, fees: list[Money]) -> None:
    """Stripe's dispute fee(s), net of any it returned, borne by the platform."""
    for fee in fees:
        if fee.amount > 0:
            postings.fee_post(
                fee=fee,
                key=f"stripe:{chargeback.dispute_id}:fee:{fee.currency}",
                reference=chargeback.invoice.number,
            )
