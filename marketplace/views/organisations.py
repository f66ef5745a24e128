"""My organisations: members, invitations and requests to join (catalog.membership)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from catalog import membership
from catalog.kernel.permissions import acting_parties, has_verified_email, managed_party_ids
from catalog.models import Membership, MembershipRequest, Party


class InviteForm(forms.Form):
    email = forms.EmailField(label=gettext_lazy("E-mail address"))
    role = forms.ChoiceField(
        label=gettext_lazy("Role"),
        choices=[(role.value, role.label) for role in membership.INVITABLE_ROLES],
        initial=Membership.Role.MEMBER,
    )


class JoinForm(forms.Form):
    party = forms.IntegerField(widget=forms.HiddenInput)
    message = forms.CharField(
        label=gettext_lazy("Message to the administrators"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


def _add_errors(request: HttpRequest, exc: ValidationError) -> None:
    for message in exc.messages:
        messages.error(request, message)


@login_required
def my_organisations(request: HttpRequest) -> HttpResponse:
    managed = managed_party_ids(request.user)
    parties = [
        {
            "party": party,
            "members": membership.party_members(party=party, user=request.user),
            "manages": party.pk in managed,
        }
        for party in acting_parties(request.user)
    ]
    return render(
        request,
        "accounts/organisations.html",
        {
            "parties": parties,
            "invite_form": InviteForm(),
            "requests": membership.pending_requests_for(user=request.user),
            "invitations": membership.pending_invitations_for(user=request.user),
            "my_requests": request.user.membership_requests.select_related("party").order_by(
                "-created_at"
            )[:10],
            "email_verified": has_verified_email(request.user),
        },
    )


@login_required
@require_POST
def invite(request: HttpRequest, party_id: int) -> HttpResponse:
    party = get_object_or_404(Party, pk=party_id)
    form = InviteForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
        return redirect("marketplace:organisations")
    try:
        invitation = membership.party_invite(
            party=party,
            email=form.cleaned_data["email"],
            role=form.cleaned_data["role"],
            invited_by=request.user,
            accept_url=lambda token: request.build_absolute_uri(
                reverse("marketplace:invitation_accept", args=[token])
            ),
        )
    except ValidationError as exc:
        _add_errors(request, exc)
    else:
        messages.success(request, _("Invitation sent to %(email)s.") % {"email": invitation.email})
    return redirect("marketplace:organisations")


@login_required
@require_http_methods(["GET", "POST"])
def invitation_accept(request: HttpRequest, token: str) -> HttpResponse:
    try:
        if request.method == "POST":
            joined = membership.invitation_accept(token=token, user=request.user)
            messages.success(
                request, _("You now act for %(party)s.") % {"party": joined.party.name}
            )
            return redirect("marketplace:organisations")
        invitation = membership.invitation_for_token(token=token)
    except ValidationError as exc:
        return render(request, "accounts/invitation.html", {"errors": exc.messages}, status=400)
    return render(request, "accounts/invitation.html", {"invitation": invitation})


@login_required
@require_http_methods(["GET", "POST"])
def join(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        form = JoinForm(request.POST)
        if form.is_valid():
            party = get_object_or_404(Party, pk=form.cleaned_data["party"])
            try:
                membership.membership_request_create(
                    party=party, user=request.user, message=form.cleaned_data["message"]
                )
            except ValidationError as exc:
                _add_errors(request, exc)
            else:
                messages.success(
                    request,
                    _("Your request to join %(party)s was sent to its administrators.")
                    % {"party": party.name},
                )
        return redirect("marketplace:organisations")
    query = request.GET.get("q", "")
    return render(
        request,
        "accounts/organisation_join.html",
        {
            "query": query,
            "results": membership.parties_to_join(user=request.user, query=query),
            "form": JoinForm(),
        },
    )


@login_required
@require_POST
def request_decide(request: HttpRequest, pk: int, decision: str) -> HttpResponse:
    if decision not in ("approve", "reject"):
        raise Http404
    try:
        decided = membership.membership_request_decide(
            request_id=pk, user=request.user, approve=decision == "approve"
        )
    except MembershipRequest.DoesNotExist as exc:
        raise Http404 from exc
    except ValidationError as exc:
        _add_errors(request, exc)
    else:
        messages.success(
            request,
            (
                _("%(user)s now acts for %(party)s.")
                if decided.status == decided.Status.APPROVED
                else _("You rejected the request of %(user)s to join %(party)s.")
            )
            % {"user": decided.user.get_username(), "party": decided.party.name},
        )
    return redirect("marketplace:organisations")
