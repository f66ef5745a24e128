"""Reads of contracts: who may see what."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from catalog.kernel import permissions as kernel
from licensing.contracts.models import Contract


def contracts_for_user(user) -> QuerySet[Contract]:
    parties = user_party_ids(user)
    return (
        Contract.objects.filter(Q(licensor__in=parties) | Q(licensee__in=parties))
        .select_related("work", "licensor", "licensee")
        .order_by("-created_at", "-pk")
    )


def user_party_ids(user) -> set[int]:
    # The kernel's answer: no parties until the user's e-mail is verified.
    return kernel.acting_party_ids(user)


def can_view(user, contract: Contract) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_staff:
        return True
    return bool(user_party_ids(user) & {contract.licensor_id, contract.licensee_id})


def managed_party_ids(user) -> set[int]:
    return kernel.managed_party_ids(user)


def can_terminate(user, contract: Contract) -> bool:
    """The licensor's owners/administrators, or staff."""
    return user.is_staff or contract.licensor_id in managed_party_ids(user)


def can_amend(user, contract: Contract) -> bool:
    """Owners/administrators of either party, or staff."""
    return user.is_staff or bool(
        managed_party_ids(user) & {contract.licensor_id, contract.licensee_id}
    )


def can_see_work_grants(user, work) -> bool:
    """The seller's view of a work's grants: members of the holder, or staff."""
    return user.is_authenticated and (user.is_staff or work.holder_id in user_party_ids(user))
