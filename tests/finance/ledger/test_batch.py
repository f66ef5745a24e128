"""``journal_post_many`` and the database's once-per-entry balance check (migration 0004)."""

import threading
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, connections, transaction

from finance.ledger.selectors import trial_balance
from finance.ledger.services import (
    EntrySpec,
    IdempotencyConflict,
    account_for,
    journal_post,
    journal_post_many,
)
from finance.models import JournalEntry, Posting
from tests.factories.catalog import make_party

pytestmark = pytest.mark.django_db


@pytest.fixture
def accounts():
    buyer, seller = make_party(name="Buyer"), make_party(name="Seller")
    return (
        account_for(party=buyer, kind="receivable", currency="USD"),
        account_for(party=seller, kind="payable", currency="USD"),
        account_for(party=seller, kind="reserve", currency="USD"),
    )


def _specs(accounts, keys, amount="10.00"):
    receivable, payable, reserve = accounts
    value = Decimal(amount)
    return [
        EntrySpec(
            memo=f"batch {key}",
            lines=[(receivable, value), (payable, -value + 1), (reserve, Decimal(-1))],
            idempotency_key=key,
        )
        for key in keys
    ]


def _check_now():
    with connection.cursor() as cursor:
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def test_batch_posts_each_key_once(accounts):
    assert journal_post_many(specs=_specs(accounts, ["a", "b", "c"])) == 3
    assert journal_post_many(specs=_specs(accounts, ["b", "c", "d", "d"])) == 1  # only d is new
    assert JournalEntry.objects.count() == 4
    assert Posting.objects.count() == 12
    assert set(trial_balance().values()) == {Decimal(0)}


def test_a_key_replayed_with_other_postings_is_refused_and_the_batch_posts_nothing(accounts):
    journal_post_many(specs=_specs(accounts, ["a"]))
    with pytest.raises(IdempotencyConflict, match="“a” was already posted with other postings"):
        journal_post_many(
            specs=[*_specs(accounts, ["new"]), *_specs(accounts, ["a"], amount="11.00")]
        )
    assert list(JournalEntry.objects.values_list("idempotency_key", flat=True)) == ["a"]
    assert journal_post_many(specs=_specs(accounts, ["a", "new"])) == 1  # same postings: a retry


def test_one_key_twice_in_a_batch_with_other_postings_is_refused(accounts):
    with pytest.raises(IdempotencyConflict, match="twice with other postings"):
        journal_post_many(
            specs=[*_specs(accounts, ["k"]), *_specs(accounts, ["k"], amount="12.00")]
        )
    assert not JournalEntry.objects.exists()
    assert journal_post_many(specs=[*_specs(accounts, ["k"]), *_specs(accounts, ["k"])]) == 1


def test_journal_post_refuses_a_replay_with_other_postings(accounts):
    receivable, payable, _ = accounts
    first = journal_post(
        memo="sale", lines=[(receivable, Decimal(5)), (payable, Decimal(-5))], idempotency_key="k"
    )
    again = journal_post(
        memo="sale (retried)",
        lines=[(payable, Decimal("-5.00")), (receivable, Decimal("5.00"))],
        idempotency_key="k",
    )
    assert again == first  # same postings in another order and spelling: the same entry
    with pytest.raises(IdempotencyConflict):
        journal_post(
            memo="sale",
            lines=[(receivable, Decimal(6)), (payable, Decimal(-6))],
            idempotency_key="k",
        )
    assert Posting.objects.count() == 2


def test_one_unbalanced_entry_posts_nothing(accounts):
    receivable, payable, _ = accounts
    bad = EntrySpec(memo="bad", lines=[(receivable, 5), (payable, -4)], idempotency_key="bad")
    with pytest.raises(ValidationError, match="do not balance"):
        journal_post_many(specs=[*_specs(accounts, ["ok"]), bad])
    assert JournalEntry.objects.count() == 0


def test_a_posting_added_to_an_old_entry_is_still_checked(accounts):
    receivable, payable, _ = accounts
    entry = journal_post(memo="ok", lines=[(receivable, 5), (payable, -5)], idempotency_key="ok")
    # The new posting is the entry's highest id: its trigger runs the whole check.
    with pytest.raises(IntegrityError, match="does not balance"), transaction.atomic():
        Posting.objects.create(entry=entry, account=receivable, amount=1, currency="USD")
        _check_now()


def test_an_entry_needs_two_postings_in_its_accounts_currency(accounts):
    receivable = accounts[0]
    thb = account_for(party=None, kind="revenue", currency="THB")
    with pytest.raises(IntegrityError, match="at least 2"), transaction.atomic():
        lonely = JournalEntry.objects.create(
            idempotency_key="one", memo="one", effective_on="2026-01-01"
        )
        Posting.objects.create(entry=lonely, account=receivable, amount=5, currency="USD")
        _check_now()
    with pytest.raises(IntegrityError, match="its account is in THB"), transaction.atomic():
        mixed = JournalEntry.objects.create(
            idempotency_key="fx", memo="fx", effective_on="2026-01-01"
        )
        Posting.objects.create(entry=mixed, account=receivable, amount=5, currency="USD")
        Posting.objects.create(entry=mixed, account=thb, amount=-5, currency="USD")
        _check_now()


@pytest.mark.django_db(transaction=True)
def test_racing_batches_post_every_entry_once():
    buyer, seller = make_party(name="B"), make_party(name="S")
    accounts = (
        account_for(party=buyer, kind="receivable", currency="USD"),
        account_for(party=seller, kind="payable", currency="USD"),
        account_for(party=seller, kind="reserve", currency="USD"),
    )
    keys = [f"k{i}" for i in range(200)]
    barrier = threading.Barrier(6)
    posted, errors = [], []

    def attempt(offset):
        try:
            barrier.wait()
            # Overlapping, differently ordered batches, as retried tasks would send them.
            mine = keys[offset * 20 :] + keys[: offset * 20]
            posted.append(journal_post_many(specs=_specs(accounts, mine)))
        except Exception as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sum(posted) == 200
    assert JournalEntry.objects.count() == 200
    assert Posting.objects.count() == 600
    assert set(trial_balance().values()) == {Decimal(0)}
