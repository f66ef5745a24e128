"""Untranslated text falls back to English, not to the default language, outside Chinese.

Django gives every catalog the default language's catalog (``LANGUAGE_CODE``, zh-hans
here) as its fallback, so a message missing from the Lao, Filipino, Myanmar or Khmer
catalogs — Django's own "This field is required.", a password rule — was shown in
Chinese on those pages. A reader of those pages is far more likely to read English (the
source language of every message) than Chinese, so only Traditional Chinese keeps
Simplified Chinese as its fallback; every other language shows the English source.

Django has no setting for this: ``install()`` wraps the one method that picks the
fallback, ``DjangoTranslation._add_fallback``, and is called from ``I18nConfig.ready``
before any catalog is built.
"""

from __future__ import annotations

from django.utils.translation import trans_real

CHINESE_FALLBACK = ("zh-hant",)


def _add_fallback(self, localedirs=None):
    if self.language() in CHINESE_FALLBACK:
        return _django_add_fallback(self, localedirs)
    return None  # no fallback: gettext returns the English msgid


_django_add_fallback = trans_real.DjangoTranslation._add_fallback


def install() -> None:
    trans_real.DjangoTranslation._add_fallback = _add_fallback
    # Catalogs built before this (none in a normal start) would keep the Chinese fallback.
    trans_real._translations.clear()
