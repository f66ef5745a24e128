"""JSON logs carry the request id: in the request, in its response, and in the tasks it
enqueues (eagerly here, through a real worker process in the last test)."""

from __future__ import annotations

import io
import json
import logging
import os
import queue
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from celery import shared_task
from django.core.signals import request_finished
from django.http import HttpResponse
from django.test import RequestFactory

from marketplace.observability import (
    AccessJsonFormatter,
    JsonFormatter,
    RequestIdFilter,
    RequestIdMiddleware,
    log_format,
)
from marketplace.tasks import worker_heartbeat
from tests.workers import start_worker

BASE_DIR = Path(__file__).resolve().parents[2]
RID = "lb-7f3c2a9e-0001"

task_log = logging.getLogger("tests.observability")


@shared_task(name="tests.observability.log_something")
def log_something() -> None:
    task_log.info("inside the task")


@pytest.fixture
def json_lines():
    """The records of the test as the production handler writes them."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.setFormatter(JsonFormatter())
    handler.addFilter(RequestIdFilter())
    root = logging.getLogger()
    root.addHandler(handler)
    previous = task_log.level
    task_log.setLevel(logging.INFO)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    task_log.setLevel(previous)
    root.removeHandler(handler)


def test_log_format_is_json_in_production_and_console_on_a_laptop():
    assert log_format({}, production=True) == "json"
    assert log_format({}, production=False) == "console"
    assert log_format({"LOG_FORMAT": "JSON"}, production=False) == "json"
    with pytest.raises(ValueError, match="LOG_FORMAT"):
        log_format({"LOG_FORMAT": "xml"}, production=True)


def test_request_logs_carry_the_callers_request_id_and_the_response_returns_it(
    client, db, json_lines
):
    # An unknown URL is logged ("Not Found") by Django inside the middleware chain.
    response = client.get("/en/no-such-page/", HTTP_X_REQUEST_ID=RID)
    assert response.status_code == 404
    assert response["X-Request-ID"] == RID
    records = [r for r in json_lines() if r["logger"] == "django.request"]
    assert records, "Django logged nothing"
    assert records[0]["request_id"] == RID
    assert records[0]["level"] == "WARNING"
    assert records[0]["status_code"] == 404  # an extra= field of the record


@pytest.mark.parametrize("header", [None, "short", "has spaces in it", "x" * 200, "a\nb-c-d-e"])
def test_a_missing_or_odd_request_id_is_replaced_by_a_fresh_one(client, header):
    extra = {"HTTP_X_REQUEST_ID": header} if header is not None else {}
    returned = client.get("/healthz/live", **extra)["X-Request-ID"]
    assert returned != header
    assert len(returned) == 32 and returned.isalnum()


def test_a_task_enqueued_in_the_request_logs_with_its_request_id(celery_eager, db, json_lines):
    def view(request):
        log_something.delay()
        return HttpResponse("ok")

    response = RequestIdMiddleware(view)(RequestFactory().get("/", HTTP_X_REQUEST_ID=RID))
    assert response["X-Request-ID"] == RID
    (record,) = [r for r in json_lines() if r["message"] == "inside the task"]
    assert record["request_id"] == RID
    # And once the request is over there is no id left behind.
    request_finished.send(sender=None)
    log_something.delay()
    assert json_lines()[-1]["request_id"] is None


def test_gunicorn_access_record_is_json_with_the_request_id():
    atoms = {"h": "10.0.0.7", "m": "GET", "U": "/en/", "q": "", "s": 200, "M": 12}
    atoms["{x-request-id}o"] = RID
    record = logging.LogRecord("gunicorn.access", logging.INFO, "", 0, "%(h)s", (atoms,), None)
    line = json.loads(AccessJsonFormatter().format(record))
    assert line["request_id"] == RID
    assert line["status"] == 200 and line["path"] == "/en/" and line["duration_ms"] == 12
    assert "query" not in line


@pytest.mark.slow
@pytest.mark.worker
def test_a_real_worker_logs_the_task_with_the_request_id(transactional_db):
    worker = start_worker(
        loglevel="INFO",
        env={"LOG_FORMAT": "json", "LOG_LEVEL": "INFO"},
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        RequestIdMiddleware(lambda request: (worker_heartbeat.delay(), HttpResponse())[1])(
            RequestFactory().get("/", HTTP_X_REQUEST_ID=RID)
        )
        # A thread reads the worker's log so the wait below is bounded.
        lines: queue.Queue[str] = queue.Queue()
        threading.Thread(
            target=lambda: [lines.put(line) for line in worker.stderr], daemon=True
        ).start()
        deadline = time.monotonic() + 60
        carried = None
        seen = []
        while carried is None and time.monotonic() < deadline:
            try:
                line = lines.get(timeout=1)
            except queue.Empty:
                continue
            seen.append(line)
            if line.startswith("{") and RID in line:
                carried = json.loads(line)
        assert carried is not None, "no record with the request id:\n" + "".join(seen[-20:])
        assert carried["request_id"] == RID
    finally:
        worker.terminate()
        worker.wait(20)


def test_sentry_is_not_even_imported_without_a_dsn():
    code = (
        "import sys, django; django.setup(); from django.conf import settings; "
        "print(settings.SENTRY_ENABLED, 'sentry_sdk' in sys.modules)"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("SENTRY_")}
    env["DJANGO_SETTINGS_MODULE"] = "marketplace.settings"
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.stdout.split() == ["False", "False"], result.stderr


def test_sentry_starts_when_a_dsn_is_set():
    # `make test` installs the `.[sentry]` extra, so this runs (and fails) rather than skips.
    # In a child process: the SDK patches Django and Celery for good once started.
    code = (
        "import django, sentry_sdk; django.setup(); from django.conf import settings; "
        "o = sentry_sdk.get_client().options; "
        "print(settings.SENTRY_ENABLED, o['environment'], o['release'], "
        "bool(o.get('send_default_pii')))"
    )
    env = dict(
        os.environ,
        DJANGO_SETTINGS_MODULE="marketplace.settings",
        SENTRY_DSN="https://public@sentry.invalid/1",
        SENTRY_ENVIRONMENT="staging",
        RELEASE="abc123",
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=BASE_DIR, env=env, capture_output=True, text=True
    )
    assert result.stdout.split() == ["True", "staging", "abc123", "False"], result.stderr
