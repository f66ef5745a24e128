"""``manage.py import_onix FILE``: works, parties and ISBNs from ONIX 3.0 / 3.1.

All or nothing by default (any refused record: nothing is written, every refusal is
listed); ``--quarantine`` writes the good records and lists the refused ones.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pycountry
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from tqdm import tqdm

from catalog.onix.importer import ImportSummary, onix_import
from catalog.onix.parser import OnixImportError
from i18n.formatting import format_number


class Command(BaseCommand):
    help = gettext_lazy(
        "Create or update works, parties and ISBNs from an ONIX for Books 3.0 or 3.1 file "
        "(reference or short tags). A refused record means nothing is written, unless "
        "--quarantine is given."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help=gettext_lazy("ONIX 3.0 XML file"))
        parser.add_argument(
            "--json", action="store_true", help=gettext_lazy("print the summary as JSON")
        )
        parser.add_argument(
            "--dry-run",
            action="store_true",
            help=gettext_lazy("check and apply everything, then roll back"),
        )
        parser.add_argument(
            "--country",
            default="",
            help=gettext_lazy("publisher country (ISO 3166-1) for records without one"),
        )
        parser.add_argument(
            "--quarantine",
            action="store_true",
            help=gettext_lazy("write the good records and list the refused ones"),
        )

    def handle(self, *args: object, **options: object) -> None:
        path = Path(str(options["file"]))
        if not path.is_file():
            raise CommandError(_("no such file: %(path)s") % {"path": path})
        country = str(options["country"] or "").upper()
        if country and pycountry.countries.get(alpha_2=country) is None:
            raise CommandError(
                _("--country %(code)s is not an ISO 3166-1 country code") % {"code": country}
            )
        bars: dict[str, tqdm] = {}

        def progress(phase: str) -> None:
            bar = bars.get(phase)
            if bar is None:
                total = bars["read"].n if phase == "write" and "read" in bars else None
                label = _("reading") if phase == "read" else _("writing")
                # disable=None: bars only on a terminal, never in logs or captured output.
                bar = bars[phase] = tqdm(
                    desc=label, total=total, unit=" records", disable=None, file=sys.stderr
                )
            bar.update()

        try:
            summary = onix_import(
                source=path,
                default_country=country,
                dry_run=bool(options["dry_run"]),
                progress=progress,
                mode="quarantine" if options["quarantine"] else "all_or_nothing",
            )
        except OnixImportError as exc:
            raise CommandError(str(exc)) from None
        finally:
            for bar in bars.values():
                bar.close()
        if options["json"]:
            self.stdout.write(json.dumps(summary.as_dict(), ensure_ascii=False, default=str))
        else:
            self._print(path, summary)
        refused = summary.refused
        if refused and summary.mode == "all_or_nothing":
            raise CommandError(
                _("%(count)s records refused, nothing written; first: %(message)s")
                % {"count": format_number(len(refused)), "message": refused[0].message}
            )

    def _print(self, path: Path, summary: ImportSummary) -> None:
        heading = (
            _("ONIX import of %(file)s (dry run, nothing written)")
            if summary.dry_run
            else _("ONIX import of %(file)s")
        )
        self.stdout.write(heading % {"file": path.name})
        rows = [
            (_("products read"), summary.products_read),
            (_("works created"), summary.works_created),
            (_("works updated"), summary.works_updated),
            (_("works unchanged"), summary.works_unchanged),
            (_("records refused"), summary.works_refused),
            (_("deletion notices ignored"), summary.deletions_ignored),
            (_("parties created"), summary.parties_created),
            (_("identifiers created"), summary.identifiers_created),
            (_("creators added"), summary.creators_added),
            (_("contributors skipped (role is not a creator role)"), summary.contributors_skipped),
        ]
        for label, value in rows:
            self.stdout.write(f"  {label}: {format_number(value)}")
        for result in summary.refused:
            self.stdout.write("  " + _("refused: %(message)s") % {"message": result.message})
