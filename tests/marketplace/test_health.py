from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.utils import timezone

from marketplace.models import WorkerHeartbeat
from marketplace.search import connection as search_connection


@pytest.fixture
def fresh_worker(db):
    return WorkerHeartbeat.objects.create(hostname="worker-1", seen_at=timezone.now())


def test_healthz_ok_when_every_part_answers(admin_client, fresh_worker):
    response = admin_client.get("/healthz")
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


BROKEN_REDIS = "redis://127.0.0.1:9/0"  # nothing listens on the discard port


def test_healthz_tells_anonymous_callers_only_up_or_down(client, fresh_worker):
    checks = client.get("/healthz").json()["checks"]
    assert checks["database"] == {"name": "database", "ok": True}
    assert "worker-1" not in str(checks)


def test_live_answers_without_touching_any_dependency(client):
    # No `db` fixture: pytest-django refuses any database query in this test.
    response = client.get("/healthz/live")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert response["Cache-Control"].startswith("max-age=0")


def test_ready_checks_database_cache_broker_and_search(admin_client):
    response = admin_client.get("/healthz/ready")
    body = response.json()
    assert response.status_code == 200, body
    assert list(body["checks"]) == ["database", "cache", "broker", "search"]


@pytest.mark.parametrize("broken", ["cache", "broker"])
def test_ready_503_when_a_dependency_is_down_with_detail_for_staff_only(
    admin_client, settings, broken
):
    if broken == "cache":
        settings.CACHES = {
            "default": {
                "BACKEND": "django.core.cache.backends.redis.RedisCache",
                "LOCATION": BROKEN_REDIS,
                "OPTIONS": {"socket_connect_timeout": 1},
            }
        }
    else:
        settings.CELERY_BROKER_URL = BROKEN_REDIS
    anonymous = Client().get("/healthz/ready")
    assert anonymous.status_code == 503
    assert anonymous.json()["checks"][broken] == {"name": broken, "ok": False}
    assert "127.0.0.1" not in anonymous.content.decode()

    staff = admin_client.get("/healthz/ready")
    assert staff.status_code == 503
    assert "127.0.0.1" in staff.json()["checks"][broken]["detail"]
