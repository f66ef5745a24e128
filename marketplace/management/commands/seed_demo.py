"""Load the multilingual demo data set (idempotent: a second run creates nothing)."""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from marketplace.demo.guard import DemoSeedRefused, demo_seed_check
from marketplace.demo.seed import demo_work_count, seed_activity, seed_all, seed_catalog

# ``make run`` seeds the catalogue before it serves and the activity (PDF-heavy) after.
PARTS = ("all", "catalog", "activity")


class Command(BaseCommand):
    help = "Load demo rights holders, buyers, banks, works, registrations and CMS pages."

    def add_arguments(self, parser):
        parser.add_argument(
            "--works",
            type=int,
            default=None,
            help="load only the first N demo works (default: all)",
        )
        parser.add_argument(
            "--part",
            choices=PARTS,
            default="all",
            help="catalog: parties, works, registrations, listings, pages; "
            "activity: contracts, deals, payments, royalties, pledges, disputes (default: all)",
        )
        parser.add_argument("--json", action="store_true", help="print the summary as JSON")

    def handle(self, *args: object, **options: object) -> None:
        try:
            demo_seed_check()
        except DemoSeedRefused as refused:
            raise CommandError(str(refused)) from refused
        with tqdm(desc="demo", unit="item", file=sys.stderr, disable=options["json"]) as bar:

            def stage(name: str, total: int | None) -> None:
                # One bar per stage: a single bar sized by the works overshot it.
                if bar.n:
                    bar.refresh()  # the finished stage's final count stays on screen
                bar.reset(total=total)
                bar.set_description(f"demo {name}")

            works, part = options["works"], options["part"]
            if part == "catalog":
                stage("works", works or demo_work_count())
                summary = seed_catalog(works=works, progress=bar.update)
            elif part == "activity":
                summary = seed_activity(works=works, progress=bar.update, stage=stage)
            else:
                summary = seed_all(works=works, progress=bar.update, stage=stage)
        if options["json"]:
            self.stdout.write(json.dumps(summary))
        else:
            self.stdout.write(", ".join(f"{k}: {v}" for k, v in summary.items()))
