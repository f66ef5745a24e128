"""Benchmark the ONIX import in a throwaway database: first import, then the same file again.

Writes a synthetic, XSD-valid ONIX 3.0 feed (marketplace/benchmarks/onix_feed.py;
``--feed FILE`` reads a real one instead), then times ``onix_import`` twice on a
scratch database (marketplace.benchmarks.scratch_db; ``--database`` names another):
the first import creates every work, the second finds every record unchanged. For
each it prints products/s, the wall time split into reading (XSD validation and
record parsing) and writing, and the peak RSS sampled during the phase.

The targets (issue 17): 10,000 products first import ≤ 60 s, unchanged re-import
≤ 10 s, memory bounded. The machine is shared: the load average is printed with the
figures so a slow run can be told from a busy machine.
"""

from __future__ import annotations

import os
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import psutil
from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser
from django.test.utils import override_settings

from catalog.onix.importer import import_records
from catalog.onix.reader import iter_records
from catalog.onix.schema import load_schema
from marketplace.benchmarks.onix_feed import write_feed
from marketplace.benchmarks.scratch_db import add_database_arguments, scratch_database


@contextmanager
def _cache() -> Iterator[None]:
    """Production keeps schema verdicts in Redis; without it, a local cache big enough."""
    if settings.CACHES["default"]["BACKEND"].endswith("RedisCache"):
        yield
        return
    local = {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
        "LOCATION": "bench-onix",
        "OPTIONS": {"MAX_ENTRIES": 1_000_000},
    }
    with override_settings(CACHES={"default": local}):
        yield


class _PeakRss:
    """Samples this process's RSS every 20 ms while the block runs."""

    def __init__(self) -> None:
        self.peak = 0
        self._stop = threading.Event()

    def _sample(self) -> None:
        process = psutil.Process()
        while not self._stop.is_set():
            self.peak = max(self.peak, process.memory_info().rss)
            self._stop.wait(0.02)

    @contextmanager
    def running(self) -> Iterator[_PeakRss]:
        thread = threading.Thread(target=self._sample, daemon=True)
        thread.start()
        try:
            yield self
        finally:
            self._stop.set()
            thread.join()

    @property
    def megabytes(self) -> float:
        return self.peak / 1024 / 1024


class _TimedRecords:
    """Wraps the reader so the time spent reading (validating, parsing) is counted apart."""

    def __init__(self, path: Path) -> None:
        self.seconds = 0.0
        self._records = iter_records(path)

    def __iter__(self):
        return self

    def __next__(self):
        started = time.perf_counter()
        try:
            return next(self._records)
        finally:
            self.seconds += time.perf_counter() - started


class Command(BaseCommand):
    help = "Time the ONIX import (first import and unchanged re-import) on a scratch database."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--products", type=int, default=10_000)
        parser.add_argument(
            "--feed", type=Path, help="an ONIX file to use instead of a synthetic one"
        )
        add_database_arguments(parser)

    def handle(self, *args: object, database: str | None, keep: bool, **options: object) -> None:
        with tempfile.TemporaryDirectory(prefix="bench_onix_") as tmp:
            feed = options["feed"]
            if feed is None:
                started = time.perf_counter()
                feed = write_feed(Path(tmp) / "feed.xml", options["products"])
                self._line("feed written", time.perf_counter() - started, extra=feed.stat().st_size)
            with scratch_database(database=database, keep=keep, log=self.stdout.write), _cache():
                self._run(feed)

    def _line(self, label: str, seconds: float, *, extra: int | None = None) -> None:
        size = f" ({extra / 1e6:.1f} MB)" if extra is not None else ""
        self.stdout.write(f"{label}: {seconds:.2f} s{size}")

    def _run(self, feed: Path) -> None:
        started = time.perf_counter()
        load_schema(("3.0", "reference"))
        self._line("schema loaded (once per process)", time.perf_counter() - started)
        for phase in ("first import", "unchanged re-import"):
            records = _TimedRecords(feed)
            sampler = _PeakRss()
            started = time.perf_counter()
            with sampler.running():
                summary = import_records(records=records)
            wall = time.perf_counter() - started
            assert summary.written, [r.message for r in summary.refused[:3]]
            outcome = (
                f"created {summary.works_created}"
                if phase == "first import"
                else f"unchanged {summary.works_unchanged}"
            )
            self.stdout.write(
                f"{phase}: {summary.products_read} products in {wall:.2f} s "
                f"({summary.products_read / wall:,.0f} products/s; read+validate "
                f"{records.seconds:.2f} s, write {wall - records.seconds:.2f} s), "
                f"{outcome}, peak RSS {sampler.megabytes:.0f} MB"
            )
        load = ", ".join(f"{value:.2f}" for value in os.getloadavg())
        self.stdout.write(f"load average (1, 5, 15 min): {load} on {os.cpu_count()} cores")
