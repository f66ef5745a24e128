"""The review stage: a report that repeats usage (or has values to map) stops before posting;
the licensee decides.

A report whose lines or period overlap usage the licensee already reported
(overlap.py), or with rows held for a value nothing maps (unmapped.py: mapped on the
review page, the rows join the report), is read, matched and quarantined like any
other, then left in ``ReportStatus.REVIEW`` with its lines in place but invisible (no
reader counts a report that is not posted). The licensee's decision on the review page
(or ``import_usage --on-overlap``) continues the import where it stopped
(``ingest.post_lines``), once:

- **skip** — the repeated lines are deleted, the rest posts. A period that
  overlaps another report's is not a line that can be skipped: posting with it
  needs a reason too.
- **correction** — the file corrects the one earlier report it repeats, which
  must be for the same period (the existing correction mechanism: the earlier
  report is superseded and a closed period is restated by difference, late.py).
  The correction is filed under that report's contract, as any correction is.
- **post** — everything posts, with the reason recorded on the report and
  shown to the licensor.
- **withdraw** — nothing posts (the report is rejected); the file may come again.

The report row is locked for the decision, and the licensee's postings are
serialised (``overlap.licensee_posting_lock``) while the overlaps are found
again: two decisions on one report, or two reports repeating each other decided
at once, cannot both post the same lines.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.kernel.permissions import AnyUser, staff_or_acts_for
from licensing.royalties import ingest, overlap
from licensing.royalties.models import (
    ReportStatus,
    ReviewDecision,
    UnmatchedLine,
    UsageLine,
    UsageReport,
)


def review_rows(report: UsageReport, *, limit: int = 100):
    """The report's first ``limit`` usage lines as they will post (work and contract)."""
    return (
        UsageLine.objects.filter(report=report)
        .select_related("work", "contract")
        .order_by("row_no")[:limit]
    )


def correctable_report(found: overlap.Overlaps, report: UsageReport) -> UsageReport | None:
    """The earlier report the file may be posted as a correction of: the only report it
    overlaps, for the same period, when the file is not already a correction."""
    reports = found.reports
    if report.replaces_id is None and len(reports) == 1 and not found.periods:
        (earlier,) = reports
        if earlier.period == report.period and earlier.status == ReportStatus.POSTED:
            return earlier
    return None


def usage_report_review_decide(
    *,
    report: UsageReport,
    decision: str,
    reason: str = "",
    corrects: UsageReport | None = None,
    user: AnyUser,
) -> UsageReport:
    """Post a report that stopped for review, as ``decision`` says (module docstring).

    ``corrects``: for a correction, the earlier report (default: the one it overlaps).
    A report with no overlap left posts whatever the decision. Refused once the report
    is no longer awaiting review: the second of two submissions changes nothing.
    """
    reason = (reason or "").strip()
    with transaction.atomic():
        report = _locked_for_review(report, user)
        if decision not in ReviewDecision.values:
            raise ValidationError(
                {"decision": _("“%(decision)s” is not a decision") % {"decision": decision}}
            )
        overlap.licensee_posting_lock(licensee_id=report.licensee_id)
        found = overlap.overlaps(report)
        if found:
            _apply(report, found, decision=decision, reason=reason, corrects=corrects)
            report.review_decision = decision
            report.review_reason = reason
        report.reviewed_by = user if getattr(user, "is_authenticated", False) else None
        report.reviewed_at = timezone.now()
        ingest.post_lines(report)
        report.finished_at = timezone.now()
        report.save()
    return report


def _apply(report, found, *, decision: str, reason: str, corrects) -> None:
    if decision == ReviewDecision.POST and not reason:
        raise ValidationError(
            {
                "reason": _(
                    "Say why usage already reported is posted again: it is shown to the licensor."
                )
            }
        )
    if decision == ReviewDecision.SKIP:
        if found.periods and not reason:
            raise ValidationError(
                {
                    "reason": _(
                        "The period overlaps report %(reports)s for another period: skipping "
                        "repeated lines does not settle that; give a reason to post it."
                    )
                    % {"reports": ", ".join(str(o.report.pk) for o in found.periods)}
                }
            )
        usage, queued = overlap.skip_overlapping_lines(report)
        report.good_rows -= usage
        report.unmatched_rows -= queued
        report.review_skipped = usage + queued
    elif decision == ReviewDecision.CORRECTION:
        earlier = correctable_report(found, report)
        if earlier is None or (corrects is not None and corrects.pk != earlier.pk):
            raise ValidationError(
                {
                    "corrects": _(
                        "Only a file that repeats one earlier report of the same period, "
                        "and nothing else, can correct it; skip the repeated lines or post "
                        "with a reason."
                    )
                }
            )
        report.replaces = earlier
        # A correction is filed where the original was (services.usage_report_create).
        report.contract = earlier.contract


def _locked_for_review(report: UsageReport, user: AnyUser) -> UsageReport:
    """The report, row-locked, if ``user`` may decide on it and it still awaits review (a
    second decision, or one after a withdrawal, is refused here)."""
    report = (
        UsageReport.objects.select_for_update(of=("self",))
        .select_related("licensee", "contract")
        .get(pk=report.pk)
    )
    if user is not None and not staff_or_acts_for(user, report.licensee_id):
        raise PermissionDenied(_("Only the licensee decides on its usage report."))
    if report.status != ReportStatus.REVIEW:
        raise ValidationError(
            {
                "decision": _("report %(report)s is not awaiting review (%(status)s)")
                % {"report": report.pk, "status": report.get_status_display()}
            }
        )
    return report


def usage_report_withdraw(*, report: UsageReport, user: AnyUser) -> UsageReport:
    """The licensee withdraws a report awaiting review: nothing of it posts (rejected, its
    lines deleted); the same file may be uploaded again."""
    with transaction.atomic():
        report = _locked_for_review(report, user)
        report.status = ReportStatus.REJECTED
        report.error = _("withdrawn by the licensee at review: nothing was posted")
        report.good_rows = report.unmatched_rows = 0
        report.reviewed_by = user if getattr(user, "is_authenticated", False) else None
        report.reviewed_at = report.finished_at = timezone.now()
        report.save()
        ingest.discard_staging(report)
        UnmatchedLine.objects.filter(report=report).delete()
    return report
