"""Writes of the marketplace: accounts now; listings, inquiries and offers as they land."""

from __future__ import annotations

from django.db import transaction

from catalog.models import Membership
from catalog.services import party_add_member, party_create
from catalog.vocabulary import PartyCategory, PartyKind
from marketplace.models import User
from marketplace.roles import Role


@transaction.atomic
def user_signup(
    *,
    username: str,
    email: str,
    password: str,
    roles: list[str],
    country: str,
    organisation: str = "",
    preferred_language: str,
    preferred_currency: str,
) -> User:
    """Create the user and the party they act for (their organisation, or themselves)."""
    user = User.objects.create_user(
        username=username,
        email=email,
        password=password,
        roles=sorted(set(roles)),
        preferred_language=preferred_language,
        preferred_currency=preferred_currency,
    )
    if organisation:
        kind = PartyKind.ORGANISATION
        category = PartyCategory.PUBLISHER if Role.RIGHTS_HOLDER in roles else PartyCategory.BRAND
    else:
        kind, category = (
            PartyKind.PERSON,
            (PartyCategory.CREATOR if Role.RIGHTS_HOLDER in roles else PartyCategory.OTHER),
        )
    party = party_create(
        kind=kind, category=category, name=organisation or username, country=country, email=email
    )
    party_add_member(party=party, user=user, role=Membership.Role.OWNER)
    return user


def user_update_preferences(*, user: User, **fields: str) -> User:
    for name, value in fields.items():
        setattr(user, name, value)
    user.save(update_fields=list(fields))
    return user
