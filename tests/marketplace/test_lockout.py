"""Sign-in lockout (django-axes, marketplace/lockout.py): the site's login, /admin/ and
/cms-admin/ lock an account after AXES_FAILURE_LIMIT failures from one address; the right
password is then refused too, until the configurable cool-off has passed."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.utils import timezone

from tests.factories.catalog import make_user

pytestmark = pytest.mark.django_db

PASSWORD = "pw-Strong-2026"  # tests.factories.catalog.make_user's

# (login URL, the form's name for the account)
LOGINS = {
    "site": ("/en/accounts/login/", "login"),
    "admin": ("/admin/login/", "username"),
    "cms-admin": ("/cms-admin/login/", "username"),
}


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = dt.timedelta(minutes=45)


def _signed_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("where", list(LOGINS))
def test_failed_sign_ins_lock_the_account_even_for_the_right_password(client, where):
    url, field = LOGINS[where]
    user = make_user(is_staff=True)
    # /admin/ and /cms-admin/ have no language prefix: the browser's language decides.
    english = {"HTTP_ACCEPT_LANGUAGE": "en"}
    for attempt in range(3):
        response = client.post(
            url, {field: user.username, "password": f"wrong-{attempt}"}, **english
        )
    assert response.status_code == 429  # the third failure locks
    response = client.post(url, {field: user.username, "password": PASSWORD}, **english)
    assert response.status_code == 429 and not _signed_in(client)
    assert response["Retry-After"] == str(45 * 60)
    assert "Please wait 45 min before trying again." in response.text


def test_lockout_page_is_translated(client):
    user = make_user()
    for attempt in range(4):
        response = client.post(
            "/vi/accounts/login/", {"login": user.username, "password": f"wrong-{attempt}"}
        )
    assert response.status_code == 429
    assert 'lang="vi"' in response.text


def test_e_mail_and_user_name_count_against_one_account(client):
    user = make_user()
    for login in (user.email, user.username.upper(), user.email.upper()):
        client.post("/en/accounts/login/", {"login": login, "password": "wrong"})
    response = client.post("/en/accounts/login/", {"login": user.username, "password": PASSWORD})
    assert response.status_code == 429 and not _signed_in(client)


def test_another_address_is_not_locked_out(client):
    user = make_user()
    for _ in range(3):
        client.post("/en/accounts/login/", {"login": user.username, "password": "wrong"})
    response = client.post(
        "/en/accounts/login/",
        {"login": user.username, "password": PASSWORD},
        REMOTE_ADDR="198.51.100.20",
    )
    assert response.status_code == 302 and _signed_in(client)


def test_after_the_cool_off_the_right_password_works_again(client, settings):
    settings.AXES_COOLOFF_TIME = dt.timedelta(minutes=10)
    user = make_user()
    for _ in range(3):
        client.post("/en/accounts/login/", {"login": user.username, "password": "wrong"})
    assert (
        client.post(
            "/en/accounts/login/", {"login": user.username, "password": PASSWORD}
        ).status_code
        == 429
    )
    # Eleven minutes later (the attempts' clock moved back rather than the test waiting).
    AccessAttempt.objects.update(attempt_time=timezone.now() - dt.timedelta(minutes=11))
    response = client.post("/en/accounts/login/", {"login": user.username, "password": PASSWORD})
    assert response.status_code == 302 and _signed_in(client)
