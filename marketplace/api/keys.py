"""API keys: made (the secret shown once), found from a Bearer token, revoked.

A token is ``cmk_<prefix>_<secret>``: the prefix (8 random characters) finds the row,
the secret is 32 random bytes. Only SHA-256 of the secret is stored. A slow password
hash (PBKDF2, argon2) exists to make guessing a *low-entropy* password expensive; a
256-bit random secret cannot be guessed whatever the hash costs, so a fast hash loses
nothing and keeps every API request from paying ~100 ms for key stretching. The
comparison is constant-time (hmac.compare_digest).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.kernel.permissions import AnyUser, acts_for, managed_party_ids
from catalog.models import Party
from marketplace.api.models import ApiKey, Scope

TOKEN_PREFIX = "cmk"  # noqa: S105 - a public marker in every token, not a secret
MAX_LIFETIME_DAYS = 730


@dataclass(frozen=True)
class IssuedKey:
    key: ApiKey
    token: str  # shown to the user once, never stored


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode()).hexdigest()


def api_key_create(
    *,
    party: Party,
    user: AnyUser,
    name: str,
    scopes: list[str],
    expires_on: dt.date | None,
) -> IssuedKey:
    """A new key for ``party``; only its owners and administrators make them."""
    if party.pk not in managed_party_ids(user):
        raise PermissionDenied(
            _("Only an organisation's owners and administrators manage its API keys.")
        )
    errors: dict[str, str] = {}
    if not name.strip():
        errors["name"] = _("Name the key (where it is used), so it can be told apart later.")
    unknown = sorted(set(scopes) - set(Scope.values))
    if not scopes or unknown:
        errors["scopes"] = _("Choose at least one scope among read, deals, usage and finance.")
    today = timezone.localdate()
    if expires_on is not None and not today < expires_on <= today + dt.timedelta(
        days=MAX_LIFETIME_DAYS
    ):
        errors["expires_on"] = _("The expiry must be after today and within two years.")
    if errors:
        raise ValidationError(errors)
    prefix = secrets.token_hex(4)
    secret = secrets.token_urlsafe(32)
    expires_at = (
        timezone.make_aware(dt.datetime.combine(expires_on, dt.time.max))
        if expires_on is not None
        else None
    )
    key = ApiKey.objects.create(
        party=party,
        created_by=user,
        name=name.strip(),
        prefix=prefix,
        secret_hash=_digest(secret),
        scopes=sorted(set(scopes)),
        expires_at=expires_at,
    )
    return IssuedKey(key=key, token=f"{TOKEN_PREFIX}_{prefix}_{secret}")


def api_key_revoke(*, key: ApiKey, user: AnyUser) -> ApiKey:
    if key.party_id not in managed_party_ids(user):
        raise PermissionDenied(
            _("Only an organisation's owners and administrators manage its API keys.")
        )
    with transaction.atomic():
        key = ApiKey.objects.select_for_update().get(pk=key.pk)
        if key.revoked_at is None:
            key.revoked_at = timezone.now()
            key.revoked_by = user
            key.save(update_fields=["revoked_at", "revoked_by"])
    return key


def api_key_authenticate(*, token: str) -> ApiKey | None:
    """The live key this token names, or None: unknown, wrong secret, revoked, expired,
    or its creator may no longer act for the party (left it, or lost the verified
    e-mail) — a key never outlives its maker's right to act."""
    parts = token.split("_", 2)
    if len(parts) != 3 or parts[0] != TOKEN_PREFIX:
        return None
    key = (
        ApiKey.objects.select_related("party", "created_by")
        .filter(prefix=parts[1], revoked_at__isnull=True)
        .first()
    )
    if key is None or not hmac.compare_digest(key.secret_hash, _digest(parts[2])):
        return None
    now = timezone.now()
    if key.expires_at is not None and key.expires_at <= now:
        return None
    if not key.created_by.is_active or not acts_for(key.created_by, key.party_id):
        return None
    # At most one write a minute per key: last-used is for people, not an audit log.
    if key.last_used_at is None or now - key.last_used_at > dt.timedelta(minutes=1):
        ApiKey.objects.filter(pk=key.pk).update(last_used_at=now)
        key.last_used_at = now
    return key


def keys_of(party_ids: set[int]):
    return (
        ApiKey.objects.filter(party_id__in=party_ids)
        .select_related("party", "created_by", "revoked_by")
        .order_by("revoked_at", "-created_at")
    )
