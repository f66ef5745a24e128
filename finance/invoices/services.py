"""Invoices: create (posting the issue entry), pay, refund, dispute, void, PDF.

Every status change is an action of the invoice workflow (``workflow.py``: action
table + one audit row). Money movements come from Stripe events (``finance.payments.stripe_events``)
and post with keys derived from Stripe object ids, so a replayed event is a
no-op. The chart of accounts and each entry are documented in
``finance.ledger.postings``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.kernel.events import publish
from catalog.kernel.money import Money, round_money
from catalog.kernel.numbering import next_value
from catalog.kernel.permissions import AnyUser
from catalog.kernel.workflow import SYSTEM
from catalog.models import Party
from finance.events import InvoicePaid, InvoiceRefunded
from finance.invoices.workflow import WORKFLOW
from finance.ledger import postings
from finance.ledger.services import journal_post, journal_reverse
from finance.models import (
    Chargeback,
    Invoice,
    InvoiceEvent,
    InvoiceLine,
    InvoiceNumberSequence,
    InvoiceStatus,
    LineKind,
    Payment,
    PaymentFailure,
    Refund,
)

S = InvoiceStatus


@dataclass(frozen=True)
class InvoiceLineInput:
    kind: str
    description: str
    amount: Money  # every line of an invoice is in the invoice's currency
    tax_rate_percent: Decimal = Decimal(0)


def commission_percent() -> Decimal:
    return Decimal(str(getattr(settings, "PLATFORM_COMMISSION_PERCENT", 10)))


def _checked_lines(lines: list[InvoiceLineInput], currency: str) -> list[InvoiceLine]:
    if not lines:
        raise ValidationError({"lines": _("an invoice needs at least one line")})
    built = []
    for n, line in enumerate(lines, start=1):
        field = f"lines[{n - 1}]"
        if line.kind not in LineKind.values:
            raise ValidationError(
                {f"{field}.kind": _("“%(kind)s” is not a line kind") % {"kind": line.kind}}
            )
        if line.amount.currency != currency:
            raise ValidationError(
                {
                    f"{field}.amount": _(
                        "%(amount)s is not in %(currency)s, the invoice's currency"
                    )
                    % {"amount": line.amount, "currency": currency}
                }
            )
        amount, rate = line.amount.amount, Decimal(line.tax_rate_percent)
        if amount <= 0 or not line.amount.is_rounded():
            raise ValidationError(
                {
                    f"{field}.amount": _("%(amount)s is not a positive amount in %(currency)s")
                    % {"amount": amount, "currency": currency}
                }
            )
        if not Decimal(0) <= rate < 100:
            raise ValidationError(
                {f"{field}.tax_rate_percent": _("%(rate)s is not in [0, 100)") % {"rate": rate}}
            )
        if not line.description.strip():
            raise ValidationError({f"{field}.description": _("a description is required")})
        built.append(
            InvoiceLine(
                position=n,
                kind=line.kind,
                description=line.description.strip()[:300],
                amount=amount,
                tax_rate_percent=rate,
                tax_amount=round_money(amount * rate / 100, currency),
            )
        )
    return built


def _next_number() -> str:
    """INV-<year>-<n>: gapless per year (the kernel's counter row, taken in the issuing
    transaction; a failed issue gives its number back)."""
    year = timezone.localdate().year
    return f"INV-{year}-{next_value(InvoiceNumberSequence, year):06d}"


def invoice_create(
    *,
    payer: Party,
    payee: Party,
    lines: list[InvoiceLineInput],
    subject: str,
    idempotency_key: str,
    due_on: dt.date,
    language: str,
) -> Invoice:
    """Issue an invoice in its lines' currency and post it; the same key returns the
    invoice already issued."""
    existing = Invoice.objects.filter(idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    if not lines:
        raise ValidationError({"lines": _("an invoice needs at least one line")})
    currency = lines[0].amount.currency
    if payer.pk == payee.pk:
        raise ValidationError({"payee": _("payer and payee must be different parties")})
    if language not in settings.LANGUAGE_CODES:
        raise ValidationError(
            {"language": _("“%(language)s” is not a platform language") % {"language": language}}
        )
    if not subject or len(subject) > 100:
        raise ValidationError(
            {"subject": _("a subject like “contract:LIC-2026-000001” is required")}
        )
    built = _checked_lines(lines, currency)
    net = sum((line.amount for line in built), Decimal(0))
    tax = sum((line.tax_amount for line in built), Decimal(0))
    percent = commission_percent()
    try:
        with transaction.atomic():
            invoice = Invoice.objects.create(
                number=_next_number(),
                idempotency_key=idempotency_key,
                payer=payer,
                payee=payee,
                currency=currency,
                subject=subject,
                language=language,
                due_on=due_on,
                amount_net=net,
                amount_tax=tax,
                amount_due=net + tax,
                commission_percent=percent,
                commission_amount=round_money(net * percent / 100, currency),
            )
            for line in built:
                line.invoice = invoice
            InvoiceLine.objects.bulk_create(built)
            invoice.issue_entry = journal_post(
                memo=f"Invoice {invoice.number} ({subject})",
                lines=postings.issue_lines(invoice),
                idempotency_key=f"invoice:{invoice.pk}:issue",
                reference=invoice.number,
            )
            invoice.save(update_fields=["issue_entry"])
            InvoiceEvent.objects.create(invoice=invoice, to_status=S.OPEN, note="issued")
    except IntegrityError:
        winner = Invoice.objects.filter(idempotency_key=idempotency_key).first()
        if winner is None:
            raise
        return winner
    return invoice


@transaction.atomic
def invoice_void(*, invoice: Invoice, user: AnyUser, note: str = "") -> Invoice:
    """Withdraw an unpaid invoice (its issuer or staff; ``SYSTEM`` for the platform)."""
    invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
    if invoice.amount_paid:
        raise ValidationError({"status": _("a paid invoice is refunded, not voided")})
    WORKFLOW.apply(invoice, "void", user=user, note=note[:300], save=False)
    journal_reverse(
        entry=invoice.issue_entry,
        memo=f"Void {invoice.number}",
        idempotency_key=f"invoice:{invoice.pk}:void",
    )
    invoice.save(update_fields=["status"])
    return invoice


def invoice_record_payment(
    *, invoice: Invoice, payment_intent_id: str, charge_id: str, amount: Decimal, method: str = ""
) -> Payment:
    """A succeeded PaymentIntent (caller holds the invoice row lock)."""
    existing = Payment.objects.filter(payment_intent_id=payment_intent_id).first()
    if existing is not None:
        return existing
    settles = invoice.status == S.OPEN and invoice.amount_paid + amount >= invoice.amount_due
    entry = journal_post(
        memo=f"Payment of {invoice.number} ({payment_intent_id})",
        lines=postings.payment_lines(invoice, amount, settles=settles),
        idempotency_key=f"stripe:{payment_intent_id}:succeeded",
        reference=invoice.number,
    )
    payment = Payment.objects.create(
        invoice=invoice,
        payment_intent_id=payment_intent_id,
        charge_id=charge_id,
        amount=amount,
        currency=invoice.currency,
        method=method[:40],
        entry=entry,
    )
    invoice.amount_paid += amount
    if settles:
        WORKFLOW.apply(invoice, "pay", user=SYSTEM, note=payment_intent_id, save=False)
        publish(InvoicePaid(invoice_id=invoice.pk, subject=invoice.subject))
    else:
        # Paid twice (two attempts both succeeded) or after a void: the payer's
        # receivable goes into credit and shows on the page as a refund to make.
        InvoiceEvent.objects.create(
            invoice=invoice,
            from_status=invoice.status,
            to_status=invoice.status,
            note=f"extra payment {payment_intent_id}: refund due",
        )
    invoice.save(update_fields=["amount_paid", "status"])
    return payment


def invoice_record_failure(
    *, invoice: Invoice, event_id: str, payment_intent_id: str, code: str, message: str
) -> PaymentFailure:
    failure, _created = PaymentFailure.objects.get_or_create(
        event_id=event_id,
        defaults={
            "invoice": invoice,
            "payment_intent_id": payment_intent_id,
            "code": code[:100],
            "message": message[:500],
        },
    )
    return failure


def invoice_record_refund(
    *, invoice: Invoice, refund_id: str, charge_id: str, amount: Decimal
) -> Refund:
    """One Stripe refund (caller holds the invoice row lock; the payment is recorded)."""
    existing = Refund.objects.filter(refund_id=refund_id).first()
    if existing is not None:
        return existing
    if invoice.amount_refunded + amount > invoice.amount_paid:
        raise ValidationError(
            {"amount": _("refund %(id)s exceeds what was paid") % {"id": refund_id}}
        )
    entry = journal_post(
        memo=f"Refund of {invoice.number} ({refund_id})",
        lines=postings.refund_lines(invoice, before=invoice.amount_refunded, amount=amount),
        idempotency_key=f"stripe:{refund_id}:refund",
        reference=invoice.number,
    )
    refund = Refund.objects.create(
        invoice=invoice, refund_id=refund_id, charge_id=charge_id, amount=amount, entry=entry
    )
    invoice.amount_refunded += amount
    full = invoice.amount_refunded >= invoice.amount_paid
    WORKFLOW.apply(
        invoice, "refund" if full else "refund_part", user=SYSTEM, note=refund_id, save=False
    )
    invoice.save(update_fields=["amount_refunded", "status"])
    publish(InvoiceRefunded(invoice_id=invoice.pk, subject=invoice.subject))
    return refund


def invoice_record_chargeback(
    *, invoice: Invoice, dispute_id: str, charge_id: str, amount: Decimal, reason: str, status: str
) -> Chargeback:
    existing = Chargeback.objects.filter(dispute_id=dispute_id).first()
    if existing is not None:
        return existing
    entry = journal_post(
        memo=f"Chargeback on {invoice.number} ({dispute_id}): funds held",
        lines=postings.dispute_lines(invoice, amount),
        idempotency_key=f"stripe:{dispute_id}:dispute",
        reference=invoice.number,
    )
    InvoiceEvent.objects.create(
        invoice=invoice,
        from_status=invoice.status,
        to_status=invoice.status,
        note=f"chargeback {dispute_id} ({reason})",
    )
    return Chargeback.objects.create(
        invoice=invoice,
        dispute_id=dispute_id,
        charge_id=charge_id,
        amount=amount,
        reason=reason[:100],
        status=status[:40],
        entry=entry,
    )
