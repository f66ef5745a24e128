"""Reads of tax residencies and withholding certificates, each with who may see them.

``residencies_valid_on`` is what the royalty close asks (licensing imports this module
only): one query per close, whatever the number of payees.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from catalog.kernel.permissions import acting_party_ids, is_staff, managed_party_ids
from finance.tax.models import ResidencyStatus, TaxResidency, WithholdingCertificate


@dataclass(frozen=True, slots=True)
class ResidencyClaim:
    """An accepted residency as the close uses it."""

    id: int
    party_id: int
    country: str
    treaty_claim: bool
    treaty_article: str


def residencies_valid_on(*, on: dt.date) -> dict[int, ResidencyClaim]:
    """Party id → its accepted residency covering ``on`` (the exclusion constraint makes it
    at most one)."""
    rows = TaxResidency.objects.filter(
        status=ResidencyStatus.ACCEPTED, valid_from__lte=on, valid_to__gte=on
    ).values_list("pk", "party_id", "country", "treaty_claim", "treaty_article")
    return {row[1]: ResidencyClaim(*row) for row in rows}


def residencies_of(*, party_id: int) -> QuerySet[TaxResidency]:
    return TaxResidency.objects.filter(party_id=party_id).select_related("party")


def may_see_party_tax(user: object, party_id: int) -> bool:
    """Staff, or a member of the party: who may read its residencies and certificates."""
    return is_staff(user) or party_id in acting_party_ids(user)


def may_manage_party_tax(user: object, party_id: int) -> bool:
    """Only the party's owners and administrators submit its tax residency."""
    return party_id in managed_party_ids(user)


def residency_visible_to(user: object, pk: int) -> TaxResidency | None:
    residency = TaxResidency.objects.select_related("party").filter(pk=pk).first()
    if residency is None or not may_see_party_tax(user, residency.party_id):
        return None
    return residency


def review_queue() -> QuerySet[TaxResidency]:
    """Residencies awaiting a staff decision, oldest first."""
    return (
        TaxResidency.objects.filter(status=ResidencyStatus.SUBMITTED)
        .select_related("party", "submitted_by")
        .order_by("created_at", "pk")
    )


def certificates_of(*, party_id: int) -> QuerySet[WithholdingCertificate]:
    return WithholdingCertificate.objects.filter(party_id=party_id)


def certificate_visible_to(user: object, pk: int) -> WithholdingCertificate | None:
    certificate = WithholdingCertificate.objects.select_related("party").filter(pk=pk).first()
    if certificate is None or not may_see_party_tax(user, certificate.party_id):
        return None
    return certificate


def review_candidates() -> QuerySet[TaxResidency]:
    """What staff may decide on: claims awaiting review and accepted ones (to withdraw)."""
    return TaxResidency.objects.filter(
        status__in=[ResidencyStatus.SUBMITTED, ResidencyStatus.ACCEPTED]
    )
