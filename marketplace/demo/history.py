"""Demo works with a long royalty history: the valuation back-test and royalty streams.

The demo contracts of ``contracts.py`` start in 2026 and report two half-years, too short
for ``manage.py valuation_backtest`` (≥ 8 periods) or a royalty-stream offer (≥ 12 closed
periods). Here a few registered Chinese books get an older licence (``origin``
``demo:history:N``, signed like the others, from 2023-01-01, reported
quarterly) and fifteen quarters of usage, 2023-Q1 … 2026-Q3, uploaded and closed
through the royalty services, oldest first, with a shape each:

* ``steady``: a backlist title selling about the same every quarter;
* ``frontlist``: a new release that sells most at launch and decays;
* ``seasonal``: a children's book that peaks with the year-end gift season;
* ``breakout``: a quiet title whose screen adaptation multiplies sales from 2026-Q1
  (after the back-test's cut-off, so the back-test should miss it);
* ``longtail``: a slow decline with a literary-prize bump in 2024-Q3.

Deterministic (a seeded generator per work and quarter) and idempotent: an existing
contract, a posted report and a closed period are left as they are. The licensees are
in Thailand, Indonesia, the Philippines and Viet Nam, so the payees' treaty claims
(``tax.py``, seeded before these periods close) decide the tax withheld.
"""

from __future__ import annotations

import csv
import datetime as dt
import math
import os
import random
import tempfile
from collections.abc import Callable

from catalog.models import Party, Work
from catalog.registration.models import Status
from catalog.vocabulary import WorkType
from licensing.availability import check_availability
from licensing.contracts.models import Contract
from licensing.contracts.services import (
    contract_create_draft,
    contract_send_for_signature,
    contract_sign,
)
from licensing.royalties.close import statements_post_ledger_now
from licensing.royalties.models import ReportStatus, RoyaltyPeriod, Statement, UsageReport
from licensing.royalties.services import period_close, usage_import
from licensing.terms import Terms
from marketplace.demo.contracts import PLAN as SHORT_PLAN
from marketplace.demo.contracts import _approve_as_co_owners, _member
from marketplace.demo.royalties import HEADER

START, END = dt.date(2023, 1, 1), dt.date(2030, 12, 31)
PERIODS = tuple(f"{year}-Q{q}" for year in (2023, 2024, 2025, 2026) for q in (1, 2, 3, 4))[:15]
ORIGIN = "demo:history:"  # not "demo:contract:": royalties.py closes those by half-year
# (shape, territory, language, licensee's demo key, print units in the first quarter)
PLAN = [
    ("steady", "TH", "th", "ruea-bai-press", 1800),
    ("frontlist", "ID", "id", "samudra-aksara", 6500),
    ("seasonal", "PH", "fil", "bahaghari-books", 1500),
    ("breakout", "VN", "vi", "truc-xanh-publishing", 700),
    ("longtail", "TH", "th", "chom-stream", 1300),
]
SEASON = (0.85, 0.7, 0.9, 1.8)  # Q1–Q4 of a gift-season title


def _level(shape: str, q: int) -> float:
    """The quarter's sales relative to the first quarter, before noise."""
    if shape == "steady":
        return 0.99**q
    if shape == "frontlist":
        return 0.86**q
    if shape == "seasonal":
        return SEASON[q % 4] / SEASON[0] * 0.995**q
    if shape == "breakout":
        return 0.99**q * ((5.0, 4.2, 3.6)[q - 12] if q >= 12 else 1.0)
    # longtail: 8 % a year down, the prize quarter (2024-Q3) and its echo
    return 0.98**q * {6: 2.6, 7: 1.6, 8: 1.2}.get(q, 1.0)


def _rows(contract: Contract, shape: str, base: int, q: int) -> list[list]:
    rng = random.Random(f"{contract.origin}:{q}")  # stable across runs
    territory = contract.get_terms().rights[0].territories[0]
    work = contract.work
    isbn = work.identifiers.filter(scheme="isbn").values_list("value", flat=True).first() or ""
    units = max(1, round(base * _level(shape, q) * math.exp(rng.gauss(0, 0.07))))
    # E-books take a growing share of a title's sales: 15 % at first, 1 point more a quarter.
    ebooks = max(1, round(units * (0.15 + 0.01 * q) * math.exp(rng.gauss(0, 0.1))))
    period = PERIODS[q]
    common = [isbn, "", work.original_title, territory]
    return [
        [*common, "print", "paperback", units, "12.50", "", contract.currency, period],
        [*common, "ebook", "epub", ebooks, "", f"{ebooks * 3.49:.2f}", contract.currency, period],
    ]


def _terms(territory: str, language: str) -> Terms:
    return Terms.from_dict(
        {
            "currency": "USD",
            "rights": [
                {
                    "right_type": "translation",
                    "territories": [territory],
                    "languages": [language],
                    "start": START.isoformat(),
                    "end": END.isoformat(),
                    "exclusive": True,
                }
            ],
            "advance": "0",
            "payment_schedule": [],
            "royalty_rates": [
                {
                    "channel": "print",
                    "basis": "list_price",
                    "rate": "8",
                    "escalators": [{"above_units": 40000, "rate": "10"}],
                },
                {"channel": "ebook", "basis": "net_receipts", "rate": "25"},
            ],
            "reporting_period": "quarterly",
        }
    )


def _candidates() -> list[Work]:
    """Registered Chinese books and comics, after the works the short demo contracts take."""
    registered = (
        Work.objects.filter(
            source_ref__startswith="demo:work:", applications__status=Status.REGISTERED
        )
        .order_by("pk")
        .distinct()
    )
    taken = set(registered.values_list("pk", flat=True)[: len(SHORT_PLAN)])
    taken |= set(Contract.objects.filter(origin__startswith=ORIGIN).values_list("work", flat=True))
    return [
        work
        for work in registered.filter(
            holder__country="CN", work_type__in=[WorkType.LITERARY, WorkType.COMIC]
        ).select_related("holder")
        if work.pk not in taken
    ]


def _free(work: Work, territory: str, language: str) -> bool:
    return check_availability(
        work=work,
        right_type="translation",
        territories=[territory],
        languages=[language],
        start=START,
        end=END,
        exclusive=True,
    ).available


def _sign(contract: Contract, user, party: Party) -> None:
    contract_sign(
        contract=contract, user=user, party=party, ip_address="127.0.0.1", user_agent="demo seed"
    )


def seed_history_contracts(*, progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """The long-history licences, active (before the payees' residencies are seeded)."""
    candidates = _candidates()
    for index, (_shape, territory, language, buyer_key, _base) in enumerate(PLAN):
        origin = f"{ORIGIN}{index}"
        if Contract.objects.filter(origin=origin).exists():
            continue
        buyer = Party.objects.filter(source_ref=f"demo:party:{buyer_key}").first()
        buyer_user = _member(buyer) if buyer else None
        work = next((w for w in candidates if _free(w, territory, language)), None)
        seller = _member(work.holder) if work else None
        if buyer_user is None or seller is None:
            continue
        candidates.remove(work)
        contract = contract_create_draft(
            work=work,
            licensor=work.holder,
            licensee=buyer,
            terms=_terms(territory, language),
            origin=origin,
            created_by=seller,
            licensee_language=getattr(buyer_user, "preferred_language", "en"),
        )
        contract = contract_send_for_signature(contract=contract, actor=seller)
        _sign(contract, seller, work.holder)
        _approve_as_co_owners(contract)
        _sign(contract, buyer_user, buyer)
        if progress:
            progress(1)
    return {"history_contracts": history_contracts().count()}


def history_contracts():
    return Contract.objects.filter(origin__startswith=ORIGIN, status="active").order_by("pk")


def _upload(contract: Contract, shape: str, base: int, q: int) -> None:
    fd, path = tempfile.mkstemp(prefix=f"demo-usage-{contract.number}-{PERIODS[q]}-", suffix=".csv")
    with os.fdopen(fd, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(HEADER)
        writer.writerows(_rows(contract, shape, base, q))
    try:
        usage_import(contract=contract, period=PERIODS[q], path=path)
    finally:
        os.unlink(path)


def seed_history(*, progress: Callable[[int], None] | None = None) -> dict[str, int]:
    """Upload and close the fifteen quarters, oldest first (one close per quarter for every
    history contract: a close restates nothing when the periods arrive in order)."""
    plan = {f"{ORIGIN}{index}": (shape, base) for index, (shape, *_, base) in enumerate(PLAN)}
    contracts = [c for c in history_contracts().select_related("work") if c.origin in plan]
    for q, period in enumerate(PERIODS):
        for contract in contracts:
            if not UsageReport.objects.filter(
                contract=contract, period=period, status=ReportStatus.POSTED
            ).exists():
                _upload(contract, *plan[contract.origin], q)
        closed = set(
            RoyaltyPeriod.objects.filter(contract__in=contracts, period=period).values_list(
                "contract_id", flat=True
            )
        )
        todo = [c for c in contracts if c.pk not in closed]
        if todo:
            statements = period_close(contracts=todo, period=period, enqueue_ledger=False)
            statements_post_ledger_now([s.pk for s in statements])
        if progress:
            progress(1)
    return {
        "history_usage_reports": UsageReport.objects.filter(contract__in=contracts).count(),
        "history_statements": Statement.objects.filter(contract__in=contracts).count(),
    }
