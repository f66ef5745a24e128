"""Pages of the dispute service (thin: forms ↔ services and selectors)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog.kernel.downloads import private_file_response
from catalog.kernel.mfa import mfa_redirect
from catalog.kernel.permissions import acting_party_ids
from catalog.kernel.ratelimit import has_files, rate_limited
from catalog.models import Membership, Work
from licensing.disputes import dashboard, documents, selectors, services
from licensing.disputes.forms import (
    AssignForm,
    BatchForm,
    CaseFileForm,
    EvidenceForm,
    ExtendForm,
    MinutesForm,
    ReasonForm,
    SessionForm,
    SettlementForm,
    StatsForm,
)
from licensing.disputes.models import Batch, Case, CaseStatus, Remedy, Session
from licensing.disputes.notifications import local_start


def _errors(request: HttpRequest, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        for error in errors:
            messages.error(request, f"{field}: {error}")


def _user_zone(user: object) -> ZoneInfo:
    try:
        return ZoneInfo(getattr(user, "time_zone", "") or "UTC")
    except Exception:  # a hand-edited profile must not break the page
        return ZoneInfo("UTC")


def _render(request: HttpRequest, template: str, context: dict) -> HttpResponse:
    """Dates on our pages are shown on the viewer's own clock."""
    with timezone.override(_user_zone(request.user)):
        response = render(request, template, context)
    return response


def _client_ip(request: HttpRequest) -> str | None:
    return request.META.get("REMOTE_ADDR") or None


# ---------------------------------------------------------------- parties' pages


@login_required
def my_cases(request: HttpRequest) -> HttpResponse:
    return _render(request, "disputes/my_cases.html", {"cases": selectors.my_cases(request.user)})


@login_required
def case_file_view(request: HttpRequest) -> HttpResponse:
    user = request.user
    party_ids = acting_party_ids(user)
    works = Work.objects.filter(holder__in=party_ids).order_by("original_title")
    form = CaseFileForm(request.POST or None, works=works)
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        # The first membership that counts (see the kernel): an unverified member files as
        # a private person, not in the name of the party.
        membership = (
            Membership.objects.filter(party_id__in=party_ids, user=user)
            .select_related("party")
            .order_by("pk")
            .first()
        )
        me = services.PartyInput(
            name=user.get_full_name() or (membership.party.name if membership else user.username),
            party=membership.party if membership else None,
            user=user,
            email=user.email,
            language=user.preferred_language,
            time_zone=user.time_zone,
        )
        if d["as_agent"]:
            claimant = services.PartyInput(
                name=d["claimant_name"], email=d["claimant_email"], language=user.preferred_language
            )
            agent = me
        else:
            claimant, agent = me, None
        try:
            subject = selectors.subject_for(
                user=user, case_type=d["case_type"], ref=d["subject_ref"]
            )
            case = services.case_file(
                case_type=d["case_type"],
                claimant=claimant,
                agent=agent,
                respondent=services.PartyInput(
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
            for name, errors in exc.message_dict.items():
                form.add_error(name if name in form.fields else None, errors)
        else:
            messages.success(request, _("Case %(number)s filed.") % {"number": case.number})
            return redirect("disputes:detail", pk=case.pk)
    return _render(request, "disputes/file.html", {"form": form})


def _case_or_404(request: HttpRequest, pk: int) -> Case:
    case = get_object_or_404(Case, pk=pk)
    if not selectors.can_view_case(request.user, case):
        raise Http404
    return case


@login_required
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = _case_or_404(request, pk)
    user = request.user
    sessions = list(case.sessions.all()) + (list(case.batch.sessions.all()) if case.batch else [])
    parties = list(case.parties.all())
    session_rows = [
        {"session": s, "local": [(p, local_start(s, p)) for p in parties]} for s in sessions
    ]
    settlement = getattr(case, "settlement", None)
    signed = (
        set(settlement.signatures.values_list("case_party_id", flat=True)) if settlement else set()
    )
    can_sign = bool(
        settlement
        and case.status == CaseStatus.SETTLING
        and any(r.pk not in signed for r in selectors.rows_signed_by(case, user))
    )
    mediate = selectors.can_mediate(user, case)
    mediators = get_user_model().objects.filter(roles__contains=["mediator"], is_active=True)
    context = {
        "case": case,
        "parties": parties,
        "remedies": [str(Remedy(r).label) for r in case.remedies],
        "events": case.events.select_related("actor"),
        "evidence": selectors.case_evidence(user=user, case=case),
        "sessions": session_rows,
        "settlement": settlement,
        "signatures": settlement.signatures.select_related("case_party") if settlement else [],
        "can_sign": can_sign,
        "can_mediate": mediate,
        "can_intake": selectors.can_intake(user),
        "is_party": selectors.is_party(user, case),
        "overdue": case.deadline and case.is_open and case.deadline < timezone.now(),
        "reason_form": ReasonForm(),
        "extend_form": ExtendForm(),
        "assign_form": AssignForm(mediators=mediators),
        "session_form": SessionForm(initial={"time_zone": user.time_zone}),
        "minutes_form": MinutesForm(),
        "evidence_form": EvidenceForm(),
        "settlement_form": SettlementForm(initial={"currency": case.currency}),
    }
    return _render(request, "disputes/detail.html", context)


def _settlement_input(form: SettlementForm, case: Case) -> services.SettlementInput:
    d = form.cleaned_data
    licence = None
    works = list(case.works.all())
    if d["licence_right"] and works:
        split = [p.strip() for p in (d["licence_territories"] or "").split(",") if p.strip()]
        langs = [p.strip() for p in (d["licence_languages"] or "").split(",") if p.strip()]
        licence = services.LicenceInput(
            work=works[0],
            right_type=d["licence_right"],
            territories=[t.upper() for t in split],
            languages=langs,
            start=d["licence_start"] or timezone.now().date(),
            end=d["licence_end"] or timezone.now().date() + dt.timedelta(days=365),
            exclusive=d["licence_exclusive"],
        )
    return services.SettlementInput(
        amount=d["amount"] or 0,
        currency=(d["currency"] or "").upper(),
        schedule=d["schedule"],
        terms_text=d["terms_text"],
        licence=licence,
        transfer_work=works[0] if d["transfer_to"] and works else None,
        transfer_to=d["transfer_to"],
    )


def _act_intake(request: HttpRequest, case: Case, action: str) -> None:
    if not selectors.can_intake(request.user):
        raise PermissionDenied
    if action == "accept":
        services.case_accept(case=case, actor=request.user)
    elif action == "reject":
        form = ReasonForm(request.POST)
        services.case_reject(case=case, actor=request.user, reason=form.data.get("reason", ""))
    elif action == "assign":
        form = AssignForm(
            request.POST,
            mediators=get_user_model().objects.filter(roles__contains=["mediator"]),
        )
        if not form.is_valid():
            raise ValidationError({"mediator": _("Choose a mediator.")})
        services.case_assign_mediator(
            case=case, actor=request.user, mediator=form.cleaned_data["mediator"]
        )


def _act_mediate(request: HttpRequest, case: Case, action: str) -> None:
    if not selectors.can_mediate(request.user, case):
        raise PermissionDenied
    user = request.user
    if action == "extend":
        form = ExtendForm(request.POST)
        days = form.data.get("days") or None
        services.case_extend_deadline(
            case=case,
            actor=user,
            reason=form.data.get("reason", ""),
            days=int(days) if days else None,
        )
    elif action == "schedule":
        form = SessionForm(request.POST)
        if not form.is_valid():
            raise ValidationError({k: list(v) for k, v in form.errors.items()})
        d = form.cleaned_data
        starts = d["starts_at"].replace(tzinfo=None).replace(tzinfo=ZoneInfo(d["time_zone"]))
        services.session_schedule(
            actor=user,
            case=case,
            starts_at=starts,
            duration_minutes=d["duration_minutes"],
            video_link=d["video_link"],
        )
    elif action == "minutes":
        session = get_object_or_404(Session, pk=request.POST.get("session"), case=case)
        services.session_record_minutes(
            session=session, actor=user, minutes=request.POST.get("minutes", "")
        )
    elif action == "settle":
        form = SettlementForm(request.POST)
        if not form.is_valid():
            raise ValidationError({k: list(v) for k, v in form.errors.items()})
        services.settlement_propose(case=case, actor=user, data=_settlement_input(form, case))
    elif action == "fail":
        services.case_fail(case=case, actor=user, note=request.POST.get("reason", ""))
    elif action == "export":
        services.case_export_court_file(case=case, actor=user)


@login_required
@require_POST
@rate_limited("uploads", rate="RATE_LIMIT_UPLOADS", counts=has_files)  # evidence files
def case_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    case = _case_or_404(request, pk)
    handlers: dict[str, Callable[[], None]] = {
        **{a: lambda a=a: _act_intake(request, case, a) for a in ("accept", "reject", "assign")},
        **{
            a: lambda a=a: _act_mediate(request, case, a)
            for a in ("extend", "schedule", "minutes", "settle", "fail", "export")
        },
        "withdraw": lambda: _withdraw(request, case),
        "evidence": lambda: _evidence(request, case),
        "sign": lambda: _sign(request, case),
    }
    if action not in handlers:
        raise Http404
    if action == "sign" and (second_factor := mfa_redirect(request)) is not None:
        return second_factor
    try:
        handlers[action]()
    except ValidationError as exc:
        _errors(request, exc)
    else:
        messages.success(request, _("Done."))
    return redirect("disputes:detail", pk=case.pk)


def _withdraw(request: HttpRequest, case: Case) -> None:
    user = request.user
    if not selectors.can_withdraw(user, case):
        raise PermissionDenied
    services.case_withdraw(case=case, actor=user, note=request.POST.get("reason", ""))


def _evidence(request: HttpRequest, case: Case) -> None:
    user = request.user
    if not (selectors.is_party(user, case) or selectors.can_mediate(user, case)):
        raise PermissionDenied
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        raise ValidationError({k: list(v) for k, v in form.errors.items()})
    d = form.cleaned_data
    rows = selectors.rows_acting_for(case, user)
    submitted_by = rows[0] if rows else None
    if d["file"]:
        services.evidence_upload(
            case=case,
            actor=user,
            file=d["file"],
            description=d["description"],
            submitted_by=submitted_by,
        )
    elif d["entry_seq"]:
        entry = selectors.attachable_entry(user=user, case=case, seq=d["entry_seq"])
        if entry is None:
            raise ValidationError(
                {"entry_seq": _("No evidence entry with this number that you may attach.")}
            )
        services.evidence_attach(
            case=case,
            actor=user,
            entry=entry,
            description=d["description"],
            submitted_by=submitted_by,
        )
    else:
        raise ValidationError({"file": _("Upload a file or give an evidence entry number.")})


def _sign(request: HttpRequest, case: Case) -> None:
    settlement = getattr(case, "settlement", None)
    if settlement is None:
        raise ValidationError({"settlement": _("There is no settlement to sign.")})
    services.settlement_sign(
        settlement=settlement,
        user=request.user,
        ip_address=_client_ip(request),
        user_agent=request.META.get("HTTP_USER_AGENT", ""),
    )


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
    if case.status != CaseStatus.FAILED:
        raise Http404
    name = f"{case.number}-case-file.zip"
    if case.court_file:
        return private_file_response(case.court_file, filename=name)
    return private_file_response(documents.case_file_zip(case), filename=name)


# ---------------------------------------------------------------- mediators


@login_required
def mediator_queue(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not (selectors.is_mediator(user) or selectors.is_staff(user)):
        raise PermissionDenied
    mine = selectors.mediator_queue(user)
    overdue = selectors.overdue_cases()
    if not selectors.is_staff(user):
        overdue = overdue.filter(mediator=user)
    batchable = mine.filter(status=CaseStatus.MEDIATING, batch__isnull=True)
    form = BatchForm(cases=batchable)
    return _render(
        request,
        "disputes/queue.html",
        {
            "cases": mine,
            "overdue": overdue,
            "intake": selectors.intake_queue() if selectors.can_intake(user) else None,
            "batches": Batch.objects.filter(mediator=user).order_by("-pk")[:50],
            "batch_form": form,
            "now": timezone.now(),
        },
    )


@login_required
@require_POST
def batch_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not selectors.is_mediator(user):
        raise PermissionDenied
    form = BatchForm(request.POST, cases=selectors.mediator_queue(user))
    if not form.is_valid():
        messages.error(request, _("Choose at least two cases and the kind of batch."))
        return redirect("disputes:queue")
    try:
        batch = services.batch_create(
            mediator=user, cases=list(form.cleaned_data["cases"]), kind=form.cleaned_data["kind"]
        )
    except ValidationError as exc:
        _errors(request, exc)
        return redirect("disputes:queue")
    return redirect("disputes:batch", pk=batch.pk)


def _batch_or_404(request: HttpRequest, pk: int) -> Batch:
    batch = get_object_or_404(Batch, pk=pk)
    if not (selectors.is_staff(request.user) or batch.mediator_id == request.user.pk):
        raise Http404
    return batch


@login_required
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch_or_404(request, pk)
    cases = list(batch.cases.prefetch_related("parties").order_by("pk"))
    if request.method == "POST":
        try:
            _batch_post(request, batch, cases)
        except ValidationError as exc:
            _errors(request, exc)
        else:
            messages.success(request, _("Done."))
        return redirect("disputes:batch", pk=batch.pk)
    return _render(
        request,
        "disputes/batch.html",
        {
            "batch": batch,
            "cases": cases,
            "sessions": batch.sessions.all(),
            "session_form": SessionForm(initial={"time_zone": request.user.time_zone}),
            "minutes_form": MinutesForm(),
        },
    )


def _batch_post(request: HttpRequest, batch: Batch, cases: list[Case]) -> None:
    user = request.user
    action = request.POST.get("action")
    if action == "schedule":
        form = SessionForm(request.POST)
        if not form.is_valid():
            raise ValidationError({k: list(v) for k, v in form.errors.items()})
        d = form.cleaned_data
        services.session_schedule(
            actor=user,
            batch=batch,
            starts_at=d["starts_at"].replace(tzinfo=ZoneInfo(d["time_zone"])),
            duration_minutes=d["duration_minutes"],
            video_link=d["video_link"],
        )
    elif action == "minutes":
        session = get_object_or_404(Session, pk=request.POST.get("session"), batch=batch)
        services.session_record_minutes(
            session=session, actor=user, minutes=request.POST.get("minutes", "")
        )
    elif action == "outcomes":
        outcomes = {}
        for case in cases:
            if case.status != CaseStatus.MEDIATING:
                continue
            kind = request.POST.get(f"outcome-{case.pk}", "")
            note = request.POST.get(f"note-{case.pk}", "")
            settlement = None
            if kind == "settled":
                amount = request.POST.get(f"amount-{case.pk}") or "0"
                settlement = services.SettlementInput(
                    amount=_decimal(amount),
                    currency=(request.POST.get(f"currency-{case.pk}") or case.currency).upper(),
                    terms_text=note,
                )
            outcomes[case.pk] = services.CaseOutcome(kind=kind, note=note, settlement=settlement)
        with transaction.atomic():
            services.batch_record_outcomes(batch=batch, actor=user, outcomes=outcomes)


def _decimal(value: str) -> object:
    from decimal import Decimal, InvalidOperation

    try:
        return Decimal(value)
    except InvalidOperation as exc:
        raise ValidationError({"amount": f"“{value}” is not an amount"}) from exc


# ---------------------------------------------------------------- statistics


def _stats_form(request: HttpRequest) -> StatsForm:
    today = timezone.now().date()
    initial = {"start": dt.date(today.year, 1, 1), "end": dt.date(today.year, 12, 31)}
    data = {**{k: v.isoformat() for k, v in initial.items()}, "period": "month"}
    data.update({k: v for k, v in request.GET.items() if k in ("start", "end", "period")})
    form = StatsForm(data)
    if not form.is_valid():
        form = StatsForm({**{k: v.isoformat() for k, v in initial.items()}, "period": "month"})
        form.is_valid()
    return form


@login_required
def staff_dashboard(request: HttpRequest) -> HttpResponse:
    if not selectors.is_staff(request.user):
        raise PermissionDenied
    form = _stats_form(request)
    stats = dashboard.compute(form.cleaned_data)
    fmt = request.GET.get("format")
    if fmt == "csv":
        return dashboard.csv_response(stats)
    if fmt == "xlsx":
        return dashboard.xlsx_response(stats)
    return _render(
        request,
        "disputes/dashboard.html",
        {
            "form": form,
            "stats": stats,
            "rows": dashboard.display_rows(stats),
            "charts": dashboard.charts(stats),
            "public": False,
        },
    )


def public_stats(request: HttpRequest) -> HttpResponse:
    form = _stats_form(request)
    stats = dashboard.compute(form.cleaned_data)
    return _render(
        request,
        "disputes/dashboard.html",
        {
            "form": form,
            "stats": stats,
            "rows": dashboard.display_rows(stats),
            "charts": dashboard.charts(stats),
            "public": True,
        },
    )
