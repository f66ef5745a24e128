"""manage.py bench_availability: availability-check latency and activation throughput.

Runs on a scratch database created and dropped around the run
(marketplace.benchmarks.scratch_db), or on the one ``--database`` names. There it
writes a synthetic data set (parties, works, grants and contracts whose
``source_ref`` / number start with ``bench:`` / ``BENCH-``) and deletes it
again at the end, also after an error or Ctrl-C, so a named database gets
back what it had; a leftover from a killed run is removed before the next.

Figures:
* p50/p95/p99 of ``check_availability`` over random requests;
* activations per second through the real ``contract_activate`` (guards,
  grant cells, audit rows; contracts are set up signed directly, without
  the PDF), WITH the two GrantCell exclusion constraints and with them
  dropped (``ALTER TABLE … DROP CONSTRAINT``), alternating twice. They are
  re-added with their recorded definitions after each phase and again in a
  ``finally``, so they come back even when the run fails.

Index updates (``grants_changed`` subscribers) are muted during the run:
they belong to the search benchmarks and would otherwise queue one Celery
task per activation.
"""

from __future__ import annotations

import datetime as dt
import gc
import os
import random
import statistics
import sys
import time

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.db.backends.postgresql.psycopg_any import DateRange
from tqdm import tqdm

from catalog.kernel import events
from catalog.models import Party, Work
from licensing.availability import check_availability
from licensing.contracts.models import (
    Contract,
    ContractEvent,
    ContractSignature,
    ContractStatus,
)
from licensing.contracts.services import contract_activate
from licensing.models import ANY, Grant, GrantCell, HeldCell, HeldRight
from licensing.terms import Terms
from marketplace.benchmarks.scratch_db import add_database_arguments, scratch_database

TABLE = GrantCell._meta.db_table
RIGHTS = ["translation", "audio", "ebook", "reprint"]
COUNTRIES = [
    "VN",
    "TH",
    "MY",
    "ID",
    "PH",
    "SG",
    "KH",
    "LA",
    "MM",
    "BN",
    "CN",
    "HK",
    "TW",
    "JP",
    "KR",
    "US",
    "GB",
    "FR",
    "DE",
    "ES",
    "IT",
    "BR",
    "MX",
    "IN",
    "AU",
]
LANGUAGES = ["vi", "th", "en", "id"]
WINDOWS = 5  # yearly windows 2030…2034, exclusive and non-exclusive alternating
CELLS_PER_WORK = len(RIGHTS) * len(COUNTRIES) * len(LANGUAGES) * WINDOWS


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = (len(ordered) - 1) * p / 100
    lo, hi = int(k), min(int(k) + 1, len(ordered) - 1)
    return ordered[lo] + (ordered[hi] - ordered[lo]) * (k - lo)


class Command(BaseCommand):
    help = (
        "Benchmark availability checks and contract activation "
        "(on a scratch database, or the one --database names; cleans up after itself)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--grants", type=int, default=100_000, help="grant cells to create")
        parser.add_argument("--checks", type=int, default=2000)
        parser.add_argument("--contracts", type=int, default=500, help="per phase")
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument(
            "--rounds",
            type=int,
            default=3,
            help="rounds of --checks each; the best round is reported too (timeit-style: on a "
            "shared machine the other processes only ever add time)",
        )
        add_database_arguments(parser)

    def handle(self, *args, **opts) -> None:
        if opts["grants"] < CELLS_PER_WORK or opts["checks"] < 1 or opts["contracts"] < 1:
            raise CommandError(f"--grants must be ≥ {CELLS_PER_WORK}; --checks, --contracts ≥ 1")
        with scratch_database(database=opts["database"], keep=opts["keep"], log=self.stderr.write):
            self.run(opts)

    def run(self, opts) -> None:
        self.rng = random.Random(opts["seed"])
        self.cleanup()
        dropped: list[tuple[str, str]] = []
        try:
            with events.subscribers_suspended():
                works = self.build(opts["grants"])
                rounds = [self.checks(works, opts["checks"]) for _ in range(opts["rounds"])]
                # Alternate with / without twice (half the contracts each time) so a change
                # in the machine's load during the run weighs on both sides alike.
                half = max(1, opts["contracts"] // 2)
                timing = {"with": [0, 0.0], "without": [0, 0.0]}
                for i, (label, year) in enumerate(
                    [("with", 2040), ("without", 2045), ("with", 2050), ("without", 2055)]
                ):
                    if label == "without":
                        dropped = self.drop_constraints()
                    elapsed = self.activations(works, half, year=year, label=f"{label}-{i}")
                    timing[label][0] += half
                    timing[label][1] += elapsed
                    if label == "without":
                        self.restore_constraints(dropped)
                with_c = timing["with"][0] / timing["with"][1]
                without = timing["without"][0] / timing["without"][1]
        finally:
            try:
                self.cleanup()
            finally:
                self.restore_constraints(dropped)
        self.report(opts, rounds, with_c, without)

    # --- data ------------------------------------------------------------------------------------
    def build(self, n_cells: int) -> list[Work]:
        n_works = n_cells // CELLS_PER_WORK
        holder = Party.objects.create(
            kind="organisation",
            category="publisher",
            name="Bench holder",
            original_name="Bench holder",
            country="CN",
            source_ref="bench:holder",
        )
        self.licensee = Party.objects.create(
            kind="organisation",
            category="publisher",
            name="Bench licensee",
            original_name="Bench licensee",
            country="VN",
            source_ref="bench:licensee",
        )
        works = Work.objects.bulk_create(
            Work(
                work_type="literary",
                title=f"Bench {i}",
                original_title=f"Bench {i}",
                original_language="zh-hans",
                holder=holder,
                country_of_origin="CN",
                source_ref=f"bench:work:{i}",
            )
            for i in range(n_works)
        )
        # A publisher's works hold nothing by default (only a creator-holder does): each
        # records its author contract, "everything", so the grants below lie inside it.
        always = DateRange(None, None, "[)")
        held = HeldRight.objects.bulk_create(
            HeldRight(
                work=work,
                holder=holder,
                basis=HeldRight.Basis.ACQUIRED,
                right_type=ANY,
                territories=[ANY],
                languages=[ANY],
                period=always,
                exclusive=True,
                source_ref=f"bench:author-contract:{work.pk}",
            )
            for work in works
        )
        HeldCell.objects.bulk_create(
            HeldCell(
                held=h,
                work_id=h.work_id,
                right_type=ANY,
                territory=ANY,
                language=ANY,
                period=always,
                exclusive=True,
            )
            for h in held
        )
        grants = []
        for work in works:
            for right in RIGHTS:
                for w in range(WINDOWS):
                    start = dt.date(2030 + w, 1, 1)
                    grants.append(
                        Grant(
                            work=work,
                            licensee=self.licensee,
                            right_type=right,
                            territories=COUNTRIES,
                            languages=LANGUAGES,
                            period=DateRange(start, dt.date(2031 + w, 1, 1), "[)"),
                            exclusive=w % 2 == 0,
                            source_ref=f"bench:{work.pk}:{right}:{w}",
                        )
                    )
        grants = Grant.objects.bulk_create(grants, batch_size=2000)
        bar = tqdm(
            total=len(grants) * len(COUNTRIES) * len(LANGUAGES),
            desc="grant cells",
            file=sys.stderr,
            unit="cell",
        )
        batch: list[GrantCell] = []
        for grant in grants:
            for country in COUNTRIES:
                for language in LANGUAGES:
                    batch.append(
                        GrantCell(
                            grant=grant,
                            work_id=grant.work_id,
                            right_type=grant.right_type,
                            territory=country,
                            language=language,
                            period=grant.period,
                            exclusive=grant.exclusive,
                        )
                    )
            if len(batch) >= 5000:
                GrantCell.objects.bulk_create(batch)
                bar.update(len(batch))
                batch = []
        GrantCell.objects.bulk_create(batch)
        bar.update(len(batch))
        bar.close()
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {TABLE}")
        return works

    def checks(self, works: list[Work], n: int) -> list[float]:
        rng = self.rng
        # One warm-up so connection set-up and imports are not in the figures.
        check_availability(
            work=works[0],
            right_type="translation",
            territories=["VN"],
            languages=["vi"],
            start=dt.date(2030, 1, 1),
            end=dt.date(2030, 1, 2),
            exclusive=False,
        )
        latencies = []
        # As a preforked server does after start-up (gc.freeze): the objects loaded so far
        # are long-lived, so the collector need not rescan them during requests.
        gc.collect()
        gc.freeze()
        for _ in tqdm(range(n), desc="checks", file=sys.stderr):
            start = dt.date(2029, 1, 1) + dt.timedelta(days=rng.randrange(0, 6 * 365))
            kwargs = {
                "work": rng.choice(works),
                "right_type": rng.choice(RIGHTS),
                "territories": rng.sample(COUNTRIES, rng.randint(1, 3)),
                "languages": rng.sample(LANGUAGES, rng.randint(1, 2)),
                "start": start,
                "end": start + dt.timedelta(days=rng.randrange(1, 3 * 365)),
                "exclusive": rng.random() < 0.5,
            }
            t0 = time.perf_counter()
            check_availability(**kwargs)
            latencies.append((time.perf_counter() - t0) * 1000)
        return latencies

    def activations(self, works: list[Work], n: int, *, year: int, label: str) -> float:
        """Seconds to activate ``n`` contracts (set up awaiting, both signed) one by one."""
        user, _ = get_user_model().objects.get_or_create(username="bench-availability")
        contracts = []
        for i in range(n):
            work = works[i % len(works)]
            right = RIGHTS[(i // len(works)) % len(RIGHTS)]
            start = dt.date(year, 1, 1) + dt.timedelta(days=400 * (i // (len(works) * len(RIGHTS))))
            terms = Terms.from_dict(
                {
                    "currency": "USD",
                    "rights": [
                        {
                            "right_type": right,
                            "territories": COUNTRIES[:5],
                            "languages": LANGUAGES[:2],
                            "start": start.isoformat(),
                            "end": (start + dt.timedelta(days=364)).isoformat(),
                            "exclusive": True,
                        }
                    ],
                }
            )
            contracts.append(
                Contract(
                    number=f"BENCH-{label}-{i:06d}",
                    work=work,
                    licensor=work.holder,
                    licensee=self.licensee,
                    terms=terms.to_dict(),
                    currency="USD",
                    document_languages=["zh-hans", "en"],
                    status=ContractStatus.AWAITING_SIGNATURES,
                    document_sha256="0" * 64,
                )
            )
        contracts = Contract.objects.bulk_create(contracts)
        now = dt.datetime.now(dt.UTC)
        ContractSignature.objects.bulk_create(
            ContractSignature(
                contract=c,
                party=party,
                signer=user,
                signer_name="bench",
                signed_at=now,
                document_sha256="0" * 64,
            )
            for c in contracts
            for party in (c.licensor, c.licensee)
        )
        t0 = time.perf_counter()
        for contract in tqdm(contracts, desc=f"activations ({label} constraints)", file=sys.stderr):
            contract_activate(contract=contract)
        return time.perf_counter() - t0

    # --- constraints -----------------------------------------------------------------------------
    def drop_constraints(self) -> list[tuple[str, str]]:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute(
                "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint "
                "WHERE conrelid = %s::regclass AND contype = 'x' ORDER BY conname",
                [TABLE],
            )
            definitions = cursor.fetchall()
            for name, _definition in definitions:
                cursor.execute(f'ALTER TABLE {TABLE} DROP CONSTRAINT "{name}"')
        return definitions

    def restore_constraints(self, definitions: list[tuple[str, str]]) -> None:
        added = []
        with connection.cursor() as cursor:
            for name, definition in definitions:
                cursor.execute(
                    "SELECT 1 FROM pg_constraint WHERE conrelid = %s::regclass AND conname = %s",
                    [TABLE, name],
                )
                if cursor.fetchone() is None:
                    cursor.execute(f'ALTER TABLE {TABLE} ADD CONSTRAINT "{name}" {definition}')
                    added.append(name)
        if added:
            self.stderr.write(f"exclusion constraints restored: {', '.join(added)}")

    # --- clean-up and report ---------------------------------------------------------------------
    def cleanup(self) -> None:
        with transaction.atomic():
            contracts = Contract.objects.filter(number__startswith="BENCH-")
            ContractSignature.objects.filter(contract__in=contracts).delete()
            ContractEvent.objects.filter(contract__in=contracts).delete()
            works = Work.objects.filter(source_ref__startswith="bench:work:")
            GrantCell.objects.filter(work__in=works).delete()
            Grant.objects.filter(work__in=works).delete()
            contracts.delete()
            works.delete()
            Party.objects.filter(source_ref__in=["bench:holder", "bench:licensee"]).delete()
            get_user_model().objects.filter(username="bench-availability").delete()

    def report(self, opts, rounds: list[list[float]], with_c: float, without: float) -> None:
        every = [x for r in rounds for x in r]
        best = min(rounds, key=lambda r: percentile(r, 99))
        load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
        rows = [
            ("machine", f"{os.cpu_count()} CPUs, load average {load} (1/5/15 min)"),
            ("grant cells", f"{opts['grants']:,}"),
            ("availability checks", f"{len(every):,} ({len(rounds)} rounds)"),
        ]
        for label, values in (("all rounds", every), ("best round", best)):
            p50, p95, p99 = (percentile(values, p) for p in (50, 95, 99))
            rows += [
                (f"check p50 / p95 / p99 (ms), {label}", f"{p50:.2f} / {p95:.2f} / {p99:.2f}"),
            ]
        p99_best = percentile(best, 99)
        rows += [
            ("check mean (ms), all rounds", f"{statistics.fmean(every):.2f}"),
            ("p99 target < 5 ms (best round)", "met" if p99_best < 5 else "NOT met"),
            ("activations per side", f"{opts['contracts'] // 2 * 2:,} (2 alternating phases)"),
            ("activations/s WITH exclusion constraints", f"{with_c:.1f}"),
            ("activations/s WITHOUT exclusion constraints", f"{without:.1f}"),
            (
                "cost of the constraints",
                f"ratio without/with {without / with_c:.2f} "
                f"({(without / with_c - 1) * 100:+.1f} % throughput without them)",
            ),
        ]
        width = max(len(k) for k, _ in rows)
        for key, value in rows:
            self.stdout.write(f"{key.ljust(width)}  {value}")
