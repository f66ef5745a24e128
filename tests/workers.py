"""A real Celery worker process on this test run's database, for tests that need one."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from django.conf import settings
from django.db import connection

BASE_DIR = Path(__file__).resolve().parents[1]


def start_worker(
    *, loglevel: str = "WARNING", env: dict[str, str] | None = None, **popen: object
) -> subprocess.Popen:
    """Start ``celery worker`` (solo pool) against the test database, which exists only in
    this run; the caller terminates it."""
    environment = dict(os.environ, **(env or {}))
    url = urlsplit(settings.DATABASE_URL)
    path = f"/{connection.settings_dict['NAME']}"
    environment["DATABASE_URL"] = urlunsplit(url._replace(path=path))
    command = [sys.executable, "-m", "celery", "-A", "marketplace", "worker", "--pool", "solo"]
    command += ["--loglevel", loglevel, "--hostname", "test-worker@%h"]
    return subprocess.Popen(command, cwd=BASE_DIR, env=environment, **popen)
