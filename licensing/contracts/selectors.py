"""Reads of contracts: who may see what, and what finance (pledges, valuation) reads of them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet

from catalog.kernel import permissions as kernel
from licensing.contracts.models import Contract, ContractStatus
from licensing.terms import RateBasis


def contracts_for_user(user) -> QuerySet[Contract]:
    parties = kernel.acting_party_ids(user)
    return (
        Contract.objects.filter(Q(licensor__in=parties) | Q(licensee__in=parties))
        .select_related("work", "licensor", "licensee")
        .order_by("-created_at", "-pk")
    )


def can_view(user, contract: Contract) -> bool:
    if kernel.is_staff(user):
        return True
    return bool(kernel.acting_party_ids(user) & {contract.licensor_id, contract.licensee_id})


def can_terminate(user, contract: Contract) -> bool:
    """The licensor's owners/administrators, or staff."""
    return kernel.is_staff(user) or contract.licensor_id in kernel.managed_party_ids(user)


def can_amend(user, contract: Contract) -> bool:
    """Owners/administrators of either party, or staff."""
    return kernel.is_staff(user) or bool(
        kernel.managed_party_ids(user) & {contract.licensor_id, contract.licensee_id}
    )


def can_see_work_grants(user, work) -> bool:
    """The seller's view of a work's grants: members of the holder, or staff."""
    return kernel.is_staff(user) or kernel.acts_for(user, work.holder_id)


# --- for finance (pledges, valuation): contracts as collateral and comparables ------------
def contracts_of_works(work_ids: Iterable[int]) -> QuerySet[Contract]:
    return Contract.objects.filter(work_id__in=list(work_ids)).order_by("pk")


def contracts_licensed_by(party_ids: Iterable[int]) -> QuerySet[Contract]:
    return Contract.objects.filter(licensor_id__in=list(party_ids)).order_by("pk")


def active_contracts() -> QuerySet[Contract]:
    return Contract.objects.filter(status=ContractStatus.ACTIVE).order_by("pk")


def contract_find(contract_id: object) -> Contract | None:
    """The contract with this id, or None (also for an id that is not a number)."""
    try:
        return Contract.objects.filter(pk=int(contract_id)).first()
    except (TypeError, ValueError):
        return None


def contract_right_types(contract: Contract) -> set[str]:
    """The right types the contract grants; ValidationError when its terms cannot be read."""
    return {right.right_type for right in contract.get_terms().rights}


def contract_right_windows(
    contract: Contract,
) -> list[tuple[str, frozenset[str], dt.date, dt.date]]:
    """(right type, countries, first day, last day) of each right the contract grants;
    ValidationError when its terms cannot be read."""
    return [
        (right.right_type, right.countries(), right.start, right.end)
        for right in contract.get_terms().rights
    ]


@dataclass(frozen=True)
class ContractFigures:
    """What a valuation reads of a contract's terms, so finance never parses terms."""

    contract_id: int
    reference: str
    work_id: int
    minimum_guarantee: Decimal
    percentage_rates: tuple[Decimal, ...]  # in percent; per-unit rates compare across nothing
    rights_start: dt.date | None  # None: the terms grant no right
    rights_end: dt.date | None
    mean_right_days: float  # mean length of the granted rights, in days (0 without rights)


def active_contract_figures(
    *,
    currency: str,
    work_ids: Iterable[int] | None = None,
    work_type: str | None = None,
    limit: int | None = None,
) -> list[ContractFigures]:
    """Active contracts in ``currency`` (of these works, or of works of this type), by id.

    A contract whose stored terms cannot be read is left out: an unreadable historic
    contract is neither a comparable nor a contracted floor.
    """
    contracts = active_contracts().filter(currency=currency)
    if work_ids is not None:
        contracts = contracts.filter(work_id__in=list(work_ids))
    if work_type is not None:
        contracts = contracts.filter(work__work_type=work_type)
    figures = []
    for contract in contracts[:limit] if limit else contracts:
        try:
            terms = contract.get_terms()
        except ValidationError:
            continue
        rights = terms.rights
        figures.append(
            ContractFigures(
                contract_id=contract.pk,
                reference=contract.reference,
                work_id=contract.work_id,
                minimum_guarantee=terms.minimum_guarantee,
                percentage_rates=tuple(
                    r.rate for r in terms.royalty_rates if r.basis != RateBasis.PER_UNIT
                ),
                rights_start=min((r.start for r in rights), default=None),
                rights_end=max((r.end for r in rights), default=None),
                mean_right_days=sum((r.end - r.start).days + 1 for r in rights)
                / max(len(rights), 1),
            )
        )
    return figures
