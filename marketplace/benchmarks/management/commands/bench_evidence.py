"""Benchmark verify_evidence in a throwaway database: bulk-build a chain, time the walk, drop it.

The chain tables refuse DELETE and TRUNCATE, so benchmark rows must never
reach the dev database: the run happens on a scratch database (triggers
included) that is dropped afterwards, with stored files in temporary roots
removed as well (marketplace.benchmarks.scratch_db; ``--database`` names another).
"""

from __future__ import annotations

import os
import sys
import time
from concurrent.futures import ThreadPoolExecutor

from django.core.management.base import BaseCommand, CommandParser
from tqdm import tqdm

from catalog.evidence.models import EvidenceEntry
from catalog.evidence.services import EvidenceItem, evidence_deposit_bytes, evidence_deposit_many
from catalog.evidence.verification import check_stored_file, verify_chain
from marketplace.benchmarks.scratch_db import add_database_arguments, scratch_database


class Command(BaseCommand):
    help = "Time verify_evidence over N bulk-deposited entries in a throwaway database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--entries", type=int, default=100_000)
        parser.add_argument("--files", type=int, default=100, help="stored files to re-hash")
        parser.add_argument("--file-size", type=int, default=1024 * 1024, help="bytes per file")
        parser.add_argument("--workers", type=int, default=4)
        add_database_arguments(parser)

    def handle(self, *args: object, database: str | None, keep: bool, **options: object) -> None:
        with scratch_database(database=database, keep=keep, log=self.stdout.write):
            self._run(**options)

    def _run(self, **options: object) -> None:
        out = self.stdout.write
        entries: int = options["entries"]
        started = time.perf_counter()
        with tqdm(total=entries, unit="entry", file=sys.stderr, desc="deposit") as bar:
            evidence_deposit_many(
                items=(
                    EvidenceItem("bench", f"bench:{i}", i.to_bytes(8, "big"), {"i": i})
                    for i in range(entries)
                ),
                progress=bar.update,
            )
        built = time.perf_counter() - started
        out(f"bulk deposit: {entries} entries in {built:.2f} s ({entries / built:,.0f}/s)")

        result = verify_chain(check_files=False)
        assert result.ok, result.first_problem
        out(
            f"verify (metadata-only): {result.entries_checked} entries in "
            f"{result.seconds:.2f} s ({result.entries_checked / result.seconds:,.0f} entries/s)"
        )

        files, size = options["files"], options["file_size"]
        if not files:
            return
        block = os.urandom(size)
        for i in tqdm(range(files), unit="file", file=sys.stderr, desc="store"):
            # Distinct content per file: the first 8 bytes carry the index.
            evidence_deposit_bytes(
                kind="bench", subject=f"bench-file:{i}", data=i.to_bytes(8, "big") + block[8:]
            )
        result = verify_chain(check_files=True, workers=options["workers"])
        assert result.ok, result.first_problem
        megabytes = files * size / 1e6
        out(
            f"verify (with files): {result.entries_checked} entries + {result.files_checked} "
            f"files ({megabytes:,.0f} MB) in {result.seconds:.2f} s"
        )
        # The file share on its own (the walk above mixes it with the 100k rows).
        stored = list(
            EvidenceEntry.objects.exclude(storage_name="").values_list(
                "seq", "storage_name", "sha256", "size"
            )
        )
        started = time.perf_counter()
        with ThreadPoolExecutor(max_workers=options["workers"]) as pool:
            problems = [p for p in pool.map(check_stored_file, stored) if p is not None]
        seconds = time.perf_counter() - started
        assert not problems, problems[0]
        out(
            f"file re-hashing alone: {megabytes:,.0f} MB in {seconds:.2f} s "
            f"({megabytes / seconds:,.0f} MB/s, {options['workers']} threads, 1 MiB reads)"
        )
