"""Second-factor helpers for tests: enrol a TOTP authenticator with allauth's own API and
mark a test client's session as MFA-authenticated the way allauth's login does."""

from __future__ import annotations

import time

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa import app_settings as mfa_settings
from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, generate_totp_secret
from allauth.mfa.totp.internal.auth import hotp_value as _hotp_value
from django.core.cache import cache
from django.test import RequestFactory

# Secrets of the authenticators enrolled here.
_secrets: dict[int, str] = {}


def enrol_totp(user) -> str:
    """Give ``user`` a TOTP authenticator; returns its secret (for ``totp_code``)."""
    secret = generate_totp_secret()
    TOTP.activate(user, secret)
    _secrets[user.pk] = secret
    return secret


def totp_code(secret: str) -> str:
    """The code an authenticator app shows now, computed by allauth's own helpers."""
    return format_hotp_value(_hotp_value(secret, int(time.time()) // mfa_settings.TOTP_PERIOD))


def fresh_totp_code(user) -> str:
    """A code for ``user``'s enrolled authenticator that allauth will accept now.

    allauth accepts each code once per time window (a marker in the cache); a test that
    signs the same user in twice within one window forgets the marker instead of
    sleeping until the next window (up to 30 s a time).
    """
    code = totp_code(_secrets[user.pk])
    authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    cache.delete(TOTP(authenticator)._get_used_cache_key(code))
    return code


def login_with_mfa(client, user) -> None:
    """Sign ``user`` in on ``client`` with a second factor used in this session.

    Enrols a TOTP authenticator if the user has none, then writes the "mfa"
    authentication record allauth writes after its MFA stage accepts a code.
    """
    client.force_login(user)
    authenticator = Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).first()
    if authenticator is None:
        enrol_totp(user)
        authenticator = Authenticator.objects.get(user=user, type=Authenticator.Type.TOTP)
    request = RequestFactory().get("/")
    request.session = client.session
    request.user = user
    record_authentication(request, user, "mfa", id=authenticator.pk, type=authenticator.type)
    request.session.save()
