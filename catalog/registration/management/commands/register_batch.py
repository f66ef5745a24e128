"""File works as one registration batch, or decide a batch, from the command line.

    manage.py register_batch --party 12 --user ops@example.com --works 1,2,3 \\
        --contact-name "Rights desk" --contact-email rights@example.com --declare
    manage.py register_batch --party 12 --user ops@example.com --upload 5 ...
    manage.py register_batch --party 12 --user ops@example.com --all-unregistered ...
    manage.py register_batch --decide 7 --user examiner@example.com [--note "..."]

Filing goes through ``batch_create`` (the same checks as the web page, all or nothing);
deciding runs the decision job in this process through ``batch_decision_run``.
"""

from __future__ import annotations

import sys

from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Q
from tqdm import tqdm

from catalog.kernel.permissions import acting_party_ids
from catalog.models import CatalogueUpload, Party
from catalog.registration.batches import (
    BatchContact,
    batch_create,
    batch_decide,
    batch_decision_run,
    batch_file_run,
)
from catalog.registration.selectors import works_to_register


class Command(BaseCommand):
    help = "File works as one registration batch (--works, --upload, --all-unregistered) or decide."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--user", required=True, help="e-mail or username of who acts")
        parser.add_argument("--party", type=int, help="applicant party id")
        works = parser.add_mutually_exclusive_group()
        works.add_argument("--works", help="comma-separated work ids")
        works.add_argument(
            "--upload",
            type=int,
            metavar="UPLOAD",
            help="every unregistered work this catalogue upload created or updated",
        )
        works.add_argument(
            "--all-unregistered",
            action="store_true",
            help="every work of the party without an open or granted registration",
        )
        parser.add_argument("--contact-name", default="")
        parser.add_argument("--contact-email", default="")
        parser.add_argument("--contact-phone", default="")
        parser.add_argument("--declare", action="store_true", help="accept the declaration")
        parser.add_argument("--fast-track", action="store_true")
        parser.add_argument("--decide", type=int, metavar="BATCH", help="decide this batch")
        parser.add_argument("--note", default="", help="note on every held application")
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: object, **options: object) -> None:
        user = self._user(str(options["user"]))
        try:
            if options["decide"]:
                self._decide(user, options)
            else:
                self._file(user, options)
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        except PermissionDenied as exc:
            raise CommandError(str(exc)) from None

    def _user(self, name: str) -> object:
        found = get_user_model().objects.filter(Q(email__iexact=name) | Q(username=name)).first()
        if found is None:
            raise CommandError(f"no user {name!r}")
        return found

    def _bar(self, total: int, desc: str, options: dict) -> tqdm:
        # sys.stderr, not self.stderr: its wrapper appends newlines to "\r" updates.
        return tqdm(
            total=total, unit="work", file=sys.stderr, disable=options["no_progress"], desc=desc
        )

    def _file(self, user: object, options: dict) -> None:
        if not options["party"]:
            raise CommandError("--party is required to file a batch")
        party = Party.objects.filter(pk=options["party"]).first()
        if party is None:
            raise CommandError(f"no party {options['party']}")
        upload = None
        if options["upload"]:
            upload = CatalogueUpload.objects.filter(pk=options["upload"]).first()
            if upload is None:
                raise CommandError(f"no catalogue upload {options['upload']}")
            ids = list(
                works_to_register(party_ids={party.pk}, upload_id=upload.pk).values_list(
                    "pk", flat=True
                )
            )
        elif options["all_unregistered"]:
            ids = list(
                works_to_register(party_ids=acting_party_ids(user), party_id=party.pk).values_list(
                    "pk", flat=True
                )
            )
        elif options["works"]:
            try:
                ids = [int(part) for part in str(options["works"]).split(",") if part.strip()]
            except ValueError:
                raise CommandError("--works takes comma-separated work ids") from None
        else:
            raise CommandError("name the works: --works, --upload or --all-unregistered")
        created = batch_create(
            user=user,
            applicant=party,
            work_ids=ids,
            contact=BatchContact(
                name=options["contact_name"],
                email=options["contact_email"],
                phone=options["contact_phone"],
            ),
            declared=options["declare"],
            fast_track=options["fast_track"],
            upload=upload,
            enqueue=False,
        )
        with self._bar(created.to_submit, "submit", options) as bar:
            batch = batch_file_run(batch_id=created.batch.pk, progress=bar.update)
        submitted = batch.applications.exclude(status="draft").count()
        self.stdout.write(
            f"batch {batch.pk}: {len(ids)} applications, {submitted} submitted, "
            f"{len(ids) - submitted} left as drafts"
        )

    def _decide(self, user: object, options: dict) -> None:
        decision = batch_decide(
            batch_id=options["decide"], user=user, note=options["note"], enqueue=False
        )
        with self._bar(decision.total, "decide", options) as bar:
            decision = batch_decision_run(decision_id=decision.pk, progress=bar.update)
        counts = {
            o: decision.outcomes.filter(kind=o).count() for o in ("registered", "held", "skipped")
        }
        self.stdout.write(
            f"batch {options['decide']}: {counts['registered']} registered, "
            f"{counts['held']} held, {counts['skipped']} not decided"
        )
