"""Stripe Connect onboarding: a connected account per payee, Stripe's own pages, its state.

``connect_account_start`` creates the party's connected account once (the profile
row is locked across the call and the idempotency key names the party and
country, so neither a double click nor a retry makes a second account).
``connect_account_link`` makes the single-use Account Link that sends the user
through Stripe's hosted onboarding; Stripe sends them back to our return URL, or
to the refresh URL when the link expired, which simply makes a new link.

What Stripe says about the account — ``charges_enabled``, ``payouts_enabled``,
``details_submitted`` and the requirements still due — reaches the profile two
ways, both through ``_apply``: ``connect_account_sync`` reads the Account when
the user comes back, and the ``account.updated`` webhook (``on_account_updated``)
delivers each later change. States are applied in the order Stripe produced them:
each carries its time (the event's ``created``, or now for a read), and a state
older than the one held is ignored, so a late or replayed event cannot undo a
newer one. An event about an account we have not stored yet (it can arrive
before our transaction commits) is parked and woken by the start.

Accounts are made with controller properties, not ``type=express``: Stripe now
describes account types as legacy and maps each one to these properties; the
values below are exactly Express's (Stripe-hosted onboarding and Express
Dashboard, Stripe collects the requirements, the platform pays Stripe's fees and
carries negative balances), and they need no API version change. Only the
``transfers`` capability is requested — the platform charges buyers itself and pays
licensors by transfer — and an account outside the platform's country is opened
under the ``recipient`` service agreement, which cross-border payouts require.
"""

from __future__ import annotations

import datetime as dt

import stripe
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.kernel.permissions import AnyUser
from catalog.models import Party
from catalog.services import validate_country
from finance.models import PayeeProfile, PayoutProvider, StripeEvent, StripeEventState
from finance.payments.stripe_api import configure

St = StripeEventState
ACCOUNT_CONTROLLER = {
    "stripe_dashboard": {"type": "express"},
    "fees": {"payer": "application"},
    "losses": {"payments": "application"},
    "requirement_collection": "stripe",
}
# Merchant category "digital goods – media: books, movies, music" (ISO 18245 5815).
LICENSOR_MCC = "5815"
_platform_country: dict[str, str] = {}
# Stripe's answers the user can act on (shown as a field error); a bad API key or a Stripe
# outage beyond the SDK's retries stays an error for the logs.
REFUSALS = (stripe.InvalidRequestError, stripe.IdempotencyError, stripe.APIConnectionError)


def _stripe_refusal(exc: stripe.StripeError, field: str) -> ValidationError:
    if isinstance(exc, stripe.APIConnectionError):  # after the SDK's own retries
        return ValidationError({field: _("Stripe could not be reached. Try again later.")})
    message = getattr(exc, "user_message", None) or str(exc)
    return ValidationError(
        {field: _("Stripe refused the request: %(reason)s") % {"reason": message}}
    )


def platform_country() -> str:
    """The platform account's own country (GET /v1/account), read once per API key."""
    configure()
    key = stripe.api_key or ""
    if key not in _platform_country:
        _platform_country[key] = stripe.Account.retrieve()["country"]
    return _platform_country[key]


def _account_params(party: Party, country: str) -> dict:
    params = {
        "controller": ACCOUNT_CONTROLLER,
        "country": country,
        "capabilities": {"transfers": {"requested": True}},
        "business_profile": {
            "name": party.original_name or party.name,
            "mcc": LICENSOR_MCC,
            "product_description": "Licences of copyright works (royalties and licence fees)",
        },
        "metadata": {"party_id": str(party.pk)},
    }
    if party.email:
        params["email"] = party.email
    if country != platform_country():
        params["tos_acceptance"] = {"service_agreement": "recipient"}
    return params


def connect_account_start(*, party: Party, actor: AnyUser, country: str) -> PayeeProfile:
    """The party's connected account, created at Stripe the first time (``actor`` is the
    party admin who asked; the profile's history records them through the request)."""
    country = validate_country(country)
    configure()
    with transaction.atomic():
        profile, _created = PayeeProfile.objects.select_for_update().get_or_create(party=party)
        if profile.stripe_account_id:
            return profile  # one account per party: onboarding continues on it
        try:
            account = stripe.Account.create(
                **_account_params(party, country),
                idempotency_key=f"connect-account-{party.pk}-{country}",
            )
        except REFUSALS as exc:
            raise _stripe_refusal(exc, "country") from exc
        profile.stripe_account_id = account["id"]
        _lock_account(account["id"])
        if not profile.method:
            profile.method = PayoutProvider.STRIPE
        # The state as Stripe created it: an event made since then is newer.
        created = dt.datetime.fromtimestamp(int(account["created"]), tz=dt.UTC)
        _apply(profile, account.to_dict(), as_of=created)
        parked = list(
            StripeEvent.objects.filter(state=St.PARKED, waiting_for=account["id"]).values_list(
                "pk", flat=True
            )
        )
        for pk in parked:
            transaction.on_commit(lambda pk=pk: _enqueue(pk))
    return profile


def _lock_account(account_id: str) -> None:
    """Serialises a start storing the account with an event about it: whichever comes
    second sees the other (the stored profile, or the parked event)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_advisory_xact_lock(hashtextextended(%s, 0))", [account_id])


def _enqueue(event_pk: int) -> None:
    # finance.tasks imports the event pipeline, which imports this module.
    from finance.tasks import process_stripe_event

    process_stripe_event.delay(event_pk)


def connect_account_link(*, profile: PayeeProfile, refresh_url: str, return_url: str) -> str:
    """The URL of a fresh onboarding link (single-use, valid for minutes: never stored)."""
    if not profile.stripe_account_id:
        raise ValidationError(
            {"stripe_account_id": _("Connect a Stripe account before continuing onboarding.")}
        )
    configure()
    try:
        link = stripe.AccountLink.create(
            account=profile.stripe_account_id,
            type="account_onboarding",
            collection_options={"fields": "currently_due"},
            refresh_url=refresh_url,
            return_url=return_url,
        )
    except REFUSALS as exc:
        raise _stripe_refusal(exc, "stripe_account_id") from exc
    return link["url"]


def connect_account_sync(*, profile: PayeeProfile) -> PayeeProfile:
    """Read the account's current state from Stripe into the profile."""
    if not profile.stripe_account_id:
        raise ValidationError({"stripe_account_id": _("This payee has no Stripe account.")})
    configure()
    as_of = timezone.now()
    try:
        account = stripe.Account.retrieve(profile.stripe_account_id)
    except REFUSALS as exc:
        raise _stripe_refusal(exc, "stripe_account_id") from exc
    with transaction.atomic():
        profile = PayeeProfile.objects.select_for_update().get(pk=profile.pk)
        _apply(profile, account.to_dict(), as_of=as_of)
    return profile


def requirements_due(*, account: dict) -> list[str]:
    """What the account holder still has to give Stripe (past due first, then due now)."""
    requirements = account.get("requirements") or {}
    past = list(requirements.get("past_due") or [])
    due = [f for f in requirements.get("currently_due") or [] if f not in past]
    return sorted(past) + sorted(due)


def _apply(profile: PayeeProfile, account: dict, *, as_of: dt.datetime) -> bool:
    """Store the account's state unless the profile holds a newer one; True if stored."""
    if profile.stripe_synced_at and as_of < profile.stripe_synced_at.replace(microsecond=0):
        return False
    profile.charges_enabled = bool(account.get("charges_enabled"))
    profile.payouts_enabled = bool(account.get("payouts_enabled"))
    profile.details_submitted = bool(account.get("details_submitted"))
    profile.requirements_due = requirements_due(account=account)
    profile.stripe_synced_at = max(as_of, profile.stripe_synced_at or as_of)
    profile.save()
    return True


def on_account_updated(event: StripeEvent, account: dict) -> tuple[str, str, str]:
    """The ``account.updated`` handler of the event pipeline: (state, waiting_for, note)."""
    if not event.payload.get("account"):
        return St.IGNORED, "", "about the platform's own account"
    _lock_account(account["id"])
    profile = (
        PayeeProfile.objects.select_for_update().filter(stripe_account_id=account["id"]).first()
    )
    if profile is None:
        return St.PARKED, account["id"], "account not stored here (yet)"
    as_of = dt.datetime.fromtimestamp(int(event.payload["created"]), tz=dt.UTC)
    if not _apply(profile, account, as_of=as_of):
        return St.IGNORED, "", "older than the account state already stored"
    return St.PROCESSED, "", ""
