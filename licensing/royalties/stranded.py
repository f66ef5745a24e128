"""Usage imports never strand: a heartbeat per report, a beat task that re-queues the dead.

The import job bumps ``UsageReport.heartbeat_at`` as it reads (services.py). A worker
killed mid-import leaves the report "processing" with a heartbeat that stops; with the
filesystem broker the message is gone too (it is deleted when taken), so nothing would
ever run it again. :func:`requeue_stranded` (beat, every minute) finds pending or
processing reports whose heartbeat is older than ``USAGE_IMPORT_STALE_SECONDS``, deletes
what the dead run wrote (usage lines and staging of that report) and queues the report
again; after ``USAGE_IMPORT_MAX_ATTEMPTS`` runs it is marked FAILED ("Failed — retry"),
which blocks neither a new upload nor the period, and :func:`usage_report_retry` lets the
licensee or staff start it again. :func:`claim_report` makes runs exclusive: a run
starts only on a pending report or one whose heartbeat stopped, so a re-delivered or
re-queued message never imports a report twice.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.kernel.permissions import AnyUser, staff_or_acts_for
from licensing.royalties import ingest
from licensing.royalties.models import ReportStatus, UsageReport

RUNNABLE = (ReportStatus.PENDING, ReportStatus.PROCESSING)


class ClaimLost(Exception):
    """This run's report was re-queued (its heartbeat looked dead): stop writing."""


def stale_before() -> dt.datetime:
    return timezone.now() - dt.timedelta(seconds=settings.USAGE_IMPORT_STALE_SECONDS)


def _stranded(cutoff: dt.datetime) -> Q:
    return Q(status__in=RUNNABLE) & (
        Q(heartbeat_at__lt=cutoff) | Q(heartbeat_at__isnull=True, created_at__lt=cutoff)
    )


def claim_report(report_id: int) -> bool:
    """Take the report for this run (pending, or processing with a stopped heartbeat)."""
    claimable = Q(status=ReportStatus.PENDING) | (
        Q(status=ReportStatus.PROCESSING) & _stranded(stale_before())
    )
    return bool(
        UsageReport.objects.filter(claimable, pk=report_id).update(
            status=ReportStatus.PROCESSING,
            progress=1,
            heartbeat_at=timezone.now(),
            attempts=F("attempts") + 1,
        )
    )


def job_alive(report_id: int, **fields) -> None:
    """The job is alive: record it (with ``fields``), or stop if the report was taken back."""
    alive = UsageReport.objects.filter(pk=report_id, status=ReportStatus.PROCESSING).update(
        heartbeat_at=timezone.now(), **fields
    )
    if not alive:
        raise ClaimLost(report_id)


def _enqueue(report_id: int) -> None:
    from licensing.royalties.tasks import usage_report_import

    transaction.on_commit(lambda: usage_report_import.delay(report_id))


def requeue_stranded() -> dict[str, list[int]]:
    """Clean and re-queue every stranded report, or fail it after the last attempt.
    Idempotent: a report is handled under its row lock and only while still stranded."""
    done: dict[str, list[int]] = {"requeued": [], "failed": []}
    cutoff = stale_before()
    for pk in UsageReport.objects.filter(_stranded(cutoff)).values_list("pk", flat=True):
        with transaction.atomic():
            report = (
                UsageReport.objects.select_for_update(skip_locked=True)
                .filter(_stranded(cutoff), pk=pk)
                .first()
            )
            if report is None:
                continue
            ingest.discard_staging(report)
            if report.attempts >= settings.USAGE_IMPORT_MAX_ATTEMPTS:
                UsageReport.objects.filter(pk=pk).update(
                    status=ReportStatus.FAILED,
                    progress=0,
                    error=_("the import stopped %(n)s times; nothing was posted")
                    % {"n": report.attempts},
                    finished_at=timezone.now(),
                )
                done["failed"].append(pk)
            else:
                # heartbeat_at = queued at: the next look waits a full window for the run.
                UsageReport.objects.filter(pk=pk).update(
                    status=ReportStatus.PENDING, progress=0, heartbeat_at=timezone.now()
                )
                _enqueue(pk)
                done["requeued"].append(pk)
    return done


@transaction.atomic
def usage_report_retry(*, report: UsageReport, user: AnyUser) -> UsageReport:
    """Start a failed import again (the licensee or staff), with a fresh attempt count."""
    if not staff_or_acts_for(user, report.licensee_id):
        raise PermissionDenied
    report = UsageReport.objects.select_for_update().get(pk=report.pk)
    if report.status != ReportStatus.FAILED:
        raise ValidationError({"status": _("only a failed import can be retried")})
    live = UsageReport.objects.filter(
        status__in=[*RUNNABLE, ReportStatus.REVIEW, ReportStatus.POSTED]
    ).exclude(pk=report.pk)
    clash = live.filter(Q(sha256=report.sha256) | Q(contract=report.contract, period=report.period))
    if clash.exists():
        raise ValidationError(
            {"status": _("another report for this file or period was uploaded since; use that one")}
        )
    UsageReport.objects.filter(pk=report.pk).update(
        status=ReportStatus.PENDING,
        attempts=0,
        progress=0,
        error="",
        finished_at=None,
        heartbeat_at=timezone.now(),
    )
    _enqueue(report.pk)
    report.refresh_from_db()
    return report
