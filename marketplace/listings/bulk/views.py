"""Seller pages for bulk rights listing: grid → preview (nothing written) → create."""

from __future__ import annotations

import json

from django import forms
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from catalog.kernel.permissions import acting_party_ids, is_staff
from catalog.models import Work
from catalog.territories import GROUP_LABELS
from catalog.vocabulary import RightType
from marketplace.listings.bulk import services
from marketplace.listings.bulk.categories import FRANKFURT
from marketplace.listings.bulk.lines import WorkIndex
from marketplace.listings.bulk.prefill import grid_text
from marketplace.listings.bulk.sheet import COLUMNS, OPTIONAL, RawRow, read_text, read_upload


class BulkForm(forms.Form):
    lines = forms.CharField(
        label=gettext_lazy("Rights lines"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 12, "spellcheck": "false"}),
    )
    file = forms.FileField(label=gettext_lazy("or a CSV / XLSX sheet"), required=False)
    currency = forms.ChoiceField(label=gettext_lazy("Currency"))
    publish = forms.BooleanField(label=gettext_lazy("Publish at once"), required=False)
    work = forms.TypedMultipleChoiceField(
        coerce=int, required=False, widget=forms.MultipleHiddenInput
    )

    def __init__(self, *args: object, works: list[Work], **kwargs: object) -> None:
        super().__init__(*args, **kwargs)
        self.fields["currency"].choices = [(c, c) for c in settings.SUPPORTED_CURRENCIES]
        self.fields["work"].choices = [(work.pk, work.pk) for work in works]


def _require_seller(user: object) -> None:
    """Members of a party holding works, and staff; the listing service decides per work."""
    if is_staff(user) or Work.objects.filter(holder_id__in=acting_party_ids(user)).exists():
        return
    raise PermissionDenied(_("only rights holders can list rights"))


def _selected(request: HttpRequest, index: WorkIndex) -> list[Work]:
    ids = []
    for value in request.GET.getlist("work") + request.POST.getlist("work"):
        if value.isdigit() and int(value) in index.by_id and int(value) not in ids:
            ids.append(int(value))
    return [index.by_id[pk] for pk in ids]


def _context(form: BulkForm, works: list[Work], **extra: object) -> dict[str, object]:
    return {
        "form": form,
        "works": works,
        "columns": COLUMNS,
        "optional": OPTIONAL,
        "categories": [(name, RightType(right).label) for name, right in FRANKFURT.items()],
        "groups": GROUP_LABELS,
        **extra,
    }


@login_required
def bulk_rights(request: HttpRequest) -> HttpResponse:
    """GET: the grid for the selected works. POST: the preview of the lines or sheet."""
    _require_seller(request.user)
    index = WorkIndex(user=request.user)
    works = _selected(request, index)
    if request.method != "POST":
        form = BulkForm(
            works=works,
            initial={"lines": grid_text(works) if works else "", "work": [w.pk for w in works]},
        )
        return render(request, "listings/bulk_form.html", _context(form, works))
    form = BulkForm(request.POST, request.FILES, works=works)
    if not form.is_valid():
        return render(request, "listings/bulk_form.html", _context(form, works))
    keys = [WorkIndex.key(work) for work in works]
    if form.cleaned_data["file"]:
        rows, sheet_errors = read_upload(form.cleaned_data["file"], works=keys)
    else:
        rows, sheet_errors = read_text(form.cleaned_data["lines"], works=keys)
    preview = services.bulk_preview(
        user=request.user,
        rows=rows,
        currency=form.cleaned_data["currency"],
        publish=form.cleaned_data["publish"],
        sheet_errors=sheet_errors,
    )
    return render(
        request,
        "listings/bulk_preview.html",
        _context(form, works, preview=preview, rows_json=_rows_json(rows)),
    )


def _rows_json(rows: list[RawRow]) -> str:
    return json.dumps([{"line": row.line, "cells": row.cells} for row in rows])


def _rows_from(text: str) -> list[RawRow]:
    try:
        data = json.loads(text or "[]")
        return [
            RawRow(int(item["line"]), {str(k): str(v) for k, v in item["cells"].items()})
            for item in data
        ]
    except (ValueError, TypeError, KeyError, AttributeError):
        return []


@login_required
@require_POST
def bulk_rights_create(request: HttpRequest) -> HttpResponse:
    """Create every previewed listing in one transaction, or none with every error shown."""
    _require_seller(request.user)
    rows = _rows_from(request.POST.get("rows", ""))
    form = BulkForm(request.POST, works=[])
    currency = request.POST.get("currency", "")
    publish = request.POST.get("publish") == "on"
    try:
        created = services.bulk_listings_create(
            user=request.user, rows=rows, currency=currency, publish=publish
        )
    except services.BulkRefused as refused:
        messages.error(request, refused.messages[0])
        return render(
            request,
            "listings/bulk_preview.html",
            _context(form, [], preview=refused.preview, rows_json=_rows_json(rows)),
        )
    messages.success(request, _("Listings created: %(count)s.") % {"count": len(created)})
    return redirect("listings:seller")
