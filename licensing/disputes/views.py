"""Pages of the dispute service for a case: filing, the case page and its actions, the
files. Thin: each parses its form, calls one service and renders; the services decide
who may do what. The mediation queue and batches are in ``batch_views``, statistics in
``stats_views``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog.kernel.downloads import private_file_response
from catalog.kernel.forms import add_service_errors
from catalog.kernel.mfa import mfa_redirect
from catalog.kernel.ratelimit import has_files, rate_limited
from licensing.disputes import (
    cases,
    documents,
    evidence,
    selectors,
    sessions,
    settlements,
)
from licensing.disputes.actions import case_actions
from licensing.disputes.forms import (
    AssignForm,
    CaseFileForm,
    EvidenceForm,
    ExtendForm,
    MinutesForm,
    ReasonForm,
    SessionForm,
    SettlementForm,
)
from licensing.disputes.models import Case, Remedy, Session
from licensing.disputes.notifications import local_start


def flash_errors(request: HttpRequest, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        for error in errors:
            messages.error(request, f"{field}: {error}")


def _user_zone(user: object) -> ZoneInfo:
    try:
        return ZoneInfo(getattr(user, "time_zone", "") or "UTC")
    except Exception:  # a hand-edited profile must not break the page
        return ZoneInfo("UTC")


def render_local(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    """Dates on our pages are shown on the viewer's own clock."""
    with timezone.override(_user_zone(request.user)):
        response = render(request, template, context)
    return response


def _client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


# ---------------------------------------------------------------- parties' pages


@login_required
def my_cases(request: HttpRequest) -> HttpResponse:
    return render_local(
        request, "disputes/my_cases.html", {"cases": selectors.my_cases(request.user)}
    )


@login_required
def case_file_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = CaseFileForm(
        request.POST or None,
        works=selectors.fileable_works(user),
        initial=selectors.filing_initial(user=user, params=request.GET),
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        me = cases.filer_input(user)
        if d["as_agent"]:
            claimant = cases.PartyInput(
                name=d["claimant_name"], email=d["claimant_email"], language=user.preferred_language
            )
            agent = me
        else:
            claimant, agent = me, None
        try:
            subject = selectors.subject_for(
                user=user, case_type=d["case_type"], ref=d["subject_ref"]
            )
            case = cases.case_file(
                case_type=d["case_type"],
                claimant=claimant,
                agent=agent,
                respondent=cases.PartyInput(
                    name=d["respondent_name"],
                    email=d["respondent_email"] or "",
                    url=d["respondent_url"] or "",
                    country=(d["respondent_country"] or "").upper(),
                    language=d["respondent_language"],
                    time_zone=d["respondent_time_zone"],
                ),
                works=list(d["works"]),
                summary=d["summary"],
                description=d["description"],
                claimed_amount=d["claimed_amount"],
                currency=(d["currency"] or "").upper(),
                remedies=d["remedies"],
                subject=subject,
                filed_by=user,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(request, _("Case %(number)s filed.") % {"number": case.number})
            return redirect("disputes:detail", pk=case.pk)
    return render_local(request, "disputes/file.html", {"form": form})


def _case_or_404(request: HttpRequest, pk: int) -> Case:
    case = get_object_or_404(Case, pk=pk)
    if not selectors.can_view_case(request.user, case):
        raise Http404
    return case


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request, pk)
    user = request.user
    held = list(case.sessions.all()) + (list(case.batch.sessions.all()) if case.batch else [])
    parties = list(case.parties.all())
    session_rows = [
        {"session": s, "local": [(p, local_start(s, p)) for p in parties]} for s in held
    ]
    settlement = getattr(case, "settlement", None)
    context = {
        "case": case,
        "parties": parties,
        "remedies": [str(Remedy(r).label) for r in case.remedies],
        "events": case.events.select_related("actor"),
        "evidence": selectors.case_evidence(user=user, case=case),
        "sessions": session_rows,
        "settlement": settlement,
        "signatures": settlement.signatures.select_related("case_party") if settlement else [],
        # The buttons: exactly what the services would accept now (the case workflow's
        # available actions and the acts that move no status).
        "actions": case_actions(case, user),
        "can_mediate": selectors.can_mediate(user, case),
        "overdue": case.deadline and case.is_open and case.deadline < timezone.now(),
        "reason_form": ReasonForm(),
        "extend_form": ExtendForm(),
        "assign_form": AssignForm(mediators=selectors.mediators()),
        "session_form": SessionForm(initial={"time_zone": user.time_zone}),
        "minutes_form": MinutesForm(),
        "evidence_form": EvidenceForm(),
        "settlement_form": SettlementForm(initial={"currency": case.currency}),
    }
    return render_local(request, "disputes/detail.html", context)


def _settlement_input(form: SettlementForm, case: Case) -> settlements.SettlementInput:
    d = form.cleaned_data
    licence = None
    works = list(case.works.all())
    if d["licence_right"] and works:
        split = [p.strip() for p in (d["licence_territories"] or "").split(",") if p.strip()]
        langs = [p.strip() for p in (d["licence_languages"] or "").split(",") if p.strip()]
        licence = settlements.LicenceInput(
            work=works[0],
            right_type=d["licence_right"],
            territories=[t.upper() for t in split],
            languages=langs,
            start=d["licence_start"] or timezone.now().date(),
            end=d["licence_end"] or timezone.now().date() + dt.timedelta(days=365),
            exclusive=d["licence_exclusive"],
        )
    return settlements.SettlementInput(
        amount=d["amount"] or 0,
        currency=(d["currency"] or "").upper(),
        schedule=d["schedule"],
        terms_text=d["terms_text"],
        licence=licence,
        transfer_work=works[0] if d["transfer_to"] and works else None,
        transfer_to=d["transfer_to"],
    )


def form_errors(form: object) -> ValidationError:
    return ValidationError({k: list(v) for k, v in form.errors.items()})


# Each action parses its form and calls one service; the services decide who may do what
# (the case workflow's permissions) and refuse with PermissionDenied or ValidationError.


def _accept(request: HttpRequest, case: Case) -> None:
    cases.case_accept(case=case, actor=request.user)


def _reject(request: HttpRequest, case: Case) -> None:
    cases.case_reject(case=case, actor=request.user, reason=request.POST.get("reason", ""))


def _assign(request: HttpRequest, case: Case) -> None:
    form = AssignForm(request.POST, mediators=selectors.mediators(active_only=False))
    if not form.is_valid():
        raise ValidationError({"mediator": _("Choose a mediator.")})
    cases.case_assign_mediator(
        case=case, actor=request.user, mediator=form.cleaned_data["mediator"]
    )


def _extend(request: HttpRequest, case: Case) -> None:
    days = request.POST.get("days") or None
    cases.case_extend_deadline(
        case=case,
        actor=request.user,
        reason=request.POST.get("reason", ""),
        days=int(days) if days else None,
    )


def _schedule(request: HttpRequest, case: Case) -> None:
    form = SessionForm(request.POST)
    if not form.is_valid():
        raise form_errors(form)
    d = form.cleaned_data
    sessions.session_schedule(
        actor=request.user,
        case=case,
        starts_at=d["starts_at"].replace(tzinfo=None).replace(tzinfo=ZoneInfo(d["time_zone"])),
        duration_minutes=d["duration_minutes"],
        video_link=d["video_link"],
    )


def _minutes(request: HttpRequest, case: Case) -> None:
    session = get_object_or_404(Session, pk=request.POST.get("session"), case=case)
    sessions.session_record_minutes(
        session=session, actor=request.user, minutes=request.POST.get("minutes", "")
    )


def _settle(request: HttpRequest, case: Case) -> None:
    form = SettlementForm(request.POST)
    if not form.is_valid():
        raise form_errors(form)
    settlements.settlement_propose(
        case=case, actor=request.user, data=_settlement_input(form, case)
    )


def _fail(request: HttpRequest, case: Case) -> None:
    cases.case_fail(case=case, actor=request.user, note=request.POST.get("reason", ""))


def _export(request: HttpRequest, case: Case) -> None:
    cases.case_export_court_file(case=case, actor=request.user)


def _withdraw(request: HttpRequest, case: Case) -> None:
    cases.case_withdraw(case=case, actor=request.user, note=request.POST.get("reason", ""))


def _evidence(request: HttpRequest, case: Case) -> None:
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        raise form_errors(form)
    d = form.cleaned_data
    evidence.evidence_add(
        case=case,
        actor=request.user,
        description=d["description"],
        file=d["file"],
        entry_seq=d["entry_seq"],
    )


def _sign(request: HttpRequest, case: Case) -> None:
    settlement = getattr(case, "settlement", None)
    if settlement is None:
        raise ValidationError({"settlement": _("There is no settlement to sign.")})
    settlements.settlement_sign(
        settlement=settlement,
        user=request.user,
        ip_address=_client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
    )


CASE_ACTIONS: dict[str, Callable[[HttpRequest, Case], None]] = {
    "accept": _accept,
    "reject": _reject,
    "assign": _assign,
    "extend": _extend,
    "schedule": _schedule,
    "minutes": _minutes,
    "settle": _settle,  # drafts the agreement (workflow action "settle_draft")
    "fail": _fail,
    "export": _export,
    "withdraw": _withdraw,
    "evidence": _evidence,
    "sign": _sign,
}


@login_required
@require_POST
@rate_limited("uploads", rate="RATE_LIMIT_UPLOADS", counts=has_files)  # evidence files
def case_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    case = _case_or_404(request, pk)
    handler = CASE_ACTIONS.get(action)
    if handler is None:
        raise Http404
    if action == "sign" and (second_factor := mfa_redirect(request)) is not None:
        return second_factor
    try:
        handler(request, case)
    except ValidationError as exc:
        flash_errors(request, exc)
    else:
        messages.success(request, _("Done."))
    return redirect("disputes:detail", pk=case.pk)


@login_required
def evidence_download(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.evidence_item_for(user=request.user, pk=pk)
    if item is None or not item.entry.storage_name:
        raise Http404
    name = item.original_name or item.entry.storage_name.rsplit("/", 1)[-1]
    # An attachment, never inline: evidence is whatever a party uploaded (HTML, SVG…)
    # and a mediator opening it must not run it on our origin.
    return private_file_response(item.entry.storage_name, filename=name)


@login_required
def settlement_document(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request, pk)
    settlement = getattr(case, "settlement", None)
    if settlement is None or not settlement.document:
        raise Http404
    return private_file_response(settlement.document, filename=f"{case.number}-settlement.pdf")


@login_required
def court_file(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request, pk)
    if cases.court_file_refused(case):
        raise Http404
    name = f"{case.number}-case-file.zip"
    if case.court_file:
        return private_file_response(case.court_file, filename=name)
    return private_file_response(documents.case_file_zip(case), filename=name)
