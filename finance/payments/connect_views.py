"""Stripe Connect onboarding pages: start (or continue) at Stripe, come back, new link.

Only the party's owners and administrators connect its account, and as for bank details
only within minutes of a second factor (``PAYEE_MFA_MAX_AGE``). Its members and staff
read the state (``finance.payees.selectors``); anyone else gets 404.
"""

from __future__ import annotations

from csp.decorators import csp_update
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from catalog.kernel.forms import error_text
from catalog.kernel.mfa import mfa_redirect
from catalog.models import Party
from finance.models import PayeeProfile
from finance.payees.selectors import can_edit_payee, can_read_payee
from finance.payments import connect
from finance.payments.stripe_api import CONNECT_CSP


def _party(request: HttpRequest, party_id: int, *, admin: bool) -> Party:
    party = get_object_or_404(Party, pk=party_id)
    if not can_read_payee(request.user, party):
        raise Http404
    if admin and not can_edit_payee(request.user, party):
        raise PermissionDenied(
            _("Only the organisation's owners and administrators can connect its Stripe account.")
        )
    return party


def _second_factor(request: HttpRequest) -> HttpResponse | None:
    # As for bank details: the account receives the party's money, so a recent factor.
    return mfa_redirect(request, max_age=settings.PAYEE_MFA_MAX_AGE)


def _urls(request: HttpRequest, party: Party) -> dict[str, str]:
    return {
        name: request.build_absolute_uri(reverse(f"finance:connect_{name}", args=[party.pk]))
        for name in ("refresh", "return")
    }


def _to_stripe(request: HttpRequest, party: Party, profile: PayeeProfile) -> HttpResponse:
    urls = _urls(request, party)
    try:
        url = connect.connect_account_link(
            profile=profile, refresh_url=urls["refresh"], return_url=urls["return"]
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect("finance:connect_return", party_id=party.pk)
    return HttpResponseRedirect(url)


@login_required
@require_POST
def connect_start(request: HttpRequest, party_id: int) -> HttpResponse:
    party = _party(request, party_id, admin=True)
    if (second_factor := _second_factor(request)) is not None:
        return second_factor
    try:
        profile = connect.connect_account_start(
            party=party,
            actor=request.user,
            country=request.POST.get("country") or party.country,
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect("finance:connect_return", party_id=party.pk)
    return _to_stripe(request, party, profile)


@login_required
@require_GET
def connect_refresh(request: HttpRequest, party_id: int) -> HttpResponse:
    """Stripe sends the user here when the onboarding link expired or was used: a new one."""
    party = _party(request, party_id, admin=True)
    if (second_factor := _second_factor(request)) is not None:
        return second_factor
    profile = PayeeProfile.objects.filter(party=party).exclude(stripe_account_id="").first()
    if profile is None:
        return redirect("finance:connect_return", party_id=party.pk)
    return _to_stripe(request, party, profile)


@login_required
@require_GET
@csp_update(CONNECT_CSP)
def connect_return(request: HttpRequest, party_id: int) -> HttpResponse:
    """Back from Stripe (or opened from the payee page): the account's state, read now."""
    party = _party(request, party_id, admin=False)
    profile = PayeeProfile.objects.filter(party=party).exclude(stripe_account_id="").first()
    if profile is not None:
        try:
            profile = connect.connect_account_sync(profile=profile)
        except ValidationError as exc:
            messages.error(request, error_text(exc))
    return render(
        request,
        "finance/connect_status.html",
        {
            "party": party,
            "profile": profile,
            "may_edit": can_edit_payee(request.user, party),
        },
    )
