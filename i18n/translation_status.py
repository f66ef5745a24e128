"""Translation status of user content, per language: missing / machine draft / human reviewed."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from modeltranslation.utils import build_localized_fieldname

from i18n.languages import LANGUAGE_CODES


class TranslationStatus(models.TextChoices):
    MISSING = "missing", _("Missing")
    MACHINE = "machine", _("Machine draft")
    REVIEWED = "reviewed", _("Human reviewed")


def compute_status(
    instance: models.Model, field: str, declared: dict[str, str] | None = None
) -> dict[str, str]:
    """Status per language: empty text is missing whatever was declared; else the
    declared status (machine drafts must be marked so), defaulting to reviewed."""
    declared = declared or {}
    status = {}
    for code in LANGUAGE_CODES:
        value = getattr(instance, build_localized_fieldname(field, code), "") or ""
        if not value.strip():
            status[code] = TranslationStatus.MISSING.value
        else:
            status[code] = declared.get(code, TranslationStatus.REVIEWED.value)
    return status
