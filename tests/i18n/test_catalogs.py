"""Every user-visible string is translated in every language's catalog."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

from i18n.catalogs import django_locale_name
from i18n.languages import LANGUAGE_CODES

LOCALE_DIR = Path(settings.LOCALE_PATHS[0])


@pytest.mark.parametrize("code", [c for c in LANGUAGE_CODES if c != "en"])
def test_catalog_is_complete(code):
    path = LOCALE_DIR / django_locale_name(code) / "LC_MESSAGES" / "django.po"
    with path.open("rb") as handle:
        catalog = read_po(handle)
    missing = [
        message.id
        for message in catalog
        if message.id
        and (
            message.fuzzy
            or not (all(message.string) if isinstance(message.string, tuple) else message.string)
        )
    ]
    assert not missing, f"{len(missing)} untranslated or fuzzy in {code}: {missing[:5]}"
