"""What a court seizure does while it is in force, and undoes when it stops.

A seizure takes effect when it is recorded in force, or when the beat task
(``seizure_effects_due``) first runs on its first day; it stops when it is released,
or when the task first runs after its last day. Both happen in the seizure's locked
transaction, so every effect commits with the change or not at all:

- one ``WorkFrozen`` / ``WorkUnfrozen`` per work: the deals app suspends and restores the
  open offers on it inside this transaction (an in-transaction subscriber), and after
  commit the search index re-indexes the work's listings;
- royalties: while ``in_force``, ``redirect_seized`` (registered with the royalty close)
  sends the licensor's share of the frozen contracts to the court's escrow account
  instead of the licensor's payable account; when the order stops, what the escrow holds
  for each contract moves on — to whoever the close would pay now (another order or a
  pledgee still redirecting it, else the licensor's payable) — in one balanced entry per
  contract and currency, keyed by the seizure so a replay posts nothing twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Q, Sum
from django.utils import timezone

from catalog.events import WorkFrozen, WorkUnfrozen
from catalog.kernel import events
from finance.ledger.services import AccountKind, EntrySpec, accounts_by_key, journal_post_many
from finance.models import Posting
from finance.pledges.models import Seizure, SeizureStatus
from licensing.contracts.selectors import contract_right_types, contracts_of_works
from licensing.royalties.selectors import payee_redirects


def _order(seizure: Seizure) -> str:
    return f"pledges.seizure:{seizure.pk}"


def covers(scope: Iterable[str], rights: set[str]) -> bool:
    """An order freezing ``scope`` (empty: every right) touches a deal granting ``rights``;
    unreadable terms (no rights known) are frozen too, so the order is never bypassed."""
    scope = set(scope)
    return not scope or not rights or bool(scope & rights)


def _rights(contract: object) -> set[str]:
    try:
        return contract_right_types(contract)
    except ValidationError:
        return set()


def in_force_on(seizure: Seizure, today: dt.date) -> bool:
    """Whether the order's dates (and status) put it in force on ``today``."""
    return (
        seizure.status == SeizureStatus.ACTIVE
        and seizure.starts_on <= today
        and (seizure.ends_on is None or seizure.ends_on >= today)
    )


def _work_ids(seizure: Seizure) -> list[int]:
    return sorted(seizure.works.values_list("pk", flat=True))


def seizure_apply_effects(*, seizure: Seizure) -> None:
    """Put a locked seizure in force: offers suspended now, listings re-indexed after commit."""
    seizure.in_force = True
    seizure.save(update_fields=["in_force"])
    for work_id in _work_ids(seizure):
        events.publish(
            WorkFrozen(
                work_id=work_id,
                order=_order(seizure),
                right_types=tuple(seizure.right_types),
                court=seizure.court.name,
                case_number=seizure.case_number,
            )
        )


def seizure_lift_effects(*, seizure: Seizure, today: dt.date) -> None:
    """Take a locked seizure out of force: its escrow moves on, offers come back."""
    seizure.in_force = False
    seizure.save(update_fields=["in_force"])
    _release_escrow(seizure, today=today)
    for work_id in _work_ids(seizure):
        events.publish(
            WorkUnfrozen(work_id=work_id, order=_order(seizure), court=seizure.court.name, on=today)
        )


# --- royalties ----------------------------------------------------------------------------
def redirect_seized(contract_numbers: list[str]) -> dict[str, int]:
    """Contract number → the court whose order in force freezes the contract's royalties.

    Registered with the royalty close before the pledge redirect, so a court order wins
    over a pledgee. The earliest order wins where several freeze the same contract.
    """
    seizures = list(
        Seizure.objects.filter(in_force=True, works__contracts__number__in=contract_numbers)
        .distinct()
        .order_by("starts_on", "pk")
        .prefetch_related("works")
    )
    if not seizures:
        return {}
    work_ids = {w.pk for s in seizures for w in s.works.all()}
    contracts = contracts_of_works(work_ids).filter(number__in=contract_numbers)
    redirects: dict[str, int] = {}
    for contract in contracts:
        for seizure in seizures:
            frozen = any(w.pk == contract.work_id for w in seizure.works.all())
            if frozen and covers(seizure.right_types, _rights(contract)):
                redirects.setdefault(contract.number, seizure.court_id)
                break
    return redirects


def _frozen_contracts(seizure: Seizure) -> dict[str, object]:
    """``contract:<reference>`` (the statements' journal reference) → contract."""
    return {
        f"contract:{c.reference}": c
        for c in contracts_of_works(_work_ids(seizure))
        if covers(seizure.right_types, _rights(c))
    }


def escrow_held(seizure: Seizure) -> dict[str, Decimal]:
    """Currency → what the court's escrow holds of this order's contracts (credit positive)."""
    refs = _frozen_contracts(seizure)
    rows = (
        Posting.objects.filter(
            account__party_id=seizure.court_id,
            account__kind=AccountKind.ESCROW,
            entry__reference__in=list(refs),
        )
        .values("currency")
        .annotate(total=Sum("amount"))
        .order_by("currency")
    )
    return {row["currency"]: -row["total"] for row in rows if row["total"]}


def _release_escrow(seizure: Seizure, *, today: dt.date) -> None:
    refs = _frozen_contracts(seizure)
    if not refs:
        return
    rows = (
        Posting.objects.filter(
            account__party_id=seizure.court_id,
            account__kind=AccountKind.ESCROW,
            entry__reference__in=list(refs),
        )
        .values("entry__reference", "currency")
        .annotate(total=Sum("amount"))
        .order_by("entry__reference", "currency")
    )
    # Asked after in_force was cleared: whoever the close would pay this contract now.
    now_to = payee_redirects(sorted({c.number for c in refs.values()}))
    plans = []
    for row in rows:
        held, contract = -row["total"], refs[row["entry__reference"]]
        target = now_to.get(contract.number)
        if held <= 0 or target == seizure.court_id:
            continue  # nothing held, or another order of this court still holds it
        to = (target, AccountKind.ESCROW) if target else (contract.licensor_id, AccountKind.PAYABLE)
        plans.append((row, contract, held, (*to, row["currency"])))
    keys = [(seizure.court_id, AccountKind.ESCROW, row["currency"]) for row, *_ in plans]
    accounts = accounts_by_key(keys=keys + [to for *_, to in plans])
    journal_post_many(
        specs=[
            EntrySpec(
                memo=f"Court order {seizure.case_number} released: royalties of "
                f"{contract.reference} leave the court's escrow",
                lines=[
                    (accounts[(seizure.court_id, AccountKind.ESCROW, row["currency"])], held),
                    (accounts[to], -held),
                ],
                idempotency_key=f"seizure-escrow-release:{seizure.pk}:{contract.pk}:"
                f"{row['currency']}",
                reference=row["entry__reference"],
                effective_on=today,
            )
            for row, contract, held, to in plans
        ]
    )


# --- the beat task's service ----------------------------------------------------------------
def seizure_effects_due(*, today: dt.date | None = None) -> int:
    """Apply the orders whose first day has come, lift those whose last day has passed;
    idempotent (each order is re-checked under its row lock); returns how many moved."""
    today = today or timezone.localdate()
    starting = Seizure.objects.filter(
        Q(ends_on__isnull=True) | Q(ends_on__gte=today),
        status=SeizureStatus.ACTIVE,
        in_force=False,
        starts_on__lte=today,
    )
    ending = Seizure.objects.filter(in_force=True, ends_on__lt=today)
    moved = 0
    for pk in sorted(set(starting.values_list("pk", flat=True))):
        with transaction.atomic():
            seizure = Seizure.objects.select_for_update().select_related("court").get(pk=pk)
            if not seizure.in_force and in_force_on(seizure, today):
                seizure_apply_effects(seizure=seizure)
                moved += 1
    for pk in sorted(set(ending.values_list("pk", flat=True))):
        with transaction.atomic():
            seizure = Seizure.objects.select_for_update().select_related("court").get(pk=pk)
            if seizure.in_force and not in_force_on(seizure, today):
                seizure_lift_effects(seizure=seizure, today=today)
                moved += 1
    return moved
