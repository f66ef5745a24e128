"""Extract translatable strings into every language's catalog (needs GNU gettext).

A developer tool: run after adding strings, then translate the .po files.
"""

from __future__ import annotations

from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand

from i18n.catalogs import django_locale_name, fix_headers
from i18n.languages import LANGUAGE_CODES


class Command(BaseCommand):
    help = "Run makemessages for all 11 languages and fix plural headers."

    def handle(self, *args: object, **options: object) -> None:
        locale_dir = Path(settings.LOCALE_PATHS[0])
        locales = [django_locale_name(code) for code in LANGUAGE_CODES]
        for name in locales:
            (locale_dir / name / "LC_MESSAGES").mkdir(parents=True, exist_ok=True)
        call_command(
            "makemessages",
            locale=locales,
            ignore_patterns=[".venv/*", "var/*", "tests/*", "node_modules/*"],
            no_obsolete=True,
            verbosity=0,
        )
        fixed = fix_headers(locale_dir)
        self.stdout.write(f"updated {len(locales)} catalogs, fixed headers in {len(fixed)}")
