"""Who a user is to the platform: staff or not, and the parties they may act for.

One definition for every package. Before this module each package had its own
``is_staff`` and they disagreed about superusers and the staff role; views and
services now ask here.

The kernel sits below every domain package, so the catalog's membership and party
models are looked up through the app registry rather than imported.
"""

from __future__ import annotations

from collections.abc import Iterable

from allauth.account.models import EmailAddress
from django.apps import apps
from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, QuerySet
from django.utils.translation import gettext as _

MANAGER_ROLES = ("owner", "admin")  # catalog.Membership.Role values that manage a party

# The ``user``/``actor`` a service is called with: an account, an anonymous visitor (every
# predicate here refuses one) or the workflow's SYSTEM. Domain packages do not import the
# project's User model (marketplace.models), so they name Django's base classes.
AnyUser = AbstractBaseUser | AnonymousUser
COURT_CATEGORY = "court"  # catalog.PartyCategory.COURT


def _membership_model():
    return apps.get_model("catalog", "Membership")


def is_authenticated(user: object) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def has_role(user: object, role: str) -> bool:
    """The platform role (marketplace.roles.Role value); superusers hold every role."""
    return is_authenticated(user) and user.has_role(role)


def is_staff(user: object) -> bool:
    """Platform staff: Django staff, superusers and holders of the staff role."""
    return is_authenticated(user) and bool(
        user.is_staff or user.is_superuser or user.has_role("staff")
    )


def is_examiner(user: object) -> bool:
    return has_role(user, "examiner")


def is_mediator(user: object) -> bool:
    return has_role(user, "mediator")


def is_bank(user: object) -> bool:
    return has_role(user, "bank")


def is_court(user: object) -> bool:
    """A court's clerk or judge: the court portal only (marketplace.court)."""
    return has_role(user, "court")


def has_verified_email(user: object) -> bool:
    return is_authenticated(user) and (
        EmailAddress.objects.filter(user=user, primary=True, verified=True).exists()
    )


def _counting_memberships() -> QuerySet:
    """Memberships that count: none until the user's primary e-mail is verified, so an
    account made with someone else's address cannot act for that person's party."""
    verified = EmailAddress.objects.filter(user=OuterRef("user"), primary=True, verified=True)
    return _membership_model().objects.filter(Exists(verified))


def _memberships(user: object) -> QuerySet:
    if not is_authenticated(user):
        return _membership_model().objects.none()
    return _counting_memberships().filter(user=user)


def acting_members(party_ids: Iterable[int]) -> QuerySet:
    """The memberships of these parties that count, with their users: who hears of the
    parties' business (notifications, alerts). An unverified member hears nothing."""
    return (
        _counting_memberships()
        .filter(party_id__in=list(party_ids))
        .select_related("user")
        .order_by("user_id", "party_id")
    )


def acting_party_ids(user: object) -> set[int]:
    """The parties this user may act for: every organisation they are a member of, once
    their primary e-mail is verified."""
    return set(_memberships(user).values_list("party_id", flat=True))


def managed_party_ids(user: object) -> set[int]:
    """The parties whose owners or administrators this user is."""
    return set(_memberships(user).filter(role__in=MANAGER_ROLES).values_list("party_id", flat=True))


def acting_parties(user: object) -> QuerySet:
    return (
        apps.get_model("catalog", "Party")
        .objects.filter(pk__in=acting_party_ids(user))
        .order_by("name")
    )


def acts_for(user: object, party_id: int | None) -> bool:
    return party_id is not None and party_id in acting_party_ids(user)


def staff_or_acts_for(user: object, party_id: int | None) -> bool:
    """Platform staff, or a member acting for the party: who may read or handle a party's
    money and usage (its invoices, ledger, statements' held lines)."""
    return is_staff(user) or acts_for(user, party_id)


def is_superuser(user: object) -> bool:
    """The platform's own account, which may act for any party (see ``may_act_for``)."""
    return bool(getattr(user, "is_superuser", False))


def may_act_for(user: object, party_id: int | None) -> bool:
    """``acts_for``, and a superuser may act for any party: the platform's own account
    repairs a party's business (the pledge and pool services always let it)."""
    return is_superuser(user) or acts_for(user, party_id)


def require_acts_for(user: object, party: object) -> None:
    """Refuse a user who names a party they may not act for (PermissionDenied)."""
    if not acts_for(user, party.pk):
        raise PermissionDenied(
            _("You can act only for an organisation you belong to (%(party)s).")
            % {"party": party.name}
        )


def acting_courts(user: object) -> QuerySet:
    """Courts whose orders this user may record and lift: members act for their own
    court; platform staff for any court (they file orders on a court's behalf)."""
    courts = apps.get_model("catalog", "Party").objects.filter(category=COURT_CATEGORY)
    if is_staff(user):
        return courts
    return courts.filter(pk__in=acting_party_ids(user))
