"""Every user-visible string is translated in every language's catalog."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from django.conf import settings

from i18n.catalogs import django_locale_name
from i18n.english_copies import english_copies
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


@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_plural_messages_have_as_many_forms_as_the_language(code):
    """Thai, Vietnamese, Indonesian, Malay, Burmese… have one plural form: a second one
    is dead text the compiler warns about. Counted in the file's text, because Babel's
    reader quietly drops the extra forms."""
    path = LOCALE_DIR / django_locale_name(code) / "LC_MESSAGES" / "django.po"
    with path.open("rb") as handle:
        forms = read_po(handle).num_plurals
    entries = path.read_text(encoding="utf-8").split("\n\n")
    wrong = [
        entry.split("msgid_plural")[0].strip().splitlines()[-1]
        for entry in entries
        if "\nmsgid_plural " in entry
        and sum(line.startswith("msgstr[") for line in entry.splitlines()) != forms
    ]
    assert not wrong, f"{code} has {forms} plural form(s); these entries differ: {wrong}"


@pytest.mark.parametrize("code", [c for c in LANGUAGE_CODES if c != "en"])
def test_no_entry_repeats_its_english(code):
    """An entry equal to its English msgid is a message nobody translated: with the
    English fallback it adds nothing and hides the gap. Codes, names and the language's
    loanwords are listed in i18n/english_copies.py. Every LOCALE_PATHS catalog: the site's
    own and i18n/third_party_locale."""
    copies = {}
    for locale_dir in settings.LOCALE_PATHS:
        path = Path(locale_dir) / django_locale_name(code) / "LC_MESSAGES" / "django.po"
        if path.exists():
            with path.open("rb") as handle:
                found = english_copies(code, read_po(handle))
            if found:
                copies[str(path)] = found
    assert not copies, f"{code}: entries in English: {copies}"
