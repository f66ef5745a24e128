"""Writing a payee profile: the payout method and the bank account in its country's scheme.

Bank details are what a fraudster changes first, so a change of any of them (holder,
country, IBAN or account number, BIC, clearing code, branch) is
- validated by the country's scheme (``schemes.normalised``) — bad input changes nothing;
- made only by the party's owners and administrators (the view also asks for a fresh
  second factor);
- held for a cooling-off period (``settings.PAYEE_COOLING_OFF``) before a payout run uses
  it: ``bank_details_usable_from``. The money owed stays payable meanwhile and goes out
  in the first run after the date;
- e-mailed to every owner and administrator of the party (each in their language and time
  zone, account numbers masked), so a change nobody asked for is seen before it is used;
- recorded by the profile's audit trigger with the actor (``pghistory.context``).
"""

from __future__ import annotations

from zoneinfo import ZoneInfo

import pghistory
from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from catalog.kernel.money import validate_currency
from catalog.kernel.notifications import notify
from catalog.kernel.permissions import MANAGER_ROLES, AnyUser, acting_members, managed_party_ids
from catalog.models import Party
from finance.models import PayeeProfile, PayoutProvider
from finance.payees.schemes import ACCOUNT_FIELDS, normalised
from finance.payees.selectors import FIELD_LABELS, shown_value
from i18n.formatting import format_datetime

EDITABLE = ("method", "currency", *(f for f in ACCOUNT_FIELDS if f != "clearing_system"))
BANK_INPUTS = tuple(f for f in EDITABLE if f != "method")


def _require_admin(*, party: Party, actor: AnyUser) -> None:
    if party.pk not in managed_party_ids(actor):
        raise PermissionDenied(
            _("Only the owners and administrators of %(party)s can change how it is paid.")
            % {"party": party.name}
        )


def _admins(party: Party) -> list:
    members = acting_members([party.pk]).filter(role__in=MANAGER_ROLES)
    return list({m.user_id: m.user for m in members}.values())


def _message(*, party: Party, changes: list[tuple[str, str, str]], usable_from, user) -> str:
    with timezone.override(ZoneInfo(user.time_zone or settings.TIME_ZONE)):
        when = format_datetime(usable_from, fmt="long")
    lines = [
        f"- {FIELD_LABELS[name]}: {shown_value(name, old) or '—'} → {shown_value(name, new) or '—'}"
        for name, old, new in changes
    ]
    return _(
        "The bank details to which %(party)s is paid were changed:\n%(changes)s\n\n"
        "Payouts use them from %(when)s. If you did not expect this change, sign in and "
        "correct it before then, and tell the platform.\n%(link)s\n"
    ) % {"party": party.name, "changes": "\n".join(lines), "when": when, "link": _link(party)}


def _link(party: Party) -> str:
    return settings.SITE_URL.rstrip("/") + f"{reverse('finance:payee')}?party={party.pk}"


def _tell_admins(*, party: Party, changes: list[tuple[str, str, str]], usable_from) -> None:
    """Mail and an in-app notice to each owner and administrator, after the commit."""
    for user in _admins(party):
        with translation.override(user.preferred_language or settings.LANGUAGE_CODE):
            subject = _("Bank details of %(party)s changed") % {"party": party.name}
            body = _message(party=party, changes=changes, usable_from=usable_from, user=user)
            notify(user=user, kind="payee_bank_changed", text=subject, url=_link(party))
        if user.email:
            address = user.email
            transaction.on_commit(
                lambda s=subject, b=body, a=address: send_mail(
                    s, b, settings.DEFAULT_FROM_EMAIL, [a]
                )
            )


def payee_profile_save(*, party: Party, actor: AnyUser, **fields: str) -> PayeeProfile:
    """Set the given fields of ``party``'s payee profile (others keep their values).

    A bank transfer needs a complete account in its country's scheme; with Stripe
    Connect, bank details are optional but checked when given.
    """
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise TypeError(f"not payee profile fields: {sorted(unknown)}")
    _require_admin(party=party, actor=actor)
    with transaction.atomic(), pghistory.context(user=actor.pk, party=party.pk):
        profile, _created = PayeeProfile.objects.select_for_update().get_or_create(party=party)
        method = fields.get("method", profile.method)
        if method not in PayoutProvider.values:
            raise ValidationError({"method": _("Choose how you want to be paid.")})
        current = {name: getattr(profile, name) for name in (*ACCOUNT_FIELDS, "currency")}
        wanted = {name: fields.get(name, current[name]) for name in BANK_INPUTS}
        has_bank = any(str(wanted[name] or "").strip() for name in ACCOUNT_FIELDS if name in wanted)
        if method == PayoutProvider.PAIN001 or has_bank:
            clean = normalised(**wanted)
        else:
            clean = dict(current)
            if fields.get("currency"):
                clean["currency"] = validate_currency(fields["currency"])
        changes = [(n, current[n], clean[n]) for n in ACCOUNT_FIELDS if current[n] != clean[n]]
        for name, value in clean.items():
            setattr(profile, name, value)
        profile.method = method
        if changes:
            profile.bank_details_usable_from = timezone.now() + settings.PAYEE_COOLING_OFF
        profile.save()
    if changes:
        _tell_admins(party=party, changes=changes, usable_from=profile.bank_details_usable_from)
    return profile
