"""``manage.py export_onix FILE``: works as an ONIX for Books 3.0 message (reference tags)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.models import Work
from catalog.onix.exporter import onix_export
from catalog.vocabulary import IdentifierScheme
from i18n.formatting import format_number


class _Unterminated:
    def __init__(self, wrapper: Any) -> None:
        self.wrapper = wrapper

    def write(self, text: str) -> None:
        self.wrapper.write(text, ending="")


class Command(BaseCommand):
    help = gettext_lazy(
        "Write works with an ISBN as ONIX for Books 3.0 (reference tags); '-' writes to stdout."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", help=gettext_lazy("output file, or - for standard output"))
        parser.add_argument(
            "--holder", type=int, action="append", help=gettext_lazy("only works of this party id")
        )
        parser.add_argument(
            "--isbn", action="append", help=gettext_lazy("only the work with this ISBN-13")
        )
        parser.add_argument(
            "--sender", default="Copyright marketplace", help=gettext_lazy("Header/SenderName")
        )

    def handle(self, *args: object, **options: object) -> None:
        works = Work.objects.filter(identifiers__scheme=IdentifierScheme.ISBN).distinct()
        if options["holder"]:
            works = works.filter(holder_id__in=options["holder"])
        if options["isbn"]:
            works = works.filter(identifiers__value__in=options["isbn"])
        target = str(options["file"])
        if target == "-":
            # Through self.stdout (no added line endings) so call_command can capture it.
            out = _Unterminated(self.stdout)
            onix_export(works=works, out=out, sender_name=options["sender"])
        else:
            path = Path(target)
            if not path.parent.is_dir():
                raise CommandError(_("no such directory: %(path)s") % {"path": path.parent})
            with path.open("w", encoding="utf-8", newline="\n") as out:
                summary = onix_export(works=works, out=out, sender_name=options["sender"])
            self.stdout.write(
                _("%(count)s works written to %(file)s")
                % {"count": format_number(summary.works_exported), "file": path}
            )
