import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections, transaction

from catalog.kernel.money import Money
from finance.fx.selectors import MissingRate, fx_convert, fx_rate
from finance.fx.services import fx_record
from finance.ledger.selectors import account_balance, trial_balance
from finance.ledger.services import account_for, journal_post, journal_reverse
from finance.models import JournalEntry, Posting
from tests.factories.catalog import make_party

pytestmark = pytest.mark.django_db


@pytest.fixture
def accounts():
    buyer, seller = make_party(name="Buyer"), make_party(name="Seller")
    return (
        account_for(party=buyer, kind="receivable", currency="USD"),
        account_for(party=seller, kind="payable", currency="USD"),
        account_for(party=None, kind="revenue", currency="USD"),
    )


def test_post_is_idempotent_and_balanced(accounts):
    receivable, payable, revenue = accounts
    lines = [
        (receivable, Decimal("100.00")),
        (payable, Decimal("-90.00")),
        (revenue, Decimal("-10")),
    ]
    first = journal_post(memo="fee", lines=lines, idempotency_key="inv-1")
    again = journal_post(memo="fee", lines=lines, idempotency_key="inv-1")
    assert first.pk == again.pk
    assert Posting.objects.count() == 3
    assert account_balance(payable) == Decimal("-90.00")
    assert trial_balance() == {"USD": Decimal(0)}
    reversal = journal_reverse(entry=first, memo="undo", idempotency_key="inv-1-rev")
    assert reversal.reverses_id == first.pk
    assert account_balance(payable) == 0


def test_unbalanced_and_bad_amounts_refused_in_python(accounts):
    receivable, payable, _ = accounts
    with pytest.raises(ValidationError, match="do not balance"):
        journal_post(memo="x", lines=[(receivable, 10), (payable, -9)], idempotency_key="k")
    with pytest.raises(ValidationError, match="more decimals"):
        journal_post(
            memo="x",
            lines=[(receivable, Decimal("0.001")), (payable, Decimal("-0.001"))],
            idempotency_key="k2",
        )
    assert JournalEntry.objects.count() == 0


def test_database_refuses_unbalanced_entry_update_and_delete(accounts):
    receivable, payable, _ = accounts
    entry = journal_post(memo="ok", lines=[(receivable, 5), (payable, -5)], idempotency_key="ok")
    with pytest.raises(IntegrityError, match="does not balance"), transaction.atomic():
        bad = JournalEntry.objects.create(
            idempotency_key="raw", memo="raw", effective_on=dt.date.today()
        )
        Posting.objects.create(entry=bad, account=receivable, amount=5, currency="USD")
        Posting.objects.create(entry=bad, account=payable, amount=-4, currency="USD")
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        Posting.objects.filter(entry=entry).update(amount=6)
    with pytest.raises(IntegrityError, match="append-only"), transaction.atomic():
        JournalEntry.objects.filter(pk=entry.pk).update(memo="rewritten")
    with pytest.raises(IntegrityError, match="append-only"), connection.cursor() as cursor:
        cursor.execute("DELETE FROM finance_posting WHERE entry_id = %s", [entry.pk])


def test_fx_rates_record_source_and_invert():
    fx_record(
        base="USD", quote="VND", as_of=dt.date(2026, 9, 30), rate=Decimal("25000"), source="SBV"
    )
    converted, rate = fx_convert(money=Money("12.34", "USD"), quote="VND", on=dt.date(2026, 10, 5))
    assert converted == Money("308500", "VND") and rate.source == "SBV"
    back = fx_rate(base="VND", quote="USD", on=dt.date(2026, 10, 5))
    assert back.rate == Decimal("0.0000400000") and "inverse" in back.source
    with pytest.raises(MissingRate):
        fx_rate(base="USD", quote="VND", on=dt.date(2026, 9, 1))


@pytest.mark.django_db(transaction=True)
def test_concurrent_posts_with_one_key_post_once():
    buyer, seller = make_party(name="B"), make_party(name="S")
    receivable = account_for(party=buyer, kind="receivable", currency="THB")
    payable = account_for(party=seller, kind="payable", currency="THB")
    barrier = threading.Barrier(10)
    ids, errors = [], []

    def attempt():
        try:
            barrier.wait()
            with transaction.atomic():
                entry = journal_post(
                    memo="race", lines=[(receivable, 7), (payable, -7)], idempotency_key="same"
                )
            ids.append(entry.pk)
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt) for _ in range(10)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert len(set(ids)) == 1
    assert Posting.objects.count() == 2
