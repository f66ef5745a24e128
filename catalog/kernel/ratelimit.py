"""Rate limits on writes that cost other people something: inquiries, messages, uploads.

One decorator for every view: POSTs beyond the rate named in settings (per signed-in
user, else per address) get a 429 page saying how long to wait, with Retry-After, and
the view does not run, so nothing is created. Rates are django-ratelimit strings
("20/h") read from settings at each request, so the environment sets them.

The counts live in Django's "default" cache (settings.CACHES), fixed windows per rate.
A local-memory cache counts per process: with several workers each keeps its own count
and the limit multiplies, which is why production points REDIS_URL at a shared cache.
(django_ratelimit is used as a library, not an installed app: its system check refuses
the local-memory cache that development and the tests use.)
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django_ratelimit.core import get_usage

View = Callable[..., HttpResponse]


def has_files(request: HttpRequest) -> bool:
    """For views that take a file now and then: count only the requests carrying one."""
    return bool(request.FILES)


def rate_limited(
    group: str, *, rate: str, counts: Callable[[HttpRequest], bool] | None = None
) -> Callable[[View], View]:
    """Limit the view's POSTs (those ``counts`` accepts) to ``settings.<rate>``, counted
    under ``group`` — views sharing a group share one count."""

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: object, **kwargs: object) -> HttpResponse:
            if request.method == "POST" and (counts is None or counts(request)):
                wait = over_limit(request, group=group, rate=rate, key="user_or_ip")
                if wait is not None:
                    return too_many_requests(request, retry_after=wait)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def over_limit(
    request: HttpRequest, *, group: str, rate: str, key: str | Callable[..., str]
) -> int | None:
    """Count this request under ``group`` (per ``key``, a django-ratelimit key) against
    ``settings.<rate>``: None while within it, else the seconds to wait. The API counts
    per API key with this (marketplace/api/auth.py)."""
    usage = get_usage(
        request,
        group=group,
        key=key,
        rate=getattr(settings, rate),
        method=request.method,
        increment=True,
    )
    if usage is None or not usage["should_limit"]:
        return None
    # time_left is -1 when the cache could not count: then the limit holds (fail closed)
    # and a minute is as good a guess as any.
    return usage["time_left"] if usage["time_left"] > 0 else 60


def too_many_requests(request: HttpRequest, *, retry_after: int) -> HttpResponse:
    seconds = retry_after
    response = render(
        request, "kernel/rate_limited.html", {"minutes": math.ceil(seconds / 60)}, status=429
    )
    response["Retry-After"] = str(seconds)
    return response
