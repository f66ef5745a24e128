"""Billing hook: invoices on activation, payment status from finance's invoice events."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import transaction

from finance.invoices.selectors import invoices_for_subject
from finance.invoices.services import invoice_record_payment, invoice_record_refund
from finance.models import Invoice
from licensing.contracts.billing import contract_for_subject, payment_status_from
from licensing.contracts.models import PaymentStatus
from licensing.contracts.services import (
    contract_amend,
    contract_send_for_signature,
)
from tests.factories.contracts import Deal, make_terms

pytestmark = pytest.mark.django_db


@pytest.fixture
def deal(db, fast_pdf):
    return Deal()


def pay(invoice: Invoice, n: int) -> None:
    with transaction.atomic():
        locked = Invoice.objects.select_for_update().get(pk=invoice.pk)
        invoice_record_payment(
            invoice=locked,
            payment_intent_id=f"pi_{n}",
            charge_id=f"ch_{n}",
            amount=locked.amount_due,
        )


def test_activation_invoices_what_falls_due_on_signature(deal):
    contract = deal.active(flat_fee="5000", advance="2000")
    invoices = list(invoices_for_subject(f"contract:{contract.reference}"))
    assert sorted(i.amount_due for i in invoices) == [Decimal("2000"), Decimal("5000")]
    assert {i.payer_id for i in invoices} == {deal.licensee.pk}
    assert {i.payee_id for i in invoices} == {deal.licensor.pk}
    assert {i.language for i in invoices} == {"vi"} and {i.currency for i in invoices} == {"USD"}
    assert contract.payment_status == PaymentStatus.UNPAID


def test_dated_instalments_are_invoiced_when_they_come_within_the_window(deal):
    from licensing.contracts.billing import invoice_due_installments_all

    contract = deal.active(
        advance="3000",
        payment_schedule=[
            {"kind": "advance", "amount": "3000", "trigger": "date", "due": "2099-06-30"}
        ],
    )
    assert not invoices_for_subject(f"contract:{contract.reference}").exists()
    assert contract.payment_status == PaymentStatus.NONE_DUE
    assert invoice_due_installments_all(today=dt.date(2099, 5, 1)) == 0  # 60 days out
    assert invoice_due_installments_all(today=dt.date(2099, 6, 5)) == 1
    assert invoice_due_installments_all(today=dt.date(2099, 6, 6)) == 1  # same invoice again
    (invoice,) = invoices_for_subject(f"contract:{contract.reference}")
    assert invoice.amount_due == Decimal("3000") and invoice.due_on == dt.date(2099, 6, 30)
    contract.refresh_from_db()
    assert contract.payment_status == PaymentStatus.UNPAID


def test_payment_and_refund_events_recompute_the_status(deal, django_capture_on_commit_callbacks):
    from catalog.kernel import events
    from finance.events import InvoiceSettlementChanged
    from licensing.contracts.billing import on_invoice_event

    events.subscribe(InvoiceSettlementChanged, on_invoice_event)
    contract = deal.active(flat_fee="5000", advance="2000")
    first, second = invoices_for_subject(f"contract:{contract.reference}")
    with django_capture_on_commit_callbacks(execute=True):
        pay(first, 1)
    contract.refresh_from_db()
    assert contract.payment_status == PaymentStatus.PARTLY_PAID
    with django_capture_on_commit_callbacks(execute=True):
        pay(second, 2)
    contract.refresh_from_db()
    assert contract.payment_status == PaymentStatus.PAID
    with django_capture_on_commit_callbacks(execute=True), transaction.atomic():
        locked = Invoice.objects.select_for_update().get(pk=second.pk)
        invoice_record_refund(
            invoice=locked, refund_id="re_1", charge_id="ch_2", amount=locked.amount_paid
        )
    contract.refresh_from_db()
    assert contract.payment_status == PaymentStatus.PARTLY_PAID


def test_an_amendment_bills_only_the_rise(deal):
    contract = deal.active(flat_fee="5000")
    amendment = contract_amend(
        contract=contract, terms=make_terms(flat_fee="8000"), actor=deal.seller
    )
    contract_send_for_signature(contract=amendment)
    deal.sign_licensor(amendment)
    amendment = deal.sign_licensee(amendment)
    invoices = list(invoices_for_subject(f"contract:{amendment.reference}"))
    assert [i.amount_due for i in invoices] == [Decimal("3000")]
    assert contract_for_subject(f"contract:{amendment.reference}") == amendment
    assert contract_for_subject(f"contract:{contract.reference}") == contract


@pytest.mark.parametrize(
    ("statuses", "expected"),
    [
        ([], "none_due"),
        (["void"], "none_due"),
        (["open"], "unpaid"),
        (["paid", "open"], "partly_paid"),
        (["paid", "void"], "paid"),
        (["refunded"], "unpaid"),
        (["partly_refunded", "paid"], "partly_paid"),
    ],
)
def test_payment_status_from(statuses, expected):
    assert payment_status_from(statuses) == expected
