"""Refunds staff ask for: checked and reserved here, made by Stripe, booked by the webhook.

``refund_request_create`` locks the invoice, checks the amount against what is still
refundable (paid − refunded − lost disputes − requests Stripe has not reported yet) and
records the request, so two staff members refunding at once cannot exceed the payment.
``refund_request_submit`` then calls ``stripe.Refund.create`` with the request's id as
idempotency key: a retry (double click, crash before the answer was saved) gets the refund
Stripe already made, never a second one. The money moves in the ledger only when Stripe's
``charge.refunded`` / ``refund.updated`` arrive (``finance.payments.stripe_events``), which
also settle the request.
"""

from __future__ import annotations

from decimal import Decimal

import stripe
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from catalog.kernel.money import Money
from catalog.kernel.permissions import AnyUser, is_staff
from finance.models import Invoice, RefundReason, RefundRequest, RefundRequestStatus
from finance.payments.selectors import refundable_remaining
from finance.payments.stripe_api import configure
from i18n.formatting import format_money

R = RefundRequestStatus


def refund_amount_check(*, invoice: Invoice, amount: Decimal) -> Decimal:
    """``amount`` if it is a positive amount of the invoice's currency that can still be
    refunded (the refund page's preview asks before anything is recorded)."""
    money = Money(amount, invoice.currency)
    if money.amount <= 0 or not money.is_rounded():
        raise ValidationError(
            {
                "amount": _("%(amount)s is not a positive amount in %(currency)s")
                % {"amount": amount, "currency": invoice.currency}
            }
        )
    remaining = refundable_remaining(invoice)
    if money.amount > remaining:
        raise ValidationError(
            {
                "amount": _("at most %(remaining)s can still be refunded")
                % {"remaining": format_money(remaining, invoice.currency)}
            }
        )
    return money.amount


def refund_request_create(
    *, invoice: Invoice, user: AnyUser, amount: Decimal, reason: str, note: str = ""
) -> RefundRequest:
    """Record a refund of ``amount`` (≤ what is refundable) for Stripe to make."""
    if not is_staff(user):
        raise PermissionDenied
    if reason not in RefundReason.values:
        raise ValidationError(
            {"reason": _("“%(reason)s” is not a refund reason") % {"reason": reason}}
        )
    note = note.strip()
    if reason == RefundReason.OTHER and not note:
        raise ValidationError({"note": _("say why the invoice is refunded")})
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        if not invoice.payments.exists():
            raise ValidationError({"amount": _("nothing was paid on this invoice")})
        return RefundRequest.objects.create(
            invoice=invoice,
            amount=refund_amount_check(invoice=invoice, amount=Decimal(amount)),
            reason=reason,
            note=note[:500],
            requested_by=user,
        )


def refund_request_submit(*, request: RefundRequest) -> RefundRequest:
    """Ask Stripe for the refund (idempotent by request); a refusal frees the amount."""
    if request.status != R.PENDING or request.refund_id:
        return request
    invoice = request.invoice
    payment = invoice.payments.order_by("pk").first()
    configure()
    try:
        refund = stripe.Refund.create(
            payment_intent=payment.payment_intent_id,
            amount=Money(request.amount, invoice.currency).to_minor(),
            metadata={
                "invoice": invoice.number,
                "refund_request": str(request.pk),
                "reason": request.reason,
            },
            idempotency_key=f"refund-request-{request.pk}",
        )
    except stripe.StripeError as exc:
        RefundRequest.objects.filter(pk=request.pk, status=R.PENDING).update(
            status=R.FAILED, error=str(exc.user_message or exc)[:500]
        )
        request.refresh_from_db()
        return request
    RefundRequest.objects.filter(pk=request.pk).update(refund_id=refund["id"])
    request.refresh_from_db()
    return request


def refund_requests_settle(*, refund_ids: list[str], failed: bool, error: str = "") -> int:
    """Stripe reported these refunds succeeded (or failed): their requests say so."""
    if not refund_ids:
        return 0
    requests = RefundRequest.objects.filter(refund_id__in=refund_ids)
    if failed:  # also after it succeeded: Stripe can fail a refund it first accepted
        return requests.exclude(status=R.FAILED).update(status=R.FAILED, error=error[:500])
    return requests.filter(status=R.PENDING).update(status=R.SUCCEEDED)


def failed_refund_ids(*, refund_ids: list[str]) -> set[str]:
    """Refunds of ours Stripe already reported failed (a stale event still lists them)."""
    return set(
        RefundRequest.objects.filter(refund_id__in=refund_ids, status=R.FAILED).values_list(
            "refund_id", flat=True
        )
    )
