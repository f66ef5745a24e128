"""manage.py check_availability: is a right free? Exit 0 available, 1 not, 2 bad input."""

from __future__ import annotations

import datetime as dt
import json
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand

from licensing.availability import check_availability, resolve_work


class Command(BaseCommand):
    help = "Check whether a right of a work is available (exit 0 yes, 1 no, 2 bad input)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--work", required=True, help="work id or ISBN")
        parser.add_argument("--right", required=True, help="right type, e.g. translation")
        parser.add_argument("--territory", action="append", required=True, help="repeatable")
        parser.add_argument("--language", action="append", required=True, help="repeatable")
        parser.add_argument("--from", dest="start", required=True, help="YYYY-MM-DD")
        parser.add_argument("--to", dest="end", required=True, help="YYYY-MM-DD (included)")
        parser.add_argument("--exclusive", action="store_true")
        parser.add_argument("--json", action="store_true", help="machine-readable output")

    def handle(self, *args, **opts) -> None:
        try:
            work = resolve_work(opts["work"])
            start = _date("from", opts["start"])
            end = _date("to", opts["end"])
            report = check_availability(
                work=work,
                right_type=opts["right"],
                territories=opts["territory"],
                languages=opts["language"],
                start=start,
                end=end,
                exclusive=opts["exclusive"],
            )
        except ValidationError as exc:
            errors = exc.message_dict if hasattr(exc, "error_dict") else {"": exc.messages}
            if opts["json"]:
                self.stdout.write(json.dumps({"errors": errors}, ensure_ascii=False))
            for field, messages in errors.items():
                self.stderr.write(f"{field}: {' '.join(messages)}")
            sys.exit(2)
        if opts["json"]:
            body = report.as_dict() | {"work": work.pk}
            self.stdout.write(json.dumps(body, ensure_ascii=False, indent=2))
        else:
            self.stdout.write(f"available: {'yes' if report.available else 'no'}")
            for c in report.conflicts:
                last = c.end - dt.timedelta(days=1)
                kind = "exclusive" if c.exclusive else "non-exclusive"
                where = f"{c.territory}/{c.language} {c.start.isoformat()}..{last.isoformat()}"
                if c.reason:  # a seizure, pledge or dispute: its own sentence
                    self.stdout.write(f"  {c.label}: {where} ({kind} requested) — {c.reason}")
                elif c.grant_id is None:  # No Rights In / No Exclusive In: no grant to name
                    self.stdout.write(f"  {c.label}: {where} ({kind} requested)")
                else:
                    self.stdout.write(
                        f"  {c.label}: contract {c.source_ref or '-'} grant {c.grant_id} "
                        f"{where} ({kind})"
                    )
            for w in report.warnings:  # a dispute the policy only flags
                self.stdout.write(f"  warning: {w.label}: {w.reason}")
        sys.exit(0 if report.available else 1)


def _date(field: str, raw: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        raise ValidationError({field: f"“{raw}” is not a date (YYYY-MM-DD)"}) from None
