from __future__ import annotations

import re

import pytest
from django.core import mail

from catalog.models import Membership, Party
from marketplace.models import User
from tests.factories.catalog import make_user


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


@pytest.mark.django_db
def test_a_new_account_cannot_sign_in_before_confirming_its_email(client, home_page):
    _signup(client)
    client.logout()
    response = client.post("/en/accounts/login/", {"login": "linh", "password": "a-Long-pass-2026"})
    assert response.status_code == 302 and "confirm-email" in response.url
    assert client.get("/en/accounts/profile/").status_code == 302
    # Signing in by e-mail works too once confirmed.
    _confirm_from_mail(client)
    client.logout()
    response = client.post(
        "/en/accounts/login/", {"login": "linh@example.vn", "password": "a-Long-pass-2026"}
    )
    assert response.status_code == 302 and response.url == "/en/accounts/profile/"


@pytest.mark.django_db
def test_an_unverified_member_cannot_see_their_partys_contract_until_verified(
    client, monkeypatch, django_capture_on_commit_callbacks
):
    from django.urls import reverse

    from licensing.contracts import services
    from tests.factories.contracts import Deal

    monkeypatch.setattr(services, "render_contract_pdf", lambda c, **kw: b"%PDF-1.7 x")
    deal = Deal()
    contract = deal.sent()
    address = deal.seller.emailaddress_set.get()
    address.verified = False
    address.save()
    client.force_login(deal.seller)
    detail = reverse("contracts:detail", args=[contract.pk])
    assert client.get(detail).status_code == 404
    assert contract.reference not in client.get(reverse("contracts:list")).content.decode()
    assert "not verified" in client.get("/en/accounts/profile/").content.decode()

    # allauth's own flow: ask for the confirmation e-mail, follow its link.
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/en/accounts/email/", {"email": address.email, "action_send": ""})
    _confirm_from_mail(client)
    assert client.get(detail).status_code == 200


@pytest.mark.django_db
def test_password_reset_by_email_link(client, home_page):
    user = make_user(email="mei@example.cn")
    response = client.post("/en/accounts/password/reset/", {"email": "MEI@example.cn"})
    assert response.status_code == 302
    link = re.search(r"https?://testserver(/\S+/password/reset/key/\S+/)", mail.outbox[-1].body)
    assert link, mail.outbox[-1].body
    form = client.get(link.group(1), follow=True)
    assert form.status_code == 200
    changed = client.post(
        form.redirect_chain[-1][0] if form.redirect_chain else link.group(1),
        {"password1": "new-Strong-pass-2027", "password2": "new-Strong-pass-2027"},
    )
    assert changed.status_code == 302
    user.refresh_from_db()
    assert user.check_password("new-Strong-pass-2027")


@pytest.mark.django_db
def test_signup_is_rate_limited(client, home_page, settings):
    settings.ACCOUNT_RATE_LIMITS = {**settings.ACCOUNT_RATE_LIMITS, "signup": "1/h/ip"}
    assert _signup(client).status_code == 302
    client.logout()
    second = _signup(client, username="an", email="an@example.vn")
    assert second.status_code == 429
    assert not User.objects.filter(username="an").exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "lang", ["zh-hans", "zh-hant", "en", "vi", "th", "ms", "id", "my", "lo", "fil", "km"]
)
def test_account_pages_render_in_every_language(client, home_page, lang):
    for path in ("login/", "signup/", "password/reset/"):
        page = client.get(f"/{lang}/accounts/{path}")
        assert page.status_code == 200, path
        assert f'<html lang="{lang}">' in page.content.decode()
        if not lang.startswith("zh"):
            # allauth has no catalog for some of these: not the zh-hans fallback either.
            assert "注册" not in page.content.decode() and "登录" not in page.content.decode()
    user = make_user(language=lang)
    client.post(f"/{lang}/accounts/login/", {"login": user.username, "password": "pw-Strong-2026"})
    for path in ("profile/", "organisations/", "email/", "password/change/", "2fa/"):
        page = client.get(f"/{lang}/accounts/{path}")
        assert page.status_code == 200, path
        assert 'class="site-header"' in page.content.decode(), path
    # Adding an authenticator asks for the password again first (allauth's reauthentication).
    activate = client.get(f"/{lang}/accounts/2fa/totp/activate/")
    assert activate.status_code == 302 and "/reauthenticate/" in activate.url
    assert client.get(activate.url).status_code == 200
    client.post(activate.url, {"password": "pw-Strong-2026"})
    for path in ("2fa/totp/activate/", "2fa/webauthn/add/"):
        page = client.get(f"/{lang}/accounts/{path}")
        assert page.status_code == 200, path
        assert 'class="site-header"' in page.content.decode(), path
