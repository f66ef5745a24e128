"""Sanity rules of usage rows (issue 25), each in warn and in quarantine mode.

Quarantine: the row is bad, in the quarantine report with the rule's reason.
Warn: the row posts, and the report page lists the warning.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from licensing.royalties.ingest import quarantine_rows, warning_rows
from licensing.royalties.models import UsageLine
from tests.factories.royalties import RoyaltyDeal, import_rows, row

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_pdf")]

# (rule, a row breaking it, the reason's words)
CASES = [
    ("sign", {"units": "-5", "list_price": "50", "net_receipts": "208.79"}, "differ in sign"),
    ("net_gross", {"units": "10", "list_price": "12.50", "net_receipts": "130.00"}, "exceed gross"),
    ("price_gross", {"units": "10", "list_price": "12.50", "gross": "100.00"}, "not the gross"),
    ("currency", {"currency": "EUR"}, "the contract is in USD"),
]


@pytest.fixture
def deal():
    return RoyaltyDeal()


@pytest.fixture
def contract(deal):
    return deal.royalty_contract()


def _post(tmp_path, deal, contract, bad: dict, period="2027-Q1"):
    # 200 good rows keep one bad row under the 1 % threshold: the report posts either way.
    rows = [row(deal, title=f"good {i}") for i in range(200)] + [row(deal, **bad)]
    return import_rows(tmp_path, deal, contract, period, rows)


@pytest.mark.parametrize(("rule", "bad", "words"), CASES)
def test_rule_in_quarantine_mode_refuses_the_row(
    tmp_path, deal, contract, settings, rule, bad, words
):
    settings.ROYALTIES_SANITY_RULES = {rule: "quarantine"}
    report = _post(tmp_path, deal, contract, bad)
    assert (report.status, report.good_rows, report.bad_rows) == ("posted", 200, 1)
    (quarantined,) = quarantine_rows(report)
    assert words in quarantined.reason
    assert not warning_rows(report).exists()


@pytest.mark.parametrize(("rule", "bad", "words"), CASES)
def test_rule_in_warn_mode_posts_the_row_with_a_warning(
    tmp_path, deal, contract, settings, client, rule, bad, words
):
    settings.ROYALTIES_SANITY_RULES = {rule: "warn"}
    report = _post(tmp_path, deal, contract, bad)
    assert (report.status, report.good_rows, report.bad_rows) == ("posted", 201, 0)
    (warning,) = warning_rows(report)
    assert words in warning.reason
    assert not quarantine_rows(report).exists()
    client.force_login(deal.buyer)
    page = client.get(reverse("royalties:report", args=[report.pk])).content.decode()
    assert 'data-testid="warnings"' in page and words in page


def test_returns_negative_in_both_pass(tmp_path, deal, contract):
    report = _post(tmp_path, deal, contract, {"units": "-5", "net_receipts": "-40.00"})
    assert report.bad_rows == 0 and not warning_rows(report).exists()


@pytest.mark.parametrize("mode", ["warn", "quarantine"])
def test_period_partly_outside_the_term(tmp_path, deal, settings, mode):
    settings.ROYALTIES_SANITY_RULES = {"term": mode}
    contract = deal.royalty_contract(right={"start": "2027-02-01"})
    report = import_rows(tmp_path, deal, contract, "2027-Q1", [row(deal)])
    if mode == "warn":
        assert report.status == "posted" and UsageLine.objects.count() == 1
        assert "not wholly inside the contract term" in warning_rows(report).get().reason
    else:
        assert report.bad_rows == 1 and not UsageLine.objects.exists()
        assert "not wholly inside the contract term" in quarantine_rows(report).get().reason
