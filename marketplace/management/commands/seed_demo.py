"""Load the multilingual demo data set (idempotent: a second run creates nothing)."""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand
from tqdm import tqdm

from marketplace.demo.seed import demo_work_count, seed_all


class Command(BaseCommand):
    help = "Load demo rights holders, buyers, banks, works, registrations and CMS pages."

    def add_arguments(self, parser):
        parser.add_argument(
            "--works",
            type=int,
            default=None,
            help="load only the first N demo works (default: all)",
        )
        parser.add_argument("--json", action="store_true", help="print the summary as JSON")

    def handle(self, *args: object, **options: object) -> None:
        total = options["works"] or demo_work_count()
        with tqdm(
            total=total, desc="demo works", unit="work", file=sys.stderr, disable=options["json"]
        ) as bar:
            summary = seed_all(works=options["works"], progress=bar.update)
        if options["json"]:
            self.stdout.write(json.dumps(summary))
        else:
            self.stdout.write(", ".join(f"{k}: {v}" for k, v in summary.items()))
