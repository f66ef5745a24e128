"""Thin views: statements, invoices (list, detail, pay, PDF), payouts and trial balance."""

from __future__ import annotations

from csp.decorators import csp_update
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from catalog.kernel.downloads import private_file_response
from catalog.kernel.mfa import mfa_redirect
from catalog.kernel.permissions import is_staff
from catalog.models import Party
from finance.charts import balance_chart
from finance.invoices.selectors import (
    can_pay_invoice,
    can_see_invoice,
    invoice_pdf,
    invoices_for_user,
)
from finance.ledger.selectors import (
    can_see_party,
    parties_for_user,
    party_statement,
    trial_balance,
    trial_balance_rows,
)
from finance.models import Invoice, InvoiceStatus
from finance.payees.selectors import held_payees
from finance.payments import services as payments
from finance.payments import stripe_api
from finance.payments.selectors import invoice_money_movements
from finance.payouts.selectors import payout_file, payout_runs


def _staff_only(request: HttpRequest) -> None:
    if not is_staff(request.user):
        raise PermissionDenied


@login_required
def statement(request: HttpRequest) -> HttpResponse:
    parties = parties_for_user(request.user)
    party = None
    if request.GET.get("party", "").isdigit():
        party = get_object_or_404(Party, pk=int(request.GET["party"]))
        if not can_see_party(request.user, party):
            raise PermissionDenied
    elif not is_staff(request.user):
        party = parties.first()
    statements = party_statement(party) if party else []
    currencies = sorted({s.account.currency for s in statements})
    charts = {cur: balance_chart(statements, cur) for cur in currencies}
    return render(
        request,
        "finance/statement.html",
        {"parties": parties[:200], "party": party, "statements": statements, "charts": charts},
    )


@login_required
def invoice_list(request: HttpRequest) -> HttpResponse:
    invoices = invoices_for_user(request.user)
    if request.GET.get("status") in InvoiceStatus.values:
        invoices = invoices.filter(status=request.GET["status"])
    return render(request, "finance/invoice_list.html", {"invoices": invoices[:200]})


def _visible_invoice(request: HttpRequest, pk: int) -> Invoice:
    invoice = get_object_or_404(Invoice.objects.select_related("payer", "payee"), pk=pk)
    if not can_see_invoice(request.user, invoice):
        raise Http404
    return invoice


@login_required
def invoice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = _visible_invoice(request, pk)
    return render(
        request,
        "finance/invoice_detail.html",
        {
            "invoice": invoice,
            "lines": invoice.lines.all(),
            **invoice_money_movements(invoice),
            "events": invoice.events.all(),
            "can_pay": invoice.status == InvoiceStatus.OPEN
            and can_pay_invoice(request.user, invoice),
            "can_refund": is_staff(request.user) and invoice.amount_paid > invoice.amount_refunded,
        },
    )


@login_required
@csp_update(stripe_api.STRIPE_CSP)
def invoice_pay(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = _visible_invoice(request, pk)
    if not can_pay_invoice(request.user, invoice):
        raise PermissionDenied
    if (second_factor := mfa_redirect(request)) is not None:
        return second_factor
    if invoice.status != InvoiceStatus.OPEN:
        return redirect("finance:invoice_detail", pk=invoice.pk)
    attempt = payments.payment_intent_for_invoice(invoice=invoice)
    test_mode = stripe_api.is_test_mode()
    if request.method == "POST" and test_mode:
        intent = payments.confirm_with_test_card(attempt=attempt)
        if intent["status"] == "succeeded":
            messages.success(request, _("Test payment confirmed. Waiting for Stripe's webhook."))
            if getattr(settings, "STRIPE_LOCAL_WEBHOOKS", True):
                # localstripe sends no webhooks: deliver the signed event Stripe would send.
                stripe_api.deliver_local(
                    url=request.build_absolute_uri(reverse("stripe:webhook")), intent=intent
                )
        else:
            messages.error(request, _("The test payment failed."))
        return redirect("finance:invoice_detail", pk=invoice.pk)
    return render(
        request,
        "finance/invoice_pay.html",
        {
            "invoice": invoice,
            "attempt": attempt,
            "test_mode": test_mode,
            "publishable_key": settings.STRIPE_PUBLISHABLE_KEY,
            "elements_locale": stripe_api.elements_locale(get_language()),
            "return_url": request.build_absolute_uri(
                reverse("finance:invoice_detail", args=[invoice.pk])
            ),
        },
    )


@login_required
def invoice_pdf_view(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = _visible_invoice(request, pk)
    return private_file_response(invoice_pdf(invoice=invoice), filename=f"{invoice.number}.pdf")


@login_required
def payouts(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    return render(
        request, "finance/payouts.html", {"runs": payout_runs()[:50], "held": held_payees()}
    )


@login_required
def payout_file_download(request: HttpRequest, pk: int) -> HttpResponse:
    """A run's pain.001 file, for staff to upload to the bank."""
    _staff_only(request)
    found = payout_file(pk)
    if found is None:
        raise Http404
    return private_file_response(found.xml.encode(), filename=found.filename)


@login_required
def trial_balance_view(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    totals = trial_balance()
    return render(
        request,
        "finance/trial_balance.html",
        {
            "rows": trial_balance_rows(),
            "totals": totals,
            "balanced": all(t == 0 for t in totals.values()),
        },
    )
