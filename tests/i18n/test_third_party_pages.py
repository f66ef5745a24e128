"""Sign-in and signup errors read in Lao, Filipino, Burmese and Khmer, not in Chinese
or English: Django has no catalog (lo, fil) or a partial one (my, km) for these messages
and allauth none; i18n/third_party_locale fills the gap."""

from __future__ import annotations

import re

import pytest
from django.utils import translation
from django.utils.html import escape

CJK = re.compile(r"[\u3400-\u9fff]")
LANGUAGES = ["lo", "fil", "my", "km"]
REQUIRED = "This field is required."
WRONG_LOGIN = "The username and/or password you specified are not correct."
TOO_SHORT = (
    "This password is too short. It must contain at least %d character.",
    "This password is too short. It must contain at least %d characters.",
)
NUMERIC = "This password is entirely numeric."


def _errors(page) -> str:
    """The text of the page's error lists (field and form errors)."""
    html = page.content.decode()
    found = re.findall(r'<ul class="errorlist[^"]*"[^>]*>(.*?)</ul>', html, re.S)
    assert found, "the page shows its errors"
    return " ".join(re.sub(r"<[^>]+>", " ", block) for block in found)


def _in(language: str, msgid: str, plural: str | None = None, n: int = 0) -> str:
    with translation.override(language):
        text = translation.ngettext(msgid, plural, n) % n if plural else translation.gettext(msgid)
    assert text not in (msgid, plural), f"{language} has no translation of {msgid!r}"
    return escape(text)


def _assert_translated(errors: str, language: str, *expected: str) -> None:
    assert not CJK.search(errors), errors
    for text in expected:
        assert text in errors, (language, text, errors)


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_empty_login_says_the_fields_are_required_in_the_language(client, language):
    page = client.post(f"/{language}/accounts/login/", {"login": "", "password": ""})
    assert page.status_code == 200
    errors = _errors(page)
    _assert_translated(errors, language, _in(language, REQUIRED))
    assert REQUIRED not in errors


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_wrong_password_is_refused_in_the_language(client, language):
    page = client.post(
        f"/{language}/accounts/login/", {"login": "nobody-here", "password": "not-the-password"}
    )
    assert page.status_code == 200
    errors = _errors(page)
    _assert_translated(errors, language, _in(language, WRONG_LOGIN))
    assert WRONG_LOGIN not in errors


def _signup(client, language, password):
    return client.post(
        f"/{language}/accounts/signup/",
        {
            "username": "sokha",
            "email": "sokha@example.kh",
            "password1": password,
            "password2": password,
            "roles": ["buyer"],
            "country": "KH",
            "preferred_language": language,
            "preferred_currency": "USD",
        },
    )


@pytest.mark.django_db
@pytest.mark.parametrize("language", LANGUAGES)
def test_signup_password_rules_read_in_the_language(client, home_page, language):
    short = _signup(client, language, "Xq7#p")
    assert short.status_code == 200
    _assert_translated(_errors(short), language, _in(language, *TOO_SHORT, n=8))

    numeric = _signup(client, language, "4829175036")
    assert numeric.status_code == 200
    errors = _errors(numeric)
    _assert_translated(errors, language, _in(language, NUMERIC))
    assert NUMERIC not in errors
