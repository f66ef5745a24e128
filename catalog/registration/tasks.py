from __future__ import annotations

from celery import shared_task

from catalog.registration.batches import (
    batch_decision_fail,
    batch_decision_run,
    batch_file_run,
    batch_filing_fail,
)
from catalog.registration.certificates import certificate_issue_first
from catalog.registration.services import application_screen


@shared_task(name="registration.screen_application", acks_late=True, ignore_result=True)
def screen_application(application_id: int) -> None:
    application_screen(application_id=application_id)


@shared_task(
    name="registration.issue_first_certificate",
    acks_late=True,
    ignore_result=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def issue_first_certificate(application_id: int) -> None:
    certificate_issue_first(application_id=application_id)


@shared_task(name="registration.run_batch_decision", acks_late=True, ignore_result=True)
def run_batch_decision(decision_id: int) -> None:
    try:
        batch_decision_run(decision_id=decision_id)
    except Exception as exc:
        # The page polls this decision: it must end as failed, not spin as running.
        batch_decision_fail(decision_id=decision_id, error=repr(exc))
        raise


@shared_task(name="registration.file_batch", acks_late=True, ignore_result=True)
def file_batch(batch_id: int) -> None:
    try:
        batch_file_run(batch_id=batch_id)
    except Exception as exc:
        # The batch page polls the filing: it must end with the error, not spin.
        batch_filing_fail(batch_id=batch_id, error=repr(exc))
        raise
