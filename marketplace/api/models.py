"""API keys (one party's machine access) and the responses stored under Idempotency-Key."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.models import Party


class Scope(models.TextChoices):
    READ = "read", _("Read")
    DEALS = "deals", _("Deals")
    USAGE = "usage", _("Usage")
    FINANCE = "finance", _("Finance")


class ApiKey(models.Model):
    """A key acts for ``party`` only, and only while ``created_by`` may still act for it.

    The secret is shown once; the table keeps its SHA-256 (see keys.py for why a fast
    hash is enough here) and the public ``prefix`` that finds the row.
    """

    party = models.ForeignKey(Party, on_delete=models.PROTECT, related_name="api_keys")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, unique=True)
    secret_hash = models.CharField(max_length=64)
    scopes = ArrayField(models.CharField(max_length=8, choices=Scope.choices))
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(scopes__len__gt=0), name="apikey_has_a_scope"
            ),
            models.CheckConstraint(
                condition=models.Q(revoked_at__isnull=True) | models.Q(revoked_by__isnull=False),
                name="apikey_revoked_by_someone",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.prefix}… ({self.name})"


class IdempotencyRecord(models.Model):
    """One POST under one Idempotency-Key of one API key. ``status`` is null while the
    first request still runs: a concurrent one sees the row and gets 409."""

    api_key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    method = models.CharField(max_length=8)
    path = models.CharField(max_length=300)
    request_hash = models.CharField(max_length=64)  # SHA-256 of method, path and body
    status = models.PositiveSmallIntegerField(null=True, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    body = models.BinaryField(default=b"")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["api_key", "key"], name="idempotency_key_per_api_key")
        ]
        indexes = [models.Index(fields=["created_at"])]
