"""Demo pledges to the three demo banks, one court seizure, one securitisation pool.

Built through the services after works, registrations and listings are
seeded (``marketplace.demo.seed``); idempotent by ``source_ref`` and case number.
Call ``seed_pledges()`` from ``seed_all`` after the royalty demo data, so the
stored valuations read the demo royalty history.
"""

from __future__ import annotations

import contextlib
import datetime as dt
from collections.abc import Callable
from decimal import Decimal

from django.core.exceptions import ValidationError

from catalog.kernel.status import work_has_flag
from catalog.models import Party, Work
from catalog.registration.models import Application, Status
from catalog.services import party_create
from catalog.vocabulary import PartyCategory, PartyKind
from finance.pledges import services
from finance.pledges.models import Pledge, PledgeStatus, Seizure
from finance.valuation.model import Assumptions
from finance.valuation.models import Pool
from finance.valuation.pools import pool_create
from finance.valuation.services import valuation_save
from marketplace.models import User

BANKS = ("nanling-commercial-bank", "straits-meridian-bank", "ruang-khao-bank")
COURT_REF = "demo:party:beijing-internet-court"
CASE_NUMBER = "(2026)京0491民初1234号"
POOL_REF = "demo:pool:royalty-abs-2026-1"
CLAIMS = {"CN": ("CNY", "800000.00"), "SG": ("SGD", "150000.00"), "TH": ("THB", "3500000.00")}


def _registered_works() -> list[Work]:
    ids = Application.objects.filter(status=Status.REGISTERED).values_list("work_id", flat=True)
    return list(Work.objects.filter(pk__in=ids).select_related("holder").order_by("pk"))


def _court() -> Party:
    court = Party.objects.filter(source_ref=COURT_REF).first()
    if court is None:
        court = party_create(
            kind=PartyKind.ORGANISATION,
            category=PartyCategory.COURT,
            name="Beijing Internet Court",
            original_name="北京互联网法院",
            country="CN",
            names={"en": "Beijing Internet Court", "zh-hans": "北京互联网法院"},
            source_ref=COURT_REF,
        )
    return court


def _free(work: Work) -> bool:
    return not any(work_has_flag(work, code) for code in ("pledged", "seized", "disputed"))


def _pledge(ref: str, work: Work, bank: Party, examiner: User) -> Pledge:
    pledge = Pledge.objects.filter(source_ref=ref).first()
    if pledge is not None:
        return pledge
    owner = work.holder.memberships.select_related("user").first().user
    currency, amount = CLAIMS.get(bank.country, ("USD", "100000.00"))
    pledge = services.pledge_apply(
        user=owner,
        data=services.PledgeInput(
            pledgor=work.holder,
            pledgee=bank,
            secured_amount=Decimal(amount),
            currency=currency,
            starts_on=dt.date(2026, 1, 1),
            ends_on=dt.date(2028, 12, 31),
            works=[work],
            source_ref=ref,
        ),
    )
    services.pledge_start_examination(pledge_id=pledge.pk, examiner=examiner)
    pledge = services.pledge_register(pledge_id=pledge.pk, examiner=examiner)
    bank_user = bank.memberships.select_related("user").first().user
    # No FX rate yet for the history's currency: the bank values it from the report page.
    with contextlib.suppress(ValidationError):
        valuation_save(
            works=[work],
            currency=currency,
            assumptions=Assumptions(),
            user=bank_user,
            pledge=pledge,
            reason="demo",
        )
    return pledge


def seed_pledges(*, progress: Callable[[int], None] | None = None) -> dict[str, int]:
    examiner = User.objects.get(username="examiner")
    admin = User.objects.get(username="admin")
    banks = [Party.objects.get(source_ref=f"demo:party:{key}") for key in BANKS]
    works = _registered_works()
    by_holder: dict[int, list[Work]] = {}
    for work in works:
        by_holder.setdefault(work.holder_id, []).append(work)
    holders = sorted(by_holder)
    # Two pledges per bank, each over a work of a different holder.
    for n, bank in enumerate(banks):
        for k in range(2):
            ref = f"demo:pledge:{bank.source_ref.split(':')[-1]}:{k}"
            if Pledge.objects.filter(source_ref=ref).exists():
                continue
            candidates = by_holder[holders[(2 * n + k) % len(holders)]] if holders else []
            work = next((w for w in candidates if _free(w)), None)
            if work is not None:
                _pledge(ref, work, bank, examiner)
        if progress:
            progress(1)
    court = _court()
    if not Seizure.objects.filter(court=court, case_number=CASE_NUMBER).exists():
        target = next((w for w in reversed(works) if _free(w)), None)
        if target is not None:
            services.seizure_record(
                user=admin,
                court=court,
                case_number=CASE_NUMBER,
                works=[target],
                starts_on=dt.date(2026, 3, 1),
                note="Property preservation order (demo).",
            )
    if not Pool.objects.filter(source_ref=POOL_REF).exists() and holders:
        pool_works = [w for h in holders[:5] for w in by_holder[h][:3]]
        bank_user = banks[0].memberships.select_related("user").first().user
        pool_create(
            user=bank_user,
            name="Silk Road Royalty ABS 2026-1",
            currency="CNY",
            trustee=banks[0],
            participants=banks[:2],
            works=pool_works,
            source_ref=POOL_REF,
        )
    return {
        "pledges": Pledge.objects.filter(status=PledgeStatus.REGISTERED).count(),
        "seizures": Seizure.objects.count(),
        "pools": Pool.objects.count(),
    }
