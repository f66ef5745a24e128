"""Mediators' pages: their queue (and the centre's intake), batches of cases heard
together, their sessions and outcomes. Thin like ``views``: the services decide."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation
from zoneinfo import ZoneInfo

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from licensing.disputes import batches, selectors, sessions, settlements
from licensing.disputes.forms import BatchForm, MinutesForm, SessionForm
from licensing.disputes.models import Batch, Case, Session
from licensing.disputes.views import flash_errors, form_errors, render_local


@login_required
def mediator_queue(request: HttpRequest) -> HttpResponse:
    queue = selectors.mediation_overview(request.user)
    form = BatchForm(cases=queue.pop("batchable"))
    return render_local(
        request, "disputes/queue.html", {**queue, "batch_form": form, "now": timezone.now()}
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
        batch = batches.batch_create(
            mediator=user, cases=list(form.cleaned_data["cases"]), kind=form.cleaned_data["kind"]
        )
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect("disputes:queue")
    return redirect("disputes:batch", pk=batch.pk)


def _batch_or_404(request: HttpRequest, pk: int) -> Batch:
    batch = get_object_or_404(Batch, pk=pk)
    if not selectors.can_mediate_batch(request.user, batch):
        raise Http404
    return batch


@login_required
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _batch_or_404(request, pk)
    batch_cases = list(batch.cases.prefetch_related("parties").order_by("pk"))
    if request.method == "POST":
        try:
            _batch_post(request, batch, batch_cases)
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            messages.success(request, _("Done."))
        return redirect("disputes:batch", pk=batch.pk)
    return render_local(
        request,
        "disputes/batch.html",
        {
            "batch": batch,
            "cases": batch_cases,
            "awaiting": {c.pk for c in batch_cases if batches.awaits_outcome(c)},
            "sessions": batch.sessions.all(),
            "session_form": SessionForm(initial={"time_zone": request.user.time_zone}),
            "minutes_form": MinutesForm(),
        },
    )


def _batch_post(request: HttpRequest, batch: Batch, batch_cases: list[Case]) -> None:
    user = request.user
    action = request.POST.get("action")
    if action == "schedule":
        form = SessionForm(request.POST)
        if not form.is_valid():
            raise form_errors(form)
        d = form.cleaned_data
        sessions.session_schedule(
            actor=user,
            batch=batch,
            starts_at=d["starts_at"].replace(tzinfo=ZoneInfo(d["time_zone"])),
            duration_minutes=d["duration_minutes"],
            video_link=d["video_link"],
        )
    elif action == "minutes":
        session = get_object_or_404(Session, pk=request.POST.get("session"), batch=batch)
        sessions.session_record_minutes(
            session=session, actor=user, minutes=request.POST.get("minutes", "")
        )
    elif action == "outcomes":
        outcomes = {}
        for case in batch_cases:
            if not batches.awaits_outcome(case):
                continue
            kind = request.POST.get(f"outcome-{case.pk}", "")
            note = request.POST.get(f"note-{case.pk}", "")
            settlement = None
            if kind == "settled":
                amount = request.POST.get(f"amount-{case.pk}") or "0"
                settlement = settlements.SettlementInput(
                    amount=_decimal(amount),
                    currency=(request.POST.get(f"currency-{case.pk}") or case.currency).upper(),
                    terms_text=note,
                )
            outcomes[case.pk] = batches.CaseOutcome(kind=kind, note=note, settlement=settlement)
        batches.batch_record_outcomes(batch=batch, actor=user, outcomes=outcomes)


def _decimal(value: str) -> Decimal:
    try:
        return Decimal(value)
    except InvalidOperation as exc:
        raise ValidationError(
            {"amount": _("“%(value)s” is not an amount") % {"value": value}}
        ) from exc
