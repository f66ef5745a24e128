"""Pages for joining a case by invitation and for agents' authority (thin: identity does it)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from licensing.disputes import identity, selectors
from licensing.disputes.forms import AgentForm
from licensing.disputes.models import Agency, Case, CaseParty


def _errors(request: HttpRequest, exc: ValidationError) -> None:
    for errors in exc.message_dict.values():
        for error in errors:
            messages.error(request, error)


def _visible_case(request: HttpRequest, pk: int) -> Case:
    case = get_object_or_404(Case, pk=pk)
    if not selectors.can_view_case(request.user, case):
        raise Http404
    return case


@login_required
def join(request: HttpRequest, token: str) -> HttpResponse:
    """The link of an invitation e-mail: see what it is for, then join the case."""
    try:
        invitation = identity.invitation_for_token(token=token)
    except ValidationError as exc:
        return render(request, "disputes/join.html", {"error": exc.messages[0]}, status=400)
    if request.method == "POST":
        try:
            row = identity.invitation_accept(token=token, user=request.user)
        except ValidationError as exc:
            return render(
                request,
                "disputes/join.html",
                {"invitation": invitation, "error": exc.messages[0]},
                status=400,
            )
        messages.success(
            request,
            _("You have joined case %(number)s as %(role)s.")
            % {"number": row.case.number, "role": row.get_role_display()},
        )
        return redirect("disputes:detail", pk=row.case_id)
    return render(request, "disputes/join.html", {"invitation": invitation})


@login_required
def parties(request: HttpRequest, pk: int) -> HttpResponse:
    case = _visible_case(request, pk)
    context = identity.parties_overview(case=case, user=request.user)
    return render(
        request, "disputes/parties.html", {"case": case, "agent_form": AgentForm(), **context}
    )


@login_required
@require_POST
def invite(request: HttpRequest, pk: int, row: int) -> HttpResponse:
    case = _visible_case(request, pk)
    case_party = get_object_or_404(CaseParty, pk=row, case=case)
    try:
        identity.invitation_send(case_party=case_party, actor=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Invitation sent to %(email)s.") % {"email": case_party.email})
    return redirect("disputes:parties", pk=case.pk)


@login_required
@require_POST
def appoint_agent(request: HttpRequest, pk: int) -> HttpResponse:
    case = _visible_case(request, pk)
    form = AgentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the agent's name, e-mail, language and authority."))
        return redirect("disputes:parties", pk=case.pk)
    try:
        identity.agent_appoint(case=case, user=request.user, **form.cleaned_data)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Agent appointed; an invitation was e-mailed to them."))
    return redirect("disputes:parties", pk=case.pk)


@login_required
@require_POST
def agency_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    agency = get_object_or_404(Agency.objects.select_related("principal__case"), pk=pk)
    case = _visible_case(request, agency.principal.case_id)
    services = {"confirm": identity.agency_confirm, "revoke": identity.agency_revoke}
    if action not in services:
        raise Http404
    try:
        services[action](agency=agency, user=request.user)
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Done."))
    return redirect("disputes:parties", pk=case.pk)
