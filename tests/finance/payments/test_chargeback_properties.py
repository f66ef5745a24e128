"""Hypothesis: whatever the currency, tax, amount disputed and outcome, a closed chargeback
leaves every entry balanced and no reserve behind; a loss reverses exactly the disputed
amount, split between the licensor, the commission and the tax."""

from __future__ import annotations

import itertools
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.kernel.money import from_minor
from finance.invoices.chargebacks import chargeback_lose, chargeback_release
from finance.invoices.services import invoice_record_chargeback, invoice_record_payment
from finance.ledger.selectors import account_balance, trial_balance
from finance.ledger.services import account_for
from finance.models import Chargeback
from tests.finance.conftest import make_invoice
from tests.finance.ledger.test_properties import assert_books_balanced, minor

pytestmark = pytest.mark.django_db
_ids = itertools.count(1)


def bal(party, kind, currency):
    return account_balance(account_for(party=party, kind=kind, currency=currency))


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    currency=st.sampled_from(["USD", "JPY", "VND", "KWD", "THB"]),
    value=st.integers(1, 10**7),
    tax=st.sampled_from(["0", "7", "12.5"]),
    share=st.integers(1, 1000),
    won=st.booleans(),
)
def test_closed_chargeback_balances_and_clears_the_reserve(currency, value, tax, share, won):
    invoice = make_invoice(currency=currency, amounts=(str(minor(value, currency)),), tax_rate=tax)
    n = next(_ids)
    invoice_record_payment(
        invoice=invoice,
        payment_intent_id=f"pi_p{n}",
        charge_id=f"ch_p{n}",
        amount=invoice.amount_due,
    )
    cur = currency
    before = {
        "payable": bal(invoice.payee, "payable", cur),
        "revenue": bal(None, "revenue", cur),
        "tax": bal(None, "tax_withheld", cur),
        "cash": bal(None, "cash_in_transit", cur),
    }
    disputed = max(
        from_minor(1, cur),
        (invoice.amount_due * share / 1000).quantize(from_minor(1, cur)),
    )
    invoice_record_chargeback(
        invoice=invoice,
        dispute_id=f"dp_p{n}",
        charge_id=f"ch_p{n}",
        amount=disputed,
        reason="fraudulent",
        status="needs_response",
    )
    chargeback = Chargeback.objects.select_related("invoice").get(dispute_id=f"dp_p{n}")
    if won:
        chargeback_release(chargeback=chargeback, status="won")
    else:
        chargeback_lose(chargeback=chargeback, status="lost")

    assert_books_balanced()
    assert bal(None, "reserve", cur) == 0 and bal(invoice.payee, "reserve", cur) == 0
    after = {
        "payable": bal(invoice.payee, "payable", cur),
        "revenue": bal(None, "revenue", cur),
        "tax": bal(None, "tax_withheld", cur),
        "cash": bal(None, "cash_in_transit", cur),
    }
    if won:
        assert after == before
    else:
        assert before["cash"] - after["cash"] == disputed
        reversed_parts = {k: after[k] - before[k] for k in ("payable", "revenue", "tax")}
        assert sum(reversed_parts.values()) == disputed
        assert all(v >= 0 for k, v in reversed_parts.items() if k != "revenue")
    assert set(trial_balance().values()) <= {Decimal(0)}
