"""Usage and royalty pages (thin: HTTP ↔ services and selectors)."""

from __future__ import annotations

import csv
import io
import os

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from catalog.kernel.csvsafe import safe_row
from catalog.kernel.downloads import private_file_response
from catalog.kernel.forms import error_text
from catalog.kernel.permissions import acting_party_ids, is_staff, staff_or_acts_for
from catalog.kernel.ratelimit import rate_limited
from catalog.kernel.uploads import spool_upload
from catalog.models import Party, Work
from licensing.contracts.models import Contract
from licensing.royalties import charts, exports, outlicence, selectors, services, stranded
from licensing.royalties.models import (
    OutOfLicenceLine,
    QuarantinedRow,
    ReportStatus,
    Statement,
    StatementLine,
    UsageFormat,
    UsageReport,
)
from licensing.royalties.readers import DEFAULT_MAPPING, FIELDS
from licensing.royalties.tasks import usage_report_import


class UploadForm(forms.Form):
    contract = forms.ModelChoiceField(
        queryset=Contract.objects.none(), label=gettext_lazy("Contract")
    )
    period = forms.CharField(
        label=gettext_lazy("Period"),
        max_length=8,
        help_text=gettext_lazy("2026-Q3, 2026-07, 2026-H2 or 2026"),
    )
    format = forms.ChoiceField(
        label=gettext_lazy("Format"),
        choices=[("", gettext_lazy("From the file name")), *UsageFormat.choices],
        required=False,
    )
    file = forms.FileField(label=gettext_lazy("Usage file"))
    replace = forms.BooleanField(
        label=gettext_lazy("Replace the report already filed"), required=False
    )
    corrects = forms.ModelChoiceField(
        queryset=UsageReport.objects.none(),
        required=False,
        label=gettext_lazy("Correction of report"),
        empty_label=gettext_lazy("Not a correction"),
        help_text=gettext_lazy(
            "A correction replaces that report; the difference is restated on the next statement."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["contract"].queryset = Contract.objects.filter(
            licensee_id__in=acting_party_ids(user), status__in=["active", "expired", "terminated"]
        ).select_related("work")
        self.fields["corrects"].queryset = UsageReport.objects.filter(
            licensee_id__in=acting_party_ids(user), status=ReportStatus.POSTED
        ).order_by("-pk")
        self.fields["corrects"].label_from_instance = lambda report: (
            f"{report.pk}: {report.file_name} ({report.period})"
        )


class MappingForm(forms.Form):
    """The licensee's own column headers for its CSV or XLSX files, one per canonical field."""

    party = forms.ModelChoiceField(queryset=Party.objects.none(), label=gettext_lazy("Licensee"))
    format = forms.ChoiceField(
        label=gettext_lazy("Format"), choices=[("csv", "CSV"), ("xlsx", "XLSX")]
    )

    def __init__(self, *args, parties, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["party"].queryset = parties
        for name in FIELDS:  # prefixed: "format" is also a usage field (paperback, epub…)
            self.fields[f"col_{name}"] = forms.CharField(
                label=name,
                required=False,
                max_length=100,
                widget=forms.TextInput(attrs={"placeholder": DEFAULT_MAPPING[name]}),
            )

    def columns(self):
        return [self[f"col_{name}"] for name in FIELDS]

    def mapping(self) -> dict[str, str]:
        headers = {name: self.cleaned_data[f"col_{name}"].strip() for name in FIELDS}
        return {name: header for name, header in headers.items() if header}

    def clean(self):
        data = super().clean()
        seen: dict[str, str] = {}
        for name in FIELDS:
            header = ((data.get(f"col_{name}") or "").strip() or DEFAULT_MAPPING[name]).lower()
            if header in seen:
                self.add_error(
                    f"col_{name}",
                    _("“%(header)s” is already the column of %(field)s")
                    % {"header": header, "field": seen[header]},
                )
            seen[header] = name
        return data


@login_required
def column_mapping(request: HttpRequest) -> HttpResponse:
    """Licensee self-service: which of its file's columns holds which field."""
    parties = Party.objects.filter(pk__in=acting_party_ids(request.user)).order_by("name")
    source = request.POST if request.method == "POST" else request.GET
    party = parties.filter(pk=source.get("party") or 0).first() or parties.first()
    format = source.get("format") if source.get("format") in ("csv", "xlsx") else "csv"
    stored = selectors.column_mapping_for(party, format) if party else {}
    form = MappingForm(
        request.POST or None,
        parties=parties,
        initial={"party": party, "format": format}
        | {f"col_{name}": header for name, header in stored.items()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.usage_mapping_save(
                licensee=form.cleaned_data["party"],
                format=form.cleaned_data["format"],
                mapping=form.mapping(),
            )
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            messages.success(
                request,
                _("Saved the column mapping for %(format)s files.")
                % {"format": form.cleaned_data["format"].upper()},
            )
            return redirect(
                f"{request.path}?party={form.cleaned_data['party'].pk}"
                f"&format={form.cleaned_data['format']}"
            )
    return render(
        request,
        "royalties/column_mapping.html",
        {"form": form, "party": party, "format": format, "has_parties": parties.exists()},
    )


@login_required
@rate_limited("uploads", rate="RATE_LIMIT_UPLOADS")
def reports(request: HttpRequest) -> HttpResponse:
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        path = spool_upload(upload)
        try:
            with transaction.atomic():
                report = services.usage_report_create(
                    contract=form.cleaned_data["contract"],
                    period=form.cleaned_data["period"],
                    path=path,
                    file_name=upload.name,
                    format=form.cleaned_data["format"] or None,
                    replace=form.cleaned_data["replace"],
                    corrects=form.cleaned_data["corrects"],
                    user=request.user,
                )
                transaction.on_commit(lambda: usage_report_import.delay(report.pk))
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        else:
            return redirect("royalties:report", pk=report.pk)
        finally:
            os.unlink(path)
    return render(
        request,
        "royalties/reports.html",
        {
            "form": form,
            "reports": selectors.reports_for(request.user).order_by("-created_at")[:100],
        },
    )


def _report(request: HttpRequest, pk: int) -> UsageReport:
    report = get_object_or_404(UsageReport.objects.select_related("contract", "licensee"), pk=pk)
    mine = acting_party_ids(request.user)
    if not (is_staff(request.user) or mine & {report.licensee_id, report.contract.licensor_id}):
        raise Http404
    return report


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    return render(
        request,
        "royalties/report_detail.html",
        {
            "report": report,
            # The review page is the licensee's (review_views.py).
            "can_review": staff_or_acts_for(request.user, report.licensee_id),
            "can_retry": report.status == ReportStatus.FAILED
            and staff_or_acts_for(request.user, report.licensee_id),
            "quarantined": report.quarantined.filter(warning=False)[:50],
            "warnings": report.quarantined.filter(warning=True)[:50],
            "held": report.held.select_related("contract").order_by("row_no")[:200],
            # The licensor decides on held lines on each contract's queue page.
            "queue_contracts": sorted(
                {
                    (line.contract_id, line.contract.reference)
                    for line in report.held.select_related("contract")
                    if is_staff(request.user)
                    or line.contract.licensor_id in acting_party_ids(request.user)
                }
            ),
        },
    )


@login_required
@require_POST
def report_retry(request: HttpRequest, pk: int) -> HttpResponse:
    """Start a failed import again (stranded.py): the licensee or staff; the licensor sees
    the report but may not run the licensee's import."""
    report = _report(request, pk)
    if not staff_or_acts_for(request.user, report.licensee_id):
        raise PermissionDenied
    try:
        stranded.usage_report_retry(report=report, user=request.user)
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("The import was queued again."))
    return redirect("royalties:report", pk=report.pk)


@login_required
def report_status(request: HttpRequest, pk: int) -> JsonResponse:
    report = _report(request, pk)
    return JsonResponse(
        {
            "status": report.status,
            "status_label": report.get_status_display(),
            "progress": report.progress,
            "rows": report.total_rows,
            "good": report.good_rows,
            "bad": report.bad_rows,
            "unmatched": report.unmatched_rows,
            "held": report.held_rows,
            "unmapped": report.unmapped_rows,
            "error": report.error,
            "done": report.status in ("posted", "rejected", "superseded", "review", "failed"),
            "attempts": report.attempts,
        }
    )


@login_required
def report_file(request: HttpRequest, pk: int) -> HttpResponse:
    """The usage file as the licensee uploaded it (kept for audit), for the report's parties."""
    report = _report(request, pk)
    if not report.file:
        raise Http404
    return private_file_response(report.file, filename=report.file_name or f"usage-{report.pk}")


@login_required
def quarantine_csv(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report(request, pk)
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["row", "field", "value", "reason"])
    rows = QuarantinedRow.objects.filter(report=report, warning=False).order_by("row_no", "pk")
    for row in rows.iterator():
        # The value is what the licensee's file held: it may be a formula.
        writer.writerow(safe_row([row.row_no, row.field, row.value, row.reason]))
    return private_file_response(
        buffer.getvalue().encode("utf-8"), filename=f"quarantine-{report.pk}.csv"
    )


@login_required
def queue(request: HttpRequest) -> HttpResponse:
    mine = list(acting_party_ids(request.user))
    if request.method == "POST":
        licensee = get_object_or_404(Party, pk=request.POST.get("licensee"))
        work = get_object_or_404(Work, pk=request.POST.get("work") or 0, holder_id__in=mine)
        try:
            moved = services.usage_match_manual(
                licensee=licensee,
                match_key=request.POST.get("match_key", ""),
                work=work,
                user=request.user,
            )
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(
                request, _("%(n)s lines matched; the match is remembered.") % {"n": moved}
            )
        return redirect("royalties:queue")
    works = Work.objects.filter(holder_id__in=mine).order_by("original_title")[:500]
    return render(
        request,
        "royalties/queue.html",
        {
            "groups": selectors.unmatched_queue(licensor_ids=mine),
            "works": works,
        },
    )


@login_required
def statements(request: HttpRequest) -> HttpResponse:
    qs = selectors.statements_for(request.user)
    currency = request.GET.get("currency") or (
        qs.values_list("statement_currency", flat=True).first() or "USD"
    )
    in_currency = qs.filter(statement_currency=currency)
    return render(
        request,
        "royalties/statements.html",
        {
            "statements": qs[:200],
            "currency": currency,
            "currencies": sorted(set(qs.values_list("statement_currency", flat=True))),
            "period_chart": charts.earnings_by_period_svg(in_currency, currency),
            "territory_chart": charts.earnings_by_territory_svg(in_currency, currency),
        },
    )


def _statement(request: HttpRequest, pk: int) -> Statement:
    statement = get_object_or_404(
        Statement.objects.select_related(
            "contract", "payee", "contract__work", "contract__licensee", "contract__licensor"
        ),
        pk=pk,
    )
    if not selectors.statements_for(request.user).filter(pk=pk).exists():
        raise Http404
    return statement


@login_required
def statement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    statement = _statement(request, pk)
    return render(
        request,
        "royalties/statement_detail.html",
        {
            "s": statement,
            "lines": statement.lines.select_related("work"),
        },
    )


@login_required
def statement_line_usage(request: HttpRequest, pk: int) -> HttpResponse:
    line = get_object_or_404(StatementLine.objects.select_related("statement", "work"), pk=pk)
    _statement(request, line.statement_id)
    return render(
        request,
        "royalties/line_usage.html",
        {
            "line": line,
            "s": line.statement,
            "usage": selectors.statement_usage_lines(line)[:1000],
        },
    )


@login_required
def statement_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    statement = _statement(request, pk)
    return private_file_response(
        exports.statement_pdf(statement), filename=f"{statement.reference}.pdf"
    )


@login_required
def statement_csv(request: HttpRequest, pk: int) -> HttpResponse:
    statement = _statement(request, pk)
    return private_file_response(
        exports.statement_csv(statement).encode("utf-8"), filename=f"{statement.reference}.csv"
    )


@login_required
def statement_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    statement = _statement(request, pk)
    return private_file_response(
        exports.statement_xlsx(statement), filename=f"{statement.reference}.xlsx"
    )


@require_POST
@login_required
def close_period(request: HttpRequest) -> HttpResponse:
    """A licensor closes a period for one of its contracts."""
    contract = get_object_or_404(
        Contract, pk=request.POST.get("contract"), licensor_id__in=acting_party_ids(request.user)
    )
    try:
        closed = services.period_close(contracts=[contract], period=request.POST.get("period", ""))
    except ValidationError as exc:
        messages.error(request, error_text(exc))
    else:
        messages.success(request, _("%(n)s statements closed.") % {"n": len(closed)})
    return redirect("royalties:statements")


@login_required
def held_usage(request: HttpRequest, pk: int) -> HttpResponse:
    """The licensor's out-of-licence queue of one contract: invoice, accept or dispute."""
    contract = get_object_or_404(Contract.objects.select_related("work"), pk=pk)
    if not (is_staff(request.user) or contract.licensor_id in acting_party_ids(request.user)):
        raise Http404
    if request.method == "POST":
        chosen = list(
            OutOfLicenceLine.objects.filter(contract=contract, pk__in=request.POST.getlist("line"))
        )
        act = {
            "invoice": outlicence.held_lines_invoice,
            "accept": outlicence.held_lines_accept,
            "dispute": outlicence.held_lines_dispute,
        }.get(request.POST.get("action", ""))
        if act is None:
            raise Http404
        try:
            act(lines=chosen, user=request.user, note=request.POST.get("note", "")[:500])
        except ValidationError as exc:
            messages.error(request, error_text(exc))
        else:
            messages.success(request, _("Done."))
            if request.POST["action"] == "dispute":
                return redirect(
                    f"{reverse('disputes:file')}?work={contract.work_id}&contract={contract.pk}"
                )
        return redirect("royalties:held_usage", pk=contract.pk)
    lines = list(outlicence.held_lines(contract=contract))
    held = [line for line in lines if line.status == "held"]
    return render(
        request,
        "royalties/held_usage.html",
        {
            "contract": contract,
            "lines": lines,
            "actions": outlicence.WORKFLOW.available_actions(held[0], request.user) if held else [],
        },
    )
