"""Import a licensee's usage file for a contract and period.

python manage.py import_usage FILE [FILE …] --contract ID --period 2026-Q3 [--format csv|xlsx|dsr]
    [--replace | --corrects REPORT_ID] [--on-overlap skip|correction|post --reason TEXT] [--json]

A file that repeats usage already reported stops for review (licensing/royalties/review.py):
without ``--on-overlap`` the command says so and exits non-zero, and the licensee decides on
the report's review page; with it, the choice is applied at once.

The format is told by content when not given (a DDEX DSR file, plain or gzip, starts with a
HEAD record). Several files are the parts of one DSR report split across files (DSR Part 1
§6.3), given in any order: they are assembled in HEAD FileNumber order and imported as one.
"""

from __future__ import annotations

import json
import os

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from licensing.contracts.models import Contract
from licensing.royalties import dsr, overlap
from licensing.royalties.dsr import files as dsr_files
from licensing.royalties.models import ReportStatus, ReviewDecision, UsageReport
from licensing.royalties.review import usage_report_review_decide
from licensing.royalties.services import usage_import


class Command(BaseCommand):
    help = "Import a usage report (CSV, XLSX or DDEX DSR) for a contract and period."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="+", help="the file; several: one split DSR report")
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
        parser.add_argument(
            "--on-overlap",
            choices=ReviewDecision.values,
            help="if the file repeats usage already reported: skip the repeated lines, post "
            "it as a correction of the one report it repeats, or post it anyway (--reason)",
        )
        parser.add_argument("--reason", default="", help="why overlapping usage is posted")
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
        for path in options["file"]:
            if not os.path.exists(path):
                raise CommandError(f"no file {path}")
        assembled = None
        path = options["file"][0]
        if len(options["file"]) > 1:
            if options["format"] not in (None, "dsr") or not all(map(dsr.sniff, options["file"])):
                raise CommandError("several files are read only as the parts of one DSR report")
            try:
                path = assembled = dsr_files.assemble(options["file"])
            except ValidationError as exc:
                raise CommandError("; ".join(exc.messages)) from None
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
            if assembled:
                os.unlink(assembled)
        found = overlap.overlaps(report) if report.status == ReportStatus.REVIEW else None
        if found is not None and options["on_overlap"]:
            try:
                report = usage_report_review_decide(
                    report=report,
                    decision=options["on_overlap"],
                    reason=options["reason"],
                    user=None,
                )
            except ValidationError as exc:
                raise CommandError(
                    f"report {report.pk} is awaiting review: " + "; ".join(exc.messages)
                ) from None
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
            "skipped": report.review_skipped,
            "unmapped_rows": report.unmapped_rows,
        }
        if report.status == ReportStatus.REVIEW:
            result["overlapping_lines"] = found.line_count
            result["overlapping_reports"] = [r.pk for r in found.reports]
        if options["json"]:
            self.stdout.write(json.dumps(result))
        else:
            for key, value in result.items():
                self.stdout.write(f"{key}: {value}")
        if report.status == "rejected":
            raise CommandError(report.error)
        if report.status == ReportStatus.REVIEW:
            reports = ", ".join(str(r.pk) for r in found.reports)
            raise CommandError(
                f"report {report.pk} is awaiting review: {report.unmapped_rows} rows wait for a "
                f"value to be mapped, {found.line_count} lines repeat usage already reported, "
                f"{len(found.periods)} reports overlap its period (reports {reports or '-'}); "
                "map the values and decide on its review page, or withdraw it there and "
                "import again with --on-overlap skip|correction|post [--reason]"
            )
