"""The API keys page of a party: list, create (the token shown once), revoke.

Owners and administrators only; creating and revoking ask for a second factor, like
the other actions that hand out the party's power (catalog.kernel.mfa)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog.kernel.forms import add_service_errors
from catalog.kernel.mfa import mfa_redirect
from catalog.kernel.permissions import acts_for, managed_party_ids
from catalog.models import Party
from marketplace.api.forms import ApiKeyForm
from marketplace.api.keys import api_key_create, api_key_revoke, keys_of
from marketplace.api.models import ApiKey


def _managed_party(request: HttpRequest, party_id: int) -> Party:
    party = get_object_or_404(Party, pk=party_id)
    if not acts_for(request.user, party.pk):
        raise Http404
    if party.pk not in managed_party_ids(request.user):
        raise PermissionDenied(
            _("Only an organisation's owners and administrators manage its API keys.")
        )
    return party


@login_required
def key_list(request: HttpRequest, party_id: int) -> HttpResponse:
    party = _managed_party(request, party_id)
    form = ApiKeyForm(request.POST or None)
    token = None
    if request.method == "POST":
        if (second_factor := mfa_redirect(request)) is not None:
            return second_factor
        if form.is_valid():
            try:
                issued = api_key_create(
                    party=party,
                    user=request.user,
                    name=form.cleaned_data["name"],
                    scopes=form.cleaned_data["scopes"],
                    expires_on=form.cleaned_data["expires_on"],
                )
            except ValidationError as exc:
                add_service_errors(form, exc)
            else:
                token = issued.token
                form = ApiKeyForm()
    return render(
        request,
        "api_keys/keys.html",
        {"party": party, "keys": keys_of({party.pk}), "form": form, "token": token},
    )


@login_required
@require_POST
def key_revoke(request: HttpRequest, party_id: int, pk: int) -> HttpResponse:
    party = _managed_party(request, party_id)
    key = get_object_or_404(ApiKey, pk=pk, party=party)
    if (second_factor := mfa_redirect(request)) is not None:
        return second_factor
    api_key_revoke(key=key, user=request.user)
    messages.success(request, _("The API key was revoked; requests with it now fail."))
    return redirect("api_keys:list", party_id=party.pk)
