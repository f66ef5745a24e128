"""Re-hash stored files and walk the evidence chain; exit 1 naming the first broken entry."""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from catalog.evidence.models import EvidenceEntry
from catalog.evidence.verification import VerificationResult, verify_chain


def summary(result: VerificationResult) -> str:
    files = (
        "file re-hashing skipped"
        if result.files_skipped
        else (f"{result.files_checked} stored file(s) re-hashed")
    )
    if result.ok and result.entries_checked == 0:
        return "evidence chain intact: it is empty"
    text = (
        f"{result.entries_checked} entries checked (seq 1–{result.last_seq}), {files}, "
        f"{result.roots_checked} daily root(s) checked in {result.seconds:.2f} s"
    )
    if result.ok:
        return f"evidence chain intact: {text}; head {result.head_hash}"
    return f"evidence chain BROKEN — {result.first_problem}\nbefore it: {text}"


class Command(BaseCommand):
    help = "Verify the evidence chain: entry hashes, links, stored files and daily Merkle roots."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--json", action="store_true", help="print the result as JSON")
        parser.add_argument("--no-files", action="store_true", help="skip re-hashing stored files")
        parser.add_argument("--no-roots", action="store_true", help="skip daily root checks")
        parser.add_argument("--workers", type=int, default=4, help="file hashing threads")
        parser.add_argument("--batch-size", type=int, default=5000)
        parser.add_argument("--no-progress", action="store_true")

    def handle(self, *args: object, **options: object) -> None:
        total = EvidenceEntry.objects.count()
        with tqdm(
            total=total,
            unit="entry",
            file=sys.stderr,  # not self.stderr: its wrapper appends newlines to "\r" updates
            disable=bool(options["no_progress"]),
            desc="verify",
        ) as bar:
            result = verify_chain(
                check_files=not options["no_files"],
                check_roots=not options["no_roots"],
                batch_size=options["batch_size"],
                workers=options["workers"],
                progress=bar.update,
            )
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
        else:
            self.stdout.write(summary(result))
        if not result.ok:
            raise CommandError(str(result.first_problem), returncode=1)
