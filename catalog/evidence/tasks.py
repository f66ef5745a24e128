from __future__ import annotations

from celery import shared_task

from catalog.evidence.services import evidence_record_due_roots


@shared_task(name="evidence.record_daily_roots", ignore_result=True)
def evidence_record_daily_roots() -> int:
    """Record the Merkle root of every ended day not recorded yet (idempotent; catches up)."""
    return len(evidence_record_due_roots())
