"""Celery tasks: thin, take ids, idempotent."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from licensing.royalties.models import UsageReport
from licensing.royalties.services import usage_report_process

# The database went away (restart, failover): try again later, backing off, rather than
# lose the run. A report left "processing" meanwhile is re-queued by the sweep below.
DB_RETRY = {
    "autoretry_for": (OperationalError,),
    "retry_backoff": 5,
    "retry_backoff_max": 300,
    "max_retries": 8,
}


@shared_task(acks_late=True, **DB_RETRY)
def usage_report_import(report_id: int) -> str:
    report = UsageReport.objects.get(pk=report_id)
    return usage_report_process(report=report).status


@shared_task(name="royalties.requeue_stranded_imports", **DB_RETRY)
def requeue_stranded_imports() -> dict[str, list[int]]:
    from licensing.royalties.stranded import requeue_stranded

    return requeue_stranded()


@shared_task(acks_late=True)
def statements_post_ledger(statement_ids: list[int]) -> int:
    from licensing.royalties.close import statements_post_ledger_now

    return statements_post_ledger_now(statement_ids)
