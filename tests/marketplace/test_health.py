from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from marketplace.models import WorkerHeartbeat
from marketplace.search import connection as search_connection


@pytest.fixture
def fresh_worker(db):
    return WorkerHeartbeat.objects.create(hostname="worker-1", seen_at=timezone.now())


def test_healthz_ok_when_every_part_answers(client, fresh_worker):
    response = client.get("/healthz")
    body = response.json()
    assert response.status_code == 200, body
    assert body["status"] == "ok"
    assert set(body["checks"]) == {"database", "search", "broker", "worker"}
    assert "PostgreSQL" in body["checks"]["database"]["detail"]


def test_healthz_503_when_worker_is_silent(client, db):
    WorkerHeartbeat.objects.create(
        hostname="worker-1", seen_at=timezone.now() - dt.timedelta(minutes=10)
    )
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["worker"]["ok"] is False


def test_healthz_503_when_search_is_down_and_pages_still_work(
    client, settings, fresh_worker, home_page
):
    settings.ELASTICSEARCH_URL = "http://127.0.0.1:9"  # nothing listens on the discard port
    search_connection.reset_client()
    try:
        response = client.get("/healthz")
        assert response.status_code == 503
        checks = response.json()["checks"]
        assert checks["search"]["ok"] is False
        assert checks["database"]["ok"] is True
        # A page that does not need search keeps working.
        assert client.get("/en/").status_code == 200
    finally:
        search_connection.reset_client()
