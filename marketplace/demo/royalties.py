"""Demo usage and closed statements for the demo contracts.

For every active demo contract (``origin`` ``demo:contract:N``, seeded by
``marketplace.demo.contracts``) this files two half-year usage reports
(2026-H1, 2026-H2: print and e-book sales across a few territories,
deterministic) and closes both periods, posting the ledger entries. Built
through the services; idempotent: a period already reported or closed is
left as it is. Without demo contracts it does nothing.
"""

from __future__ import annotations

import csv
import os
import random
import tempfile
from collections.abc import Callable

from licensing.contracts.models import Contract
from licensing.royalties.close import statements_post_ledger_now
from licensing.royalties.models import ReportStatus, RoyaltyPeriod, Statement, UsageReport
from licensing.royalties.readers import USAGE_COLUMNS
from licensing.royalties.services import period_close, usage_import

PERIODS = ("2026-H1", "2026-H2")
TERRITORIES = ("VN", "TH", "MY", "SG", "ID")
HEADER = ["isbn", "isrc", "title", *USAGE_COLUMNS]


def _rows(contract: Contract, period: str) -> list[list]:
    rng = random.Random(f"{contract.number}:{period}")  # stable across runs
    work = contract.work
    isbn = work.identifiers.filter(scheme="isbn").values_list("value", flat=True).first() or ""
    rows = []
    for territory in rng.sample(TERRITORIES, 3):
        units = rng.randint(200, 4000)
        price = rng.choice(["9.99", "12.50", "15.00"])
        rows.append(
            [
                isbn,
                "",
                work.original_title,
                territory,
                "print",
                "paperback",
                units,
                price,
                "",
                contract.currency,
                period,
            ]
        )
        ebooks = rng.randint(50, 900)
        rows.append(
            [
                isbn,
                "",
                work.original_title,
                territory,
                "ebook",
                "epub",
                ebooks,
                "",
                f"{ebooks * rng.choice([2, 3, 4])}.00",
                contract.currency,
                period,
            ]
        )
    return rows


def seed_royalties(*, progress: Callable[[int], None] | None = None) -> dict[str, int]:
    contracts = list(
        Contract.objects.filter(origin__startswith="demo:contract:", status="active")
        .select_related("work", "licensee")
        .order_by("pk")
    )
    for contract in contracts:
        for period in PERIODS:
            if not UsageReport.objects.filter(
                contract=contract, period=period, status=ReportStatus.POSTED
            ).exists():
                fd, path = tempfile.mkstemp(
                    prefix=f"demo-usage-{contract.number}-{period}-", suffix=".csv"
                )
                with os.fdopen(fd, "w", newline="", encoding="utf-8") as handle:
                    writer = csv.writer(handle)
                    writer.writerow(HEADER)
                    writer.writerows(_rows(contract, period))
                try:
                    usage_import(contract=contract, period=period, path=path)
                finally:
                    os.unlink(path)
            if not RoyaltyPeriod.objects.filter(contract=contract, period=period).exists():
                closed = period_close(contracts=[contract], period=period, enqueue_ledger=False)
                statements_post_ledger_now([s.pk for s in closed])
        if progress:
            progress(1)
    return {
        "usage_reports": UsageReport.objects.filter(contract__in=contracts).count(),
        "royalty_statements": Statement.objects.filter(contract__in=contracts).count(),
    }
