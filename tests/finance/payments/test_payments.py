"""Invoices, payments against localstripe, verified webhooks, refunds, disputes, out-of-order."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import stripe
from django.core.exceptions import PermissionDenied, ValidationError

from catalog.kernel import events
from catalog.kernel.money import Money
from catalog.kernel.workflow import SYSTEM, TransitionRefused
from finance.events import InvoicePaid, InvoiceRefunded
from finance.invoices.selectors import invoices_for_subject
from finance.invoices.services import InvoiceLineInput, invoice_create, invoice_void
from finance.invoices.workflow import WORKFLOW as INVOICE_WORKFLOW
from finance.ledger.selectors import account_balance, trial_balance
from finance.ledger.services import account_for
from finance.models import (
    Chargeback,
    Invoice,
    JournalEntry,
    PaymentFailure,
    Refund,
    StripeEvent,
)
from finance.payments.refunds import refund_request_create, refund_request_submit
from finance.payments.services import (
    confirm_with_test_card,
    payment_attempt_record,
    payment_intent_for_invoice,
)
from finance.payments.stripe_events import stripe_events_requeue
from tests.factories.catalog import make_party, make_user
from tests.finance.conftest import fixture_json, make_invoice, post_event

pytestmark = pytest.mark.django_db


@pytest.fixture
def captured_events():
    seen: list[tuple[str, object]] = []
    names = {InvoicePaid: "invoice_paid", InvoiceRefunded: "invoice_refunded"}

    def handler(event):
        seen.append((names[type(event)], event))

    for event_type in names:
        events.subscribe(event_type, handler)
    yield seen
    for event_type in names:
        events.unsubscribe(event_type, handler)


def bal(party, kind, currency="USD"):
    return account_balance(account_for(party=party, kind=kind, currency=currency))


def test_invoice_create_posts_receivable_payable_commission_and_tax(settings):
    settings.PLATFORM_COMMISSION_PERCENT = 10
    invoice = make_invoice(amounts=("100.00", "50.00"), tax_rate="6")
    assert (invoice.amount_net, invoice.amount_tax, invoice.amount_due) == (
        Decimal("150.00"),
        Decimal("9.00"),
        Decimal("159.00"),
    )
    assert invoice.commission_amount == Decimal("15.00")
    assert invoice.number.startswith("INV-")
    assert bal(invoice.payer, "receivable") == Decimal("159.00")
    assert bal(invoice.payee, "payable_pending") == Decimal("-135.00")
    assert bal(None, "revenue") == Decimal("-15.00")
    assert bal(None, "tax_withheld") == Decimal("-9.00")
    assert trial_balance() == {"USD": 0}
    again = invoice_create(
        payer=invoice.payer,
        payee=invoice.payee,
        lines=[InvoiceLineInput(kind="flat_fee", description="x", amount=Money(1, "USD"))],
        subject=invoice.subject,
        idempotency_key=invoice.idempotency_key,
        due_on=invoice.due_on,
        language="en",
    )
    assert again.pk == invoice.pk and JournalEntry.objects.count() == 1
    assert list(invoices_for_subject(invoice.subject)) == [invoice]


@pytest.mark.parametrize(
    ("currency", "amount", "field"),
    [
        ("XXX", "10", "currency"),
        ("VND", "10.5", "lines[0].amount"),
        ("USD", "-1", "lines[0].amount"),
    ],
)
def test_invoice_create_refuses_bad_input(currency, amount, field):
    with pytest.raises(ValidationError) as err:
        make_invoice(currency=currency, amounts=(amount,))
    assert field in err.value.message_dict
    assert Invoice.objects.count() == 0 and JournalEntry.objects.count() == 0


def test_invoice_lines_in_two_currencies_are_refused():
    lines = [
        InvoiceLineInput(kind="flat_fee", description="fee", amount=Money("10", currency))
        for currency in ("USD", "EUR")
    ]
    with pytest.raises(ValidationError) as err:
        invoice_create(
            payer=make_party(),
            payee=make_party(),
            lines=lines,
            subject="contract:LIC-2026-999998",
            idempotency_key="two-currencies",
            due_on=dt.date(2026, 12, 31),
            language="en",
        )
    assert "lines[1].amount" in err.value.message_dict
    assert Invoice.objects.count() == 0


def test_void_reverses_issue():
    invoice = make_invoice()
    invoice_void(invoice=invoice, user=SYSTEM)
    assert bal(invoice.payer, "receivable") == 0
    assert trial_balance() == {"USD": 0}


def test_void_is_the_issuers_act_and_recorded_with_its_actor():
    issuer, buyer = make_user(), make_user()
    invoice = make_invoice(payee=make_party(member=issuer), payer=make_party(member=buyer))
    assert INVOICE_WORKFLOW.available_action_names(invoice, buyer) == set()
    with pytest.raises(PermissionDenied):
        invoice_void(invoice=invoice, user=buyer)
    assert INVOICE_WORKFLOW.available_action_names(invoice, issuer) == {"void"}
    invoice = invoice_void(invoice=invoice, user=issuer, note="sent twice")
    event = invoice.events.last()
    assert (event.from_status, event.to_status, event.actor, event.note) == (
        "open",
        "void",
        issuer,
        "sent twice",
    )
    with pytest.raises(TransitionRefused):
        invoice_void(invoice=invoice, user=issuer)


def pay(invoice, client, capture):
    attempt = payment_intent_for_invoice(invoice=invoice)
    assert payment_intent_for_invoice(invoice=invoice).pk == attempt.pk  # reused, not a 2nd PI
    intent = confirm_with_test_card(attempt=attempt)
    assert intent["status"] == "succeeded"
    assert intent["amount"] == 15900 and intent["currency"] == "usd"
    assert intent["metadata"]["invoice_id"] == str(invoice.pk)
    with capture(execute=True):
        response = post_event(client, "payment_intent.succeeded", intent)
    assert response.status_code == 200
    return intent


def refund_create(invoice, staff, amount):
    made = refund_request_create(
        invoice=invoice, user=staff, amount=Decimal(amount), reason="requested_by_customer"
    )
    return refund_request_submit(request=made)


def test_pay_refund_partly_then_fully_and_dispute(
    client, stripe_local, celery_eager, captured_events, django_capture_on_commit_callbacks
):
    invoice = make_invoice(amounts=("150.00",), tax_rate="6")
    intent = pay(invoice, client, django_capture_on_commit_callbacks)
    invoice.refresh_from_db()
    assert invoice.status == "paid" and invoice.amount_paid == Decimal("159.00")
    paid = InvoicePaid(invoice_id=invoice.pk, subject=invoice.subject)
    assert ("invoice_paid", paid) in captured_events
    assert bal(invoice.payer, "receivable") == 0
    assert bal(invoice.payee, "payable_pending") == 0
    assert bal(invoice.payee, "payable") == Decimal("-135.00")  # settled: can be paid out
    assert bal(None, "cash_in_transit") == Decimal("159.00")

    staff = make_user(roles=["staff"])
    refund_create(invoice, staff, "53.00")
    charge = stripe.Charge.retrieve(intent["latest_charge"]["id"]).to_dict()
    with django_capture_on_commit_callbacks(execute=True):
        assert post_event(client, "charge.refunded", charge).status_code == 200
    invoice.refresh_from_db()
    assert invoice.status == "partly_refunded" and invoice.amount_refunded == Decimal("53.00")
    assert bal(None, "tax_withheld") == Decimal("-6.00")  # a third of the tax reversed
    assert bal(invoice.payee, "payable") == Decimal("-90.00")

    refund_create(invoice, staff, "106.00")
    charge = stripe.Charge.retrieve(charge["id"]).to_dict()
    with django_capture_on_commit_callbacks(execute=True):
        post_event(client, "charge.refunded", charge)
    invoice.refresh_from_db()
    assert invoice.status == "refunded" and Refund.objects.filter(invoice=invoice).count() == 2
    for kind in ("payable", "revenue", "tax_withheld", "cash_in_transit"):
        assert bal(invoice.payee if kind == "payable" else None, kind) == 0, kind
    assert [name for name, _ in captured_events].count("invoice_refunded") == 2
    assert trial_balance() == {"USD": 0}


def test_dispute_holds_funds(
    client, stripe_local, celery_eager, django_capture_on_commit_callbacks
):
    invoice = make_invoice(amounts=("150.00",), tax_rate="6")
    intent = pay(invoice, client, django_capture_on_commit_callbacks)
    dispute = fixture_json("dispute.json") | {
        "charge": intent["latest_charge"]["id"],
        "payment_intent": intent["id"],
        "amount": 15900,
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert post_event(client, "charge.dispute.created", dispute).status_code == 200
    chargeback = Chargeback.objects.get(invoice=invoice)
    assert chargeback.amount == Decimal("159.00") and chargeback.reason == "fraudulent"
    assert bal(None, "cash_in_transit") == 0
    assert bal(None, "reserve") == Decimal("159.00")
    assert bal(invoice.payee, "payable") == 0  # the payee share is frozen …
    assert bal(invoice.payee, "reserve") == Decimal("-135.00")  # … here
    assert trial_balance() == {"USD": 0}


def test_refund_and_dispute_before_success_are_parked_then_applied(
    client, stripe_local, celery_eager, django_capture_on_commit_callbacks
):
    invoice = make_invoice(amounts=("100.00",))
    attempt = payment_intent_for_invoice(invoice=invoice)
    intent = confirm_with_test_card(attempt=attempt)
    refund_create_before = stripe.Refund.create(payment_intent=intent["id"], amount=2500)
    charge = stripe.Charge.retrieve(refund_create_before["charge"]).to_dict()
    dispute = fixture_json("dispute.json") | {
        "charge": charge["id"],
        "payment_intent": intent["id"],
        "amount": 7500,
    }
    with django_capture_on_commit_callbacks(execute=True):
        post_event(client, "charge.refunded", charge)
        post_event(client, "charge.dispute.created", dispute)
    assert set(StripeEvent.objects.values_list("state", flat=True)) == {"parked"}
    assert JournalEntry.objects.count() == 1  # only the invoice
    with django_capture_on_commit_callbacks(execute=True):
        post_event(client, "payment_intent.succeeded", intent)
    assert set(StripeEvent.objects.values_list("state", flat=True)) == {"processed"}
    invoice.refresh_from_db()
    assert invoice.status == "partly_refunded" and invoice.amount_refunded == Decimal("25.00")
    assert Chargeback.objects.filter(invoice=invoice).exists()
    assert bal(None, "cash_in_transit") == 0  # 100 in, 25 refunded, 75 disputed
    assert trial_balance() == {"USD": 0}


def test_payment_failed_recorded_invoice_stays_open(
    client, stripe_local, celery_eager, django_capture_on_commit_callbacks
):
    invoice = make_invoice()
    attempt = payment_intent_for_invoice(invoice=invoice)
    intent = stripe.PaymentIntent.retrieve(attempt.payment_intent_id).to_dict() | {
        "status": "requires_payment_method",
        "last_payment_error": {"code": "card_declined", "message": "Your card was declined."},
    }
    with django_capture_on_commit_callbacks(execute=True):
        assert post_event(client, "payment_intent.payment_failed", intent).status_code == 200
    invoice.refresh_from_db()
    assert invoice.status == "open"
    assert PaymentFailure.objects.get(invoice=invoice).code == "card_declined"


@pytest.mark.parametrize(
    "signature",
    ["", "t=1,v1=deadbeef", "garbage"],
)
def test_bad_signature_is_400_and_writes_nothing(client, celery_eager, signature):
    invoice = make_invoice()
    intent = {
        "id": "pi_x",
        "object": "payment_intent",
        "amount": 10000,
        "currency": "usd",
        "status": "succeeded",
        "metadata": {"invoice_id": str(invoice.pk)},
    }
    entries = JournalEntry.objects.count()
    response = post_event(client, "payment_intent.succeeded", intent, signature=signature)
    assert response.status_code == 400
    assert StripeEvent.objects.count() == 0 and JournalEntry.objects.count() == entries


def test_bad_payload_is_400(client, settings):
    from finance.payments.stripe_api import sign

    payload = b"{not json"
    response = client.post(
        "/stripe/webhook/",
        data=payload,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=sign(payload),
    )
    assert response.status_code == 400 and StripeEvent.objects.count() == 0
    assert client.get("/stripe/webhook/").status_code == 405


def test_fx_currency_mismatch_ignored(client, celery_eager, django_capture_on_commit_callbacks):
    invoice = make_invoice(currency="VND", amounts=("250000",))
    for pi in ("pi_vnd", "pi_vnd2"):
        payment_attempt_record(invoice=invoice, payment_intent_id=pi, amount_minor=250000)
    intent = {
        "id": "pi_vnd",
        "object": "payment_intent",
        "amount": 250000,
        "currency": "usd",
        "status": "succeeded",
        "metadata": {"invoice_id": str(invoice.pk)},
    }
    with django_capture_on_commit_callbacks(execute=True):
        post_event(client, "payment_intent.succeeded", intent)
    assert StripeEvent.objects.get().state == "ignored"
    intent["currency"] = "vnd"
    intent["id"] = "pi_vnd2"
    with django_capture_on_commit_callbacks(execute=True):
        post_event(client, "payment_intent.succeeded", intent)
    invoice.refresh_from_db()
    assert invoice.status == "paid" and invoice.amount_paid == Decimal("250000")


def test_signed_event_for_an_intent_we_never_made_is_parked_not_applied(
    client, celery_eager, django_capture_on_commit_callbacks
):
    """Metadata is the sender's word: an intent with no attempt of ours pays nothing."""
    mine = make_invoice(amounts=("80.00",))
    victim = make_invoice(amounts=("5000.00",))
    payment_attempt_record(invoice=mine, payment_intent_id="pi_mine", amount_minor=8000)
    entries = JournalEntry.objects.count()
    forged = {
        "id": "pi_elsewhere",  # made on the account by a payment link, not by us
        "object": "payment_intent",
        "amount": 500000,
        "amount_received": 500000,
        "currency": "usd",
        "status": "succeeded",
        "latest_charge": "ch_elsewhere",
        "metadata": {"invoice_id": str(victim.pk)},
    }
    failed = forged | {"id": "pi_elsewhere2", "status": "requires_payment_method"}
    with django_capture_on_commit_callbacks(execute=True):
        assert post_event(client, "payment_intent.succeeded", forged).status_code == 200
        assert post_event(client, "payment_intent.payment_failed", failed).status_code == 200
    victim.refresh_from_db()
    assert victim.status == "open" and victim.amount_paid == 0
    assert JournalEntry.objects.count() == entries
    assert not PaymentFailure.objects.exists()
    assert sorted(StripeEvent.objects.values_list("state", "waiting_for")) == [
        ("parked", "pi_elsewhere"),
        ("parked", "pi_elsewhere2"),
    ]
    # The sweep leaves them parked while no attempt of ours names the intent …
    with django_capture_on_commit_callbacks(execute=True):
        assert stripe_events_requeue(older_than_seconds=0) == 0
    # … and applies one to the attempt's own invoice once we recorded it.
    payment_attempt_record(invoice=victim, payment_intent_id="pi_elsewhere", amount_minor=500000)
    with django_capture_on_commit_callbacks(execute=True):
        assert stripe_events_requeue(older_than_seconds=0) == 1
    victim.refresh_from_db()
    assert victim.status == "paid"


def test_party_names_unused():
    assert make_party(name="x").pk and dt.date.today()
