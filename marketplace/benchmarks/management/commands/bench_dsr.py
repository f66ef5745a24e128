"""Benchmark a DDEX DSR report through the usage import and matching.

python -m marketplace.benchmarks dsr --lines 200000 [--works 10000] [--gzip]

Writes a Basic Audio Profile 1.2 report of ``--lines`` lines (HEAD, two summary records,
blocks of RE01 + AS02.02 + SU02 + SU01, FOOT with its counts; every fourth line is a usage
record, so a 5 M-line report carries 2.5 M usage rows) for ``--works`` music works with
ISRCs the licensee holds contracts for, then times the real code path (the reader with its
structure checks and reconciliation, validation, COPY, matching, posting) and prints
lines/s and peak RSS. Everything goes to a scratch database dropped at the end.
"""

from __future__ import annotations

import gzip
import random
import shutil
import tempfile
import time
import uuid
from pathlib import Path

from django.core.management.base import BaseCommand

from catalog.models import WorkIdentifier
from licensing.royalties.dsr import profiles
from marketplace.benchmarks.management.commands.bench_royalties import (
    Command as RoyaltiesBench,
)
from marketplace.benchmarks.management.commands.bench_royalties import (
    _Stages,
    import_report,
    rss_mb,
)
from marketplace.benchmarks.scratch_db import add_database_arguments, scratch_database

PROFILE = profiles.profile("BasicAudioProfile", "1.2")


def record(code: str, **cells: str) -> str:
    return "\t".join([code, *(cells.get(name, "") for name in PROFILE[code].cells)])


def isrc(i: int) -> str:
    return f"CNB{i // 100_000 % 100:02d}27{i % 100_000:05d}"


def generate(path: Path, lines: int, works: int, seed: int, packed: bool) -> int:
    """Write the report; returns its usage rows. Blocks first to a scratch file, so that
    the summary records (which precede them) can state the totals."""
    rng = random.Random(seed)
    blocks = max(1, (lines - 4) // 4)
    streams = downloads = 0
    body = path.with_suffix(".body")
    with open(body, "w", encoding="utf-8") as out:
        for b in range(1, blocks + 1):
            w = rng.randrange(works)
            s, d = rng.randint(1, 5000), rng.randint(0, 20)
            streams, downloads = streams + s, downloads + d
            out.write(
                "\n".join(
                    (
                        record(
                            "RE01",
                            BlockId=str(b),
                            ReleaseReference="R1",
                            DspReleaseId=f"REL{w}",
                            DisplayArtistName="Bench Artist",
                            Title=f"Bench Album {w}",
                            ReleaseType="Single",
                        ),
                        record(
                            "AS02.02",
                            BlockId=str(b),
                            ResourceReference="A1",
                            DspResourceId=f"RES{w}",
                            ISRC=isrc(w),
                            Title=f"Bench Song {w}",
                            DisplayArtistName="Bench Artist",
                            ResourceType="SoundRecording",
                        ),
                        record(
                            "SU02",
                            BlockId=str(b),
                            SummaryRecordId="S1",
                            SalesTransactionId=f"T{b}s",
                            TransactedResource="A1",
                            IsRoyaltyBearing="true",
                            NumberOfStreams=str(s),
                        ),
                        record(
                            "SU01",
                            BlockId=str(b),
                            SummaryRecordId="S2",
                            SalesTransactionId=f"T{b}d",
                            TransactedResource="A1",
                            IsRoyaltyBearing="true",
                            SalesUpgrade="false",
                            Usages=str(d),
                            Returns="0",
                            PriceConsumerPaidExcSalesTax="0.99",
                        ),
                    )
                )
                + "\n"
            )
    head = record(
        "HEAD",
        MessageVersion="dsrf/1.1/1.2/1.2",
        Profile="BasicAudioProfile",
        ProfileVersion="1.2",
        MessageId=f"BENCH-{seed}",
        MessageCreatedDateTime="2027-04-05T10:00:00Z",
        FileNumber="1",
        NumberOfFiles="1",
        UsageStartDate="2027-01-01",
        UsageEndDate="2027-03-31",
        SenderPartyId="PADPIDA2014999999Z",
        SenderName="Bench Service",
    )
    summaries = [
        record(
            "SY02.02",
            SummaryRecordId="S1",
            CommercialModel="SubscriptionModel",
            UseType="OnDemandStream",
            Territory="VN",
            ServiceDescription="Premium",
            Usages=str(streams),
            CurrencyOfReporting="USD",
            NetRevenue=f"{streams * 0.004:.2f}",
            ContentCategory="Music",
        ),
        record(
            "SY01.01",
            SummaryRecordId="S2",
            CommercialModel="PayAsYouGoModel",
            UseType="PermanentDownload",
            Territory="VN",
            Usages=str(downloads),
            CurrencyOfReporting="USD",
            NetRevenue=f"{downloads * 0.7:.2f}",
        ),
    ]
    total = 1 + len(summaries) + blocks * 4 + 1
    foot = record(
        "FOOT",
        NumberOfLinesInFile=str(total),
        NumberOfLinesInReport=str(total),
        NumberOfSummaryRecords="2",
        NumberOfBlocksInFile=str(blocks),
        NumberOfBlocksInReport=str(blocks),
    )
    opener = gzip.open if packed else open
    with opener(path, "wt", encoding="utf-8") as out, open(body, encoding="utf-8") as src:
        out.write("\n".join([head, *summaries]) + "\n")
        shutil.copyfileobj(src, out, 1 << 20)
        out.write(foot + "\n")
    body.unlink()
    return blocks * 2


class Command(BaseCommand):
    help = "Benchmark a DDEX DSR report through usage import and matching."

    def add_arguments(self, parser):
        parser.add_argument("--lines", type=int, default=200_000)
        parser.add_argument("--works", type=int, default=10_000)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--gzip", action="store_true", help="write the report gzip'd")
        add_database_arguments(parser)

    def handle(self, *args, database: str | None, keep: bool, **options):
        with scratch_database(database=database, keep=keep, log=self.stderr.write):
            self.run(**options)

    def run(self, *, lines: int, works: int, seed: int, gzip: bool, **options):
        def out(text: str) -> None:
            self.stdout.write(text)
            self.stdout.flush()

        tag = uuid.uuid4().hex[:8]
        t0 = time.perf_counter()
        bench = RoyaltiesBench()
        _licensee, contracts, _titles, _isbns = bench.fixtures(tag, works)
        WorkIdentifier.objects.bulk_create(
            WorkIdentifier(work_id=c.work_id, scheme="isrc", value=isrc(i))
            for i, c in enumerate(contracts)
        )
        out(f"setup: {works} works with ISRCs / contracts in {time.perf_counter() - t0:.1f} s")
        tmp = Path(tempfile.mkdtemp(prefix="bench-dsr-"))
        try:
            path = tmp / f"DSR_bench_{tag}.tsv{'.gz' if gzip else ''}"
            t0 = time.perf_counter()
            rows = generate(path, lines, works, seed, gzip)
            out(
                f"generate: {lines:,} lines, {rows:,} usage rows "
                f"({path.stat().st_size / 1e6:.0f} MB) in {time.perf_counter() - t0:.1f} s"
            )
            stages = _Stages(out)
            start = time.perf_counter()
            report = import_report(
                stages,
                contracts[0],
                path,
                format="dsr",
                read_stage="import (hash, read + reconcile DSR, validate, COPY)",
            )
            elapsed = time.perf_counter() - start
            out(
                f"DSR import + match: {report.status}, {report.total_rows:,} rows "
                f"({report.good_rows:,} good, {report.bad_rows:,} bad) in {elapsed:.1f} s: "
                f"{lines / elapsed:,.0f} lines/s, {report.total_rows / elapsed:,.0f} rows/s, "
                f"peak RSS {rss_mb():.0f} MB"
            )
            out(f"5 M lines at this rate: {5_000_000 / (lines / elapsed):.0f} s (extrapolated)")
        finally:
            shutil.rmtree(tmp, ignore_errors=True)
