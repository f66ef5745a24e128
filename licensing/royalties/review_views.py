"""The licensee's review page of a report that stopped before posting (review.py)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.kernel.forms import error_text
from catalog.kernel.permissions import staff_or_acts_for
from catalog.territories import all_countries, country_name
from licensing.royalties import overlap, review, selectors, services
from licensing.royalties.models import ReportStatus, ReviewDecision, UsageReport, ValueKind
from licensing.terms import Channel, Format

WITHDRAW = "withdraw"


class ReviewForm(forms.Form):
    decision = forms.ChoiceField(
        label=gettext_lazy("Decision"),
        choices=[*ReviewDecision.choices, (WITHDRAW, gettext_lazy("Withdraw the file"))],
        widget=forms.RadioSelect,
    )
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Shown to the licensor with the report."),
    )


class MapForm(forms.Form):
    """One unmapped value of the report and what it means (services.usage_value_map_save)."""

    kind = forms.ChoiceField(choices=ValueKind.choices)
    value = forms.CharField(max_length=200)
    target = forms.CharField(max_length=32)


def _targets(kind: str) -> list[tuple[str, str]]:
    """The codes a value of ``kind`` may mean."""
    if kind == ValueKind.TERRITORY:
        return sorted(
            ((code, f"{country_name(code)} ({code})") for code in all_countries()),
            key=lambda item: item[1],
        )
    vocabulary = Channel if kind == ValueKind.CHANNEL else Format
    return [choice for choice in vocabulary.choices if choice[0] != "*"]


def _map_value(request: HttpRequest, report: UsageReport) -> None:
    """Remember what a value means, then let the report's held rows join it."""
    form = MapForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose what the value means."))
        return
    try:
        services.usage_value_map_save(
            licensee=report.licensee,
            kind=form.cleaned_data["kind"],
            value=form.cleaned_data["value"],
            target=form.cleaned_data["target"],
            user=request.user,
        )
        joined, still = services.usage_unmapped_resolve(report=report, user=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(
            request,
            _("“%(value)s” is mapped: %(joined)s rows joined the report, %(still)s still held.")
            % {"value": form.cleaned_data["value"], "joined": joined, "still": still},
        )


@login_required
def report_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Licensee side only: the licensor sees the report page (and the recorded reason)."""
    report = get_object_or_404(UsageReport.objects.select_related("contract", "licensee"), pk=pk)
    if not staff_or_acts_for(request.user, report.licensee_id):
        raise Http404
    if report.status != ReportStatus.REVIEW and request.method != "POST":
        return redirect("royalties:report", pk=report.pk)
    if request.method == "POST" and request.POST.get("action") == "map":
        if report.status == ReportStatus.REVIEW:
            _map_value(request, report)
        return redirect("royalties:report_review", pk=report.pk)
    form = ReviewForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        decision = form.cleaned_data["decision"]
        try:
            if decision == WITHDRAW:
                review.usage_report_withdraw(report=report, user=request.user)
            else:
                review.usage_report_review_decide(
                    report=report,
                    decision=decision,
                    reason=form.cleaned_data["reason"],
                    user=request.user,
                )
        except ValidationError as exc:
            report.refresh_from_db()
            if report.status != ReportStatus.REVIEW:  # decided meanwhile (a second submit)
                messages.error(request, error_text(exc))
                return redirect("royalties:report", pk=report.pk)
            form.add_error(None, error_text(exc))
        else:
            messages.success(request, _("Report %(report)s: done.") % {"report": report.pk})
            return redirect("royalties:report", pk=report.pk)
    if report.status != ReportStatus.REVIEW:
        return redirect("royalties:report", pk=report.pk)
    found = overlap.overlaps(report)
    return render(
        request,
        "royalties/review.html",
        {
            "report": report,
            "form": form,
            "found": found,
            "correctable": review.correctable_report(found, report),
            "rows": review.review_rows(report),
            "unmapped": [
                (kind, ValueKind(kind).label, value, rows, _targets(kind))
                for kind, value, rows in selectors.unmapped_values(report)
            ],
        },
    )
