"""The payee page: how the acting party is paid, its masked bank details, their cooling-off
state and history; its owners and administrators change them after a fresh second factor."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from csp.decorators import csp_update
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.kernel.forms import add_service_errors
from catalog.kernel.mfa import mfa_redirect
from catalog.kernel.permissions import acting_parties
from catalog.models import Party
from finance.payees.forms import PayeeForm, scheme_data
from finance.payees.selectors import (
    FIELD_LABELS,
    can_edit_payee,
    can_read_payee,
    masked_history,
    payee_profile_for,
    payout_hold,
    shown_value,
)
from finance.payees.services import payee_profile_save
from finance.payments.stripe_api import CONNECT_CSP


def _party(request: HttpRequest, parties) -> Party | None:
    """The party named by ?party= (GET) or the form (POST), else the user's first one."""
    chosen = request.POST.get("party") or request.GET.get("party") or ""
    if chosen.isdigit():
        party = get_object_or_404(Party, pk=int(chosen))
        if not can_read_payee(request.user, party):
            raise PermissionDenied
        return party
    return parties.first()


def _page(party: Party) -> str:
    return f"{reverse('finance:payee')}?party={party.pk}"


def _details(profile) -> list[tuple[str, str]]:
    names = ("method", "account_holder", "bank_country", "currency", "iban", "account_number")
    names += ("bic", "clearing_system", "bank_code", "branch_code")
    return [
        (str(FIELD_LABELS[name]), shown_value(name, getattr(profile, name)))
        for name in names
        if getattr(profile, name)
    ]


@login_required
@csp_update(CONNECT_CSP)  # the Connect button's form is redirected to Stripe
def payee(request: HttpRequest) -> HttpResponse:
    parties = acting_parties(request.user)
    party = _party(request, parties)
    context: dict = {"parties": parties, "party": party}
    if party is None:
        return render(request, "finance/payees/payee.html", context)
    profile = payee_profile_for(party)
    may_edit = can_edit_payee(request.user, party)
    editing = request.method == "POST" or bool(request.GET.get("edit"))
    form = None
    if editing:
        if not may_edit:
            raise PermissionDenied
        # A recent second factor, not only an MFA session: bank details redirect money.
        if (second := mfa_redirect(request, max_age=settings.PAYEE_MFA_MAX_AGE)) is not None:
            return second
        form = PayeeForm(request.POST or None, profile=profile)
        if request.method == "POST" and form.is_valid():
            try:
                payee_profile_save(party=party, actor=request.user, **form.service_fields())
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                messages.success(request, _("The payout details were saved."))
                return redirect(_page(party))
    # Dates on the page (cooling-off, history) on the reader's own clock.
    with timezone.override(ZoneInfo(getattr(request.user, "time_zone", "") or "UTC")):
        return _render(request, context, profile=profile, may_edit=may_edit, form=form)


def _render(request: HttpRequest, context: dict, *, profile, may_edit: bool, form):
    context |= {
        "profile": profile,
        "details": _details(profile) if profile else [],
        "hold": payout_hold(profile, provider=profile.method) if profile else "",
        "history": masked_history(profile) if profile else [],
        "may_edit": may_edit,
        "form": form,
        "schemes": scheme_data() if form else None,
    }
    return render(request, "finance/payees/payee.html", context)
