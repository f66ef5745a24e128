"""Import a licensee's usage file for a contract and period.

python manage.py import_usage FILE --contract ID --period 2026-Q3 [--format csv|xlsx|dsr]
    [--replace | --corrects REPORT_ID] [--json]
"""

from __future__ import annotations

import json
import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from licensing.contracts.models import Contract
from licensing.royalties.models import UsageReport
from licensing.royalties.services import usage_import


class Command(BaseCommand):
    help = "Import a usage report (CSV, XLSX or DDEX DSR) for a contract and period."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--contract", type=int, required=True)
        parser.add_argument("--period", required=True)
        parser.add_argument("--format", choices=["csv", "xlsx", "dsr"])
        parser.add_argument(
            "--replace",
            action="store_true",
            help="replace the period's report (a closed period restates)",
        )
        parser.add_argument(
            "--corrects",
            type=int,
            help="the id of the posted report this file corrects (restated by difference)",
        )
        parser.add_argument("--json", action="store_true")

    def handle(self, *args, **options):
        try:
            contract = Contract.objects.get(pk=options["contract"])
        except Contract.DoesNotExist:
            raise CommandError(f"no contract {options['contract']}") from None
        corrects = None
        if options["corrects"] is not None:
            corrects = UsageReport.objects.filter(pk=options["corrects"]).first()
            if corrects is None:
                raise CommandError(f"no usage report {options['corrects']}")
        path = options["file"]
        if not os.path.exists(path):
            raise CommandError(f"no file {path}")
        bar = tqdm(
            total=None,
            unit=" rows",
            disable=options["json"] and not options["verbosity"] > 1,
            file=self.stderr._out,
        )
        seen = [0]

        def progress(rows: int) -> None:
            bar.update(rows - seen[0])
            seen[0] = rows

        try:
            report = usage_import(
                contract=contract,
                period=options["period"],
                path=path,
                format=options["format"],
                replace=options["replace"],
                corrects=corrects,
                progress=progress,
            )
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        finally:
            bar.close()
        result = {
            "report": report.pk,
            "status": report.status,
            "period": report.period,
            "rows": report.total_rows,
            "good": report.good_rows,
            "bad": report.bad_rows,
            "unmatched": report.unmatched_rows,
            "error": report.error,
            "replaces": report.replaces_id,
        }
        if options["json"]:
            self.stdout.write(json.dumps(result))
        else:
            for key, value in result.items():
                self.stdout.write(f"{key}: {value}")
        if report.status == "rejected":
            raise CommandError(report.error)
