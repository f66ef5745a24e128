"""Writes of the catalog."""

from __future__ import annotations

import pycountry
from django.core.exceptions import ValidationError
from django.db import transaction
from modeltranslation.utils import build_localized_fieldname

from catalog.models import Membership, Party


def validate_country(code: str, *, field: str = "country") -> str:
    code = (code or "").strip().upper()
    if len(code) != 2 or pycountry.countries.get(alpha_2=code) is None:
        raise ValidationError({field: f"“{code}” is not an ISO 3166-1 alpha-2 country code"})
    return code


@transaction.atomic
def party_create(
    *,
    kind: str,
    category: str,
    name: str,
    country: str,
    original_name: str = "",
    email: str = "",
    website: str = "",
    is_verified: bool = False,
    names: dict[str, str] | None = None,
) -> Party:
    """Create a party; ``names`` holds translated names by language code."""
    party = Party(
        kind=kind,
        category=category,
        name=name,
        original_name=original_name or name,
        country=validate_country(country),
        email=email,
        website=website,
        is_verified=is_verified,
    )
    for code, value in (names or {}).items():
        setattr(party, build_localized_fieldname("name", code), value)
    party.full_clean()
    party.save()
    return party


def party_add_member(*, party: Party, user: object, role: str) -> Membership:
    membership, _ = Membership.objects.get_or_create(
        party=party, user=user, defaults={"role": role}
    )
    return membership
