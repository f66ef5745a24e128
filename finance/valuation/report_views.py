"""Valuation reports before lending: list, request, consent, progress, the report. Thin."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from catalog.kernel.downloads import private_file_response
from catalog.kernel.forms import add_service_errors
from catalog.kernel.permissions import acting_parties
from catalog.kernel.ratelimit import rate_limited
from catalog.models import Party
from finance.valuation import charts
from finance.valuation.history_csv import template_csv
from finance.valuation.models import ReportStatus
from finance.valuation.report_access import report_actions, reports_visible_to
from finance.valuation.report_forms import HolderForm, ReportRequestForm
from finance.valuation.reports import (
    valuation_report_consent,
    valuation_report_decline,
    valuation_report_request,
)

_RUNNING = (ReportStatus.QUEUED,)


@login_required
def reports(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "valuation/reports.html",
        {
            "reports": reports_visible_to(request.user).prefetch_related("works")[:200],
            "holder_form": HolderForm(),
        },
    )


@login_required
@rate_limited("uploads", rate="RATE_LIMIT_UPLOADS")
def report_new(request: HttpRequest) -> HttpResponse:
    holder_id = request.POST.get("holder") or request.GET.get("holder")
    holder = get_object_or_404(Party, pk=holder_id) if str(holder_id or "").isdigit() else None
    if holder is None:
        raise Http404
    requesters = acting_parties(request.user)
    form = ReportRequestForm(
        request.POST or None, request.FILES or None, requesters=requesters, holder=holder
    )
    if not form.fields["requester"].queryset.exists():
        raise PermissionDenied  # neither a bank nor the holder: nothing to ask for
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            report = valuation_report_request(
                user=request.user,
                requester=d["requester"],
                works=list(d["works"]),
                currency=d["currency"],
                loan_amount=d["loan_amount"],
                assumptions=form.assumptions(),
                history_file=d["history_file"],
            )
        except (ValidationError, PermissionDenied) as exc:
            if isinstance(exc, PermissionDenied):
                form.add_error(None, str(exc))
            else:
                add_service_errors(form, exc)
        else:
            return redirect("valuation:report", pk=report.pk)
    return render(request, "valuation/report_form.html", {"form": form, "holder": holder})


def _series_result(series: dict) -> SimpleNamespace:
    """What the chart functions read, from the series the report kept when issued."""
    return SimpleNamespace(
        assumptions=SimpleNamespace(periods_per_year=series["ppy"]),
        as_of=dt.date.fromisoformat(series["as_of"]),
        history={int(k): v for k, v in series["history"].items()},
        cash_deterministic=series["deterministic"],
        cash_p10=series["p10"],
        cash_p50=series["p50"],
        cash_p90=series["p90"],
    )


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_object_or_404(reports_visible_to(request.user), pk=pk)
    valuation = report.valuation
    context = {
        "report": report,
        "works": report.works.order_by("pk"),
        "events": report.events.select_related("actor"),
        "actions": report_actions(report, request.user),
        "running": report.status in _RUNNING,
        "valuation": valuation,
    }
    if valuation is not None:
        result = _series_result(report.series)
        values = valuation.results.get("work_values", {})
        context.update(
            {
                "results": valuation.results,
                "assumptions": valuation.inputs.get("assumptions", {}),
                "work_rows": [(w, values.get(str(w.pk))) for w in context["works"]],
                "history_svg": charts.history_vs_projection(result, report.currency),
                "fan_svg": charts.fan_chart(result, report.currency),
            }
        )
    return render(request, "valuation/report_detail.html", context)


@login_required
def report_status(request: HttpRequest, pk: int) -> JsonResponse:
    report = get_object_or_404(reports_visible_to(request.user), pk=pk)
    return JsonResponse(
        {
            "status": report.status,
            "status_label": report.get_status_display(),
            "progress": report.progress,
            "error": report.error,
            "done": report.status not in _RUNNING,
        }
    )


@login_required
@require_POST
def report_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    report = get_object_or_404(reports_visible_to(request.user), pk=pk)
    actions = {
        "consent": lambda: valuation_report_consent(report_id=report.pk, user=request.user),
        "decline": lambda: valuation_report_decline(
            report_id=report.pk, user=request.user, note=request.POST.get("text", "")
        ),
    }
    if action not in actions:
        raise Http404
    try:
        actions[action]()
    except (ValidationError, PermissionDenied) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, _("Done."))
    return redirect("valuation:report", pk=pk)


@login_required
def history_template(request: HttpRequest) -> HttpResponse:
    return private_file_response(template_csv(), filename="royalty-history-template.csv")
