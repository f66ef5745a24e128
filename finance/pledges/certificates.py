"""Pledge registration certificates: bilingual PDF with a QR code to the public verify page."""

from __future__ import annotations

import hashlib

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from catalog.registration.certificates import absolute_url, bilingual_labels, qr_svg
from finance.pledges.models import Pledge, PledgeCertificate, PledgeStatus
from i18n.pdf import render_pdf

CHINESE = "zh-hans"

LABELS = {
    "heading": _("Certificate of Copyright Pledge Registration"),
    "number": _("Pledge registration number"),
    "pledgor": _("Pledgor"),
    "pledgee": _("Pledgee"),
    "works": _("Pledged works"),
    "contracts": _("Pledged receivables of contracts"),
    "claim": _("Secured claim"),
    "term": _("Term"),
    "registered": _("Date of registration"),
    "version": _("Certificate version"),
    "verify": _("Scan to verify the live status of this pledge"),
}


def pledge_verify_url(number: str) -> str:
    return absolute_url("pledges:verify", number=number)


def certificate_language(pledge: Pledge) -> str:
    return getattr(pledge.created_by, "preferred_language", None) or "en"


def _render(pledge: Pledge, *, version: int, language: str) -> bytes:
    languages = [language] if language == CHINESE else [language, CHINESE]
    url = pledge_verify_url(pledge.number)
    context = {
        "labels": bilingual_labels(languages, labels=LABELS),
        "pledge": pledge,
        "works": list(pledge.works.all()),
        "contracts": list(pledge.contracts.all()),
        "version": version,
        "languages": languages,
        "qr_svg": qr_svg(url),
        "verify_url": url,
        "issued_at": timezone.now(),
    }
    return render_pdf("pledges/certificate_pdf.html", context, language=language)


@transaction.atomic
def pledge_certificate_issue(*, pledge_id: int, language: str | None = None) -> PledgeCertificate:
    """The next certificate version of a registered pledge, hashed into the evidence chain."""
    from catalog.evidence.services import evidence_deposit_file

    pledge = (
        Pledge.objects.select_for_update().select_related("pledgor", "pledgee").get(pk=pledge_id)
    )
    if pledge.status != PledgeStatus.REGISTERED:
        raise ValueError("certificates are issued for registered pledges only")
    language = language or certificate_language(pledge)
    last = pledge.certificates.values_list("version", flat=True).first()
    version = (last or 0) + 1
    pdf = _render(pledge, version=version, language=language)
    certificate = PledgeCertificate(
        pledge=pledge, version=version, language=language, sha256=hashlib.sha256(pdf).hexdigest()
    )
    certificate.pdf.save(f"{pledge.number}-v{version}.pdf", ContentFile(pdf), save=False)
    entry = evidence_deposit_file(
        kind="pledge_certificate",
        subject=f"pledges.certificate:{pledge.number}:v{version}",
        storage_name=certificate.pdf.name,
        metadata={"number": pledge.number, "version": version, "language": language},
    )
    certificate.evidence_seq = entry.seq
    certificate.save()
    return certificate


def pledge_certificate_due(*, pledge_id: int) -> PledgeCertificate | None:
    """Issue a version unless the latest one is newer than the pledge's last event (redelivery)."""
    pledge = Pledge.objects.get(pk=pledge_id)
    if pledge.status != PledgeStatus.REGISTERED:
        return None
    latest = pledge.certificates.first()
    last_event = (
        pledge.events.filter(kind__in=["transition", "change"])
        .order_by("-at")
        .values_list("at", flat=True)
        .first()
    )
    if latest is not None and last_event is not None and latest.issued_at >= last_event:
        return None
    return pledge_certificate_issue(pledge_id=pledge_id)
