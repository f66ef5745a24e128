"""Screen a text against the live lists: ``manage.py screen_text "TEXT" --lang th --json``."""

import json
import sys

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from catalog.screening.services import screening_check_texts
from i18n.languages import LANGUAGE_CODES


class Command(BaseCommand):
    help = "Screen TEXT (or '-' for stdin) against the sensitive-word lists of a language."

    def add_arguments(self, parser):
        parser.add_argument("text")
        parser.add_argument("--lang", required=True, choices=LANGUAGE_CODES)
        parser.add_argument(
            "--json", dest="as_json", action="store_true", help="print the result as JSON"
        )

    def handle(self, *args, text: str, lang: str, as_json: bool, **options):
        if text == "-":
            text = sys.stdin.read()
        try:
            result = screening_check_texts(texts={lang: text})
        except ValidationError as error:
            raise CommandError(str(error)) from error
        if as_json:
            self.stdout.write(json.dumps(result.to_dict(), ensure_ascii=False, indent=2))
            return
        for hit in result.hits:
            marked = f"{text[: hit.start]}[{hit.matched_text}]{text[hit.end :]}"
            self.stdout.write(
                f"{hit.severity:6} {hit.category:18} {hit.term} ({hit.list_language}) "
                f"{hit.start}-{hit.end}: {marked}"
            )
        if result.blocked:
            verdict = _("blocked")
        elif result.needs_review:
            verdict = _("needs review")
        else:
            verdict = _("clean")
        self.stdout.write(
            _("%(count)d hit(s): %(verdict)s") % {"count": len(result.hits), "verdict": verdict}
        )
