"""Restore a backup set after checking its hashes, then rebuild the search index."""

from __future__ import annotations

import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from marketplace.backup.operations import backup_restore, latest_set
from marketplace.backup.sets import BackupError
from marketplace.search.indexing import IndexingError
from marketplace.search.query import SearchUnavailable


class Command(BaseCommand):
    help = (
        "Restore the database and the stored files from a backup set (or the newest set in a "
        "directory); refuses a tampered set, and a database in use unless --force."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--from", dest="source", type=Path, required=True)
        parser.add_argument(
            "--force",
            action="store_true",
            help="replace the tables of a non-empty database and same-named stored files",
        )
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: object, **options: object) -> None:
        source = latest_set(options["source"])
        self.stdout.write(f"restoring {source}")
        quiet = options["no_progress"]
        # file=sys.stderr, not self.stderr: its wrapper appends newlines to "\r" updates.
        with (
            tqdm(unit="file", desc="verify", file=sys.stderr, disable=quiet) as checked,
            tqdm(unit="file", desc="restore", file=sys.stderr, disable=quiet) as restored,
        ):
            try:
                report = backup_restore(
                    source=source,
                    force=options["force"],
                    progress=restored.update,
                    verify_progress=checked.update,
                )
            except BackupError as exc:
                raise CommandError(str(exc)) from exc
            except (SearchUnavailable, IndexingError) as exc:
                raise CommandError(
                    f"database and files restored, but the search index was not rebuilt ({exc}); "
                    "run `manage.py search_index --rebuild` once the engine is up"
                ) from exc
        self.stdout.write(
            f"restored {source}; search index {report.index} rebuilt with "
            f"{report.documents} listing(s)"
        )
