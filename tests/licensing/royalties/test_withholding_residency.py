"""The withholding rate a close applies follows the payee's accepted tax residency.

Licensee in the Philippines (demo rates, migration 0002: 25 % for non-residents, 15 %
under the CN–PH treaty); the licensor in China earns 125.00 USD in 2027-Q1.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.db import IntegrityError, transaction
from django.utils import translation

from finance.tax.models import ResidencyStatus, TaxResidency
from finance.tax.services import residency_reject
from licensing.royalties.models import LineKind, Statement, TaxBasis
from licensing.royalties.services import period_close, withholding_rate_record
from tests.factories.royalties import RoyaltyDeal, import_rows, row
from tests.factories.tax import accepted_residency, submit_residency, tax_staff

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_pdf")]


@pytest.fixture
def rates():
    # The demo rows, as migration 0002 seeds them (a transactional test may have flushed them).
    for payee, rate in (("**", "25"), ("CN", "15")):
        withholding_rate_record(
            payer_country="PH",
            payee_country=payee,
            rate=D(rate),
            source=f"test: PH → {payee}",
            valid_from=dt.date(2020, 1, 1),
        )


@pytest.fixture
def deal(rates):
    return RoyaltyDeal(licensee_country="PH")


def close(tmp_path, deal, period="2027-Q1", contract=None, units="100"):
    contract = contract or deal.royalty_contract(right={"territories": ["VN"]})
    import_rows(tmp_path, deal, contract, period, [row(deal, units=units)])
    (statement,) = period_close(contracts=[contract], period=period, enqueue_ledger=False)
    return contract, statement


def test_no_residency_pays_the_domestic_rate(tmp_path, deal):
    _, s = close(tmp_path, deal)
    assert (s.tax_rate, s.tax, s.tax_basis) == (D("25"), D("31.25"), TaxBasis.DOMESTIC)
    assert s.tax_residence == "CN" and s.tax_residency_id is None
    with translation.override("en"):
        assert "no accepted treaty claim" in s.tax_basis_text


def test_accepted_treaty_claim_valid_on_the_period_end_gets_the_treaty_rate(tmp_path, deal):
    residency = accepted_residency(deal.licensor, deal.seller, article="CN-PH treaty, art. 12")
    _, s = close(tmp_path, deal)
    assert (s.tax_rate, s.tax, s.amount_payable) == (D("15"), D("18.75"), D("106.25"))
    assert (s.tax_basis, s.tax_article, s.tax_residency_id) == (
        TaxBasis.TREATY,
        "CN-PH treaty, art. 12",
        residency.pk,
    )
    (line,) = s.lines.filter(kind=LineKind.TAX)
    assert line.amount == D("-18.75") and line.rate == "15 %"
    with translation.override("en"):
        assert s.tax_basis_text.startswith("Treaty rate: resident of China")
        assert "CN-PH treaty, art. 12" in s.tax_basis_text
    with translation.override("zh-hans"):
        assert "中国" in s.tax_basis_text  # the country named in the reader's language


@pytest.mark.parametrize(
    "case",
    ["expired", "not_yet", "rejected", "submitted", "no_treaty_claim"],
)
def test_without_a_valid_accepted_claim_the_domestic_rate_applies(tmp_path, deal, case):
    owner = deal.seller
    if case == "expired":  # ends the day before the period's last day
        accepted_residency(deal.licensor, owner, valid_to=dt.date(2027, 3, 30))
    elif case == "not_yet":
        accepted_residency(deal.licensor, owner, valid_from=dt.date(2027, 4, 1))
    elif case == "rejected":
        residency = submit_residency(deal.licensor, owner)
        residency_reject(user=tax_staff(), residency_id=residency.pk, reason="Expired copy")
    elif case == "submitted":
        submit_residency(deal.licensor, owner)
    else:
        accepted_residency(deal.licensor, owner, treaty=False)
    _, s = close(tmp_path, deal)
    assert (s.tax_rate, s.tax, s.tax_basis) == (D("25"), D("31.25"), TaxBasis.DOMESTIC)


def test_a_residency_on_the_last_day_counts(tmp_path, deal):
    accepted_residency(deal.licensor, deal.seller, valid_from=dt.date(2027, 3, 31))
    _, s = close(tmp_path, deal)
    assert s.tax_basis == TaxBasis.TREATY


def test_resident_in_the_payers_country_has_no_withholding_without_a_row(tmp_path, deal):
    accepted_residency(deal.licensor, deal.seller, country="PH", treaty=False)
    _, s = close(tmp_path, deal)
    assert (s.tax, s.tax_basis, s.tax_residence) == (D("0"), TaxBasis.RESIDENT, "PH")
    assert not s.lines.filter(kind=LineKind.TAX).exists()


def test_changing_the_residency_after_the_close_leaves_the_statement(tmp_path, deal):
    residency = accepted_residency(deal.licensor, deal.seller)
    contract, s = close(tmp_path, deal)
    residency_reject(user=tax_staff(), residency_id=residency.pk, reason="Certificate revoked")
    again = Statement.objects.get(pk=s.pk)
    assert (again.tax_rate, again.tax, again.tax_basis, again.tax_article) == (
        D("15"),
        D("18.75"),
        TaxBasis.TREATY,
        s.tax_article,
    )
    # The next period closes at the domestic rate.
    _, q2 = close(tmp_path, deal, period="2027-Q2", contract=contract, units="200")
    assert (q2.tax_rate, q2.tax_basis) == (D("25"), TaxBasis.DOMESTIC)
    # A residency a statement used cannot be deleted (the statement names it).
    with pytest.raises(IntegrityError), transaction.atomic():
        TaxResidency.objects.filter(pk=residency.pk).delete()


def test_the_database_refuses_two_accepted_residencies_on_one_day(deal):
    first = accepted_residency(deal.licensor, deal.seller)
    second = submit_residency(
        deal.licensor, deal.seller, valid_from=dt.date(2027, 12, 31), valid_to=dt.date(2028, 12, 31)
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        TaxResidency.objects.filter(pk=second.pk).update(status=ResidencyStatus.ACCEPTED)
    # Back to back (no shared day) is fine.
    TaxResidency.objects.filter(pk=second.pk).update(valid_from=dt.date(2028, 1, 1))
    TaxResidency.objects.filter(pk=second.pk).update(status=ResidencyStatus.ACCEPTED)
    assert first.status == ResidencyStatus.ACCEPTED
