"""``manage.py trial_balance [--json]`` — exits non-zero unless every currency sums to zero."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand
from django.db.models import Sum

from finance.ledger.selectors import trial_balance
from finance.models import Posting


class Command(BaseCommand):
    help = "Sum every posting per currency (and per account kind); zero in a healthy ledger."

    def add_arguments(self, parser):
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        totals = trial_balance()
        kinds = (
            Posting.objects.values("currency", "account__kind")
            .annotate(total=Sum("amount"))
            .order_by("currency", "account__kind")
        )
        balanced = all(total == 0 for total in totals.values())
        if options["json"]:
            report = {
                "balanced": balanced,
                "currencies": {cur: str(total) for cur, total in totals.items()},
                "by_kind": {
                    f"{r['currency']}:{r['account__kind']}": str(r["total"]) for r in kinds
                },
            }
            self.stdout.write(json.dumps(report, indent=2, sort_keys=True))
        else:
            for row in kinds:
                self.stdout.write(
                    f"{row['currency']}  {row['account__kind']:<16} {row['total']:>20}"
                )
            for cur, total in totals.items():
                self.stdout.write(f"{cur}  {'TOTAL':<16} {total:>20}")
            self.stdout.write("balanced" if balanced else "NOT BALANCED")
        if not balanced:
            raise SystemExit(1)
