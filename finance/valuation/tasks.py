from __future__ import annotations

from celery import shared_task

from finance.pledges.models import Pledge, PledgeStatus
from finance.valuation.reports import valuation_report_run
from finance.valuation.services import pledge_ltv_recompute


@shared_task(name="valuation.recompute_pledge_ltv", acks_late=True, ignore_result=True)
def recompute_pledge_ltv(pledge_id: int, reason: str) -> None:
    # Idempotent enough: a redelivery stores one more valuation with the same
    # inputs and cannot re-alert (the previous LTV is already above the threshold).
    if Pledge.objects.filter(pk=pledge_id, status=PledgeStatus.REGISTERED).exists():
        pledge_ltv_recompute(pledge_id=pledge_id, reason=reason)


@shared_task(name="valuation.recompute_all_ltv", ignore_result=True)
def recompute_all_ltv() -> int:
    ids = list(Pledge.objects.filter(status=PledgeStatus.REGISTERED).values_list("pk", flat=True))
    for pledge_id in ids:
        pledge_ltv_recompute(pledge_id=pledge_id, reason="recompute")
    return len(ids)


@shared_task(name="valuation.run_valuation_report", acks_late=True, ignore_result=True)
def run_valuation_report(report_id: int) -> None:
    # Idempotent: the service values only a queued report and issues it once.
    valuation_report_run(report_id=report_id)
