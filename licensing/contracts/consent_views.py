"""Co-owners' approvals page (thin: HTTP ↔ licensing.contracts.consent)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog.kernel.permissions import acts_for
from catalog.models import Party
from licensing.contracts import consent
from licensing.contracts.models import Contract, ContractApproval


@login_required
def approvals(request: HttpRequest) -> HttpResponse:
    pending, decided = consent.approvals_for(request.user)
    return render(
        request,
        "contracts/approvals.html",
        {"pending": pending, "decided": decided, "decisions": ContractApproval.Decision},
    )


@login_required
@require_POST
def approval_decide(request: HttpRequest, pk: int) -> HttpResponse:
    contract = get_object_or_404(Contract.objects.select_related("work", "licensor"), pk=pk)
    party = Party.objects.filter(pk=request.POST.get("party") or 0).first()
    # Only a co-owner asked about this licence may reach it; anyone else learns nothing.
    if party is None or not acts_for(request.user, party.pk):
        raise Http404
    if party.pk not in {p.pk for p in consent.consent_of(contract).co_owners}:
        raise Http404
    try:
        consent.approval_decide(
            contract=contract,
            user=request.user,
            party=party,
            decision=request.POST.get("decision", ""),
            note=request.POST.get("note", ""),
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("Your decision is recorded."))
    return redirect("contracts:approvals")
