"""Batch registration pages: choose works, file them once, follow and decide the batch."""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog.kernel.forms import add_service_errors, error_text
from catalog.kernel.permissions import (
    acting_parties,
    acting_party_ids,
    acts_for,
    is_examiner,
    staff_or_acts_for,
)
from catalog.registration import selectors
from catalog.registration.batches import (
    DECLARATION,
    BatchContact,
    batch_create,
    batch_decide,
    batch_submit_ready,
)
from catalog.registration.forms import BatchForm, WorkFilterForm
from catalog.registration.models import Batch, BatchDecision
from catalog.vocabulary import WorkType

PAGE = 200  # works shown at once; "select all on this filter" takes every match


def _visible_batch(request: HttpRequest, pk: int) -> Batch:
    """Examiners and staff see every batch; a publisher only its parties' (others: 404)."""
    batch = get_object_or_404(Batch.objects.select_related("applicant", "created_by"), pk=pk)
    if not (is_examiner(request.user) or staff_or_acts_for(request.user, batch.applicant_id)):
        raise Http404
    return batch


@login_required
def batch_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "registration/batch_list.html",
        {"batches": selectors.batches_for_user(request.user)[:200]},
    )


@login_required
def batch_new(request: HttpRequest) -> HttpResponse:
    parties = acting_parties(request.user)
    filters = WorkFilterForm(request.GET or None, parties=parties)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    party = criteria.get("party")
    # "Register this upload", from a catalogue upload's job page: its works only.
    upload = selectors.upload_for_user(request.user, request.GET.get("upload", ""))
    works = selectors.works_to_register(
        party_ids=acting_party_ids(request.user),
        party_id=party.pk if party else None,
        q=criteria.get("q", ""),
        work_type=criteria.get("work_type", ""),
        upload_id=upload.pk if upload else None,
    )
    form = BatchForm(
        request.POST or None,
        parties=parties,
        initial={"applicant": upload.party if upload else party, "all_matching": bool(upload)},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        if d["all_matching"]:
            # The filter as shown, narrowed to the applicant: works of another party are
            # never swept into this party's batch.
            ids = list(works.filter(holder=d["applicant"]).values_list("pk", flat=True))
        else:
            ids = [int(pk) for pk in request.POST.getlist("works") if pk.isdigit()]
        try:
            created = batch_create(
                user=request.user,
                applicant=d["applicant"],
                work_ids=ids,
                contact=BatchContact(
                    name=d["contact_name"], email=d["contact_email"], phone=d["contact_phone"]
                ),
                declared=d["declared"],
                fast_track=d["fast_track"],
                upload=upload,
            )
        except ValidationError as exc:
            add_service_errors(form, exc)
        else:
            messages.success(
                request,
                _("Batch filed: %(submitted)s being submitted, %(waiting)s waiting for files.")
                % {"submitted": created.to_submit, "waiting": created.waiting_for_files},
            )
            return redirect("registration:batch", pk=created.batch.pk)
    return render(
        request,
        "registration/batch_new.html",
        {
            "filters": filters,
            "form": form,
            "works": works[:PAGE],
            "upload": upload,
            "matching": works.count(),
            "declaration": DECLARATION,
            "query": urlencode({k: v for k, v in request.GET.items() if v}),
            "work_types": WorkType.choices,
        },
    )


@login_required
def batch_detail(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _visible_batch(request, pk)
    examiner = is_examiner(request.user)
    return render(
        request,
        "registration/batch_detail.html",
        {
            "batch": batch,
            "summary": selectors.batch_summary(batch),
            "applications": batch.applications.select_related("work").order_by("pk")[:1000],
            "decisions": batch.decisions.select_related("examiner")[:20],
            "may_decide": examiner,
            "may_submit": acts_for(request.user, batch.applicant_id),
        },
    )


@login_required
@require_POST
def batch_submit(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _visible_batch(request, pk)
    try:
        count = batch_submit_ready(batch_id=batch.pk, user=request.user)
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("%(count)s applications submitted.") % {"count": count})
    return redirect("registration:batch", pk=batch.pk)


@login_required
@require_POST
def batch_decide_view(request: HttpRequest, pk: int) -> HttpResponse:
    batch = _visible_batch(request, pk)
    try:
        decision = batch_decide(
            batch_id=batch.pk, user=request.user, note=request.POST.get("note", "")
        )
    except ValidationError as exc:
        messages.error(request, error_text(exc))
        return redirect("registration:batch", pk=batch.pk)
    return redirect("registration:batch_decision", pk=batch.pk, decision=decision.pk)


def _decision(request: HttpRequest, pk: int, decision: int) -> BatchDecision:
    batch = _visible_batch(request, pk)
    return get_object_or_404(batch.decisions.select_related("examiner"), pk=decision)


@login_required
def batch_decision(request: HttpRequest, pk: int, decision: int) -> HttpResponse:
    found = _decision(request, pk, decision)
    return render(
        request,
        "registration/batch_decision.html",
        {
            "batch": found.batch,
            "decision": found,
            "counts": selectors.decision_counts(found),
            "outcomes": found.outcomes.select_related("application__work")[:1000],
        },
    )


@login_required
def batch_decision_status(request: HttpRequest, pk: int, decision: int) -> JsonResponse:
    found = _decision(request, pk, decision)
    counts = selectors.decision_counts(found)
    return JsonResponse(
        {
            "state": found.state,
            "state_label": found.get_state_display(),
            "progress": found.progress,
            "total": found.total,
            "done": found.done,
            **counts,
            "error": found.error,
            "done_all": found.state in (BatchDecision.State.DONE, BatchDecision.State.FAILED),
        }
    )


@login_required
def batch_status(request: HttpRequest, pk: int) -> JsonResponse:
    """The filing job's progress, for the batch page's progress bar."""
    batch = _visible_batch(request, pk)
    return JsonResponse(
        {
            "status_label": batch.filing_status_label,
            "progress": batch.filing_progress,
            "total": batch.filing_total,
            "done": batch.filing_done,
            "error": batch.filing_error,
            "done_all": batch.filing_finished_at is not None or not batch.filing_total,
        }
    )
