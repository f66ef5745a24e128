"""Benchmark: import, match, calculate, close; then a late and overlapping report and
the next close that restates; every total checked against DuckDB.

    python manage.py bench_royalties --lines 1000000

Creates (once per run, tagged) 10,000 works with ISBNs and one active
contract each between ~50 licensors and one licensee, writes a realistic
CSV (30 territories, 5 channels, ISBN-10 spellings, title-only rows, a few
returns and bad rows, the licensee's line ids) into a temp dir, then times
each stage of the real code path and prints lines/s and peak RSS:

1. the on-time report for 2027-Q1 (``--lines`` rows): import, match, post,
   close 2027-Q1, ledger — compared with DuckDB over the file;
2. a late report for 2027-Q1 filed under another contract after that close
   (royalties_data.py): a tenth as many new rows (late.py: recorded as late
   usage) and as many rows repeated from the first file (overlap.py: the
   report stops for review and the repeated lines are skipped), then the
   2027-Q2 close, which restates 2027-Q1 by difference, and its ledger —
   compared with DuckDB over the distinct lines of both files: per contract,
   2027-Q1 earnings + 2027-Q2 adjustments equal one computation over all lines.

Fixtures are bulk-inserted (not timed): they stand for a catalogue that
already exists. Everything is written to a scratch database that is dropped
at the end (marketplace.benchmarks.scratch_db; ``--database`` names another).
"""

from __future__ import annotations

import random
import resource
import shutil
import tempfile
import time
import uuid
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Sum

from catalog.models import OwnershipShare, Party, Work, WorkIdentifier
from licensing.contracts.models import Contract
from licensing.royalties import ingest, review
from licensing.royalties.close import LEDGER_BATCH, period_close, statements_post_ledger_now
from licensing.royalties.models import (
    LateUsage,
    ReportStatus,
    ReviewDecision,
    RoyaltyPeriod,
    UsageLine,
)
from licensing.royalties.services import usage_report_create
from marketplace.benchmarks import royalties_data as data
from marketplace.benchmarks.scratch_db import add_database_arguments, scratch_database


class _Stages(dict):
    """Prints each stage as it ends, so a slow stage is visible while it runs."""

    def __init__(self, out):
        super().__init__()
        self.out = out
        self.close_timings: dict[str, float] = {}

    def __setitem__(self, key, value):
        super().__setitem__(key, value)
        self.out(f"  … {key}: {value:.2f} s (RSS {rss_mb():.0f} MB)")


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def posted_units(contracts) -> int:
    """Units of the posted usage lines of ``PERIOD`` (skipped repeats are not posted)."""
    return (
        UsageLine.objects.filter(
            contract__in=contracts,
            report__period=data.PERIOD,
            report__status=ReportStatus.POSTED,
        ).aggregate(units=Sum("units"))["units"]
        or 0
    )


def import_report(
    stages,
    contract,
    path: Path,
    *,
    format: str = "csv",
    read_stage: str = "import (hash, parse, validate, COPY)",
):
    """The stages the Celery import task runs, timed one by one into ``stages``."""
    t = time.perf_counter()
    report = usage_report_create(
        contract=contract,
        period=data.PERIOD,
        path=str(path),
        file_name=path.name,
        format=format,
        keep_file=False,
    )
    report.status = ReportStatus.PROCESSING
    total, bad, bad_path = ingest.stream_to_staging(
        report=report, path=str(path), default_currency="USD"
    )
    stages[read_stage] = time.perf_counter() - t
    t = time.perf_counter()
    ingest.match_staging(report=report)
    stages["match (identifiers, rules, fuzzy, contracts)"] = time.perf_counter() - t
    t = time.perf_counter()
    report = ingest.finish_import(report=report, total=total, bad=bad, bad_path=bad_path)
    stages["post usage lines (overlap check)"] = time.perf_counter() - t
    return report


class Command(BaseCommand):
    help = "Benchmark usage import and the royalty engine end to end."

    def add_arguments(self, parser):
        parser.add_argument("--lines", type=int, default=1_000_000)
        parser.add_argument("--works", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=7)
        add_database_arguments(parser)

    def handle(self, *args, database: str | None, keep: bool, **options):
        with scratch_database(database=database, keep=keep, log=self.stderr.write):
            self.run(**options)

    def run(self, *, lines: int, works: int, seed: int, **options):
        tag = uuid.uuid4().hex[:8]

        def out(text: str) -> None:
            self.stdout.write(text)
            self.stdout.flush()

        t0 = time.perf_counter()
        _licensee, contracts, titles, isbns = self.fixtures(tag, works)
        out(f"setup: {works} works / contracts in {time.perf_counter() - t0:.1f} s (not timed)")
        tmp = Path(tempfile.mkdtemp(prefix="bench-royalties-"))
        try:
            on_time, late = tmp / f"usage-{tag}.csv", tmp / f"usage-{tag}-late.csv"
            t0 = time.perf_counter()
            late_rows, repeated = data.generate(on_time, late, lines, titles, isbns, seed)
            out(
                f"generate: {lines:,} lines ({on_time.stat().st_size / 1e6:.0f} MB) and a late "
                f"file of {late_rows:,} new + {repeated:,} repeated lines in "
                f"{time.perf_counter() - t0:.1f} s (not timed)"
            )
            self.on_time(out, on_time, lines, contracts)
            self.late(out, on_time, late, late_rows + repeated, contracts)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)  # a 1M-line file is 86 MB

    def on_time(self, out, path: Path, lines: int, contracts) -> None:
        out(f"\n1. on-time report, {data.PERIOD}, and its close")
        stages = _Stages(out)
        start = time.perf_counter()
        report = import_report(stages, contracts[0], path)
        statements = self.close(stages, contracts, data.PERIOD)
        seconds = time.perf_counter() - start
        self.summary(out, stages, report, statements, lines, seconds)
        t = time.perf_counter()
        expected = data.duckdb_totals([path])
        baseline = time.perf_counter() - t
        out(
            f"DuckDB baseline: {baseline:.2f} s; engine/baseline time ratio "
            f"{seconds / baseline:.1f}"
        )
        periods = RoyaltyPeriod.objects.filter(contract__in=contracts, period=data.PERIOD)
        engine_by_title = {
            p.contract.work.title: p.earnings for p in periods.select_related("contract__work")
        }
        self.compare(out, engine_by_title, posted_units(contracts), expected)

    def late(self, out, on_time: Path, path: Path, lines: int, contracts) -> None:
        out(
            f"\n2. late report for {data.PERIOD} with repeated lines, "
            f"and the {data.NEXT_PERIOD} close"
        )
        stages = _Stages(out)
        start = time.perf_counter()
        report = import_report(stages, contracts[1], path)
        if report.status != ReportStatus.REVIEW:
            raise CommandError(f"the late report repeats lines but is {report.status}")
        t = time.perf_counter()
        report = review.usage_report_review_decide(
            report=report, decision=ReviewDecision.SKIP, user=None
        )
        stages["review: skip the repeated lines, post"] = time.perf_counter() - t
        recorded = LateUsage.objects.filter(report=report).count()
        statements = self.close(stages, contracts, data.NEXT_PERIOD)
        seconds = time.perf_counter() - start
        self.summary(out, stages, report, statements, lines, seconds)
        restated = RoyaltyPeriod.objects.filter(
            contract__in=contracts, period=data.NEXT_PERIOD
        ).exclude(adjustments=0)
        out(
            f"late usage: {recorded:,} contracts recorded, {report.review_skipped:,} repeated "
            f"lines skipped, {restated.count():,} contracts restated, adjustments "
            f"{sum((p.adjustments for p in restated), Decimal(0))}"
        )
        t = time.perf_counter()
        expected = data.duckdb_totals([on_time, path])
        baseline = time.perf_counter() - t
        out(
            f"DuckDB baseline (distinct lines of both files): {baseline:.2f} s; engine/baseline "
            f"time ratio {seconds / baseline:.1f} (late report path only)"
        )
        engine_by_title: dict[str, Decimal] = defaultdict(Decimal)
        for p in RoyaltyPeriod.objects.filter(
            contract__in=contracts, period__in=[data.PERIOD, data.NEXT_PERIOD]
        ).select_related("contract__work"):
            engine_by_title[p.contract.work.title] += p.earnings + p.adjustments
        self.compare(out, engine_by_title, posted_units(contracts), expected)

    def close(self, stages, contracts, period: str):
        t = time.perf_counter()
        close_timings: dict[str, float] = {}
        statements = period_close(
            contracts=contracts, period=period, timings=close_timings, enqueue_ledger=False
        )
        stages[f"calculate + close {period} (statements committed)"] = time.perf_counter() - t
        stages.close_timings = close_timings
        t = time.perf_counter()
        # What the after-commit Celery task does, run here in-process to time it.
        ids = [s.pk for s in statements]
        posted = sum(
            statements_post_ledger_now(ids[i : i + LEDGER_BATCH])
            for i in range(0, len(ids), LEDGER_BATCH)
        )
        stages[f"ledger ({posted:,} journal entries, after-commit task)"] = time.perf_counter() - t
        return statements

    def summary(self, out, stages, report, statements, lines: int, seconds: float) -> None:
        out(
            f"report {report.pk}: {report.status}, rows {report.total_rows:,}, good "
            f"{report.good_rows:,}, bad {report.bad_rows:,}, unmatched {report.unmatched_rows:,}"
        )
        for name, took in stages.items():
            out(f"  {name:<52} {took:7.2f} s")
        for name, took in stages.close_timings.items():
            out(f"      close: {name:<42} {took:7.2f} s")
        to_close = sum(v for k, v in stages.items() if not k.startswith("ledger"))
        out(
            f"end to end: {seconds:.2f} s ({to_close:.2f} s to closed statements), "
            f"{lines / seconds:,.0f} lines/s, {len(statements):,} statements, "
            f"peak RSS {rss_mb():.0f} MB"
        )

    def compare(self, out, engine_by_title: dict, units: int, expected: dict) -> None:
        engine_total = sum(engine_by_title.values(), Decimal(0))
        out(
            f"  royalties  engine {engine_total}  DuckDB {expected['royalty']}  "
            f"{'AGREE' if engine_total == expected['royalty'] else 'DIFFER'}"
        )
        out(
            f"  units      engine {units}  DuckDB {expected['units']}  "
            f"{'AGREE' if units == expected['units'] else 'DIFFER'}"
        )
        baseline_by_title = expected["per_title"]
        differing = [
            (title, engine_by_title.get(title), baseline_by_title.get(title))
            for title in sorted(engine_by_title.keys() | baseline_by_title.keys())
            if engine_by_title.get(title, Decimal(0)) != baseline_by_title.get(title, Decimal(0))
        ]
        for title, engine_amount, baseline_amount in differing[:10]:
            out(f"  DIFFER {title}: engine {engine_amount}, DuckDB {baseline_amount}")
        if differing or units != expected["units"] or engine_total != expected["royalty"]:
            raise CommandError(f"the engine and DuckDB disagree on {len(differing)} contracts")

    # --- fixtures -------------------------------------------------------------------------
    def fixtures(self, tag: str, works: int):
        with transaction.atomic():
            licensee = Party.objects.create(
                kind="organisation",
                category="platform",
                name=f"Bench Reader {tag}",
                original_name=f"Bench Reader {tag}",
                country="SG",
                source_ref=f"bench:{tag}:lic",
            )
            licensors = Party.objects.bulk_create(
                Party(
                    kind="organisation",
                    category="publisher",
                    name=f"Bench Press {tag}-{i}",
                    original_name=f"Bench Press {tag}-{i}",
                    country="CN",
                    source_ref=f"bench:{tag}:p{i}",
                )
                for i in range(50)
            )
            base = random.Random(tag).randrange(10**8)
            work_rows = Work.objects.bulk_create(
                Work(
                    work_type="literary",
                    title=f"Bench Work {tag} {i}",
                    original_title=f"Bench Work {tag} {i}",
                    original_language="zh-hans",
                    holder=licensors[i % 50],
                    country_of_origin="CN",
                    source_ref=f"bench:{tag}:w{i}",
                )
                for i in range(works)
            )
            isbns = [data.isbn13(base + i) for i in range(works)]
            WorkIdentifier.objects.bulk_create(
                WorkIdentifier(work=w, scheme="isbn", value=isbns[i])
                for i, w in enumerate(work_rows)
            )
            OwnershipShare.objects.bulk_create(
                OwnershipShare(work=w, party=w.holder, right="all", percent=Decimal(100))
                for w in work_rows
            )
            terms = {
                "currency": "USD",
                "advance": "50",
                "reserve_percent": "10",
                "reserve_periods": 2,
                "reporting_period": "quarterly",
                "royalty_rates": data.RATES,
                "rights": [
                    {
                        "right_type": "translation",
                        "territories": ["WORLD"],
                        "languages": ["en"],
                        "start": "2027-01-01",
                        "end": "2031-12-31",
                        "exclusive": False,
                        "excluded_territories": [],
                        "media": [],
                    }
                ],
            }
            contracts = Contract.objects.bulk_create(
                Contract(
                    number=f"B{tag}{i:06d}",
                    work=w,
                    licensor=w.holder,
                    licensee=licensee,
                    origin="bench",
                    terms=terms,
                    currency="USD",
                    status="active",
                    document_languages=["zh-hans", "en"],
                )
                for i, w in enumerate(work_rows)
            )
        titles = [w.title for w in work_rows]
        return licensee, contracts, titles, isbns
