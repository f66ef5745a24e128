"""Benchmark: generate a usage file, import, match, calculate, close; check against DuckDB.

    python manage.py bench_royalties --lines 1000000

Creates (once per run, tagged) 10,000 works with ISBNs and one active
contract each between ~50 licensors and one licensee, writes a realistic
CSV (30 territories, 5 channels, ISBN-10 spellings, title-only rows, a few
returns and bad rows) into a temp dir, then times each stage of the real
code path and prints lines/s and peak RSS. The expected totals are computed
independently with DuckDB straight from the file and compared to the cent.
Fixtures are bulk-inserted (not timed): they stand for a catalogue that
already exists. Everything is written to a scratch database that is dropped
at the end (marketplace.benchmarks.scratch_db; ``--database`` names another).
"""

from __future__ import annotations

import csv
import random
import resource
import shutil
import tempfile
import time
import uuid
from collections import defaultdict
from decimal import ROUND_HALF_EVEN, Decimal, localcontext
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from catalog.models import OwnershipShare, Party, Work, WorkIdentifier
from licensing.contracts.models import Contract
from licensing.royalties import ingest
from licensing.royalties.close import LEDGER_BATCH, period_close, statements_post_ledger_now
from licensing.royalties.models import ReportStatus, RoyaltyPeriod
from licensing.royalties.services import usage_report_create
from marketplace.benchmarks.scratch_db import add_database_arguments, scratch_database

TERRITORIES = (
    "VN TH MY ID PH SG KH LA MM BN CN HK TW MO JP KR IN AU NZ US CA GB FR DE IT ES NL BR MX ZA"
).split()
CHANNELS = ("print", "ebook", "audiobook", "streaming", "subscription")
FORMATS = {
    "print": "paperback",
    "ebook": "epub",
    "audiobook": "mp3",
    "streaming": "",
    "subscription": "",
}
RATES = [
    {
        "channel": "print",
        "basis": "list_price",
        "rate": "10",
        "escalators": [{"above_units": 2000, "rate": "12.5"}],
    },
    {"channel": "ebook", "basis": "net_receipts", "rate": "25"},
    {"channel": "audiobook", "basis": "net_receipts", "rate": "20"},
    {"channel": "streaming", "basis": "per_unit", "rate": "0.01"},
    {"channel": "subscription", "basis": "net_receipts", "rate": "15"},
]
PERIOD = "2027-Q1"


def isbn13(n: int) -> str:
    body = f"979{n:09d}"
    check = (10 - sum(int(d) * (1 if i % 2 == 0 else 3) for i, d in enumerate(body)) % 10) % 10
    return body + str(check)


class _Stages(dict):
    """Prints each stage as it ends, so a slow stage is visible while it runs."""

    def __init__(self, out):
        super().__init__()
        self.out = out

    def __setitem__(self, key, value):
        super().__setitem__(key, value)
        self.out(f"  … {key}: {value:.2f} s (RSS {rss_mb():.0f} MB)")


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


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
            self.measure(out, tmp / f"usage-{tag}.csv", lines, contracts, titles, isbns, seed)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)  # a 1M-line file is 86 MB

    def measure(self, out, path: Path, lines, contracts, titles, isbns, seed) -> None:
        t0 = time.perf_counter()
        self.generate(path, lines, titles, isbns, seed)
        out(
            f"generate: {lines:,} lines, {path.stat().st_size / 1e6:.0f} MB in "
            f"{time.perf_counter() - t0:.1f} s (not timed)"
        )

        stages = _Stages(out)
        start = time.perf_counter()
        t = time.perf_counter()
        report = usage_report_create(
            contract=contracts[0],
            period=PERIOD,
            path=str(path),
            file_name=path.name,
            format="csv",
            keep_file=False,
        )
        report.status = ReportStatus.PROCESSING
        total, bad, bad_path = ingest.stream_to_staging(
            report=report, path=str(path), default_currency="USD"
        )
        stages["import (hash, parse, validate, COPY)"] = time.perf_counter() - t
        t = time.perf_counter()
        ingest.match_staging(report=report)
        stages["match (identifiers, rules, fuzzy, contracts)"] = time.perf_counter() - t
        t = time.perf_counter()
        report = ingest.finish_import(report=report, total=total, bad=bad, bad_path=bad_path)
        stages["post usage lines"] = time.perf_counter() - t
        t = time.perf_counter()
        close_timings: dict[str, float] = {}
        statements = period_close(
            contracts=contracts, period=PERIOD, timings=close_timings, enqueue_ledger=False
        )
        stages["calculate + close (statements committed)"] = time.perf_counter() - t
        t = time.perf_counter()
        # What the after-commit Celery task does, run here in-process to time it.
        ids = [s.pk for s in statements]
        posted = sum(
            statements_post_ledger_now(ids[i : i + LEDGER_BATCH])
            for i in range(0, len(ids), LEDGER_BATCH)
        )
        stages[f"ledger ({posted:,} journal entries, after-commit task)"] = time.perf_counter() - t
        engine_seconds = time.perf_counter() - start

        out(
            f"report {report.pk}: {report.status}, rows {report.total_rows:,}, good "
            f"{report.good_rows:,}, bad {report.bad_rows:,}, unmatched {report.unmatched_rows:,}"
        )
        close_seconds = sum(v for k, v in stages.items() if not k.startswith("ledger"))
        for name, seconds in stages.items():
            out(f"  {name:<48} {seconds:7.2f} s")
        for name, seconds in close_timings.items():
            out(f"      close: {name:<38} {seconds:7.2f} s")
        out(
            f"end to end: {engine_seconds:.2f} s ({close_seconds:.2f} s to closed statements), "
            f"{lines / engine_seconds:,.0f} lines/s, {len(statements):,} statements, "
            f"peak RSS {rss_mb():.0f} MB"
        )

        t = time.perf_counter()
        expected = self.duckdb_totals(path)
        baseline = time.perf_counter() - t
        periods = RoyaltyPeriod.objects.filter(contract__in=contracts, period=PERIOD)
        engine_total = sum((p.earnings for p in periods), Decimal(0))
        units = sum(p.units for p in periods)
        out(
            f"DuckDB baseline: {baseline:.2f} s; engine/baseline time ratio "
            f"{engine_seconds / baseline:.1f}"
        )
        out(
            f"  royalties  engine {engine_total}  DuckDB {expected['royalty']}  "
            f"{'AGREE' if engine_total == expected['royalty'] else 'DIFFER'}"
        )
        out(
            f"  units      engine {units}  DuckDB {expected['units']}  "
            f"{'AGREE' if units == expected['units'] else 'DIFFER'}"
        )
        engine_by_title = {
            period.contract.work.title: period.earnings
            for period in periods.select_related("contract__work")
        }
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
            isbns = [isbn13(base + i) for i in range(works)]
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
                "royalty_rates": RATES,
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

    # --- the file -------------------------------------------------------------------------
    def generate(self, path: Path, lines: int, titles, isbns, seed: int) -> None:
        rng = random.Random(seed)
        n = len(titles)
        # Popularity is skewed: a few titles sell in many territories (Pareto).
        weights = [1 / (i + 1) ** 0.8 for i in range(n)]
        picks = rng.choices(range(n), weights=weights, k=lines)
        header = [
            "isbn",
            "title",
            "author",
            "territory",
            "channel",
            "format",
            "units",
            "list_price",
            "net_receipts",
            "currency",
            "period",
        ]
        with open(path, "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            for k in range(lines):
                w = picks[k]
                channel = CHANNELS[k % 5]
                territory = TERRITORIES[rng.randrange(30)]
                r = rng.random()
                isbn = isbns[w]
                if r < 0.0005:
                    territory = "XX"  # bad row: quarantined
                elif r < 0.01:
                    isbn = ""  # title only: fuzzy match
                elif r < 0.06:
                    isbn = f"{isbn[:3]}-{isbn[3:5]}-{isbn[5:9]}-{isbn[9:12]}-{isbn[12]}"
                units = rng.randint(1, 400) if channel != "streaming" else rng.randint(10, 2_000)
                if r > 0.98 and channel == "print":
                    units = -rng.randint(1, 5)  # returns
                price = Decimal(rng.randrange(499, 2999)) / 100
                net = (price * units * Decimal("0.55")).quantize(Decimal("0.01"))
                writer.writerow(
                    [
                        isbn,
                        titles[w],
                        "",
                        territory,
                        channel,
                        FORMATS[channel],
                        units,
                        price,
                        net,
                        "USD",
                        PERIOD,
                    ]
                )

    # --- the independent baseline ------------------------------------------------------------
    def duckdb_totals(self, path: Path) -> dict:
        """DuckDB sums the file per title and channel with exact DECIMALs; the rate formula
        is then applied per contract in Decimal at 50 digits (DuckDB divides decimals in
        floating point) and rounded half-even once per contract total, which is what the
        engine's carried per-line rounding sums to."""
        import duckdb

        sql = """
        SELECT title, channel, sum(CAST(units AS BIGINT)),
               sum(CAST(list_price AS DECIMAL(18,4)) * CAST(units AS BIGINT)),
               sum(CAST(net_receipts AS DECIMAL(18,4)))
          FROM read_csv(?, header=true, all_varchar=true)
         WHERE territory <> 'XX'
         GROUP BY 1, 2
        """
        rows = duckdb.connect().execute(sql, [str(path)]).fetchall()
        per_contract: dict[str, Decimal] = defaultdict(Decimal)
        units_total = 0
        with localcontext() as ctx:
            ctx.prec = 50
            for title, channel, units, list_amount, net in rows:
                units_total += units
                list_amount, net = Decimal(list_amount), Decimal(net)
                if channel == "print":
                    if units <= 2000:
                        exact = list_amount * Decimal("0.10")
                    else:
                        weighted = 2000 * Decimal("0.10") + (units - 2000) * Decimal("0.125")
                        exact = list_amount * weighted / units
                else:
                    exact = {
                        "ebook": net * Decimal("0.25"),
                        "audiobook": net * Decimal("0.20"),
                        "streaming": units * Decimal("0.01"),
                        "subscription": net * Decimal("0.15"),
                    }[channel]
                per_contract[title] += exact
            per_title = {
                title: exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_EVEN)
                for title, exact in per_contract.items()
            }
        return {
            "royalty": sum(per_title.values(), Decimal(0)),
            "units": units_total,
            "per_title": per_title,
        }
