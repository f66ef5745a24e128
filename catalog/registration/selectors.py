"""Reads for applicants, examiners and the public verify page."""

from __future__ import annotations

from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils import timezone

from catalog.kernel.permissions import acting_party_ids
from catalog.kernel.status import StatusFlag, work_status_flags
from catalog.models import CatalogueUpload, Work, WorkFile
from catalog.registration.models import (
    OPEN_STATUSES,
    Application,
    Batch,
    BatchDecision,
    BatchOutcome,
    Certificate,
    Status,
)


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


def works_to_register(
    *,
    party_ids: set[int],
    party_id: int | None = None,
    q: str = "",
    work_type: str = "",
    upload_id: int | None = None,
) -> QuerySet[Work]:
    """Works the user's parties hold with no open or granted registration: what a batch may
    take. The same filter gives the page and "select all on this filter". ``upload_id``:
    only the works a catalogue upload created, updated or found unchanged."""
    qs = Work.objects.filter(holder_id__in=party_ids).exclude(
        applications__status__in=[*OPEN_STATUSES, Status.REGISTERED]
    )
    if upload_id:
        qs = qs.filter(
            upload_records__upload_id=upload_id,
            upload_records__outcome__in=["created", "updated", "unchanged"],
        )
    if party_id:
        qs = qs.filter(holder_id=party_id)
    if q:
        qs = qs.filter(Q(original_title__icontains=q) | Q(identifiers__value=q))
    if work_type:
        qs = qs.filter(work_type=work_type)
    return qs.distinct().order_by("original_title", "pk")


def batches_for_user(user: object) -> QuerySet[Batch]:
    return (
        Batch.objects.filter(applicant_id__in=acting_party_ids(user))
        .select_related("applicant")
        .annotate(applications_count=Count("applications"))
    )


def _status_counts() -> dict[str, Count]:
    return {
        f"n_{value}": Count("applications", filter=Q(applications__status=value))
        for value in Status.values
    }


def batch_queue() -> QuerySet[Batch]:
    """Batches with open applications, counted by status and by screening outcome."""
    in_exam = Q(applications__status=Status.IN_EXAMINATION)
    # A subquery, not a join filter: a filter on the joined applications would restrict
    # the counts to open ones too.
    open_batches = Application.objects.filter(status__in=OPEN_STATUSES).values("batch_id")
    return (
        Batch.objects.filter(pk__in=open_batches)
        .select_related("applicant")
        .annotate(
            n_total=Count("applications"),
            n_clear=Count("applications", filter=in_exam & Q(applications__held=False)),
            n_held=Count("applications", filter=in_exam & Q(applications__held=True)),
            **_status_counts(),
        )
        .order_by("-fast_track", "created_at")
        .prefetch_related(
            Prefetch(
                "applications",
                queryset=Application.objects.filter(status__in=OPEN_STATUSES)
                .select_related("work")
                .order_by("pk"),
                to_attr="open_applications",
            )
        )
    )


def batch_summary(batch: Batch) -> dict[str, object]:
    """Counts of one batch for its page: by status, and screening outcome in examination."""
    apps = batch.applications
    by_status = dict(apps.values_list("status").annotate(n=Count("pk")).values_list("status", "n"))
    return {
        "by_status": [(label, by_status.get(value, 0)) for value, label in Status.choices],
        "clear": apps.filter(status=Status.IN_EXAMINATION, held=False).count(),
        "held": apps.filter(status=Status.IN_EXAMINATION, held=True).count(),
        "waiting_for_files": apps.filter(status=Status.DRAFT)
        .exclude(work__files__isnull=False)
        .count(),
    }


def decision_counts(decision: BatchDecision) -> dict[str, int]:
    """Outcomes of a batch decision so far, by kind (every kind present, zero or not)."""
    found = dict(
        decision.outcomes.values_list("kind").annotate(n=Count("pk")).values_list("kind", "n")
    )
    return {kind: found.get(kind, 0) for kind in BatchOutcome.Kind.values}


def upload_for_user(user: object, upload_id: str) -> CatalogueUpload | None:
    """One of the catalogue uploads of the user's parties, or None (another's is not found)."""
    if not upload_id.isdigit():
        return None
    return CatalogueUpload.objects.filter(
        pk=int(upload_id), party_id__in=acting_party_ids(user)
    ).first()
