"""Stripe Connect's ``account.updated`` through the signed webhook pipeline, and the whole
onboarding → payout by transfer, against the recorded Connect responses."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.test import Client

from finance.ledger.selectors import account_balance, trial_balance
from finance.ledger.services import account_for, journal_post
from finance.models import PayeeProfile, StripeEvent
from finance.payments.connect import connect_account_start, connect_account_sync
from finance.payments.stripe_api import sign
from finance.payouts.services import payout_run_execute, payout_run_start
from tests.factories.catalog import make_party, make_user

pytestmark = pytest.mark.django_db


@pytest.fixture
def licensor():
    owner = make_user()
    return make_party(name="Nhà xuất bản Trẻ", country="VN", member=owner), owner


@pytest.fixture
def deliver(settings, celery_eager, django_capture_on_commit_callbacks):
    """POST a signed event to the webhook; its processing (after commit) runs inline."""

    def post(event: dict, *, secret: str | None = None):
        payload = json.dumps(event).encode()
        with django_capture_on_commit_callbacks(execute=True):
            return Client().post(
                "/stripe/webhook/",
                data=payload,
                content_type="application/json",
                HTTP_STRIPE_SIGNATURE=sign(payload, secret=secret),
            )

    return post


def settle(payee, currency: str, amount: str, key: str) -> None:
    """What the platform owes ``payee`` after a paid invoice (as the payout tests do)."""
    journal_post(
        memo="settled",
        lines=[
            (account_for(party=None, kind="cash_in_transit", currency=currency), Decimal(amount)),
            (account_for(party=payee, kind="payable", currency=currency), -Decimal(amount)),
        ],
        idempotency_key=key,
    )


def owed(party, currency: str) -> Decimal:
    return -account_balance(account_for(party=party, kind="payable", currency=currency))


def test_onboarding_to_payout_by_transfer(recorded_connect, licensor, deliver):
    party, owner = licensor
    profile = connect_account_start(party=party, actor=owner, country="VN")
    account_id = profile.stripe_account_id
    # The licensor left Stripe's pages with a document still to give.
    recorded_connect.onboard(account_id, "incomplete")
    profile = connect_account_sync(profile=profile)
    assert profile.details_submitted and not profile.payouts_enabled
    assert profile.requirements_due == ["external_account", "individual.verification.document"]
    settle(party, "VND", "2500000", "connect-settle-1")
    run = payout_run_execute(run=payout_run_start(provider="stripe"))
    assert recorded_connect.transfers == []  # Stripe holds it: the account cannot receive yet
    assert owed(party, "VND") == Decimal("2500000")
    assert not run.payouts.filter(status="paid").exists()
    # Stripe verified the account and says so by webhook.
    event = recorded_connect.onboard(account_id, "complete")
    assert deliver(event).status_code == 200
    profile.refresh_from_db()
    assert profile.payouts_enabled and profile.details_submitted
    assert profile.requirements_due == [] and not profile.charges_enabled  # recipient: no charges
    assert StripeEvent.objects.get(event_id=event["id"]).state == "processed"
    # Replayed: stored once, applied once.
    assert deliver(event).status_code == 200
    assert StripeEvent.objects.get(event_id=event["id"]).deliveries == 2
    run = payout_run_execute(run=payout_run_start(provider="stripe"))
    [transfer] = recorded_connect.transfers
    assert (transfer["destination"], transfer["amount"], transfer["currency"]) == (
        account_id,
        2500000,
        "vnd",
    )
    [payout] = run.payouts.all()
    [sent] = recorded_connect.posts("/v1/transfers")[-1:]
    assert sent.idempotency_key == f"payout-{payout.pk}"
    assert (payout.status, payout.provider_ref) == ("paid", transfer["id"])
    assert owed(party, "VND") == 0
    assert set(trial_balance().values()) == {0}


def test_older_event_does_not_undo_a_newer_state(recorded_connect, licensor, deliver):
    party, owner = licensor
    account_id = connect_account_start(party=party, actor=owner, country="VN").stripe_account_id
    complete = recorded_connect.onboard(account_id, "complete")
    earlier = recorded_connect.onboard(account_id, "incomplete")
    earlier |= {"id": "evt_earlier", "created": complete["created"] - 60}
    assert deliver(complete).status_code == 200
    assert deliver(earlier).status_code == 200
    profile = PayeeProfile.objects.get(party=party)
    assert profile.payouts_enabled and profile.requirements_due == []
    assert StripeEvent.objects.get(event_id="evt_earlier").state == "ignored"


def test_event_before_the_account_is_stored_waits_for_it(
    recorded_connect, licensor, deliver, django_capture_on_commit_callbacks
):
    party, owner = licensor
    # Stripe answers the create, then its event overtakes our commit: replayed here by
    # delivering the event for the id the next create will return.
    early = recorded_connect.onboard_unknown("acct_1QRec00000000001", "complete")
    early["created"] += 5  # made at Stripe after the account was
    assert deliver(early).status_code == 200
    row = StripeEvent.objects.get(event_id=early["id"])
    assert (row.state, row.waiting_for) == ("parked", "acct_1QRec00000000001")
    with django_capture_on_commit_callbacks(execute=True):
        profile = connect_account_start(party=party, actor=owner, country="VN")
    assert profile.stripe_account_id == "acct_1QRec00000000001"
    row.refresh_from_db()
    assert row.state == "processed"
    profile.refresh_from_db()
    assert profile.payouts_enabled


def test_platform_account_event_is_ignored(recorded_connect, deliver):
    event = recorded_connect.onboard_unknown("acct_1QFixturePlatform1", "complete")
    del event["account"]
    assert deliver(event).status_code == 200
    assert StripeEvent.objects.get(event_id=event["id"]).state == "ignored"


def test_connect_endpoint_signs_with_its_own_secret(recorded_connect, licensor, deliver, settings):
    party, owner = licensor
    account_id = connect_account_start(party=party, actor=owner, country="VN").stripe_account_id
    event = recorded_connect.onboard(account_id, "complete")
    settings.STRIPE_CONNECT_WEBHOOK_SECRET = ""
    assert deliver(event, secret="whsec_connect_endpoint").status_code == 400
    assert not StripeEvent.objects.filter(event_id=event["id"]).exists()
    settings.STRIPE_CONNECT_WEBHOOK_SECRET = "whsec_connect_endpoint"
    assert deliver(event, secret="whsec_connect_endpoint").status_code == 200
    assert deliver(event, secret="whsec_someone_else").status_code == 400
    assert PayeeProfile.objects.get(party=party).payouts_enabled
