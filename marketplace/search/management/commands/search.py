"""Search listings from the command line (scripts and tests read ``--json``)."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from marketplace.search.query import (
    FILTER_KEYS,
    SORTS,
    InvalidSearch,
    SearchUnavailable,
    search_listings,
)


class Command(BaseCommand):
    help = "Search published listings like the search page does, with facets."

    def add_arguments(self, parser):
        parser.add_argument("query", nargs="?", default="", help="search text (may be empty)")
        parser.add_argument("--lang", default="en", help="the buyer's language (boosted)")
        parser.add_argument(
            "--filter",
            action="append",
            default=[],
            metavar="KEY=VALUE",
            help=f"repeatable; values of one key are alternatives. Keys: {', '.join(FILTER_KEYS)}",
        )
        parser.add_argument("--sort", default="relevance", choices=SORTS)
        parser.add_argument("--page", type=int, default=1)
        parser.add_argument("--per-page", type=int, default=20)
        parser.add_argument("--json", action="store_true", help="print the whole result as JSON")

    def handle(self, *args: object, **options: object) -> None:
        filters: dict[str, list[str]] = {}
        for item in options["filter"]:
            name, sep, value = str(item).partition("=")
            if not sep or not name.strip():
                raise CommandError(f"--filter takes KEY=VALUE, not “{item}”")
            filters.setdefault(name.strip(), []).append(value)
        try:
            result = search_listings(
                q=options["query"],
                lang=options["lang"],
                filters=filters,
                sort=options["sort"],
                page=options["page"],
                per_page=options["per_page"],
            )
        except InvalidSearch as exc:
            raise CommandError(str(exc)) from exc
        except SearchUnavailable as exc:
            raise CommandError(f"search is unavailable: {exc}") from exc
        if options["json"]:
            self.stdout.write(json.dumps(result.as_dict(), ensure_ascii=False))
            return
        self.stdout.write(
            f"{result.total} listings (page {result.page}/{result.num_pages}, {result.took_ms} ms)"
        )
        for hit in result.hits:
            self.stdout.write(
                f"  #{hit.listing_id}  {hit.title}  [{hit.zone}] "
                f"{', '.join(hit.available_rights)}  score={hit.score}"
            )
        for name, buckets in result.facets.items():
            shown = ", ".join(f"{b.key}{'*' if b.selected else ''} {b.count}" for b in buckets[:12])
            self.stdout.write(f"  {name}: {shown}")
        if result.suggestions:
            self.stdout.write("  suggestions: " + " | ".join(s.text for s in result.suggestions))
