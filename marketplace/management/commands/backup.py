"""Write a backup set: database dump, private files, public media and a manifest."""

from __future__ import annotations

import sys
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from marketplace.backup.operations import backup_create
from marketplace.backup.sets import BackupError


class Command(BaseCommand):
    help = "Back up the database and the stored files into DIR/<UTC timestamp>/ (see docs)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--to",
            type=Path,
            default=Path(settings.VAR_DIR) / "backups",
            help="directory the timestamped set is created in (default var/backups)",
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: object, **options: object) -> None:
        # file=sys.stderr, not self.stderr: its wrapper appends newlines to "\r" updates.
        with tqdm(
            unit="file", desc="files", file=sys.stderr, disable=options["no_progress"]
        ) as bar:
            try:
                set_dir = backup_create(to=options["to"], progress=bar.update)
            except BackupError as exc:
                raise CommandError(str(exc)) from exc
        self.stdout.write(f"backup set written: {set_dir}")
