"""Celery tasks: thin, take ids, idempotent."""

from __future__ import annotations

from celery import shared_task

from licensing.royalties.models import UsageReport
from licensing.royalties.services import usage_report_process


@shared_task(acks_late=True)
def usage_report_import(report_id: int) -> str:
    report = UsageReport.objects.get(pk=report_id)
    return usage_report_process(report=report).status


@shared_task(acks_late=True)
def statements_post_ledger(statement_ids: list[int]) -> int:
    from licensing.royalties.close import statements_post_ledger_now

    return statements_post_ledger_now(statement_ids)
