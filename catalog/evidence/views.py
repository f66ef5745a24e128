"""Public entry page and deposit certificate: thin wrappers over selectors."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from catalog.evidence.models import EvidenceEntry
from catalog.evidence.selectors import (
    evidence_certificate_pdf,
    evidence_daily_root_for,
    evidence_entry_get,
    evidence_next_seq,
    kind_label,
)


def _entry_or_404(seq: int) -> EvidenceEntry:
    entry = evidence_entry_get(seq=seq)
    if entry is None:
        raise Http404(_("No evidence entry %(seq)s.") % {"seq": seq})
    return entry


@require_safe
def entry_detail(request: HttpRequest, seq: int) -> HttpResponse:
    entry = _entry_or_404(seq)
    kind_text, _zh = kind_label(entry.kind, language=translation.get_language())
    # Metadata is not shown: it may hold personal data (file names, parties).
    context = {
        "entry": entry,
        "kind_text": kind_text,
        "prev_seq": entry.seq - 1 if entry.seq > 1 else None,
        "next_seq": evidence_next_seq(entry=entry),
        "daily_root": evidence_daily_root_for(entry=entry),
    }
    return render(request, "evidence/entry.html", context)


@require_safe
def entry_certificate(request: HttpRequest, seq: int) -> HttpResponse:
    # Public by design, like the entry page it prints: hashes, kind, size and time, never
    # the deposited file or its metadata. Made by our own template, so shown inline.
    entry = _entry_or_404(seq)
    pdf = evidence_certificate_pdf(entry=entry, language=translation.get_language())
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="evidence-{entry.seq}.pdf"'
    return response
