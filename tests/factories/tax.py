"""Tax residencies through the services: submitted by a party owner, decided by staff."""

from __future__ import annotations

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from catalog.kernel.permissions import acting_members
from catalog.models import Membership, Party
from catalog.services import party_add_member
from finance.tax.models import TaxResidency
from finance.tax.services import ResidencyInput, residency_accept, residency_submit
from tests.factories.catalog import make_user


def residency_pdf(name: str = "residence.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4 certificate of residence", "application/pdf")


def tax_staff():
    return make_user(roles=["staff"], is_staff=True)


def submit_residency(
    party: Party,
    owner,
    *,
    country: str = "CN",
    treaty: bool = True,
    article: str = "CN-VN agreement, art. 12",
    valid_from: dt.date = dt.date(2027, 1, 1),
    valid_to: dt.date = dt.date(2027, 12, 31),
) -> TaxResidency:
    return residency_submit(
        user=owner,
        party=party,
        data=ResidencyInput(
            country=country,
            valid_from=valid_from,
            valid_to=valid_to,
            treaty_claim=treaty,
            treaty_article=article if treaty else "",
        ),
        certificate=residency_pdf(),
    )


def accepted_residency(party: Party, owner, *, staff=None, **kwargs) -> TaxResidency:
    residency = submit_residency(party, owner, **kwargs)
    return residency_accept(user=staff or tax_staff(), residency_id=residency.pk)


def treaty_resident(party: Party, **kwargs) -> TaxResidency:
    """An accepted residency with a treaty claim for a party, through an owner of it (one is
    made for a party without members, e.g. a co-owning author)."""
    member = acting_members([party.pk]).filter(role__in=["owner", "admin"]).first()
    if member is None:
        owner = make_user()
        party_add_member(party=party, user=owner, role=Membership.Role.OWNER)
    else:
        owner = member.user
    return accepted_residency(party, owner, **kwargs)
