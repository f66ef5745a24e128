"""Logs a machine can read: JSON records that carry the request id, from the web
request into the Celery tasks it enqueues, and optional Sentry.

The request id comes from the proxy's ``X-Request-ID`` when it looks like one
(so a trace can be followed from the load balancer's log), else a fresh uuid. It
lives in a context variable: :class:`RequestIdFilter` copies it onto every log
record, ``before_task_publish`` writes it into the headers of each task sent while
it is set, and ``task_prerun`` / ``task_postrun`` set and clear it around the
task in the worker.
"""

from __future__ import annotations

import contextvars
import datetime as dt
import json
import logging
import re
import uuid
from collections.abc import Callable, Mapping

from celery.signals import before_task_publish, task_postrun, task_prerun
from django.core.signals import request_finished
from django.dispatch import receiver
from django.http import HttpRequest, HttpResponse

REQUEST_ID_HEADER = "X-Request-ID"
TASK_HEADER = "request_id"
# Letters, digits and the separators ids use; bounded so a client cannot fill the logs.
_SANE_ID = re.compile(r"^[A-Za-z0-9._:-]{8,128}$")

request_id_var: contextvars.ContextVar[str | None] = contextvars.ContextVar(
    "request_id", default=None
)

# The attributes every LogRecord has: anything else was passed in ``extra=``.
_RECORD_ATTRIBUTES = frozenset(
    vars(logging.LogRecord("", 0, "", 0, "", None, None)).keys() | {"message", "asctime"}
)


def incoming_request_id(value: str | None) -> str:
    """The caller's id when it is sane, else a new one."""
    if value and _SANE_ID.match(value):
        return value
    return uuid.uuid4().hex


class RequestIdFilter(logging.Filter):
    """Puts the current request id (or None) on every record as ``request_id``."""

    def filter(self, record: logging.LogRecord) -> bool:
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time (UTC), level, logger, message, request id,
    the ``extra=`` fields, and the traceback when there is one."""

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", None),
        }
        for key, value in vars(record).items():
            if key not in _RECORD_ATTRIBUTES and key not in entry:
                entry[key] = value
        if record.exc_info:
            entry["exc_info"] = self.formatException(record.exc_info)
        if record.stack_info:
            entry["stack_info"] = self.formatStack(record.stack_info)
        return json.dumps(entry, default=str, ensure_ascii=False)


class AccessJsonFormatter(JsonFormatter):
    """gunicorn's access log as JSON: the fields of its atoms instead of one line of text.

    gunicorn logs each request with its atoms as the record's args; the request id is
    the one the response carries (set by :class:`RequestIdMiddleware`).
    """

    FIELDS = {
        "remote_addr": "h",
        "method": "m",
        "path": "U",
        "query": "q",
        "status": "s",
        "bytes": "B",
        "duration_ms": "M",
        "user_agent": "a",
        "request_id": "{x-request-id}o",
    }

    def format(self, record: logging.LogRecord) -> str:
        atoms = record.args if isinstance(record.args, Mapping) else {}
        record.msg, record.args = "request", None
        for field, atom in self.FIELDS.items():
            # gunicorn keys header atoms in lower case, as FIELDS spells them.
            value = atoms.get(atom)
            if value not in (None, "-", ""):
                setattr(record, field, value)
        return super().format(record)


class RequestIdMiddleware:
    """Sets the request id for the request's logs and tasks, and returns it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = incoming_request_id(request.headers.get(REQUEST_ID_HEADER))
        request.request_id = request_id
        # Left set until request_finished: Django logs a 4xx/5xx response after the
        # middleware chain has returned, and that record belongs to the request too.
        request_id_var.set(request_id)
        response = self.get_response(request)
        response[REQUEST_ID_HEADER] = request_id
        return response


@receiver(request_finished)
def _forget_request_id(**_: object) -> None:
    request_id_var.set(None)


@before_task_publish.connect
def _send_request_id(headers: dict | None = None, **_: object) -> None:
    request_id = request_id_var.get()
    if request_id and headers is not None:
        headers.setdefault(TASK_HEADER, request_id)


_task_tokens: dict[str, contextvars.Token] = {}


@task_prerun.connect
def _enter_task(task_id: str | None = None, task: object = None, **_: object) -> None:
    request = getattr(task, "request", None)
    # Celery puts custom message headers on the request; an eager task runs inside the
    # request's own context and keeps its id.
    sent = getattr(request, TASK_HEADER, None) or (getattr(request, "headers", None) or {}).get(
        TASK_HEADER
    )
    if sent and task_id:
        _task_tokens[task_id] = request_id_var.set(str(sent))


@task_postrun.connect
def _leave_task(task_id: str | None = None, **_: object) -> None:
    token = _task_tokens.pop(task_id, None) if task_id else None
    if token is not None:
        request_id_var.reset(token)


def log_format(environ: Mapping[str, str], *, production: bool) -> str:
    """``json`` or ``console``: LOG_FORMAT, else JSON in production only."""
    value = environ.get("LOG_FORMAT", "json" if production else "console").strip().lower()
    if value not in {"json", "console"}:
        raise ValueError(f"LOG_FORMAT must be 'json' or 'console', not {value!r}")
    return value


def init_sentry(environ: Mapping[str, str], *, environment: str, release: str = "") -> bool:
    """Start Sentry when SENTRY_DSN is set; True when it was started."""
    dsn = environ.get("SENTRY_DSN", "")
    if not dsn:
        return False
    # Imported only here: without a DSN the SDK (an optional extra, `.[sentry]`) need not
    # be installed, and it patches logging and Django when imported.
    import sentry_sdk
    from sentry_sdk.integrations.celery import CeleryIntegration
    from sentry_sdk.integrations.django import DjangoIntegration

    # The SDK's default keeps users' e-mail and IP addresses out of the reports.
    sentry_sdk.init(
        dsn=dsn,
        environment=environ.get("SENTRY_ENVIRONMENT", environment),
        release=release or None,
        traces_sample_rate=float(environ.get("SENTRY_TRACES_SAMPLE_RATE", "0")),
        integrations=[DjangoIntegration(), CeleryIntegration()],
    )
    return True
