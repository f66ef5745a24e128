"""Test-suite services: real PostgreSQL and the real search engine.

Unless DATABASE_URL / ELASTICSEARCH_URL point elsewhere, the embedded
PostgreSQL (var/pg) and an osmem-server on a free port are started once per
run, before pytest-django creates the test database.
"""

from __future__ import annotations

import os
import shutil
import socket
import tempfile
from pathlib import Path

import pytest

BASE_DIR = Path(__file__).resolve().parent
_TEMP_DIRS: list[Path] = []


def _temp_dir(prefix: str) -> Path:
    path = Path(tempfile.mkdtemp(prefix=prefix))
    _TEMP_DIRS.append(path)
    return path


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def pytest_configure(config: pytest.Config) -> None:
    from django.conf import settings

    from catalog.kernel.storage import storages_from_env
    from marketplace.embedded import (
        celery_transport_options,
        ensure_celery_queue_dirs,
        start_postgres,
        start_search,
    )

    if settings.USING_EMBEDDED_DATABASE:
        start_postgres(Path(settings.EMBEDDED_PG_DIR))
    if settings.SEARCH_ENGINE_KIND == "embedded" and not os.environ.get("ELASTICSEARCH_URL"):
        addr = f"127.0.0.1:{_free_port()}"
        start_search(addr)
        settings.ELASTICSEARCH_URL = f"http://{addr}"
        # Worker subprocesses started by tests inherit these.
        os.environ["ELASTICSEARCH_URL"] = settings.ELASTICSEARCH_URL
        os.environ["SEARCH_ENGINE_KIND"] = "embedded"
    settings.SEARCH_INDEX_PREFIX = f"test{os.getpid()}"
    os.environ["SEARCH_INDEX_PREFIX"] = settings.SEARCH_INDEX_PREFIX
    if settings.USING_EMBEDDED_BROKER:
        queue_dir = _temp_dir("celery-test-")
        ensure_celery_queue_dirs(queue_dir)
        settings.CELERY_BROKER_TRANSPORT_OPTIONS = celery_transport_options(queue_dir)
        os.environ["CELERY_QUEUE_DIR"] = str(queue_dir)
    # PBKDF2's deliberate slowness (~0.4 s a hash) buys nothing in tests: users are
    # created by the hundred. Login and password checks work the same with MD5.
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = _temp_dir("media-test-")
    os.environ["MEDIA_ROOT"] = str(settings.MEDIA_ROOT)
    settings.PRIVATE_ROOT = _temp_dir("private-test-")
    os.environ["PRIVATE_ROOT"] = str(settings.PRIVATE_ROOT)
    settings.STORAGES = {
        **settings.STORAGES,
        **storages_from_env(
            {},
            private_root=settings.PRIVATE_ROOT,
            media_root=settings.MEDIA_ROOT,
            media_url=settings.MEDIA_URL,
        ),
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    # Apps' ready() may have built the storages from the settings of var/ already: forget
    # them as override_settings would, or test files land in the developer's var/private.
    from django.test.signals import setting_changed

    setting_changed.send(
        sender=type(settings), setting="STORAGES", value=settings.STORAGES, enter=True
    )


BROWSER_TESTS = BASE_DIR / "tests" / "browser"


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Every test under tests/browser/ drives Chromium: marked ``browser`` here, so a new one
    cannot slip into `make test-fast` by forgetting the mark."""
    for item in items:
        if item.path.is_relative_to(BROWSER_TESTS):
            item.add_marker(pytest.mark.browser)


def pytest_unconfigure(config: pytest.Config) -> None:
    from marketplace.embedded import stop_postgres, stop_search

    stop_search()
    stop_postgres()
    for path in _TEMP_DIRS:
        shutil.rmtree(path, ignore_errors=True)
