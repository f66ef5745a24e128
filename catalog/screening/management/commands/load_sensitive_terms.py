"""Sync the shipped word lists into the database (idempotent; staff edits win)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from catalog.screening.services import WORDLIST_DIR, sensitive_terms_sync


class Command(BaseCommand):
    help = "Add new shipped sensitive terms and update unedited ones; staff edits are kept."

    def add_arguments(self, parser):
        parser.add_argument("--dir", type=Path, default=WORDLIST_DIR, help="word-list directory")
        parser.add_argument(
            "--prune",
            action="store_true",
            help="deactivate unedited shipped terms that are no longer in the files",
        )

    def handle(self, *args, dir: Path, prune: bool, **options):
        try:
            report = sensitive_terms_sync(directory=dir, prune=prune)
        except ValueError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(
            _(
                "created %(created)d, updated %(updated)d, unchanged %(unchanged)d, "
                "kept staff edits %(customised)d, deactivated %(deactivated)d"
            )
            % vars(report)
        )
