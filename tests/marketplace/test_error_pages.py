"""403, 404, 500 and CSRF failure pages: in the reader's language, in the site's layout."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation
from django.views.csrf import csrf_failure
from django.views.defaults import server_error

pytestmark = pytest.mark.django_db


def reverse_in(language: str, name: str) -> str:
    with translation.override(language):
        return reverse(name)


@pytest.mark.parametrize(
    ("language", "heading"), [("th", "ไม่พบหน้านี้"), ("km", "រកមិនឃើញទំព័រ"), ("en", "Page not found")]
)
def test_a_missing_page_is_a_404_in_the_readers_language(client, language, heading):
    page = client.get(f"/{language}/no-such-page-here/")
    assert page.status_code == 404
    body = page.content.decode()
    assert 'data-testid="error-404"' in body and heading in body
    assert 'class="site-header"' in body  # the site's layout, with its menu


def test_a_refused_page_is_a_403_in_the_readers_language(client):
    user = get_user_model().objects.create_user("plain", "plain@example.com", "pw-Plain-123456")
    client.force_login(user)
    page = client.get(reverse_in("th", "registration:examiner_queue"))  # examiners only
    body = page.content.decode()
    assert page.status_code == 403
    assert 'data-testid="error-403"' in body and 'class="site-header"' in body
    assert "Not allowed" not in body  # translated


@pytest.mark.parametrize("language", ["th", "my"])
def test_server_error_page_renders_without_a_request_context(language):
    with translation.override(language):
        request = RequestFactory().get(f"/{language}/")
        page = server_error(request)
    body = page.content.decode()
    assert page.status_code == 500
    assert 'data-testid="error-500"' in body and f'lang="{language}"' in body
    assert "Something went wrong" not in body  # translated


def test_csrf_failure_is_explained_in_the_readers_language():
    with translation.override("vi"):
        page = csrf_failure(RequestFactory().post("/vi/"), reason="CSRF cookie not set.")
    body = page.content.decode()
    assert page.status_code == 403 and 'data-testid="error-csrf"' in body
    assert "The form has expired" not in body


def test_a_post_without_its_token_gets_the_explained_page():
    client = Client(enforce_csrf_checks=True)
    page = client.post("/th/accounts/login/", {"login": "x", "password": "y"})
    assert page.status_code == 403 and 'data-testid="error-csrf"' in page.content.decode()
