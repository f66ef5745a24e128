"""A payout names the royalty statements and invoices it pays, in the bank file too."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.db import transaction

from finance.invoices.services import invoice_record_payment
from finance.models import Invoice, PayeeProfile, PayoutItem, PayoutProvider
from finance.payees.schemes import normalised
from finance.payouts.pain001 import PAIN_NS, validate_pain001
from finance.payouts.selectors import statement_number
from finance.payouts.services import payout_run_execute, payout_run_start
from licensing.royalties import close
from licensing.royalties.services import period_close
from tests.factories.payouts import BANK_ACCOUNTS
from tests.factories.royalties import RoyaltyDeal, import_rows, row
from tests.finance.conftest import make_invoice

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_pdf")]
NS = {"p": PAIN_NS}


def closed_statement(tmp_path, deal, contract, period: str, units: str):
    import_rows(tmp_path, deal, contract, period, [row(deal, units=units)])
    (statement,) = period_close(contracts=[contract], period=period, enqueue_ledger=False)
    close.statements_post_ledger_now([statement.pk])
    return statement


def paid_invoice(payee, amount: str) -> Invoice:
    invoice = make_invoice(payee=payee, currency="USD", amounts=(amount,))
    with transaction.atomic():
        invoice = Invoice.objects.select_for_update().get(pk=invoice.pk)
        invoice_record_payment(
            invoice=invoice,
            payment_intent_id=f"pi_{invoice.pk}",
            charge_id=f"ch_{invoice.pk}",
            amount=invoice.amount_due,
        )
    return invoice


def paid_by_bank(party) -> None:
    fields = normalised(
        bank_country="CN",
        account_holder="长江文艺出版社",
        **BANK_ACCOUNTS["CN"] | {"currency": "USD"},
    )
    PayeeProfile.objects.create(party=party, method=PayoutProvider.PAIN001, **fields)


def documents(xml: str) -> list[tuple[str, str, str, str]]:
    """(type, number, date, amount) of every document the file's remittance names."""
    validate_pain001(xml.encode())
    doc = ET.fromstring(xml.encode())  # noqa: S314 (our own file)
    return [
        (
            s.findtext("p:RfrdDocInf/p:Tp/p:CdOrPrtry/p:Cd", namespaces=NS),
            s.findtext("p:RfrdDocInf/p:Nb", namespaces=NS),
            s.findtext("p:RfrdDocInf/p:RltdDt", namespaces=NS),
            s.findtext("p:RfrdDocAmt/p:DuePyblAmt", namespaces=NS),
        )
        for s in doc.findall(".//p:RmtInf/p:Strd", NS)
    ]


def test_the_file_names_the_statements_and_invoices_the_payout_settles_once(tmp_path):
    deal = RoyaltyDeal()
    contract = deal.royalty_contract()
    paid_by_bank(deal.licensor)
    q1 = closed_statement(tmp_path, deal, contract, "2027-Q1", "400")
    invoice = paid_invoice(deal.licensor, "250.00")
    run = payout_run_execute(run=payout_run_start(provider="pain001"))
    (payout,) = run.payouts.all()
    (payout_file,) = run.files.all()
    named = documents(payout_file.xml)  # in the order the credits took effect
    assert sorted(named) == [
        (
            "CINV",
            invoice.number,
            invoice.created_at.date().isoformat(),
            f"{invoice.payee_share:.2f}",
        ),
        ("SOAC", q1.reference, q1.period_end.isoformat(), f"{q1.amount_payable:.2f}"),
    ]
    assert payout.amount == q1.amount_payable + invoice.payee_share
    assert set(payout.items.values_list("number", flat=True)) == {q1.reference, invoice.number}

    # The next quarter's payout names the new statement only.
    q2 = closed_statement(tmp_path, deal, contract, "2027-Q2", "100")
    run = payout_run_execute(run=payout_run_start(provider="pain001"))
    (payout_file,) = run.files.all()
    assert [d[1] for d in documents(payout_file.xml)] == [q2.reference]


def test_a_failed_payouts_statements_are_named_again_by_the_next_run(tmp_path):
    deal = RoyaltyDeal()
    contract = deal.royalty_contract()
    paid_by_bank(deal.licensor)
    q1 = closed_statement(tmp_path, deal, contract, "2027-Q1", "400")
    run = payout_run_start(provider="pain001")
    PayeeProfile.objects.filter(party=deal.licensor).update(account_number="1")
    run = payout_run_execute(run=run)
    assert run.payouts.get().status == "failed" and not run.files.exists()
    PayeeProfile.objects.filter(party=deal.licensor).update(
        account_number=BANK_ACCOUNTS["CN"]["account_number"]
    )
    run = payout_run_execute(run=payout_run_start(provider="pain001"))
    (payout_file,) = run.files.all()
    assert [d[1] for d in documents(payout_file.xml)] == [q1.reference]
    assert PayoutItem.objects.filter(number=q1.reference).count() == 2  # failed + live
    assert run.payouts.get().amount == Decimal(q1.amount_payable)


def test_a_statement_reference_too_long_for_the_file_drops_the_payee_part():
    long = SimpleNamespace(
        reference="RS-LIC-2026-000001/A12-2027-Q1-1234567",
        contract=SimpleNamespace(reference="LIC-2026-000001/A12"),
        period="2027-Q1",
    )
    assert statement_number(long) == "LIC-2026-000001/A12-2027-Q1"
    short = SimpleNamespace(reference="RS-LIC-2026-000001-2027-Q1-42", contract=None, period="")
    assert statement_number(short) == "RS-LIC-2026-000001-2027-Q1-42"
