"""``manage.py load_fx_rates FILE.csv`` — columns base,quote,as_of,rate,source; all or nothing."""

from __future__ import annotations

import csv

from django.core.management.base import BaseCommand, CommandError

from finance.fx.services import RateFileError, fx_import


class Command(BaseCommand):
    help = "Load FX rates from a CSV file (base,quote,as_of,rate,source); all rows or none."

    def add_arguments(self, parser):
        parser.add_argument("file")

    def handle(self, *args, file, **options):
        with open(file, newline="", encoding="utf-8-sig") as handle:
            reader = csv.DictReader(handle)
            missing = {"base", "quote", "as_of", "rate", "source"} - set(reader.fieldnames or [])
            if missing:
                raise CommandError(f"missing columns: {', '.join(sorted(missing))}")
            rows = list(reader)
        try:
            count = fx_import(rows=rows)
        except RateFileError as exc:
            raise CommandError(
                "nothing loaded; fix these rows:\n" + "\n".join(exc.messages)
            ) from exc
        self.stdout.write(f"{count} rates recorded")
