"""A message missing from a catalog shows in English (its source), not in Chinese."""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from django.utils.translation import trans_real

# Django ships no catalog for Lao and Filipino, and a partial one for Myanmar and Khmer.
NOT_IN_DJANGO = "Enter a valid date."


@pytest.mark.parametrize("language", ["lo", "fil", "my", "km", "th", "en"])
def test_untranslated_messages_fall_back_to_english(language):
    with translation.override(language):
        shown = translation.gettext(NOT_IN_DJANGO)
    assert not re.search(r"[\u4e00-\u9fff]", shown), shown


def _fallback_languages(language: str) -> list[str]:
    """The languages in a catalog's fallback chain (catalogs with other plural rules are
    chained as plain GNUTranslations too; they name no language)."""
    found, link = [], trans_real.translation(language)._fallback
    while link is not None:
        if hasattr(link, "language"):
            found.append(link.language())
        link = link._fallback
    return found


def test_traditional_chinese_still_falls_back_to_simplified():
    assert _fallback_languages("zh-hant") == ["zh-hans"]
    assert _fallback_languages("lo") == _fallback_languages("km") == []


@pytest.mark.django_db
@pytest.mark.parametrize("language", ["lo", "fil"])
def test_a_failed_login_page_has_no_chinese(client, language):
    page = client.post(f"/{language}/accounts/login/", {"login": "", "password": ""})
    assert page.status_code == 200
    errors = re.findall(r'class="errorlist[^"]*"[^>]*>(.*?)</ul>', page.content.decode(), re.S)
    assert errors, "the empty login form shows its errors"
    assert not any(re.search(r"[\u4e00-\u9fff]", e) for e in errors), errors
