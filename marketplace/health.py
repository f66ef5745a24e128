"""Health of the parts the platform runs on, for /healthz and the stack runner.

``/healthz/live`` asks nothing of them (the process answers: an orchestrator restarts
it when it does not); ``/healthz/ready`` asks the ones a request needs (database,
cache, broker, search: a load balancer stops sending traffic while one is down);
``/healthz`` adds the worker's heartbeat, for the stack runner and humans.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone
from kombu import Connection

from marketplace.models import WorkerHeartbeat
from marketplace.search.connection import ping as search_ping

WORKER_STALE_AFTER = dt.timedelta(seconds=90)


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    detail: str
    ms: float


def _timed(name: str, probe) -> Check:
    started = time.perf_counter()
    try:
        ok, detail = probe()
    except Exception as exc:
        ok, detail = False, f"{type(exc).__name__}: {exc}"
    return Check(name, ok, detail, round((time.perf_counter() - started) * 1000, 1))


def _database() -> tuple[bool, str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT version()")
        return True, cursor.fetchone()[0].split(" on ")[0]


def _search() -> tuple[bool, str]:
    up = search_ping(timeout=1.0)
    return up, settings.SEARCH_ENGINE_KIND if up else "not answering"


def _broker() -> tuple[bool, str]:
    with Connection(
        settings.CELERY_BROKER_URL,
        transport_options=getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {}),
        connect_timeout=1,
    ) as conn:
        conn.ensure_connection(max_retries=1, timeout=1)
        return True, conn.transport_cls if isinstance(conn.transport_cls, str) else "connected"


def _cache() -> tuple[bool, str]:
    # A key of its own per probe: two probes at once must not read each other's value.
    key = f"healthz:{time.monotonic_ns()}"
    cache.set(key, "1", timeout=5)
    ok = cache.get(key) == "1"
    cache.delete(key)
    return ok, settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]


def _worker() -> tuple[bool, str]:
    latest = WorkerHeartbeat.objects.order_by("-seen_at").first()
    if latest is None:
        return False, "no worker has reported"
    age = timezone.now() - latest.seen_at
    return age <= WORKER_STALE_AFTER, f"{latest.hostname} seen {int(age.total_seconds())} s ago"


def run_checks() -> list[Check]:
    checks = [_timed("database", _database), _timed("search", _search), _timed("broker", _broker)]
    # Without a database the heartbeat table cannot be read: say so once.
    if checks[0].ok:
        checks.append(_timed("worker", _worker))
    else:
        checks.append(Check("worker", False, "unknown: database down", 0.0))
    return checks


def readiness_checks() -> list[Check]:
    return [
        _timed("database", _database),
        _timed("cache", _cache),
        _timed("broker", _broker),
        _timed("search", _search),
    ]
