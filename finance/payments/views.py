"""Staff refund page (form → preview of the ledger lines → confirm → Stripe refund) and
the buyer's receipt."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from catalog.kernel.downloads import private_file_response
from catalog.kernel.forms import add_service_errors
from catalog.kernel.mfa import mfa_redirect
from catalog.kernel.money import round_money
from catalog.kernel.permissions import is_staff
from finance.invoices.documents import invoice_receipt_pdf
from finance.invoices.selectors import can_see_invoice
from finance.models import Invoice, RefundRequestStatus
from finance.payments import refunds
from finance.payments.forms import RefundForm
from finance.payments.selectors import refund_preview, refundable_remaining


@login_required
def invoice_refund(request: HttpRequest, pk: int) -> HttpResponse:
    if not is_staff(request.user):
        raise PermissionDenied
    invoice = get_object_or_404(Invoice.objects.select_related("payer", "payee"), pk=pk)
    remaining = refundable_remaining(invoice)
    form = RefundForm(
        request.POST or None, initial={"amount": round_money(remaining, invoice.currency)}
    )
    preview = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if "confirm" in request.POST:
            if (second_factor := mfa_redirect(request)) is not None:
                return second_factor
            try:
                made = refunds.refund_request_create(
                    invoice=invoice,
                    user=request.user,
                    amount=data["amount"],
                    reason=data["reason"],
                    note=data["note"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                made = refunds.refund_request_submit(request=made)
                if made.status == RefundRequestStatus.FAILED:
                    messages.error(
                        request, _("Stripe refused the refund: %(error)s") % {"error": made.error}
                    )
                else:
                    messages.success(
                        request, _("Refund sent to Stripe; the ledger follows its confirmation.")
                    )
                return redirect("finance:invoice_detail", pk=invoice.pk)
        else:
            try:
                amount = refunds.refund_amount_check(invoice=invoice, amount=data["amount"])
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                preview = refund_preview(invoice, amount)
    return render(
        request,
        "finance/invoice_refund.html",
        {
            "invoice": invoice,
            "form": form,
            "remaining": remaining,
            "preview": preview,
            "requests": invoice.refund_requests.select_related("requested_by"),
        },
    )


@login_required
def invoice_receipt(request: HttpRequest, pk: int) -> HttpResponse:
    """The buyer's receipt (PDF); there is none before a payment arrived."""
    invoice = get_object_or_404(Invoice.objects.select_related("payer", "payee"), pk=pk)
    if not can_see_invoice(request.user, invoice) or not invoice.payments.exists():
        raise Http404
    return private_file_response(
        invoice_receipt_pdf(invoice=invoice), filename=f"{invoice.number}-receipt.pdf"
    )
