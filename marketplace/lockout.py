"""Sign-in lockout (django-axes): whose attempts count together, and the page a locked
sign-in gets.

Axes sits in front of every ``authenticate()`` call, so the site's login (allauth),
``/admin/`` and ``/cms-admin/`` share one count. Attempts are counted per account and
client address together (settings.AXES_LOCKOUT_PARAMETERS): guessing one account's
password from one address is stopped, while its owner, signing in from elsewhere, is
not locked out by a stranger.
"""

from __future__ import annotations

import math

from axes.helpers import get_cool_off
from django.conf import settings
from django.contrib.auth import get_user_model
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render


def login_name(request: HttpRequest | None, credentials: dict | None) -> str:
    """The account an attempt names, the same whether it was typed as user name or e-mail,
    in any letter case (allauth accepts both, so both must count against one account)."""
    data = getattr(request, "POST", None) or {}
    creds = credentials or {}
    name = (
        creds.get("username")
        or creds.get("email")
        or data.get("login")
        or data.get("username")
        or ""
    )
    name = str(name).strip()
    if "@" in name:
        username = (
            get_user_model()
            .objects.filter(email__iexact=name)
            .values_list("username", flat=True)
            .first()
        )
        name = username or name
    return name.lower()


def client_ip(request: HttpRequest) -> str | None:
    """REMOTE_ADDR; behind a trusted proxy (CONTRACTS_TRUST_X_FORWARDED_FOR) the address
    that proxy appended last to X-Forwarded-For — the hops before it are whatever the
    client sent, and a lockout keyed on them could be dodged by changing the header."""
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded and getattr(settings, "CONTRACTS_TRUST_X_FORWARDED_FOR", False):
        return forwarded.split(",")[-1].strip() or None
    return request.META.get("REMOTE_ADDR") or None


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None, credentials: dict | None
) -> HttpResponse:
    """A translated page saying how long to wait, with Retry-After (429)."""
    cool_off = get_cool_off(request)
    seconds = int(cool_off.total_seconds()) if cool_off else None
    response = render(
        request,
        "accounts/lockout.html",
        {"minutes": math.ceil(seconds / 60) if seconds else None},
        status=settings.AXES_HTTP_RESPONSE_CODE,
    )
    if seconds:
        response["Retry-After"] = str(seconds)
    return response
