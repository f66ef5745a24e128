"""Processes the benchmarks start beside themselves."""

from __future__ import annotations

import subprocess
import sys

from django.conf import settings


def celery_worker(*, concurrency: int, env: dict[str, str]) -> subprocess.Popen:
    """A Celery worker of the project on the environment's database and broker; the caller
    stops it."""
    command = [sys.executable, "-m", "celery", "-A", "marketplace", "worker"]
    command += ["--loglevel", "WARNING", "--concurrency", str(concurrency)]
    return subprocess.Popen(command, env=env, cwd=settings.BASE_DIR)
