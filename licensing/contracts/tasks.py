"""Celery tasks of contracts (thin: one service each)."""

from __future__ import annotations

from celery import shared_task

from licensing.contracts.billing import invoice_due_installments_all
from licensing.contracts.services import contract_expire_due


@shared_task(name="contracts.expire_due", ignore_result=True)
def expire_due() -> int:
    """Daily: active contracts whose every right has ended become expired (idempotent)."""
    return contract_expire_due()


@shared_task(name="contracts.invoice_due_installments", ignore_result=True)
def invoice_due_installments() -> int:
    """Daily: invoice dated instalments falling due within the lead window (idempotent)."""
    return invoice_due_installments_all()
