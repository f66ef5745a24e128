"""One world per module: built inside a transaction that is rolled back when the module ends.

Each cell runs in a savepoint of that transaction, rolled back after it, so a POST
the matrix allows to write is undone before the next cell reads the world. (A bare
savepoint, not pytest-django's ``db``: its per-test TestCase set-up and constraint
check cost more than the request the cell makes, two thousand times over.)
"""

from __future__ import annotations

import hashlib
import time

import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client

from tests.finance.conftest import localstripe_url, stripe_local  # noqa: F401 (fixtures)
from tests.finance.stripe_connect import recorded_connect  # noqa: F401 (fixture)
from tests.mfa import login_with_mfa
from tests.security.urlconf import all_routes
from tests.security.world import ROLES, build_world


def _fast_pdf(html: str) -> bytes:
    """WeasyPrint takes seconds a document; no cell of the matrix reads a PDF's text."""
    return b"%PDF-1.4\n% " + hashlib.sha256(html.encode()).hexdigest().encode() + b"\n%%EOF\n"


def _fast_svg(fig, *, title: str = "") -> str:
    """Matplotlib takes seconds a chart; the matrix asks who may see a page, not its charts."""
    from matplotlib import pyplot

    pyplot.close(fig)
    return '<svg role="img"></svg>'


def _patch_renderers(patch: pytest.MonkeyPatch) -> None:
    import sys

    from i18n import charts, pdf

    patch.setattr(pdf, "html_to_pdf", _fast_pdf)
    all_routes()  # imports every view, hence every chart module
    original = charts.to_svg
    for module in list(sys.modules.values()):  # each chart module imported to_svg by name
        if getattr(module, "to_svg", None) is original:
            patch.setattr(module, "to_svg", _fast_svg)


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    with pytest.MonkeyPatch.context() as patch, django_db_blocker.unblock():
        _patch_renderers(patch)
        outer = transaction.atomic()
        outer.__enter__()
        try:
            started = time.monotonic()
            built = build_world()
            built.build_seconds = time.monotonic() - started
            built.sessions = _sessions(built)
            yield built
        finally:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


def _sessions(world) -> dict[str, str]:
    """A session key per signed-in role, made once; each test copies it into a fresh client."""
    keys = {}
    for role in ROLES:
        user = world.user(role)
        if user is not None:
            client = Client()
            login_with_mfa(client, user)  # privileged roles, signing and paying need it
            keys[role] = client.cookies[settings.SESSION_COOKIE_NAME].value
    return keys


@pytest.fixture
def client_for(world, django_db_blocker):
    def make(role: str) -> Client:
        client = Client()
        if role in world.sessions:
            client.cookies[settings.SESSION_COOKIE_NAME] = world.sessions[role]
        return client

    with django_db_blocker.unblock():
        savepoint = transaction.savepoint()
        try:
            yield make
        finally:
            transaction.savepoint_rollback(savepoint)
