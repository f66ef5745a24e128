"""Hypothesis: any sequence of payments, refunds, fees, disputes and FX keeps the books balanced."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db.models import Sum
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from catalog.kernel.money import Money, from_minor
from finance.fx.services import fx_record
from finance.invoices.services import (
    invoice_record_chargeback,
    invoice_record_payment,
    invoice_record_refund,
)
from finance.ledger.postings import fee_post, fx_conversion_post
from finance.ledger.selectors import trial_balance
from finance.models import Invoice, Posting
from tests.finance.conftest import make_invoice

pytestmark = pytest.mark.django_db
_ids = itertools.count(1)
CURRENCIES = ["USD", "JPY", "VND", "KWD", "THB"]

operation = st.one_of(
    st.tuples(
        st.just("invoice"),
        st.sampled_from(CURRENCIES),
        st.integers(1, 10**7),
        st.sampled_from(["0", "5", "7", "12.5"]),
    ),
    st.tuples(st.just("pay"), st.integers(0, 50)),
    st.tuples(st.just("refund"), st.integers(0, 50), st.integers(1, 10**7)),
    st.tuples(st.just("dispute"), st.integers(0, 50), st.integers(1, 10**7)),
    st.tuples(st.just("fee"), st.sampled_from(CURRENCIES), st.integers(1, 10**5)),
    st.tuples(
        st.just("fx"),
        st.sampled_from(CURRENCIES),
        st.sampled_from(CURRENCIES),
        st.integers(1, 10**6),
    ),
)


def minor(value: int, currency: str) -> Decimal:
    amount = from_minor(value, currency)
    if currency == "KWD":  # Stripe wants the third KWD decimal to be 0
        amount = max(amount.quantize(Decimal("0.01")), Decimal("0.01"))
    return amount


def apply(op, invoices: list[Invoice]) -> None:
    kind, *args = op
    if kind == "invoice":
        currency, value, tax = args
        invoices.append(
            make_invoice(currency=currency, amounts=(str(minor(value, currency)),), tax_rate=tax)
        )
        return
    if kind in ("pay", "refund", "dispute"):
        if not invoices:
            return
        invoice = Invoice.objects.get(pk=invoices[args[0] % len(invoices)].pk)
        n = next(_ids)
        if kind == "pay":
            invoice_record_payment(
                invoice=invoice,
                payment_intent_id=f"pi_{n}",
                charge_id=f"ch_{n}",
                amount=invoice.amount_due,
            )
        elif invoice.amount_paid > invoice.amount_refunded:
            room = invoice.amount_paid - invoice.amount_refunded
            amount = min(
                room, max(minor(args[1], invoice.currency), from_minor(1, invoice.currency))
            )
            if kind == "refund":
                invoice_record_refund(
                    invoice=invoice, refund_id=f"re_{n}", charge_id="ch", amount=amount
                )
            else:
                invoice_record_chargeback(
                    invoice=invoice,
                    dispute_id=f"dp_{n}",
                    charge_id="ch",
                    amount=amount,
                    reason="fraudulent",
                    status="open",
                )
        return
    if kind == "fee":
        currency, value = args
        fee_post(fee=Money(minor(value, currency), currency), key=f"fee:{next(_ids)}")
        return
    base, quote, value = args
    if base != quote:
        try:
            fx_conversion_post(
                money=Money(minor(value, base), base),
                quote=quote,
                on=dt.date(2026, 6, 1),
                key=f"fx:{next(_ids)}",
            )
        except ValidationError as exc:  # converts to less than one minor unit: refused whole
            assert "too small" in str(exc)


def assert_books_balanced() -> None:
    unbalanced = (
        Posting.objects.values("entry_id", "currency")
        .annotate(total=Sum("amount"))
        .exclude(total=0)
    )
    assert not unbalanced.exists()
    assert set(trial_balance().values()) <= {Decimal(0)}


@pytest.fixture
def rates():
    for base, rate in [
        ("USD", "1"),
        ("JPY", "0.0066"),
        ("VND", "0.0000393"),
        ("KWD", "3.26"),
        ("THB", "0.0283"),
    ]:
        if base != "USD":
            fx_record(
                base=base,
                quote="USD",
                as_of=dt.date(2026, 1, 1),
                rate=Decimal(rate),
                source="test rates",
            )
    for a, b in itertools.permutations(["JPY", "VND", "KWD", "THB"], 2):
        fx_record(
            base=a, quote=b, as_of=dt.date(2026, 1, 1), rate=Decimal("1.2345"), source="test cross"
        )


@settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=st.lists(operation, min_size=1, max_size=25))
def test_any_sequence_keeps_every_journal_balanced(rates, ops):
    invoices: list[Invoice] = []
    for op in ops:
        apply(op, invoices)
    assert_books_balanced()
    for invoice in invoices:
        invoice.refresh_from_db()
        assert invoice.amount_refunded <= invoice.amount_paid
