"""Celery tasks of finance: thin, take ids, idempotent."""

from __future__ import annotations

from celery import shared_task
from django.db import OperationalError

from finance.payments.stripe_events import stripe_event_process, stripe_events_requeue


@shared_task(bind=True, max_retries=8, acks_late=True)
def process_stripe_event(self, event_pk: int) -> str:
    try:
        return stripe_event_process(event_pk=event_pk)
    except OperationalError as exc:  # deadlock / lost connection: the retry is safe
        raise self.retry(exc=exc, countdown=2**self.request.retries) from exc


@shared_task
def requeue_stripe_events() -> int:
    return stripe_events_requeue()
