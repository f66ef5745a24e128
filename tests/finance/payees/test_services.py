"""Saving payee details: admins only, validated by the country's scheme, a change of bank
details mailed to every admin and held for the cooling-off period, history kept masked."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from finance.ledger.selectors import account_balance
from finance.ledger.services import account_for, journal_post
from finance.models import PayeeProfile, Payout
from finance.payees.selectors import held_payees, masked_history, payout_hold
from finance.payees.services import payee_profile_save
from finance.payouts.services import payout_run_execute, payout_run_start
from marketplace.listings.models import Notification
from tests.finance.payees.conftest import VIETNAMESE_ACCOUNT

pytestmark = pytest.mark.django_db


def test_a_vietnamese_account_is_stored_in_its_scheme_and_cools_off(licensor, settings):
    before = timezone.now()
    profile = payee_profile_save(party=licensor.party, actor=licensor.owner, **VIETNAMESE_ACCOUNT)
    assert profile.account_number == "0071000123456" and profile.iban == ""
    assert profile.clearing_system == "" and profile.bic == "BFTVVNVX"
    assert profile.bank_details_usable_from >= before + settings.PAYEE_COOLING_OFF
    assert "cooling-off" in payout_hold(profile, provider="pain001")
    later = profile.bank_details_usable_from + dt.timedelta(seconds=1)
    assert payout_hold(profile, provider="pain001", at=later) == ""


def test_only_owners_and_administrators_may_change_it(licensor):
    with pytest.raises(PermissionDenied):
        payee_profile_save(party=licensor.party, actor=licensor.member, **VIETNAMESE_ACCOUNT)
    assert not PayeeProfile.objects.filter(party=licensor.party).exists()
    payee_profile_save(party=licensor.party, actor=licensor.admin, **VIETNAMESE_ACCOUNT)


def test_bad_details_change_nothing(licensor):
    payee_profile_save(party=licensor.party, actor=licensor.owner, **VIETNAMESE_ACCOUNT)
    with pytest.raises(ValidationError) as refused:
        payee_profile_save(
            party=licensor.party, actor=licensor.owner, **{**VIETNAMESE_ACCOUNT, "bic": "X"}
        )
    assert set(refused.value.message_dict) == {"bic"}
    assert PayeeProfile.objects.get(party=licensor.party).bic == "BFTVVNVX"
    with pytest.raises(ValidationError) as refused:
        payee_profile_save(party=licensor.party, actor=licensor.owner, method="cash")
    assert set(refused.value.message_dict) == {"method"}


def test_every_admin_is_mailed_what_changed_masked(licensor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        payee_profile_save(party=licensor.party, actor=licensor.owner, **VIETNAMESE_ACCOUNT)
    assert sorted(m.to[0] for m in mail.outbox) == ["admin@example.test", "owner@example.test"]
    body = mail.outbox[0].body
    assert "•••• 3456" in body and "0071000123456" not in body
    assert "BFTVVNVX" in body and "Hanoi Books" in body
    assert Notification.objects.filter(kind="payee_bank_changed").count() == 2
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):  # the currency is not where money goes
        payee_profile_save(
            party=licensor.party, actor=licensor.owner, **{**VIETNAMESE_ACCOUNT, "currency": "USD"}
        )
    assert mail.outbox == []


def test_changing_the_method_to_stripe_keeps_the_bank_details(licensor):
    first = payee_profile_save(party=licensor.party, actor=licensor.owner, **VIETNAMESE_ACCOUNT)
    again = payee_profile_save(party=licensor.party, actor=licensor.owner, method="stripe")
    assert again.account_number == first.account_number
    assert again.bank_details_usable_from == first.bank_details_usable_from
    assert payout_hold(again, provider="stripe") == "No Stripe account is connected."


def test_history_says_who_when_and_masks_numbers(licensor):
    payee_profile_save(party=licensor.party, actor=licensor.owner, **VIETNAMESE_ACCOUNT)
    payee_profile_save(
        party=licensor.party,
        actor=licensor.admin,
        **{**VIETNAMESE_ACCOUNT, "account_number": "0071000654321"},
    )
    rows = masked_history(PayeeProfile.objects.get(party=licensor.party))
    assert [row.who for row in rows][:2] == ["admin@example.test", "owner@example.test"]
    change = {label: (old, new) for label, old, new in rows[0].changes}
    assert change["Account number"] == ("•••• 3456", "•••• 4321")
    shown = repr(rows)
    assert "0071000123456" not in shown and "0071000654321" not in shown


def _owe(party, currency: str, amount: str) -> None:
    journal_post(
        memo="royalties settled",
        lines=[
            (account_for(party=None, kind="cash_in_transit", currency=currency), Decimal(amount)),
            (account_for(party=party, kind="payable", currency=currency), -Decimal(amount)),
        ],
        idempotency_key=f"owe-{party.pk}-{currency}-{amount}",
    )


def _owed(party, currency: str) -> Decimal:
    return -account_balance(account_for(party=party, kind="payable", currency=currency))


def test_cooling_off_holds_the_payout_then_the_next_run_pays_it(licensor):
    german = {
        "method": "pain001",
        "bank_country": "DE",
        "account_holder": "Hanoi Books GmbH",
        "iban": "DE89 3704 0044 0532 0130 00",
        "currency": "EUR",
    }
    profile = payee_profile_save(party=licensor.party, actor=licensor.owner, **german)
    _owe(licensor.party, "EUR", "300.00")
    held = payout_run_execute(run=payout_run_start(provider="pain001"))
    assert held.payouts.count() == 0
    assert _owed(licensor.party, "EUR") == Decimal("300.00")  # not lost: still owed
    [hold] = [h for h in held_payees() if h.party == licensor.party]
    assert "cooling-off" in hold.reason and hold.amount == Decimal("300.00")
    # The period passes.
    PayeeProfile.objects.filter(pk=profile.pk).update(
        bank_details_usable_from=timezone.now() - dt.timedelta(minutes=1)
    )
    paid = payout_run_execute(run=payout_run_start(provider="pain001"))
    [payout] = Payout.objects.filter(run=paid)
    assert payout.payee == licensor.party and payout.amount == Decimal("300.00")
    assert payout.status == "submitted"  # in the bank file (its content: the pain.001 tests)
    assert _owed(licensor.party, "EUR") == 0
    assert not [h for h in held_payees() if h.party == licensor.party]


def test_a_stripe_account_without_payouts_enabled_is_held_with_the_reason(licensor):
    profile = payee_profile_save(party=licensor.party, actor=licensor.owner, method="stripe")
    PayeeProfile.objects.filter(pk=profile.pk).update(stripe_account_id="acct_1Pending")
    profile.refresh_from_db()
    assert payout_hold(profile, provider="stripe") == (
        "Stripe has not enabled payouts to this account yet."
    )
    PayeeProfile.objects.filter(pk=profile.pk).update(payouts_enabled=True)
    profile.refresh_from_db()
    assert payout_hold(profile, provider="stripe") == ""
