from __future__ import annotations

import re

import pytest
from django.core import mail

from catalog.models import Membership, Party
from marketplace.models import User
from tests.catalog.factories import make_user


def _signup(client, **overrides):
    data = {
        "username": "linh",
        "email": "linh@example.vn",
        "password1": "a-Long-pass-2026",
        "password2": "a-Long-pass-2026",
        "roles": ["buyer"],
        "organisation": "Sao Mai Books",
        "country": "vn",
        "preferred_language": "vi",
        "preferred_currency": "VND",
    }
    data.update(overrides)
    return client.post("/en/accounts/signup/", data)


def _confirm_from_mail(client) -> None:
    """Follow the confirmation link of the last e-mail, as the user would."""
    link = re.search(r"https?://testserver(/\S+/confirm-email/\S+/)", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    assert client.post(link.group(1)).status_code == 302


@pytest.mark.django_db
def test_signup_creates_user_party_and_membership(client, home_page):
    response = _signup(client)
    assert response.status_code == 302
    _confirm_from_mail(client)
    user = User.objects.get(username="linh")
    assert user.roles == ["buyer"]
    assert user.preferred_language == "vi"
    membership = Membership.objects.get(user=user)
    assert membership.party.original_name == "Sao Mai Books"
    assert membership.party.country == "VN"
    assert membership.role == Membership.Role.OWNER
    # The profile then shows in the user's language.
    profile = client.get("/vi/accounts/profile/")
    assert profile.status_code == 200
    assert "Sao Mai Books" in profile.content.decode()


@pytest.mark.django_db
def test_signup_with_unknown_country_changes_nothing(client, home_page):
    response = _signup(client, country="XX")
    assert response.status_code == 200
    assert "XX" in response.content.decode()
    assert not User.objects.exists()
    assert not Party.objects.exists()


@pytest.mark.django_db
def test_signup_cannot_claim_staff_roles(client, home_page):
    response = _signup(client, roles=["examiner"])
    assert response.status_code == 200
    assert not User.objects.exists()


@pytest.mark.django_db
def test_login_logout_and_profile_update(client, home_page):
    mei = make_user(roles=["rights_holder"])
    mei.username = "mei"
    mei.save(update_fields=["username"])
    assert (
        client.post(
            "/en/accounts/login/", {"login": "mei", "password": "pw-Strong-2026"}
        ).status_code
        == 302
    )
    response = client.post(
        "/en/accounts/profile/",
        {
            "first_name": "Mei",
            "last_name": "Lin",
            "email": "mei@example.cn",
            "preferred_language": "th",
            "preferred_currency": "THB",
            "time_zone": "Asia/Bangkok",
        },
    )
    assert response.status_code == 302
    user = User.objects.get(username="mei")
    assert (user.preferred_language, user.preferred_currency) == ("th", "THB")
    bad = client.post(
        "/en/accounts/profile/",
        {
            "preferred_language": "th",
            "preferred_currency": "THB",
            "time_zone": "Mars/Olympus",
        },
    )
    assert bad.status_code == 200 and "Mars/Olympus" in bad.content.decode()
    assert client.post("/en/accounts/logout/").status_code == 302
    assert client.get("/en/accounts/profile/").status_code == 302
