"""Record daily Merkle roots by hand: one day, or every ended day still missing one."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser

from catalog.evidence.services import evidence_record_daily_root, evidence_record_due_roots


class Command(BaseCommand):
    help = "Record the evidence chain's daily Merkle root (idempotent)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--day",
            type=dt.date.fromisoformat,
            help="UTC day YYYY-MM-DD; default: every ended day without a root",
        )

    def handle(self, *args: object, day: dt.date | None = None, **options: object) -> None:
        try:
            roots = [evidence_record_daily_root(day=day)] if day else evidence_record_due_roots()
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from exc
        for root in roots:
            self.stdout.write(
                f"{root.day.isoformat()}  {root.merkle_root}  entries={root.entry_count}"
                f"  seq={root.first_seq}–{root.last_seq}  anchor={root.anchor_seq}"
            )
        if not roots:
            self.stdout.write("no ended day is missing a root")
