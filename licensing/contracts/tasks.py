"""Celery tasks of contracts (thin: one service each)."""

from __future__ import annotations

from celery import shared_task

from licensing.contracts.services import contract_expire_due


@shared_task(name="contracts.expire_due", ignore_result=True)
def expire_due() -> int:
    """Daily: active contracts whose every right has ended become expired (idempotent)."""
    return contract_expire_due()
