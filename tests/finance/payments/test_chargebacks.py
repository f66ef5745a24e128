"""Chargebacks close: won releases the reserve once, lost books the loss with the licensor's
share forfeited and Stripe's fee on the platform; every ledger stays balanced."""

from __future__ import annotations

from decimal import Decimal

import pytest

from finance.ledger import postings
from finance.ledger.selectors import account_balance, trial_balance
from finance.ledger.services import account_for, journal_post
from finance.models import Chargeback, JournalEntry, StripeEvent
from finance.payouts.selectors import payable_balances
from tests.finance.conftest import make_invoice, post_event
from tests.finance.payments.disputes import dispute_of, paid_invoice, pay_by_event

pytestmark = pytest.mark.django_db


def bal(party, kind, currency="USD"):
    return account_balance(account_for(party=party, kind=kind, currency=currency))


def deliver(client, capture, kind, obj, *, event_id=None):
    with capture(execute=True):
        assert post_event(client, kind, obj, event_id=event_id).status_code == 200


def snapshot(invoice):
    return {
        kind: bal(invoice.payee if kind.startswith("payee_") else None, kind.removeprefix("payee_"))
        for kind in (
            "payee_payable",
            "payee_reserve",
            "reserve",
            "cash_in_transit",
            "revenue",
            "tax_withheld",
            "processing_fees",
        )
    }


def test_won_releases_the_reserve_once_whichever_event_comes_first(
    client, celery_eager, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    invoice, intent = paid_invoice(client, capture)
    after_payment = snapshot(invoice)
    deliver(client, capture, "charge.dispute.created", dispute_of(intent, minor=15900))
    assert bal(None, "reserve") == Decimal("159.00")
    assert bal(invoice.payee, "reserve") == Decimal("-135.00")

    reinstated = dispute_of(intent, minor=15900, status="won")
    for event_id in ("evt_reinstated", "evt_reinstated"):  # Stripe delivers it twice
        deliver(client, capture, "charge.dispute.funds_reinstated", reinstated, event_id=event_id)
    deliver(client, capture, "charge.dispute.closed", reinstated, event_id="evt_closed_won")

    assert snapshot(invoice) == after_payment  # cash back, the licensor's share payable again
    assert JournalEntry.objects.filter(idempotency_key__endswith=":released").count() == 1
    chargeback = Chargeback.objects.get(invoice=invoice)
    assert (chargeback.outcome, chargeback.status) == ("won", "won")
    assert chargeback.close_entry.reverses_id == chargeback.entry_id
    assert set(StripeEvent.objects.values_list("state", flat=True)) == {"processed"}
    assert trial_balance() == {"USD": 0}


def test_lost_books_the_loss_reverses_the_licensor_share_and_charges_the_fee(
    client, celery_eager, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    invoice, intent = paid_invoice(client, capture)
    deliver(client, capture, "charge.dispute.created", dispute_of(intent, minor=15900))
    lost = dispute_of(intent, minor=15900, status="lost", fee=1500)
    deliver(client, capture, "charge.dispute.closed", lost, event_id="evt_lost")
    deliver(client, capture, "charge.dispute.closed", lost, event_id="evt_lost")  # replay

    assert snapshot(invoice) == {
        "payee_payable": Decimal("0"),  # 135 earned, 135 forfeited
        "payee_reserve": Decimal("0"),
        "reserve": Decimal("0"),
        "cash_in_transit": Decimal("-15.00"),  # 159 in, 159 taken back, 15 fee
        "revenue": Decimal("0"),  # the 15 commission reversed
        "tax_withheld": Decimal("0"),  # the 9 tax reversed
        "processing_fees": Decimal("15.00"),
    }
    assert Chargeback.objects.get(invoice=invoice).outcome == "lost"
    assert JournalEntry.objects.filter(idempotency_key__contains=":fee").count() == 1
    assert trial_balance() == {"USD": 0}


def test_partial_dispute_lost_splits_per_the_contract(
    client, celery_eager, django_capture_on_commit_callbacks
):
    """53.00 of 159.00 disputed and lost: a third of each share (45 licensor, 5 commission,
    3 tax) is reversed."""
    capture = django_capture_on_commit_callbacks
    invoice, intent = paid_invoice(client, capture)
    deliver(client, capture, "charge.dispute.created", dispute_of(intent, minor=5300))
    deliver(client, capture, "charge.dispute.closed", dispute_of(intent, minor=5300, status="lost"))
    assert bal(invoice.payee, "payable") == Decimal("-90.00")
    assert bal(None, "revenue") == Decimal("-10.00")
    assert bal(None, "tax_withheld") == Decimal("-6.00")
    assert bal(None, "cash_in_transit") == Decimal("106.00")
    assert trial_balance() == {"USD": 0}


def test_lost_after_payout_leaves_a_debit_that_nets_against_later_earnings(
    client, celery_eager, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    invoice, intent = paid_invoice(client, capture)
    payee = invoice.payee
    # The licensor's 135 was paid out (the entry a payout run posts).
    journal_post(
        memo="payout",
        lines=postings.payout_lines(
            payee=payee, currency="USD", amount=Decimal("135.00"), provider="stripe"
        ),
        idempotency_key="test-payout-1",
    )
    deliver(client, capture, "charge.dispute.created", dispute_of(intent, minor=15900))
    deliver(
        client, capture, "charge.dispute.closed", dispute_of(intent, minor=15900, status="lost")
    )
    assert bal(payee, "payable") == Decimal("135.00")  # owed by the licensor now
    assert payee.pk not in {p for p, _c, _a in payable_balances()}  # never paid out

    second = make_invoice(payee=payee, amounts=("100.00",))  # licensor's share 90
    pay_by_event(client, capture, second)
    assert bal(payee, "payable") == Decimal("45.00")
    assert payee.pk not in {p for p, _c, _a in payable_balances()}
    third = make_invoice(payee=payee, amounts=("200.00",))  # licensor's share 180
    pay_by_event(client, capture, third)
    assert (payee.pk, "USD", Decimal("135.00")) in payable_balances(currency="USD")
    assert trial_balance() == {"USD": 0}


def test_closed_before_created_waits_then_applies(
    client, celery_eager, django_capture_on_commit_callbacks
):
    capture = django_capture_on_commit_callbacks
    invoice, intent = paid_invoice(client, capture)
    deliver(
        client, capture, "charge.dispute.closed", dispute_of(intent, minor=15900, status="lost")
    )
    deliver(
        client,
        capture,
        "charge.dispute.funds_reinstated",
        dispute_of(intent, minor=15900, status="lost"),
    )
    parked = StripeEvent.objects.filter(state="parked")
    assert parked.count() == 2 and {e.waiting_for for e in parked} == {f"dp_{intent['id']}"}
    assert not Chargeback.objects.exists()

    deliver(client, capture, "charge.dispute.created", dispute_of(intent, minor=15900))
    chargeback = Chargeback.objects.get(invoice=invoice)
    assert chargeback.outcome == "lost"
    states = dict(StripeEvent.objects.values_list("type", "state"))
    assert states["charge.dispute.closed"] == "processed"
    # Reinstated funds after a loss contradict it: recorded, nothing moves.
    reinstated = StripeEvent.objects.get(type="charge.dispute.funds_reinstated")
    # The note is written in the site's default language (a webhook has no reader).
    assert reinstated.state == "ignored" and f"dp_{intent['id']}" in reinstated.note
    assert not JournalEntry.objects.filter(idempotency_key__endswith=":released").exists()
    assert bal(invoice.payee, "payable") == 0 and bal(None, "reserve") == 0
    assert trial_balance() == {"USD": 0}


def test_dispute_parked_before_its_payment_then_its_close_parked_on_it(
    client, celery_eager, django_capture_on_commit_callbacks
):
    """created waits for the payment, closed waits for created: one payment wakes both."""
    capture = django_capture_on_commit_callbacks
    invoice = make_invoice(amounts=("150.00",), tax_rate="6")
    intent = {"id": f"pi_test_{invoice.pk}", "latest_charge": {"id": f"ch_test_{invoice.pk}"}}
    deliver(client, capture, "charge.dispute.closed", dispute_of(intent, minor=15900, status="won"))
    deliver(client, capture, "charge.dispute.created", dispute_of(intent, minor=15900))
    assert set(StripeEvent.objects.values_list("state", flat=True)) == {"parked"}
    pay_by_event(client, capture, invoice)
    assert set(StripeEvent.objects.values_list("state", flat=True)) == {"processed"}
    assert Chargeback.objects.get(invoice=invoice).outcome == "won"
    assert bal(None, "reserve") == 0 and bal(invoice.payee, "payable") == Decimal("-135.00")
    assert trial_balance() == {"USD": 0}


def test_chargeback_outcome_on_the_invoice_page(
    client, celery_eager, django_capture_on_commit_callbacks
):
    from tests.factories.catalog import make_user
    from tests.mfa import login_with_mfa

    capture = django_capture_on_commit_callbacks
    invoice, intent = paid_invoice(client, capture)
    deliver(client, capture, "charge.dispute.created", dispute_of(intent, minor=15900))
    deliver(client, capture, "charge.dispute.closed", dispute_of(intent, minor=15900, status="won"))
    login_with_mfa(client, make_user(roles=["staff"]))
    page = client.get(f"/en/finance/invoices/{invoice.pk}/").content.decode()
    assert 'data-outcome="won"' in page and "Won: funds returned" in page
