"""Celery tasks that keep the listings index in line with PostgreSQL.

Enqueued with ``transaction.on_commit`` by the listing services, and by the domain-event
handlers below when grants or registrations change. They take ids, re-read the database, and
write whole documents with external versions, so running one twice, late or out of order is
harmless. While the engine is down they retry with exponential backoff (capped at 10 minutes,
for about a day), so writes never wait for search and the index catches up when it is back;
``manage.py search_index --check`` shows any drift left after that.
"""

from __future__ import annotations

import datetime as dt
import logging

from celery import shared_task
from django.db.models import Q

from catalog.events import WorkEvent
from catalog.kernel import events
from licensing.models import GrantCell
from marketplace.listings.models import Listing
from marketplace.search import indexing
from marketplace.search.query import SearchUnavailable

logger = logging.getLogger(__name__)

_RETRY = {
    "autoretry_for": (SearchUnavailable,),
    "retry_backoff": 5,
    "retry_backoff_max": 600,
    "retry_jitter": True,
    "max_retries": 150,
}


def _skip_retries_when_eager(task, exc: SearchUnavailable) -> None:
    # Run inline (CELERY_TASK_ALWAYS_EAGER, tests, a dev box without a worker) a retry would
    # loop synchronously inside the request that wrote; log instead and let --rebuild repair.
    if task.request.is_eager:
        logger.warning("search index not updated (engine unavailable): %s", exc)
        return
    raise exc


@shared_task(bind=True, name="search.index_listings", ignore_result=True, **_RETRY)
def index_listings(self, listing_ids: list[int]) -> int:
    """Index (or remove) these listings according to their current state in PostgreSQL."""
    try:
        return indexing.index_listing_ids(listing_ids)
    except SearchUnavailable as exc:
        _skip_retries_when_eager(self, exc)
        return 0


@shared_task(bind=True, name="search.reindex_work_listings", ignore_result=True, **_RETRY)
def reindex_work_listings(self, work_id: int) -> int:
    """Re-index every listing of a work (its grants, status or texts changed)."""
    ids = list(Listing.objects.filter(work_id=work_id).values_list("pk", flat=True))
    try:
        return indexing.index_listing_ids(ids)
    except SearchUnavailable as exc:
        _skip_retries_when_eager(self, exc)
        return 0


@shared_task(bind=True, name="search.refresh_availability", ignore_result=True, **_RETRY)
def refresh_availability(self) -> int:
    """Daily: re-index works whose grants started or ended since yesterday.

    Availability is "exclusively granted *today*"; a grant signed for next month changes it
    on its first day without any write happening then.
    """
    today = dt.date.today()
    yesterday = today - dt.timedelta(days=1)
    work_ids = set(
        GrantCell.objects.filter(
            Q(period__startswith__gte=yesterday, period__startswith__lte=today)
            | Q(period__endswith__gte=yesterday, period__endswith__lte=today)
        ).values_list("work_id", flat=True)
    )
    ids = list(Listing.objects.filter(work_id__in=work_ids).values_list("pk", flat=True))
    try:
        return indexing.index_listing_ids(ids)
    except SearchUnavailable as exc:
        _skip_retries_when_eager(self, exc)
        return 0


def on_work_changed(event: WorkEvent) -> None:
    """Handler of work-level domain events (see connect_events); runs after commit."""
    reindex_work_listings.delay(event.work_id)


def connect_events() -> None:
    """Subscribe to the catalog/licensing events that change what the index shows (idempotent)."""
    # WorkEvent covers registration, changes, status flags and (licensing's) grants.
    events.subscribe(WorkEvent, on_work_changed)
