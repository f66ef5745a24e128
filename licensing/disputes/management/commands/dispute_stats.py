"""Print the dispute statistics of the dashboard: ``dispute_stats --from 2026-01-01 --to
2026-12-31 [--period month|quarter|year] [--json]``."""

from __future__ import annotations

import datetime as dt
import json

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from licensing.disputes.stats import PERIODS, dispute_stats


def _date(value: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise CommandError(f"“{value}” is not a date (YYYY-MM-DD)") from exc


class Command(BaseCommand):
    help = "Dispute statistics per period, type and outcome (the staff dashboard's figures)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--from", dest="start", required=True)
        parser.add_argument("--to", dest="end", required=True)
        parser.add_argument("--period", choices=PERIODS, default="month")
        parser.add_argument("--json", action="store_true", help="print JSON")

    def handle(self, *args, **options) -> None:
        try:
            stats = dispute_stats(
                start=_date(options["start"]), end=_date(options["end"]), period=options["period"]
            )
        except ValidationError as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(stats.as_dict(), ensure_ascii=False, indent=2))
            return
        columns = (
            "period",
            "case_type",
            "accepted",
            "closed",
            "settled",
            "failed",
            "withdrawn",
            "settlement_rate",
            "median_days_to_close",
            "overdue",
            "batch_share",
            "claimed",
            "settled_amount",
            "claimed_cny",
            "settled_cny",
        )
        self.stdout.write("\t".join(columns))
        for row in [*stats.rows, *stats.totals]:
            data = row.as_dict()
            cells = []
            for column in columns:
                value = data[column]
                if isinstance(value, dict):
                    value = "; ".join(f"{cur} {amount}" for cur, amount in value.items())
                cells.append("" if value is None else str(value))
            self.stdout.write("\t".join(cells))
