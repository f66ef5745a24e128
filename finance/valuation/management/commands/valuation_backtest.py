"""Back-test the valuation's P10–P90 band on the platform's royalty statements.

    python manage.py valuation_backtest [--currency CNY] [--scenarios 2000] [--verbose]

Definitions in ``finance.valuation.backtest`` (per-period band, 4 held-out periods, works
with ≥ 8 periods). Prints works considered and tested, periods compared and the hit rate.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from finance.valuation.backtest import HOLDOUT, MIN_PERIODS, platform_backtest
from finance.valuation.model import Assumptions


class Command(BaseCommand):
    help = "Back-test the valuation range: value at period N−4, compare with the 4 that followed."

    def add_arguments(self, parser):
        parser.add_argument("--currency", default="CNY")
        parser.add_argument("--scenarios", type=int, default=2000)
        parser.add_argument("--periods-per-year", type=int, default=4, choices=(1, 2, 4, 12))
        parser.add_argument("--min-periods", type=int, default=MIN_PERIODS)
        parser.add_argument("--verbose", action="store_true", help="one line per work")

    def handle(self, *args, **options):
        assumptions = Assumptions(
            scenarios=options["scenarios"], periods_per_year=options["periods_per_year"]
        )
        result = platform_backtest(
            currency=options["currency"].upper(),
            assumptions=assumptions,
            min_periods=options["min_periods"],
        )
        if options["verbose"]:
            for work in result.works:
                marks = " ".join(
                    f"{c.start}:{c.actual:.2f}{'∈' if c.hit else '∉'}[{c.p10:.2f},{c.p90:.2f}]"
                    for c in work.checks
                )
                self.stdout.write(f"work {work.work_id} as of {work.as_of}: {marks}")
        rate = "n/a" if result.hit_rate is None else f"{result.hit_rate:.1%}"
        cumulative = "n/a" if result.cumulative_rate is None else f"{result.cumulative_rate:.1%}"
        self.stdout.write(
            f"works with statements: {result.considered} "
            f"(fewer than {options['min_periods']} periods: {result.short}; "
            f"no FX rate to {options['currency'].upper()}: {result.no_rate})\n"
            f"works tested: {len(result.works)}\n"
            f"periods compared: {result.periods} (the {HOLDOUT} after each cut-off)\n"
            f"per-period hits in P10–P90: {result.hits} → hit rate {rate}\n"
            f"cumulative {HOLDOUT}-period totals in their band: "
            f"{result.cumulative_hits}/{len(result.works)} → {cumulative}"
        )
