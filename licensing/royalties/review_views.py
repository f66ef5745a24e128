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

from catalog.kernel.permissions import staff_or_acts_for
from licensing.royalties import overlap, review
from licensing.royalties.models import ReportStatus, ReviewDecision, UsageReport

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


def _error_text(exc: ValidationError) -> str:
    if hasattr(exc, "error_dict"):
        return "; ".join(" ".join(v) for v in exc.message_dict.values())
    return " ".join(exc.messages)


@login_required
def report_review(request: HttpRequest, pk: int) -> HttpResponse:
    """Licensee side only: the licensor sees the report page (and the recorded reason)."""
    report = get_object_or_404(UsageReport.objects.select_related("contract", "licensee"), pk=pk)
    if not staff_or_acts_for(request.user, report.licensee_id):
        raise Http404
    if report.status != ReportStatus.REVIEW and request.method != "POST":
        return redirect("royalties:report", pk=report.pk)
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
                messages.error(request, _error_text(exc))
                return redirect("royalties:report", pk=report.pk)
            form.add_error(None, _error_text(exc))
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
        },
    )
