"""A task enqueued on commit is executed by a real Celery worker process."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from django.db import transaction

from marketplace.models import WorkerHeartbeat
from marketplace.tasks import worker_heartbeat
from tests.workers import start_worker

BASE_DIR = Path(__file__).resolve().parents[2]


@pytest.fixture
def celery_worker_process(transactional_db):
    proc = start_worker()
    yield proc
    proc.terminate()
    proc.wait(20)


@pytest.mark.slow
@pytest.mark.worker
def test_task_enqueued_on_commit_runs_in_worker(celery_worker_process):
    # The worker records itself on start; wait for that, then clear it.
    deadline = time.monotonic() + 60
    while not WorkerHeartbeat.objects.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert WorkerHeartbeat.objects.exists(), "worker never came up"
    WorkerHeartbeat.objects.all().delete()

    with transaction.atomic():
        transaction.on_commit(worker_heartbeat.delay)
        # Nothing may be sent before commit.
        time.sleep(1)
        assert not WorkerHeartbeat.objects.exists()

    deadline = time.monotonic() + 30
    while not WorkerHeartbeat.objects.exists() and time.monotonic() < deadline:
        time.sleep(0.2)
    assert WorkerHeartbeat.objects.exists(), "task was not executed by the worker"
