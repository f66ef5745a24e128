"""Advances recouped per contract, or pooled across a licensor's contracts (cross-collateral).

Two works of one publisher licensed to one licensee, each contract with a
USD 500.00 advance, print at 10 % of list price. In 2027-H1 work A sells
800 units at 10.00 (royalty 800.00) and work B 100 units (100.00); in
2027-H2 work A sells 300 more (300.00). Licensee in VN, publisher in CN:
10 % treaty withholding on what is payable.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from catalog.services import work_create
from licensing.royalties.services import period_close, royalty_setting_save
from tests.factories.catalog import work_input
from tests.factories.rightsin import acquire_rights
from tests.factories.royalties import RoyaltyDeal, import_rows, isbn13, row

# No PDF is read here (test_contracts_pdf.py reads them): WeasyPrint's seconds a document
# (two a contract) would buy nothing.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_pdf")]


def _two_contracts():
    deal = RoyaltyDeal()
    first = deal.royalty_contract(advance="500")
    isbn_a = deal.isbn
    deal.isbn = isbn13(900_000 + first.pk)
    deal.work = work_create(
        holder=deal.licensor,
        data=work_input(identifiers=[("isbn", deal.isbn)], titles={"en": "Second Work"}),
    )
    acquire_rights(deal.work, user=deal.seller)
    second = deal.royalty_contract(advance="500")
    return deal, first, second, isbn_a, deal.isbn


def _close(tmp_path, deal, contracts, period, rows):
    report = import_rows(tmp_path, deal, contracts[0], period, rows)
    assert report.status == "posted", report.error
    statements = period_close(contracts=contracts, period=period)
    return {s.contract_id: s for s in statements}


def test_without_cross_collateral_each_advance_recoups_on_its_own(tmp_path):
    deal, a, b, isbn_a, isbn_b = _two_contracts()
    h1 = _close(
        tmp_path,
        deal,
        [a, b],
        "2027-H1",
        [
            row(deal, isbn=isbn_a, units="800", list_price="10.00"),
            row(deal, isbn=isbn_b, units="100", list_price="10.00"),
        ],
    )
    assert (h1[a.pk].earnings, h1[a.pk].recouped) == (D("800.00"), D("500.00"))
    assert (h1[a.pk].tax, h1[a.pk].amount_payable) == (D("30.00"), D("270.00"))
    assert (h1[b.pk].earnings, h1[b.pk].recouped, h1[b.pk].amount_payable) == (
        D("100.00"),
        D("100.00"),
        D("0.00"),
    )


def test_cross_collateral_pools_the_advances_of_the_licensors_contracts(tmp_path):
    deal, a, b, isbn_a, isbn_b = _two_contracts()
    royalty_setting_save(party=deal.licensor, cross_collateralise=True)
    h1 = _close(
        tmp_path,
        deal,
        [a, b],
        "2027-H1",
        [
            row(deal, isbn=isbn_a, units="800", list_price="10.00"),
            row(deal, isbn=isbn_b, units="100", list_price="10.00"),
        ],
    )
    # Pool 1,000.00 unrecouped: A's 800.00 and B's 100.00 all go to it; nothing is paid.
    assert (h1[a.pk].recouped, h1[b.pk].recouped) == (D("800.00"), D("100.00"))
    assert h1[a.pk].amount_payable == h1[b.pk].amount_payable == D("0.00")
    assert h1[a.pk].tax == h1[b.pk].tax == D("0.00")

    h2 = _close(
        tmp_path,
        deal,
        [a, b],
        "2027-H2",
        [row(deal, isbn=isbn_a, units="300", list_price="10.00")],
    )
    # 100.00 of the pool is left: A's 300.00 pays it off; 200.00 is payable, less 10 % tax.
    assert (h2[a.pk].earnings, h2[a.pk].recouped) == (D("300.00"), D("100.00"))
    assert (h2[a.pk].tax, h2[a.pk].amount_payable) == (D("20.00"), D("180.00"))
    # Recoupment never exceeds the advances: 500.00 + 500.00 over both contracts.
    assert sum(s.recouped for s in (*h1.values(), *h2.values())) == D("1000.00")
