"""Reads of payee profiles: who may see or change them, their masked history, and why a
payout run would hold a payee's money."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalog.kernel.history import object_history
from catalog.kernel.permissions import acts_for, is_staff, managed_party_ids
from catalog.models import Party
from catalog.territories import country_name
from finance.models import PayeeProfile, PayoutProvider
from finance.payees.schemes import check_payee_account, mask
from finance.payouts.selectors import payable_balances, payout_minimum
from i18n.formatting import format_datetime

FIELD_LABELS = {
    "method": gettext_lazy("Payout method"),
    "stripe_account_id": gettext_lazy("Stripe account"),
    "account_holder": gettext_lazy("Account holder"),
    "bank_country": gettext_lazy("Country of the account"),
    "currency": gettext_lazy("Payout currency"),
    "iban": gettext_lazy("IBAN"),
    "account_number": gettext_lazy("Account number"),
    "bic": gettext_lazy("BIC (SWIFT code)"),
    "clearing_system": gettext_lazy("Clearing system"),
    "bank_code": gettext_lazy("Bank code"),
    "branch_code": gettext_lazy("Branch code"),
    "bank_details_usable_from": gettext_lazy("Usable for payouts from"),
}
MASKED = {"iban", "account_number", "stripe_account_id"}


def shown_value(name: str, value: object) -> str:
    """A stored value as people may read it: account numbers masked, codes as labels."""
    if value in (None, ""):
        return ""
    if name in MASKED:
        return mask(str(value))
    if name == "bank_country":
        return country_name(str(value))
    if name == "method":
        return str(PayoutProvider(value).label) if value in PayoutProvider.values else str(value)
    if name == "bank_details_usable_from":
        moment = dt.datetime.fromisoformat(value) if isinstance(value, str) else value
        return format_datetime(moment)
    return str(value)


def can_read_payee(user: object, party: Party) -> bool:
    """Members read their party's masked details (they see its money already); staff too,
    to answer a payee's question."""
    return is_staff(user) or acts_for(user, party.pk)


def can_edit_payee(user: object, party: Party) -> bool:
    return party.pk in managed_party_ids(user)


def payee_profile_for(party: Party) -> PayeeProfile | None:
    return PayeeProfile.objects.filter(party=party).first()


@dataclass(frozen=True)
class HistoryRow:
    at: dt.datetime
    who: str
    changes: list[tuple[str, str, str]]  # (label, old, new), masked


def masked_history(profile: PayeeProfile) -> list[HistoryRow]:
    """Every change of the profile, newest first: who, when, old → new (masked)."""
    changes = [c for c in object_history(profile) if c.label != "baseline" or c.diff]
    users = get_user_model().objects.in_bulk({c.user_id for c in changes if c.user_id})
    rows = []
    for change in changes:
        diff = change.diff or {
            name: (None, value) for name, value in change.values.items() if name in FIELD_LABELS
        }
        shown = [
            (str(FIELD_LABELS[name]), shown_value(name, old), shown_value(name, new))
            for name, (old, new) in diff.items()
            if name in FIELD_LABELS and (old or new)
        ]
        user = users.get(change.user_id)
        who = (user.get_full_name() or user.email) if user else _("the platform")
        if shown:
            rows.append(HistoryRow(at=change.at, who=who, changes=shown))
    return rows[::-1]


def payout_hold(profile: PayeeProfile | None, *, provider: str, at=None) -> str:
    """Why a run of ``provider`` would not pay this payee now ("" when it would)."""
    if profile is None or not profile.method:
        return _("No payout method has been chosen.")
    if profile.method != provider:
        return _("Paid by %(method)s.") % {"method": PayoutProvider(profile.method).label}
    if provider == PayoutProvider.STRIPE:
        if not profile.stripe_account_id:
            return _("No Stripe account is connected.")
        # A transfer to an account Stripe has not enabled would be refused by Stripe
        # (insufficient capabilities): hold it here, with the reason, instead of failing it.
        if not profile.payouts_enabled:
            return _("Stripe has not enabled payouts to this account yet.")
        return ""
    try:
        check_payee_account(profile)
    except ValidationError as exc:
        return _("The bank details are incomplete or invalid: %(errors)s") % {
            "errors": " ".join(exc.messages)
        }
    usable_from = profile.bank_details_usable_from
    if usable_from is not None and usable_from > (at or timezone.now()):
        return _("New bank details are in their cooling-off period until %(when)s.") % {
            "when": format_datetime(usable_from)
        }
    return ""


@dataclass(frozen=True)
class Held:
    party: Party
    currency: str
    amount: object
    reason: str


def held_payees() -> list[Held]:
    """Payees owed at least the minimum whom a run of their own method would skip, and
    why: the money stays payable and goes out once the reason is gone."""
    balances = [
        (payee_id, cur, owed)
        for payee_id, cur, owed in payable_balances()
        if owed >= payout_minimum(cur)
    ]
    ids = {payee_id for payee_id, _cur, _owed in balances}
    profiles = {p.party_id: p for p in PayeeProfile.objects.filter(party_id__in=ids)}
    parties = Party.objects.in_bulk(ids)
    held = []
    for payee_id, cur, owed in balances:
        profile = profiles.get(payee_id)
        reason = payout_hold(profile, provider=profile.method if profile else "")
        if reason:
            held.append(Held(parties[payee_id], cur, owed, reason))
    return held
