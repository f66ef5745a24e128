"""Registration certificates: bilingual PDF with a QR code to the public verify page."""

from __future__ import annotations

import hashlib
import io

import segno
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.base import ContentFile
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from catalog.kernel.permissions import AnyUser, is_examiner
from catalog.registration.models import Application, Certificate
from catalog.registration.workflow import certifiable, is_applicant
from i18n.pdf import render_pdf

CHINESE = "zh-hans"

# Every label is printed in the holder's language and in Chinese.
LABELS = {
    "heading": _("Certificate of Copyright Registration"),
    "number": _("Registration number"),
    "title": _("Title of the work"),
    "type": _("Type of work"),
    "holder": _("Copyright holder"),
    "creators": _("Creators"),
    "shares": _("Ownership shares"),
    "country": _("Country of origin"),
    "created": _("Date of creation"),
    "published": _("Date of first publication"),
    "registered": _("Date of registration"),
    "version": _("Certificate version"),
    "verify": _("Scan to verify the live status of this registration"),
    "source": _("Traditional cultural element / new contribution"),
}


def bilingual_labels(
    languages: list[str], *, labels: dict[str, object] = LABELS
) -> dict[str, list[str]]:
    """Each label in every document language, in order (pledge certificates pass their own)."""
    result: dict[str, list[str]] = {}
    for code in languages:
        with translation.override(code):
            for key, text in labels.items():
                result.setdefault(key, []).append(str(text))
    return result


def absolute_url(view_name: str, **kwargs: object) -> str:
    """A URL a QR code on paper can carry: absolute, in the default language (the page's
    language switcher takes the reader to their own)."""
    with translation.override(None):
        path = reverse(view_name, kwargs=kwargs)
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def verify_url(number: str) -> str:
    return absolute_url("registration:verify", number=number)


def qr_svg(url: str) -> str:
    buffer = io.BytesIO()
    segno.make(url, error="m").save(
        buffer, kind="svg", scale=3, border=1, xmldecl=False, svgns=True
    )
    return buffer.getvalue().decode()


def certificate_language(application: Application) -> str:
    return getattr(application.created_by, "preferred_language", None) or "en"


def _render(application: Application, *, version: int, language: str) -> bytes:
    work = application.work
    languages = [language] if language == CHINESE else [language, CHINESE]
    url = verify_url(application.number)
    context = {
        "labels": bilingual_labels(languages),
        "application": application,
        "work": work,
        "creators": list(work.creators.select_related("party")),
        "shares": list(work.shares.select_related("party")),
        "version": version,
        "languages": languages,
        "qr_svg": qr_svg(url),
        "verify_url": url,
        "issued_at": timezone.now(),
    }
    return render_pdf("registration/certificate_pdf.html", context, language=language)


@transaction.atomic
def certificate_issue(
    *, application: Application, reason: str, language: str | None = None
) -> Certificate:
    """Issue the next version; the previous current one is marked superseded."""
    from catalog.evidence.services import evidence_deposit_file

    if not certifiable(application):
        raise ValueError("certificates are issued for registered works only")
    language = language or certificate_language(application)
    current = (
        Certificate.objects.select_for_update()
        .filter(application=application, superseded_at__isnull=True)
        .first()
    )
    last = application.certificates.order_by("-version").values_list("version", flat=True).first()
    version = (last or 0) + 1
    if current is not None:
        current.superseded_at = timezone.now()
        current.save(update_fields=["superseded_at"])
    pdf = _render(application, version=version, language=language)
    digest = hashlib.sha256(pdf).hexdigest()
    certificate = Certificate(
        application=application, version=version, language=language, sha256=digest, reason=reason
    )
    certificate.pdf.save(f"{application.number}-v{version}.pdf", ContentFile(pdf), save=False)
    # The stored PDF itself goes into the chain, so verify_evidence re-hashes it.
    entry = evidence_deposit_file(
        kind="certificate",
        subject=f"registration.certificate:{application.number}:v{version}",
        storage_name=certificate.pdf.name,
        metadata={"number": application.number, "version": version, "language": language},
    )
    certificate.evidence_seq = entry.seq
    certificate.save()
    return certificate


@transaction.atomic
def certificate_issue_first(*, application_id: int) -> Certificate | None:
    """Version 1 after registration; a redelivered task finds it issued and stops."""
    application = Application.objects.select_for_update().get(pk=application_id)
    if application.certificates.exists():
        return None
    return certificate_issue(application=application, reason="first issue")


@transaction.atomic
def certificate_reissue(
    *, application_id: int, user: AnyUser, reason: str, language: str | None = None
) -> Certificate:
    application = Application.objects.select_for_update().get(pk=application_id)
    if not (is_examiner(user) or is_applicant(application, user)):
        raise PermissionDenied(_("only members of the applicant party may do this"))
    return certificate_issue(application=application, reason=reason or "reissue", language=language)
