"""Dispute statistics: the staff dashboard (with CSV/XLSX exports) and the public summary."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.utils import timezone

from licensing.disputes import dashboard, selectors
from licensing.disputes.forms import StatsForm
from licensing.disputes.views import render_local


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
    return render_local(
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
    return render_local(
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
