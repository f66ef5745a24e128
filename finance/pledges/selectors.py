"""Reads of pledges and seizures: what encumbers a work, who may see what, where royalties go."""

from __future__ import annotations

from django.db.models import Model, Q, QuerySet

from catalog.kernel.permissions import acting_party_ids, is_examiner, is_staff
from catalog.models import Work
from finance.ledger.services import accounts_by_key
from finance.pledges.models import Pledge, PledgeConsent, PledgeStatus, Seizure
from finance.pledges.workflows import PLEDGE_WORKFLOW, SEIZURE_WORKFLOW
from licensing.contracts.selectors import contracts_of_works


def pledges_visible_to(user: object) -> QuerySet[Pledge]:
    """Examiners see every pledge; others only those where their party is pledgor or pledgee."""
    qs = Pledge.objects.select_related("pledgor", "pledgee").order_by("-created_at")
    if is_examiner(user):
        return qs
    parties = acting_party_ids(user)
    return qs.filter(Q(pledgee__in=parties) | Q(pledgor__in=parties)).distinct()


def pledge_actions(pledge: Pledge, user: object) -> set[str]:
    """The actions the pledge page offers this user: exactly those the services accept."""
    return PLEDGE_WORKFLOW.available_action_names(pledge, user)


def consent_candidates(pledge: Pledge) -> QuerySet:
    """Contracts over the pledged works the pledgee has not consented to yet."""
    consented = PledgeConsent.objects.filter(pledge=pledge).values("contract_id")
    return (
        contracts_of_works(pledge.works.values_list("pk", flat=True))
        .exclude(pk__in=consented)
        .select_related("licensee")
    )


def active_pledges_for_work(work: Work) -> QuerySet[Pledge]:
    return (
        Pledge.objects.filter(status=PledgeStatus.REGISTERED)
        .filter(Q(works=work) | Q(contracts__work=work))
        .select_related("pledgee")
        .distinct()
        .order_by("registered_at")
    )


def active_seizures_for_work(work: Work) -> QuerySet[Seizure]:
    """The orders in force over ``work`` (``Seizure.in_force``: the flag their effects
    follow, moved by the services and the date-boundary beat task)."""
    return (
        Seizure.objects.filter(works=work, in_force=True)
        .select_related("court")
        .order_by("starts_on", "pk")
    )


def seizures_visible_to(user: object) -> QuerySet[Seizure]:
    qs = Seizure.objects.select_related("court").order_by("-created_at")
    if is_staff(user) or is_examiner(user):
        return qs
    return qs.filter(court__in=acting_party_ids(user))


def seizure_orders_readable_by(user: object) -> QuerySet[Seizure]:
    """Seizures whose court order this user may download: those they see (their court,
    examiners, staff) and those freezing a work their party holds (the affected holder)."""
    if is_staff(user) or is_examiner(user):
        return Seizure.objects.all()
    parties = acting_party_ids(user)
    return Seizure.objects.filter(Q(court__in=parties) | Q(works__holder__in=parties)).distinct()


def seizure_actions(seizure: Seizure, user: object) -> set[str]:
    return SEIZURE_WORKFLOW.available_action_names(seizure, user)


def pledges_without_consent(work: Work, contract: Model | None) -> list[Pledge]:
    """Active pledges of ``work`` itself whose pledgee has not consented to ``contract``."""
    pledges = list(
        Pledge.objects.filter(status=PledgeStatus.REGISTERED, works=work).select_related("pledgee")
    )
    if contract is None or not pledges:
        return pledges
    consented = set(
        PledgeConsent.objects.filter(pledge__in=pledges, contract=contract).values_list(
            "pledge_id", flat=True
        )
    )
    return [p for p in pledges if p.pk not in consented]


def pledge_by_number(number: str) -> Pledge | None:
    return (
        Pledge.objects.filter(number=number)
        .select_related("pledgor", "pledgee")
        .prefetch_related("works", "contracts")
        .first()
    )


def redirect_pledgees(contract_numbers: list[str]) -> dict[str, int]:
    """Contract number → id of the pledgee its royalties must go to, for those redirected.

    A registered pledge of the contract's receivables whose pledgee asked for
    redirection wins (the earliest registered one if several); the royalty
    engine posts the licensor's share to that pledgee's escrow account
    instead of to the licensor's payable account. One query for any number
    of contracts. Registered with the royalty close in ``PledgesConfig.ready``.
    """
    rows = (
        Pledge.objects.filter(
            status=PledgeStatus.REGISTERED,
            receivables_redirected_at__isnull=False,
            contracts__number__in=contract_numbers,
        )
        .order_by("-registered_at")
        .values_list("contracts__number", "pledgee_id")
    )
    return dict(rows)  # the latest first, so the earliest registered overwrites it


def redirect_account_for(*, contract: Model, currency: str):
    """The pledgee's escrow account for ``contract``'s royalties, or None."""
    pledgee_id = redirect_pledgees([contract.number]).get(contract.number)
    if pledgee_id is None:
        return None
    return accounts_by_key(keys=[(pledgee_id, "escrow", currency)])[
        (pledgee_id, "escrow", currency)
    ]
