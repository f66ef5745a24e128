from __future__ import annotations

from celery import shared_task

from finance.pledges.certificates import pledge_certificate_due
from finance.pledges.effects import seizure_effects_due


@shared_task(
    name="pledges.issue_certificate",
    acks_late=True,
    ignore_result=True,
    autoretry_for=(OSError,),
    retry_backoff=True,
    max_retries=5,
)
def issue_pledge_certificate(pledge_id: int) -> None:
    pledge_certificate_due(pledge_id=pledge_id)


@shared_task(name="pledges.seizure_effects_due", acks_late=True, ignore_result=True)
def apply_seizure_effects_due() -> int:
    """Beat: court orders whose first day came or last day passed take or lose effect."""
    return seizure_effects_due()
