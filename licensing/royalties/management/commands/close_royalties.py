"""Close a royalty period: statements for one licensee's contracts, or for every licensee
with usage or an active contract (what a scheduler runs after the reporting deadline).

python manage.py close_royalties --period 2026-Q3 [--licensee ID] [--json]

Each licensee closes in its own transaction: one refused (a report still importing, a
later period already closed) is reported and the others still close; the command then
exits non-zero. Running it again closes only what is not closed yet.
"""

from __future__ import annotations

import json
from collections import defaultdict
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from catalog.kernel.money import round_money
from catalog.models import Party
from licensing.royalties.periods import normalise_period
from licensing.royalties.selectors import licensees_to_close
from licensing.royalties.services import statements_close_for_licensee


class Command(BaseCommand):
    help = "Close a royalty period for one licensee or for all, printing what was closed."

    def add_arguments(self, parser):
        parser.add_argument("--period", required=True, help="2026-Q3, 2026-07, 2026-H2 or 2026")
        parser.add_argument("--licensee", type=int, help="party id (default: every licensee)")
        parser.add_argument("--json", action="store_true", help="print the summary as JSON")

    def handle(self, *args, **options):
        try:
            period = normalise_period(options["period"])
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        if options["licensee"] is not None:
            licensees = list(Party.objects.filter(pk=options["licensee"]))
            if not licensees:
                raise CommandError(f"no party {options['licensee']}")
        else:
            licensees = list(licensees_to_close(period))
        results = []
        with tqdm(
            total=len(licensees),
            unit=" licensees",
            desc=f"close {period}",
            disable=options["json"],
            file=self.stderr._out,
        ) as bar:
            for licensee in licensees:
                results.append(_close_one(licensee, period))
                bar.update(1)
        failed = [r for r in results if r["error"]]
        if options["json"]:
            self.stdout.write(json.dumps({"period": period, "licensees": results}))
        else:
            for r in results:
                self.stdout.write(f"{r['name']} (#{r['licensee']}): {_summary(r)}")
        if failed:
            raise CommandError(f"{len(failed)} of {len(results)} licensees not closed for {period}")


def _close_one(licensee: Party, period: str) -> dict:
    result = {
        "licensee": licensee.pk,
        "name": licensee.name,
        "statements": 0,
        "payable": {},
        "error": "",
    }
    try:
        closed = statements_close_for_licensee(licensee=licensee, period=period)
    except ValidationError as exc:
        result["error"] = "; ".join(exc.messages)
        return result
    payable: dict[str, Decimal] = defaultdict(Decimal)
    for statement in closed:
        payable[statement.currency] += statement.amount_payable
    result["statements"] = len(closed)
    result["payable"] = {
        code: str(round_money(amount, code)) for code, amount in sorted(payable.items())
    }
    return result


def _summary(result: dict) -> str:
    if result["error"]:
        return f"REFUSED {result['error']}"
    text = f"{result['statements']} statements closed"
    if result["payable"]:
        text += ", payable " + ", ".join(f"{a} {c}" for c, a in result["payable"].items())
    return text
