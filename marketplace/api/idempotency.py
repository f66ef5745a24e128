"""Idempotency-Key on POST, with Stripe's semantics, per API key, for 24 hours.

- First request with a key: a row is claimed (committed at once, status empty), the
  operation runs, and its response is stored on the row.
- Same key, same method + path + body: the stored response is replayed
  (``Idempotent-Replayed: true``); the operation does not run again.
- Same key, another request: 409, the key is bound to the first one.
- Same key while the first still runs: the unique constraint makes the second claim
  wait for the first's claim to commit, then it sees an empty status and gets 409.
- A 5xx or an exception is not stored (the row is removed), so the client may retry.
- Rows older than ``TTL`` no longer count: the key's next claim deletes them.
"""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from collections.abc import Callable

from django.db import IntegrityError, transaction
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from marketplace.api.auth import key_of
from marketplace.api.errors import ApiProblem, problem
from marketplace.api.models import ApiKey, IdempotencyRecord

HEADER = "Idempotency-Key"
TTL = dt.timedelta(hours=24)
MAX_LENGTH = 255


def _fingerprint(request: HttpRequest) -> str:
    digest = hashlib.sha256(f"{request.method} {request.path}\n".encode())
    digest.update(request.body)
    return digest.hexdigest()


def _claim(key: ApiKey, value: str, request: HttpRequest, fingerprint: str):
    """(record, created): the row for this key, made here if absent or expired."""
    with transaction.atomic():
        # Every expired row of this API key goes, not only this value's: the table stays
        # bounded by what each key sent in the last day, without a sweeping task.
        IdempotencyRecord.objects.filter(api_key=key, created_at__lt=timezone.now() - TTL).delete()
        try:
            with transaction.atomic():
                record = IdempotencyRecord.objects.create(
                    api_key=key,
                    key=value,
                    method=request.method,
                    path=request.path[:300],
                    request_hash=fingerprint,
                )
            return record, True
        except IntegrityError:
            pass
    return IdempotencyRecord.objects.get(api_key=key, key=value), False


def idempotent(run: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Wraps a ninja operation's ``run`` (ninja.decorators.decorate_view)."""

    @functools.wraps(run)
    def wrapped(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        value = request.headers.get(HEADER)
        if request.method != "POST" or value is None:
            return run(request, *args, **kwargs)
        try:
            key = key_of(request)
        except ApiProblem as exc:
            return problem(exc.status, exc.code, exc.detail, headers=exc.headers)
        if key is None:
            return run(request, *args, **kwargs)  # the operation's auth answers 401
        if not value or len(value) > MAX_LENGTH:
            return problem(
                400,
                "validation",
                _("The Idempotency-Key header must be 1 to 255 characters."),
                errors={f"header.{HEADER}": [_("1 to 255 characters")]},
            )
        # The claim commits before the operation runs (no ATOMIC_REQUESTS here), so a
        # concurrent request with the same key sees it.
        fingerprint = _fingerprint(request)
        record, created = _claim(key, value, request, fingerprint)
        if not created:
            if record.request_hash != fingerprint:
                return problem(
                    409,
                    "idempotency-key-reused",
                    _("This Idempotency-Key was used for a different request."),
                )
            if record.status is None:
                return problem(
                    409,
                    "idempotency-in-progress",
                    _("A request with this Idempotency-Key is still in progress; retry later."),
                    headers={"Retry-After": "1"},
                )
            response = HttpResponse(
                bytes(record.body), status=record.status, content_type=record.content_type
            )
            response["Idempotent-Replayed"] = "true"
            return response
        try:
            response = run(request, *args, **kwargs)
        except BaseException:
            IdempotencyRecord.objects.filter(pk=record.pk).delete()
            raise
        if response.status_code >= 500 or response.streaming:
            IdempotencyRecord.objects.filter(pk=record.pk).delete()
        else:
            IdempotencyRecord.objects.filter(pk=record.pk).update(
                status=response.status_code,
                content_type=response.get("Content-Type", ""),
                body=response.content,
            )
        return response

    return wrapped
