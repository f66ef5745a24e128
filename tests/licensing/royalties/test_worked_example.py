"""A worked example, computed by hand and asserted line by line.

Contract (USD): retail at 10 % of list price, 12 % above 1,000 cumulative
units; advance 500.00; reserve 20 % against returns, released after 1
period; licensee in VN, both payees resident in CN with accepted treaty
claims (treaty rate 10 %, seeded);
the work is owned 60 % by the publisher, 40 % by the author; the
publisher takes statements in CNY at 7.1234 (recorded for 2027-06-30).
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from finance.ledger.selectors import account_balance
from finance.ledger.services import account_for
from licensing.royalties.models import LineKind, Statement
from licensing.royalties.services import period_close
from tests.factories.royalties import (
    RoyaltyDeal,
    import_rows,
    row,
    statements_in,
    usd_cny,
)
from tests.factories.tax import treaty_resident

# No PDF is read here (test_contracts_pdf.py reads them): WeasyPrint's seconds a document
# (two a contract) would buy nothing.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_pdf")]

TERMS = {
    # Cambodia licensed too: its usage would otherwise be held as outside the licence.
    "right": {"territories": ["VN", "KH"]},
    "advance": "500",
    "reserve_percent": "20",
    "reserve_periods": 1,
    "royalty_rates": [
        {
            "channel": "retail",
            "basis": "list_price",
            "rate": "10",
            "escalators": [{"above_units": 1000, "rate": "12"}],
        }
    ],
}


def amounts(statement, kind):
    return [line.amount for line in statement.lines.filter(kind=kind).order_by("position")]


def test_worked_example_two_periods(tmp_path, celery_eager, django_capture_on_commit_callbacks):
    deal = RoyaltyDeal(co_owner_percent=D("40"))
    for payee in (deal.licensor, deal.author):
        treaty_resident(payee, article="CN-VN agreement, art. 12")
    contract = deal.royalty_contract(**TERMS)
    usd_cny()
    statements_in(deal.licensor, "CNY")

    # --- 2027-H1: 800 units in VN and 400 in KH at 12.50 list ---------------------------------
    report = import_rows(
        tmp_path,
        deal,
        contract,
        "2027-H1",
        [
            row(deal, territory="VN", units="800", list_price="12.50"),
            row(deal, territory="KH", units="400", list_price="12.50"),
        ],
    )
    assert report.status == "posted" and report.good_rows == 2
    with django_capture_on_commit_callbacks(execute=True):  # ledger task runs after commit
        a, b = period_close(contracts=[contract], period="2027-H1")
    a, b = (a, b) if a.payee_id == deal.licensor.pk else (b, a)
    # Rule units 1,200 cross the threshold after unit 1,000: basis 15,000.00 spread evenly,
    #   1,000 units × 12.50 × 10 % = 1,250.00 ; 200 units × 12.50 × 12 % = 300.00 → 1,550.00
    # Lines pro rata to basis, ordered (work, channel, territory): KH 5,000/15,000, VN 10,000.
    #   KH exact 516.666… → 516.67 ; VN: round(1,550.00) − 516.67 = 1,033.33 (residue carried)
    # 60/40 split by largest remainder (in cents):
    #   KH 51,667 → 31,000.2 / 20,666.8 → 31,000 / 20,666, spare cent to B (.8) → 310.00 / 206.67
    #   VN 103,333 → 61,999.8 / 41,333.2 → 61,999 + spare cent to A → 620.00 / 413.33
    assert amounts(a, LineKind.EARNINGS) == [D("310.00"), D("620.00")]
    assert amounts(b, LineKind.EARNINGS) == [D("206.67"), D("413.33")]
    assert a.earnings + b.earnings == D("1550.00")
    # Reserve 20 % of 1,550.00 = 310.00 → A 186.00, B 124.00
    assert amounts(a, LineKind.RESERVE_HELD) == [D("-186.00")]
    assert amounts(b, LineKind.RESERVE_HELD) == [D("-124.00")]
    # Available 1,550 − 310 = 1,240 ≥ advance 500 → all recouped: A 300.00, B 200.00
    assert amounts(a, LineKind.RECOUPMENT) == [D("-300.00")]
    assert amounts(b, LineKind.RECOUPMENT) == [D("-200.00")]
    # Tax base A 930 − 186 − 300 = 444.00 → 10 % = 44.40 ; B 620 − 124 − 200 = 296.00 → 29.60
    assert (a.tax, b.tax) == (D("44.40"), D("29.60"))
    assert a.tax_rate == D("10") and "CN" in a.tax_source and a.tax_basis == "treaty"
    assert (a.opening_balance, a.closing_balance, a.amount_payable) == (0, D("399.60"), D("399.60"))
    assert (b.closing_balance, b.amount_payable) == (D("266.40"), D("266.40"))
    # CNY at 7.1234, rounded once per line with the residue carried:
    #   310.00 → 2,208.254 → 2,208.25 ; +620.00 → cum 6,624.762 → 6,624.76 (4,416.51)
    #   −186.00 → cum 5,299.8096 → 5,299.81 (−1,324.95)
    #   −300.00 → cum 3,162.7896 → 3,162.79 (−2,137.02)
    #   −44.40 → cum 2,846.51064 → 2,846.51 (−316.28) = payable 399.60 × 7.1234 rounded
    assert [ln.amount_stmt for ln in a.lines.order_by("position")] == [
        D("2208.25"),
        D("4416.51"),
        D("-1324.95"),
        D("-2137.02"),
        D("-316.28"),
    ]
    assert a.statement_currency == "CNY" and a.fx_rate == D("7.1234")
    assert a.fx_source == "Demo: PBOC" and str(a.fx_as_of) == "2027-06-30"
    assert a.amount_payable_stmt == D("2846.51") and a.earnings_stmt == D("6624.76")
    assert b.statement_currency == "USD" and b.amount_payable_stmt == D("266.40")
    # Ledger for A: Dr receivable 930.00 = Cr advance 300 + reserve 186 + tax 44.40 + payable 399.60
    payable = account_for(party=deal.licensor, kind="payable", currency="USD")
    reserve = account_for(party=deal.licensor, kind="reserve", currency="USD")
    assert account_balance(payable) == D("-399.60")
    assert account_balance(reserve) == D("-186.00")
    assert a.journal_entry is not None

    # --- 2027-H2: 100 more units in VN, now all at 12 % ---------------------------------------
    import_rows(tmp_path, deal, contract, "2027-H2", [row(deal, units="100")])
    with django_capture_on_commit_callbacks(execute=True):
        closed = period_close(contracts=[contract], period="2027-H2")
    a2, b2 = sorted(
        closed,
        key=lambda s: s.payee_id != deal.licensor.pk,
    )
    # 100 × 12.50 × 12 % = 150.00 → A 90.00, B 60.00 ; reserve 30.00 → A 18.00, B 12.00
    # H1's reserve 310.00 released (after 1 period) → A 186.00, B 124.00 ; advance recouped: none
    assert amounts(a2, LineKind.EARNINGS) == [D("90.00")]
    assert amounts(a2, LineKind.RESERVE_HELD) == [D("-18.00")]
    assert amounts(a2, LineKind.RESERVE_RELEASED) == [D("186.00")]
    assert amounts(a2, LineKind.RECOUPMENT) == []
    # A base 90 − 18 + 186 = 258.00, tax 25.80 → 232.20 ; B 60 − 12 + 124 = 172.00 → 154.80
    assert (a2.tax, a2.amount_payable) == (D("25.80"), D("232.20"))
    assert (b2.tax, b2.amount_payable) == (D("17.20"), D("154.80"))
    assert account_balance(reserve) == D("-18.00")


def test_closed_statement_is_immutable(tmp_path):
    from django.db import IntegrityError, transaction

    deal = RoyaltyDeal()
    contract = deal.royalty_contract()
    import_rows(tmp_path, deal, contract, "2027-H1", [row(deal)])
    (statement,) = period_close(contracts=[contract], period="2027-H1")
    with pytest.raises(IntegrityError), transaction.atomic():
        Statement.objects.filter(pk=statement.pk).update(amount_payable=D("1000"))
    with pytest.raises(IntegrityError), transaction.atomic():
        statement.lines.all().delete()
    with pytest.raises(IntegrityError), transaction.atomic():
        statement.lines.filter(position=1).update(amount=D("1"))
