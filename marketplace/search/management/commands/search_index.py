"""Build, check and repair the listings search index."""

from __future__ import annotations

import json
import sys

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from marketplace.listings.models import Listing, ListingStatus
from marketplace.search import indexing
from marketplace.search.query import SearchUnavailable


class Command(BaseCommand):
    help = (
        "--rebuild fills a new index from PostgreSQL and swaps the alias to it (no downtime); "
        "--check compares the index with PostgreSQL; --listings re-indexes some listings."
    )

    def add_arguments(self, parser):
        action = parser.add_mutually_exclusive_group(required=True)
        action.add_argument("--rebuild", action="store_true", help="build a new index, swap alias")
        action.add_argument("--check", action="store_true", help="compare counts and ids with DB")
        action.add_argument("--ensure", action="store_true", help="create the index if missing")
        action.add_argument("--listings", help="comma-separated listing ids to (re)index")
        parser.add_argument(
            "--force",
            action="store_true",
            help="with --rebuild: drop a half-built index left by a dead rebuild",
        )
        parser.add_argument("--chunk-size", type=int, default=indexing.BULK_CHUNK)
        parser.add_argument(
            "--counts-only",
            action="store_true",
            help="with --check: compare counts only (no id scan)",
        )
        parser.add_argument("--json", action="store_true", help="print the result as JSON")

    def handle(self, *args: object, **options: object) -> None:
        try:
            result = self._run(options)
        except SearchUnavailable as exc:
            raise CommandError(f"search engine unavailable: {exc}") from exc
        except indexing.IndexingError as exc:
            raise CommandError(str(exc)) from exc
        if options["json"]:
            self.stdout.write(json.dumps(result, ensure_ascii=False))
        else:
            self.stdout.write(", ".join(f"{k}: {v}" for k, v in result.items()))
        if options["check"] and not result["ok"]:
            raise CommandError("the index differs from PostgreSQL; run search_index --rebuild")

    def _run(self, options: dict) -> dict[str, object]:
        if options["rebuild"]:
            total = Listing.objects.filter(status=ListingStatus.PUBLISHED).count()
            with tqdm(
                total=total,
                desc="indexing listings",
                unit="doc",
                file=sys.stderr,
                disable=options["json"],
            ) as bar:
                report = indexing.rebuild_index(
                    chunk_size=options["chunk_size"], progress=bar.update, force=options["force"]
                )
            return {
                "index": report.index,
                "replaced": report.previous,
                "documents": report.documents,
                "seconds": round(report.seconds, 2),
                "docs_per_second": round(report.rate, 1),
            }
        if options["check"]:
            report = indexing.check_index(compare_ids=not options["counts_only"])
            return {
                "index": report.index,
                "database": report.database,
                "indexed": report.indexed,
                "missing": report.missing[:50],
                "extra": report.extra[:50],
                "ok": report.ok,
            }
        if options["ensure"]:
            return {"index": indexing.ensure_index()}
        try:
            ids = [int(pk) for pk in str(options["listings"]).split(",") if pk.strip()]
        except ValueError as exc:
            raise CommandError(f"--listings takes comma-separated ids: {exc}") from exc
        return {"listings": len(ids), "indexed": indexing.index_listing_ids(ids)}
