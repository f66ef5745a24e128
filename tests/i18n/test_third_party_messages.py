"""Django's and allauth's messages the site shows read in every language's own words.

The set comes from i18n.third_party (the shipped English catalogs' source references);
each message is looked up the way a page does, through Django's merged catalogs (site,
third-party, allauth's, Django's) and the English fallback.
"""

from __future__ import annotations

import re

import pytest
from django.core.management import call_command
from django.utils import translation

from i18n.english_copies import may_equal_english
from i18n.languages import LANGUAGE_CODES
from i18n.third_party import placeholders, shown_messages

CJK = re.compile(r"[\u3400-\u9fff]")
# Simplified forms whose Traditional form differs: a zh-hant message holding one fell
# back to (or was copied from) Simplified Chinese.
SIMPLIFIED_ONLY = re.compile(
    "[这们请码时证输为该无设户账电邮过个确认册录钥验删关页发选择错误须长数与经务应间组号]"
)
LANGUAGES = [code for code in LANGUAGE_CODES if code != "en"]
# fil's two plural forms pick the linker by the number's last digit (1 → "-ng", 4 → "na").
COUNTS = (1, 4, 5)


def _shown_texts(code):
    with translation.override(code):
        for shown in shown_messages():
            if shown.plural:
                for n in COUNTS:
                    yield shown, translation.ngettext(shown.msgid, shown.plural, n)
            else:
                yield shown, translation.gettext(shown.msgid)


def test_the_shown_set_holds_the_messages_people_meet_and_not_the_disabled_features():
    ids = {shown.msgid for shown in shown_messages()}
    for expected in (
        "This field is required.",
        "Enter a valid email address.",
        "This password is too short. It must contain at least %d character.",
        "This password is entirely numeric.",
        "The username and/or password you specified are not correct.",
        "You must type the same password each time.",
        "Authenticator code",
        "Too many failed login attempts. Try again later.",
    ):
        assert expected in ids, expected
    for disabled in (
        "Phone",  # no phone numbers
        "Send me a sign-in code",  # no login by code
        "Social Network Login Failure",  # no socialaccount
        "Mark selected email addresses as verified",  # admin only
        "Boolean (Either True or False)",  # a model field's description
    ):
        assert disabled not in ids, disabled
    assert len(ids) > 250


@pytest.mark.parametrize("code", LANGUAGES)
def test_every_shown_message_is_translated(code):
    untranslated = sorted(
        {
            shown.msgid
            for shown, text in _shown_texts(code)
            if text in (shown.msgid, shown.plural) and not may_equal_english(code, shown.msgid)
        }
    )
    assert not untranslated, f"{len(untranslated)} in English in {code}: {untranslated[:5]}"


@pytest.mark.parametrize("code", [c for c in LANGUAGES if not c.startswith("zh-")])
def test_no_shown_message_falls_back_to_chinese(code):
    chinese = sorted({shown.msgid for shown, text in _shown_texts(code) if CJK.search(text)})
    assert not chinese, f"{code}: {chinese[:5]}"


def test_traditional_chinese_shows_traditional_characters():
    simplified = sorted(
        {
            f"{shown.msgid} → {text}"
            for shown, text in _shown_texts("zh-hant")
            if SIMPLIFIED_ONLY.search(text)
        }
    )
    assert not simplified, simplified[:5]


@pytest.mark.parametrize("code", LANGUAGES)
def test_placeholders_survive_translation(code):
    broken = [
        f"{shown.msgid} → {text}"
        for shown, text in _shown_texts(code)
        if placeholders(text) not in (placeholders(shown.msgid), placeholders(shown.plural or ""))
    ]
    assert not broken, broken[:5]


def test_third_party_catalogs_hold_exactly_the_needed_valid_entries():
    """The catalogs have no gap, no English copy, no stale entry, no wrong plural count."""
    call_command("third_party_messages", check=True)
