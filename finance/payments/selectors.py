"""Reads of payments: what Stripe reported for an invoice, what can still be refunded and
what a refund would post."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet, Sum

from catalog.models import Party
from finance.ledger import postings
from finance.models import (
    Account,
    AccountKind,
    ChargebackOutcome,
    Invoice,
    Posting,
    RefundRequestStatus,
)


def invoice_money_movements(invoice: Invoice) -> dict[str, QuerySet]:
    """The invoice's payments, refunds, chargebacks and failed attempts, as its page lists them."""
    return {
        "payments": invoice.payments.all(),
        "refunds": invoice.refunds.all(),
        "chargebacks": invoice.chargebacks.all(),
        "failures": invoice.failures.all(),
        "refund_requests": invoice.refund_requests.select_related("requested_by"),
    }


def _pending_requests(invoice: Invoice) -> Decimal:
    """Requested refunds Stripe has not reported yet (booked ones are in amount_refunded)."""
    pending = invoice.refund_requests.filter(status=RefundRequestStatus.PENDING)
    return pending.aggregate(total=Sum("amount"))["total"] or Decimal(0)


def refundable_remaining(invoice: Invoice) -> Decimal:
    """Paid − refunded − requested − disputed (open or lost: Stripe refunds neither)."""
    disputed = invoice.chargebacks.exclude(outcome=ChargebackOutcome.WON).aggregate(
        total=Sum("amount")
    )["total"] or Decimal(0)
    left = invoice.amount_paid - invoice.amount_refunded - _pending_requests(invoice) - disputed
    return max(left, Decimal(0))


@dataclass(frozen=True)
class PreviewLine:
    party: Party | None  # None: the platform
    kind: str
    amount: Decimal  # debit > 0, credit < 0
    balance_before: Decimal
    balance_after: Decimal

    @property
    def kind_label(self) -> str:
        return AccountKind(self.kind).label


def _balance(party: Party | None, kind: str, currency: str) -> Decimal:
    account = Account.objects.filter(party=party, kind=kind, currency=currency).first()
    if account is None:
        return Decimal(0)
    return Posting.objects.filter(account=account).aggregate(t=Sum("amount"))["t"] or Decimal(0)


def refund_preview(invoice: Invoice, amount: Decimal) -> list[PreviewLine]:
    """The ledger lines a refund of ``amount`` will post once Stripe reports it (after the
    requests already made), with the balances they change; writes nothing."""
    before = invoice.amount_refunded + _pending_requests(invoice)
    specs = postings.refund_specs(invoice, before=before, amount=amount)
    lines = []
    for party, kind, currency, value in specs:
        balance = _balance(party, kind, currency)
        lines.append(PreviewLine(party, kind, value, balance, balance + value))
    return lines
