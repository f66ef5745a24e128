"""Second factor: who needs one, and whether this session has used it.

allauth keeps a log of the authentication steps of a session (password, mfa, ...);
a session counts as MFA-authenticated once that log holds an "mfa" step for the
signed-in user. allauth writes it when the login's MFA stage or its
reauthentication page accepts a code or a security key; the marketplace also
writes it when the user enrols a new authenticator (they just proved they hold it).

Two gates use this:
- ``mfa_redirect`` in the views that bind a party: signing and paying (called after
  the view's own permission check, so outsiders still get 403/404);
- ``MFAMiddleware`` for privileged users (staff, examiners, mediators, banks, courts) on
  every page but their account pages, including ``/admin/`` and ``/cms-admin/``:
  their role gives them other parties' data, so a stolen password must not be enough.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from urllib.parse import urlencode, urlsplit

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator
from allauth.mfa.utils import is_mfa_enabled
from django.contrib import messages
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _

from catalog.kernel.permissions import (
    is_authenticated,
    is_bank,
    is_court,
    is_examiner,
    is_mediator,
    is_staff,
)

# Factors that prove possession; recovery codes only stand in for a lost one.
SECOND_FACTORS = (Authenticator.Type.TOTP, Authenticator.Type.WEBAUTHN)


def is_privileged(user: object) -> bool:
    """Roles that see or decide on other parties' affairs (a court freezes them)."""
    return (
        is_staff(user) or is_examiner(user) or is_mediator(user) or is_bank(user) or is_court(user)
    )


def has_second_factor(user: object) -> bool:
    return is_authenticated(user) and is_mfa_enabled(user, list(SECOND_FACTORS))


def session_used_mfa(request: HttpRequest, *, max_age: int | None = None) -> bool:
    """Whether this session has used a second factor; with ``max_age`` (seconds), within
    that long: a change of where money goes asks again even in an old MFA session."""
    records = get_authentication_records(request, request.user)
    oldest = time.time() - max_age if max_age is not None else None
    return any(
        record.get("method") == "mfa" and (oldest is None or record.get("at", 0) >= oldest)
        for record in records
    )


def _return_to(request: HttpRequest) -> str | None:
    """Where to come back after the second factor: this page, or for a POST the page
    the form was on (the POST itself cannot be replayed by a redirect)."""
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    referer = request.headers.get("referer", "")
    if referer and url_has_allowed_host_and_scheme(
        referer, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        parts = urlsplit(referer)
        return f"{parts.path}?{parts.query}" if parts.query else parts.path
    return None


def _redirect(request: HttpRequest, urlname: str) -> HttpResponseRedirect:
    url = reverse(urlname)
    target = _return_to(request)
    if target:
        url = f"{url}?{urlencode({'next': target})}"
    return HttpResponseRedirect(url)


def mfa_redirect(
    request: HttpRequest, *, for_role: bool = False, max_age: int | None = None
) -> HttpResponse | None:
    """None when this signed-in session has used a second factor (within ``max_age``
    seconds, if given); otherwise the way there: the setup page for a user who has none,
    else allauth's MFA step (its reauthentication page records a fresh one)."""
    user = request.user
    if not is_authenticated(user) or session_used_mfa(request, max_age=max_age):
        return None
    if not has_second_factor(user):
        if for_role:
            message = _(
                "Your role on the platform needs two-factor authentication. Set up an "
                "authenticator app or a security key to continue."
            )
        else:
            message = _(
                "This action needs two-factor authentication. Set up an authenticator "
                "app or a security key, then try again."
            )
        messages.warning(request, message)
        return _redirect(request, "mfa_index")
    messages.info(request, _("Confirm it is you with your second factor to continue."))
    return _redirect(request, "mfa_reauthenticate")


# Paths a privileged user without a second factor can still reach: everything needed
# to set one up or to leave. Site pages are language-prefixed (/<lang>/accounts/...).
_EXEMPT_PREFIXES = ("/static/", "/media/", "/i18n/", "/healthz", "/stripe/")
_EXEMPT_ADMIN = ("/admin/login/", "/admin/logout/", "/cms-admin/login/", "/cms-admin/logout/")


def _exempt(path: str) -> bool:
    if path.startswith(_EXEMPT_PREFIXES) or path.startswith(_EXEMPT_ADMIN):
        return True
    parts = path.split("/", 3)  # "", "<lang>", "accounts", ...
    return len(parts) > 2 and parts[2] == "accounts"


class MFAMiddleware:
    """Privileged users reach site pages, /admin/ and /cms-admin/ only from a session
    that has used a second factor (see the module docstring)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if is_privileged(user) and not _exempt(request.path_info):
            response = mfa_redirect(request, for_role=True)
            if response is not None:
                return response
        return self.get_response(request)
