"""Where demo data may be loaded.

The demo seed creates ``admin`` (a superuser), mediators and party users, all
with one published password. On any database other than a developer's that
is an open door, so every entry point of the seed asks here first, before it
writes anything. ``settings.DEMO_SEED_ALLOWED`` is on by default only with
``DJANGO_ENV=development``; a public demo site may turn it on, production
refuses to start with it (marketplace/settings_checks.py).
"""

from __future__ import annotations

import os

from django.conf import settings
from django.utils.translation import gettext as _

# One published password for every demo account (not a secret; see above).
DEMO_PASSWORD = os.environ.get("DEMO_PASSWORD", "demo-pass-2026")


class DemoSeedRefused(Exception):
    """This deployment does not take demo data; nothing was written."""


def demo_seed_check() -> None:
    if not settings.DEMO_SEED_ALLOWED:
        raise DemoSeedRefused(
            _(
                "Refusing to load demo data: it creates users with a published password "
                "(admin, mediators, party users). DJANGO_ENV is %(env)s; demo data is loaded "
                "only in development, or where DEMO_SEED_ALLOWED=1 is set. Nothing was written."
            )
            % {"env": settings.DJANGO_ENV}
        )
