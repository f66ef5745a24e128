"""Closed statements reach the ledger once, whatever retries and pledge changes happen."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from finance.ledger.selectors import account_balance, trial_balance
from finance.ledger.services import account_for
from finance.models import JournalEntry
from licensing.royalties import close
from licensing.royalties.services import period_close
from tests.factories.royalties import RoyaltyDeal, import_rows, row

# No PDF is read here (test_contracts_pdf.py reads them): WeasyPrint's seconds a document
# (two a contract) would buy nothing.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_pdf")]


def test_a_retry_after_the_licensors_receivables_were_pledged_posts_nothing_twice(
    tmp_path, monkeypatch
):
    deal = RoyaltyDeal()
    contract = deal.royalty_contract()
    import_rows(tmp_path, deal, contract, "2027-Q1", [row(deal, units="100")])
    (statement,) = period_close(contracts=[contract], period="2027-Q1", enqueue_ledger=False)
    assert close.statements_post_ledger_now([statement.pk]) == 1
    payable = account_for(party=deal.licensor, kind="payable", currency="USD")
    paid_in = account_balance(payable)
    assert paid_in < 0

    # The task is acks_late: it may run again after its first run committed. Meanwhile a
    # bank took the licensor's receivables in pledge, so the share would now go to escrow.
    monkeypatch.setattr(
        "licensing.royalties.selectors._payee_redirects",
        [lambda numbers: dict.fromkeys(numbers, deal.licensee.pk)],
    )
    assert close.statements_post_ledger_now([statement.pk]) == 0
    assert JournalEntry.objects.count() == 1
    assert account_balance(payable) == paid_in
    assert set(trial_balance().values()) == {D(0)}
