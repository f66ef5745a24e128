"""Reads for applicants, examiners and the public verify page."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils import timezone

from catalog.kernel.permissions import acting_party_ids
from catalog.kernel.status import StatusFlag, work_status_flags
from catalog.models import Work, WorkFile
from catalog.registration.models import OPEN_STATUSES, Application, Certificate, Status


def applications_for_user(user: object) -> QuerySet[Application]:
    return (
        Application.objects.filter(applicant_id__in=acting_party_ids(user))
        .select_related("work", "applicant")
        .order_by("-created_at")
    )


def examiner_queue(
    *, status: str = "", examiner: object | None = None, overdue_only: bool = False
) -> QuerySet[Application]:
    qs = Application.objects.select_related("work", "applicant", "examiner")
    qs = qs.filter(status=status) if status else qs.filter(status__in=OPEN_STATUSES)
    if examiner is not None:
        qs = qs.filter(examiner=examiner)
    if overdue_only:
        qs = qs.filter(due_on__lt=timezone.localdate())
    # Fast track and the oldest deadline first: the order examiners work in.
    return qs.order_by("-fast_track", "due_on", "submitted_at")


def overdue_applications() -> QuerySet[Application]:
    return examiner_queue(overdue_only=True)


def registration_by_number(number: str) -> Application | None:
    return (
        Application.objects.filter(number=number, status=Status.REGISTERED)
        .select_related("work", "applicant", "work__holder")
        .first()
    )


def published_samples(work: Work) -> QuerySet[WorkFile]:
    """The files of a registered work that its public verify page shows to anyone."""
    return work.files.filter(is_sample=True).order_by("id")


def published_sample(*, number: str, file_id: int) -> WorkFile | None:
    """File ``file_id`` if it is a sample of the work registered as ``number``, else None:
    a work file that is not a sample, or whose work is not (or no longer) registered,
    is private."""
    application = registration_by_number(number)
    if application is None:
        return None
    return published_samples(application.work).filter(pk=file_id).first()


def current_certificate(application: Application) -> Certificate | None:
    return application.certificates.filter(superseded_at__isnull=True).first()


def registration_status_flags(work: object) -> list[StatusFlag]:
    from django.utils.translation import gettext as _

    app = (
        Application.objects.filter(work=work)
        .filter(Q(status=Status.REGISTERED) | Q(status__in=OPEN_STATUSES))
        .order_by("-created_at")
        .first()
    )
    if app is None:
        return []
    if app.status == Status.REGISTERED:
        return [StatusFlag("registered", _("Registered"), "info", app.number or "")]
    return [
        StatusFlag(
            "registration_pending", _("Registration pending"), "warning", app.get_status_display()
        )
    ]


def verify_context(application: Application) -> dict[str, object]:
    work = application.work
    return {
        "application": application,
        "work": work,
        "flags": work_status_flags(work),
        "creators": work.creators.select_related("party"),
        "shares": work.shares.select_related("party"),
        "samples": published_samples(work)[:6],
        "certificate": current_certificate(application),
    }
