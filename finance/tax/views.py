"""The payee's tax page (residencies, withholding certificates) and the staff review queue.

Thin: each view finds the object through the selectors' visibility rule (404 for
another party's), calls one service and renders.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog.kernel.downloads import private_file_response
from catalog.kernel.forms import add_service_errors, error_text
from catalog.kernel.permissions import acting_parties, is_staff
from catalog.models import Party
from finance.tax import certificates, selectors, services
from finance.tax.forms import CertificateForm, RejectForm, ResidencyForm
from finance.tax.workflow import WORKFLOW
from licensing.royalties.selectors import payee_closed_periods


def _party(request: HttpRequest, party_id: int) -> Party:
    party = get_object_or_404(Party, pk=party_id)
    if not selectors.may_see_party_tax(request.user, party.pk):
        raise Http404
    return party


@login_required
def tax_home(request: HttpRequest) -> HttpResponse:
    """The signed-in user's own party's tax page; staff without a party go to the queue."""
    party = acting_parties(request.user).first()
    if party is not None:
        return redirect("tax:party", party_id=party.pk)
    if is_staff(request.user):
        return redirect("tax:queue")
    raise Http404


@login_required
def party_tax(request: HttpRequest, party_id: int) -> HttpResponse:
    """Residencies and certificates of one payee; its owners and administrators submit."""
    party = _party(request, party_id)
    may_manage = selectors.may_manage_party_tax(request.user, party.pk)
    form = ResidencyForm(request.POST or None, request.FILES or None)
    if request.method == "POST":
        if not may_manage:
            raise PermissionDenied
        if form.is_valid():
            try:
                services.residency_submit(
                    user=request.user,
                    party=party,
                    data=form.residency_input(),
                    certificate=form.cleaned_data["certificate"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("Tax residency submitted for review."))
                return redirect("tax:party", party_id=party.pk)
    residencies = list(selectors.residencies_of(party_id=party.pk))
    for residency in residencies:
        residency.actions = WORKFLOW.available_action_names(residency, request.user)
    return render(
        request,
        "tax/party.html",
        {
            "party": party,
            "form": form if may_manage else None,
            "residencies": residencies,
            "periods": payee_closed_periods(payee_id=party.pk),
            "certificates": selectors.certificates_of(party_id=party.pk),
            "reject_form": RejectForm(),
        },
    )


@login_required
def residency_correct(request: HttpRequest, pk: int) -> HttpResponse:
    residency = selectors.residency_visible_to(request.user, pk)
    if residency is None:
        raise Http404
    if WORKFLOW.check(residency, "correct", request.user):
        raise PermissionDenied
    initial = {
        name: getattr(residency, name)
        for name in (
            "country",
            "valid_from",
            "valid_to",
            "treaty_claim",
            "treaty_article",
            "claimed_rate",
        )
    }
    form = ResidencyForm(
        request.POST or None, request.FILES or None, initial=initial, certificate_required=False
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.residency_correct(
                user=request.user,
                residency_id=residency.pk,
                data=form.residency_input(),
                certificate=form.cleaned_data.get("certificate"),
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Tax residency corrected and sent for review."))
            return redirect("tax:party", party_id=residency.party_id)
    return render(request, "tax/residency_form.html", {"residency": residency, "form": form})


@login_required
def residency_certificate(request: HttpRequest, pk: int) -> HttpResponse:
    """The uploaded certificate of residence: the party's members and staff."""
    residency = selectors.residency_visible_to(request.user, pk)
    if residency is None:
        raise Http404
    return private_file_response(residency.certificate, filename=residency.certificate_name)


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    if not is_staff(request.user):
        raise PermissionDenied
    return render(
        request,
        "tax/review_queue.html",
        {"residencies": selectors.review_queue(), "reject_form": RejectForm()},
    )


@login_required
@require_POST
def review(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    if not is_staff(request.user):
        raise PermissionDenied
    residency = get_object_or_404(selectors.review_candidates(), pk=pk)
    try:
        if action == "accept":
            services.residency_accept(user=request.user, residency_id=residency.pk)
            messages.success(request, _("Tax residency accepted."))
        elif action == "reject":
            services.residency_reject(
                user=request.user,
                residency_id=residency.pk,
                reason=request.POST.get("reason", ""),
            )
            messages.success(request, _("Tax residency rejected."))
        else:
            raise Http404
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    return redirect("tax:queue")


@login_required
@require_POST
def certificate_issue(request: HttpRequest, party_id: int) -> HttpResponse:
    party = _party(request, party_id)
    form = CertificateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose a period."))
        return redirect("tax:party", party_id=party.pk)
    try:
        certificate = certificates.withholding_certificate_issue(
            user=request.user, party=party, period=form.cleaned_data["period"]
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect("tax:party", party_id=party.pk)
    return redirect("tax:certificate_pdf", pk=certificate.pk)


@login_required
def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    certificate = selectors.certificate_visible_to(request.user, pk)
    if certificate is None:
        raise Http404
    return private_file_response(certificate.pdf, filename=f"{certificate.number}.pdf")
