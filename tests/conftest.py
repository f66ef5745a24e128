from __future__ import annotations

import hashlib

import pytest
from django.core.cache import cache
from django.utils import translation

from cms.services import home_page_ensure
from i18n import pdf
from tests.mfa import login_with_mfa


@pytest.fixture(autouse=True)
def english_service_messages():
    """Service errors are gettext strings: tests read them in English.

    Outside a request Django would use LANGUAGE_CODE (zh-hans); pages still switch
    language by their URL prefix, and tests of other languages override explicitly.
    """
    with translation.override("en"):
        yield


@pytest.fixture(autouse=True)
def fresh_cache():
    """Rate limits (allauth's signup/login/confirmation counters) and used TOTP codes live
    in the cache, which outlives a test: each test starts with none."""
    cache.clear()
    yield


@pytest.fixture
def home_page(db):
    return home_page_ensure(
        title={"en": "Home", "zh-hans": "首页"},
        headline={
            "en": "License copyright across Asia",
            "zh-hans": "跨境版权交易",
            "km": "ការផ្តល់អាជ្ញាប័ណ្ណរក្សាសិទ្ធិ",
            "my": "မူပိုင်ခွင့် လိုင်စင်",
        },
        intro={"en": "Find rights that are still available."},
    )


@pytest.fixture
def private_root(settings, tmp_path):
    """A private (default) storage of this test's own: stored files outlive the database
    rollback, so a test that needs exact names or counts keeps them apart."""
    root = tmp_path / "private"
    default = settings.STORAGES["default"]
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {**default, "OPTIONS": {**default.get("OPTIONS", {}), "location": str(root)}},
    }
    return root


def fake_pdf(html: str) -> bytes:
    """A tiny PDF that still differs per document, so hashes stay distinct."""
    return b"%PDF-1.4\n% " + hashlib.sha256(html.encode()).hexdigest().encode() + b"\n%%EOF\n"


@pytest.fixture
def fast_pdf(monkeypatch):
    """Skip WeasyPrint's font subsetting where the PDF itself is not under test (demo
    seeding): :func:`fake_pdf` for every document of the test."""
    monkeypatch.setattr(pdf, "html_to_pdf", fake_pdf)


@pytest.fixture
def celery_eager():
    """Run tasks inline in this test (the worker test covers the real broker path)."""
    from marketplace.celery import app

    previous = app.conf.task_always_eager, app.conf.task_eager_propagates
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    yield app
    app.conf.task_always_eager, app.conf.task_eager_propagates = previous


@pytest.fixture
def admin_client(client, admin_user):
    """pytest-django's admin client, signed in with a second factor as /admin/ requires."""
    login_with_mfa(client, admin_user)
    return client
