from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.utils.translation import gettext_lazy as _

from catalog.kernel.history import audited
from marketplace.roles import Role


# Roles and the staff flags decide what a user sees of other parties: audited (not the
# rest of the account, which changes on every login).
@audited(
    model_name="UserAccessEvent",
    fields=["username", "roles", "is_staff", "is_superuser", "is_active"],
)
class User(AbstractUser):
    """A person using the platform; organisations are catalog Parties they belong to."""

    roles = ArrayField(
        models.CharField(max_length=20, choices=Role.choices), default=list, blank=True
    )
    preferred_language = models.CharField(
        _("preferred language"),
        max_length=10,
        choices=settings.LANGUAGES,
        default=settings.LANGUAGE_CODE,
    )
    preferred_currency = models.CharField(_("preferred currency"), max_length=3, default="CNY")
    time_zone = models.CharField(_("time zone"), max_length=64, default="Asia/Shanghai")

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(preferred_currency__regex=r"^[A-Z]{3}$"),
                name="user_currency_iso4217",
            )
        ]

    def has_role(self, role: str) -> bool:
        return self.is_superuser or role in self.roles


class WorkerHeartbeat(models.Model):
    """Last sign of life of each Celery worker, written by the worker itself.

    /healthz reads it: a fresh row proves broker, beat and worker all work,
    which a broker ping alone cannot (the filesystem broker has no pidbox).
    """

    hostname = models.CharField(max_length=255, unique=True)
    seen_at = models.DateTimeField()
