from __future__ import annotations

import socket

from celery import shared_task
from celery.signals import worker_ready
from django.utils import timezone

from marketplace.models import WorkerHeartbeat


def record_heartbeat(hostname: str) -> None:
    WorkerHeartbeat.objects.update_or_create(
        hostname=hostname, defaults={"seen_at": timezone.now()}
    )


@shared_task(name="marketplace.worker_heartbeat", ignore_result=True)
def worker_heartbeat() -> None:
    record_heartbeat(socket.gethostname())


@worker_ready.connect
def _on_worker_ready(sender: object = None, **_: object) -> None:
    # Report at once instead of waiting for the first beat tick.
    record_heartbeat(socket.gethostname())
