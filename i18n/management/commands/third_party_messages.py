"""Check or rewrite the catalogs of Django's and allauth's messages the site shows.

``manage.py third_party_messages`` reports, per language, how many shown messages its
shipped catalogs lack (or only repeat in English) and how many of those
``i18n/third_party_locale`` translates. ``--check`` fails on any gap, on entries the
catalog no longer needs and on broken entries (English copies, placeholders, plural
forms). ``--write`` rewrites every catalog to exactly the needed, valid entries (adding
those in ``--merge FILE.json``: {"msgid": {"vi": "…", "fil": ["…", "…"]}}) and compiles
it. See docs/i18n.md.
"""

from __future__ import annotations

import json
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po, write_po
from django.core.management.base import BaseCommand, CommandError

from i18n.catalogs import django_locale_name
from i18n.languages import LANGUAGE_CODES
from i18n.third_party import catalog_path, entry_problems, needed, plural_count

HEADER = """\
# Django's and django-allauth's messages the site shows, for a language whose shipped
# catalogs lack them or only repeat the English. Rewritten by
# `manage.py third_party_messages --write`; see docs/i18n.md."""


class Command(BaseCommand):
    help = "Check (--check) or rewrite (--write [--merge FILE]) i18n/third_party_locale."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="fail on any gap or bad entry")
        parser.add_argument("--write", action="store_true", help="rewrite and compile catalogs")
        parser.add_argument("--merge", type=Path, help="JSON translations to add (with --write)")

    def handle(self, *args, check=False, write=False, merge=None, **options):
        merged = json.loads(merge.read_text(encoding="utf-8")) if merge else {}
        failures = []
        for code in LANGUAGE_CODES:
            if code == "en":
                continue
            kept, missing, dropped = self._language(code, merged, write=write)
            self.stdout.write(
                f"{code}: {len(kept) + len(missing)} needed, {len(kept)} translated, "
                f"{len(missing)} missing, {len(dropped)} stale or invalid"
            )
            for msgid in missing[:3]:
                self.stdout.write(f"  missing: {msgid!r}")
            for msgid, problem in dropped[:3]:
                self.stdout.write(f"  {problem}: {msgid!r}")
            if missing or (dropped and not write):
                failures.append(code)
        if check and failures:
            raise CommandError(f"third-party messages incomplete for: {', '.join(failures)}")

    def _language(self, code, merged, *, write):
        path = catalog_path(code)
        existing, created = {}, None
        if path.exists():
            with path.open("rb") as handle:
                old = read_po(handle)
            existing = {m.id[0] if m.pluralizable else m.id: m for m in old if m.id}
            created = old.creation_date
        forms = plural_count(code)
        kept, missing, dropped = [], [], []
        wanted = set()
        for shown in needed(code):
            wanted.add(shown.msgid)
            given = merged.get(shown.msgid, {}).get(code)
            if given is None and shown.msgid in existing:
                given = existing[shown.msgid].string
            if isinstance(given, list):
                given = tuple(given)
            problem = entry_problems(code, shown, given, forms) if given else "untranslated"
            if problem:
                if given:
                    dropped.append((shown.msgid, problem))
                missing.append(shown.msgid)
                continue
            kept.append((shown, given))
        dropped += [(msgid, "not needed") for msgid in existing if msgid not in wanted]
        if write:
            self._write(code, path, kept, created)
        return kept, missing, dropped

    def _write(self, code, path, kept, created):
        # The first write's date stays: a rewrite changes the file only when entries do.
        catalog = Catalog(
            creation_date=created,
            locale=django_locale_name(code),
            header_comment=HEADER,
            project="copyright-marketplace (Django and django-allauth messages)",
            fuzzy=False,
        )
        for shown, given in kept:
            msgid = (shown.msgid, shown.plural) if shown.plural else shown.msgid
            catalog.add(msgid, given, locations=[(f"{shown.package}/{shown.catalog}", None)])
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as handle:
            write_po(handle, catalog, width=100, include_lineno=False, omit_header=False)
        with path.with_suffix(".mo").open("wb") as handle:
            write_mo(handle, catalog, use_fuzzy=False)
