"""Demo data (users with a published password) is loaded only where the deployment allows it."""

from __future__ import annotations

import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from catalog.models import Party, Work
from marketplace.demo.disputes import seed_disputes
from marketplace.demo.guard import DemoSeedRefused
from marketplace.demo.seed import seed_all, seed_catalog
from marketplace.models import User

BASE_DIR = Path(__file__).resolve().parents[3]


def _counts() -> tuple[int, int, int]:
    return User.objects.count(), Party.objects.count(), Work.objects.count()


@pytest.mark.django_db
def test_seed_demo_refuses_where_demo_data_is_not_allowed(settings):
    settings.DEMO_SEED_ALLOWED = False
    before = _counts()
    with pytest.raises(CommandError, match="DEMO_SEED_ALLOWED=1"):
        call_command("seed_demo", works=1, stdout=StringIO(), stderr=StringIO())
    # Every entry point of the seed asks first, before anything is written.
    for seed in (lambda: seed_all(works=1), lambda: seed_catalog(works=1), seed_disputes):
        with pytest.raises(DemoSeedRefused):
            seed()
    assert _counts() == before
    assert not User.objects.filter(username="admin").exists()


def _demo_allowed(**env: str) -> str:
    full = {k: v for k, v in os.environ.items() if k not in {"DJANGO_ENV", "DEMO_SEED_ALLOWED"}}
    result = subprocess.run(
        [sys.executable, "-c", "import marketplace.settings as s; print(s.DEMO_SEED_ALLOWED)"],
        cwd=BASE_DIR,
        env=full | env,
        capture_output=True,
        text=True,
    )
    return result.stdout.strip() or result.stderr


def test_demo_seeding_is_on_only_in_development_unless_a_site_says_so():
    assert _demo_allowed() == "True"  # DJANGO_ENV defaults to development
    assert _demo_allowed(DJANGO_ENV="staging") == "False"
    assert _demo_allowed(DJANGO_ENV="staging", DEMO_SEED_ALLOWED="1") == "True"


def test_seed_demo_command_exits_non_zero_before_touching_the_database():
    env = {k: v for k, v in os.environ.items() if k != "DEMO_SEED_ALLOWED"}
    # A database that does not exist: the refusal must come before any connection.
    env |= {"DJANGO_ENV": "staging", "DATABASE_URL": "postgresql://postgres@127.0.0.1:1/none"}
    result = subprocess.run(
        [sys.executable, "manage.py", "seed_demo"],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    # The refusal speaks the default language (zh-hans): check the names it must carry.
    assert "DEMO_SEED_ALLOWED" in result.stderr and "staging" in result.stderr
