"""Catalogue upload pages (thin: HTTP ↔ services and selectors)."""

from __future__ import annotations

import io
import os

from django import forms
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy

from catalog.imports import columns, selectors, services
from catalog.kernel.csvsafe import SafeCsvWriter
from catalog.kernel.downloads import private_file_response
from catalog.kernel.forms import error_text
from catalog.kernel.permissions import acting_parties, is_staff
from catalog.kernel.ratelimit import rate_limited
from catalog.kernel.uploads import spool_upload
from catalog.models import CatalogueUpload, CatalogueUploadRecord, Party
from catalog.tasks import catalogue_upload_import
from catalog.territories import all_countries, country_name

PAGE = 100
Outcome = CatalogueUploadRecord.Outcome


def _countries() -> list[tuple[str, str]]:
    """Every ISO 3166-1 country, named in the active language (CLDR), sorted by name."""
    names = ((code, f"{country_name(code)} ({code})") for code in all_countries())
    return sorted(names, key=lambda choice: choice[1])


class UploadForm(forms.Form):
    party = forms.ModelChoiceField(queryset=Party.objects.none(), label=gettext_lazy("Publisher"))
    file = forms.FileField(
        label=gettext_lazy("Catalogue file"),
        help_text=gettext_lazy(
            "ONIX for Books 3.0 or 3.1 (reference or short tags, .xml), or the catalogue "
            "template as CSV or XLSX"
        ),
    )
    mode = forms.ChoiceField(
        label=gettext_lazy("If some records are refused"),
        choices=[
            (CatalogueUpload.Mode.ALL_OR_NOTHING, gettext_lazy("Write nothing (all or nothing)")),
            (
                CatalogueUpload.Mode.QUARANTINE,
                gettext_lazy("Write the good records and list the refused ones (quarantine)"),
            ),
        ],
        initial=CatalogueUpload.Mode.ALL_OR_NOTHING,
        widget=forms.RadioSelect,
    )
    default_country = forms.ChoiceField(
        label=gettext_lazy("Where were the titles published when the file does not say?"),
        help_text=gettext_lazy(
            "ONIX does not require a country of publication; the catalogue needs one. "
            "Used only for records that state none and whose publisher and ISBN do not tell."
        ),
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        parties = Party.objects.order_by("name") if is_staff(user) else acting_parties(user)
        self.fields["party"].queryset = parties
        self.fields["default_country"].choices = _countries()
        first = parties.first()
        if first is not None:
            self.fields["party"].initial = first.pk
            self.fields["default_country"].initial = first.country


@login_required
@rate_limited("uploads", rate="RATE_LIMIT_UPLOADS")
def upload(request: HttpRequest) -> HttpResponse:
    """The upload form, and the user's parties' earlier uploads."""
    form = UploadForm(request.POST or None, request.FILES or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        sent = form.cleaned_data["file"]
        path = spool_upload(sent)
        try:
            with transaction.atomic():
                job = services.catalogue_upload_create(
                    party=form.cleaned_data["party"],
                    user=request.user,
                    path=path,
                    file_name=sent.name,
                    mode=form.cleaned_data["mode"],
                    default_country=form.cleaned_data["default_country"],
                )
                transaction.on_commit(lambda: catalogue_upload_import.delay(job.pk))
        except ValidationError as exc:
            form.add_error(None, error_text(exc))
        except PermissionDenied as exc:
            form.add_error("party", str(exc))
        else:
            return redirect("catalogue:job", pk=job.pk)
        finally:
            os.unlink(path)
    return render(
        request,
        "catalogue/upload.html",
        {
            "form": form,
            "uploads": selectors.uploads_for(request.user).order_by("-created_at")[:50],
            "columns": columns.COLUMNS,
        },
    )


@login_required
def job(request: HttpRequest, pk: int) -> HttpResponse:
    """The job: status and progress (polled), counts, and the per-record results."""
    upload = selectors.upload_for(request.user, pk)
    outcome = request.GET.get("outcome", "")
    records = upload.records.select_related("work")
    if outcome in Outcome.values:
        records = records.filter(outcome=outcome)
    page = Paginator(records, PAGE).get_page(request.GET.get("page"))
    return render(
        request,
        "catalogue/job.html",
        {
            "upload": upload,
            "page": page,
            "outcome": outcome,
            "outcomes": Outcome.choices,
            "done": upload.status not in _RUNNING,
            "works": upload.status == CatalogueUpload.Status.IMPORTED
            and selectors.upload_works(upload).exists(),
        },
    )


_RUNNING = (CatalogueUpload.Status.PENDING, CatalogueUpload.Status.PROCESSING)


@login_required
def status(request: HttpRequest, pk: int) -> JsonResponse:
    upload = selectors.upload_for(request.user, pk)
    return JsonResponse(
        {
            "status": upload.status,
            "status_label": upload.get_status_display(),
            "progress": upload.progress,
            "read": upload.records_read,
            "created": upload.created,
            "updated": upload.updated,
            "unchanged": upload.unchanged,
            "refused": upload.refused,
            "error": upload.error,
            "done": upload.status not in _RUNNING,
        }
    )


@login_required
def errors_csv(request: HttpRequest, pk: int) -> HttpResponse:
    """The refused records with field, value and reason, to correct and upload again."""
    upload = selectors.upload_for(request.user, pk)
    buffer = io.StringIO()
    # What the file held may look like a formula: SafeCsvWriter writes it as text.
    writer = SafeCsvWriter(buffer)
    writer.writerow(["row", "reference", "title", "field", "value", "reason"])
    refused = upload.records.filter(outcome=Outcome.REFUSED).order_by("position")
    for record in refused.iterator():
        writer.writerow(
            [
                record.row or "",
                record.reference,
                record.title,
                record.field,
                record.value,
                record.reason,
            ]
        )
    return private_file_response(
        ("\ufeff" + buffer.getvalue()).encode("utf-8"),
        filename=f"catalogue-upload-{upload.pk}-errors.csv",
    )


@login_required
def template(request: HttpRequest, format: str) -> HttpResponse:
    """The blank catalogue template (docs/catalogue.md explains every column)."""
    if format == "csv":
        return private_file_response(columns.blank_csv(), filename="catalogue-template.csv")
    if format == "xlsx":
        return private_file_response(columns.blank_xlsx(), filename="catalogue-template.xlsx")
    raise Http404
