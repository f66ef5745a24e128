"""Who sees valuation reports and what they may do with them: the report workflow and the
reads (the access rule is in ``reports``' docstring and docs/valuation.md)."""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy

from catalog.kernel.permissions import acting_party_ids, is_examiner, is_staff, may_act_for
from catalog.kernel.workflow import Workflow, action, platform_only
from finance.valuation.models import ReportStatus, ValuationReport, ValuationReportEvent

AWAITING, QUEUED, ISSUED = (
    ReportStatus.AWAITING_CONSENT,
    ReportStatus.QUEUED,
    ReportStatus.ISSUED,
)


def _holder(report: ValuationReport, user: object) -> bool:
    return may_act_for(user, report.holder_id)


REPORT_WORKFLOW = Workflow(
    name="valuation_report",
    audit_model=ValuationReportEvent,
    audit_fk="report",
    actions=[
        action(
            "consent",
            [AWAITING],
            QUEUED,
            _holder,
            label=gettext_lazy("Consent: value with our statements"),
            style="primary",
        ),
        action(
            "decline", [AWAITING], ReportStatus.DECLINED, _holder, label=gettext_lazy("Decline")
        ),
        action("issue", [QUEUED], ISSUED, platform_only),
        action("fail", [QUEUED], ReportStatus.FAILED, platform_only),
    ],
)


# --- reads ------------------------------------------------------------------------------
def reports_visible_to(user: object) -> QuerySet[ValuationReport]:
    qs = ValuationReport.objects.select_related("holder", "requester", "valuation", "pledge")
    if is_staff(user):
        return qs
    parties = acting_party_ids(user)
    seen = (
        Q(requester__in=parties)
        | Q(holder__in=parties)
        | Q(pledge__pledgor__in=parties)
        | Q(pledge__pledgee__in=parties)
    )
    if is_examiner(user):
        seen |= Q(pledge__isnull=False)
    return qs.filter(seen)


def reports_attachable(*, party_ids: set[int]) -> QuerySet[ValuationReport]:
    """Issued reports not yet attached that these parties asked for or are the subject of."""
    return (
        ValuationReport.objects.filter(status=ISSUED, pledge__isnull=True)
        .filter(Q(holder__in=party_ids) | Q(requester__in=party_ids))
        .select_related("holder", "requester", "valuation")
    )


def report_actions(report: ValuationReport, user: object) -> set[str]:
    return REPORT_WORKFLOW.available_action_names(report, user)
