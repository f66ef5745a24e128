"""close_royalties: a period closed from the command line, per licensee or for all of them."""

from __future__ import annotations

import json
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from licensing.royalties.models import ReportStatus, Statement, UsageReport
from tests.factories.royalties import RoyaltyDeal, import_rows, row

# No PDF is read here (test_contracts_pdf.py reads them): WeasyPrint's seconds a document
# (two a contract) would buy nothing.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_pdf")]


def run(**options) -> tuple[dict, str]:
    out, err = StringIO(), StringIO()
    call_command("close_royalties", stdout=out, stderr=err, json=True, **options)
    return json.loads(out.getvalue()), err.getvalue()


def test_closes_each_licensee_once_and_reports_what_is_payable(tmp_path):
    deal = RoyaltyDeal()
    contract = deal.royalty_contract()
    import_rows(tmp_path, deal, contract, "2027-Q1", [row(deal, units="100")])
    summary, _ = run(period="2027-q1", licensee=deal.licensee.pk)
    assert summary["period"] == "2027-Q1"
    (mine,) = summary["licensees"]
    assert mine["statements"] == 1 and mine["error"] == ""
    statement = Statement.objects.get(contract=contract, period="2027-Q1")
    assert Decimal(mine["payable"]["USD"]) == statement.amount_payable > 0
    again, _ = run(period="2027-Q1", licensee=deal.licensee.pk)  # nothing left to close
    assert again["licensees"][0]["statements"] == 0
    assert Statement.objects.filter(contract=contract).count() == 1


def test_all_licensees_with_usage_or_an_active_contract(tmp_path):
    first, second = RoyaltyDeal(), RoyaltyDeal()
    one = first.royalty_contract()
    second.royalty_contract()  # active, no usage: still gets its (empty) statement
    import_rows(tmp_path, first, one, "2027-Q1", [row(first)])
    out = StringIO()
    call_command("close_royalties", period="2027-Q1", stdout=out, stderr=StringIO())
    text = out.getvalue()
    assert f"(#{first.licensee.pk}): 1 statements closed, payable" in text
    assert f"(#{second.licensee.pk}): 1 statements closed" in text


def test_a_report_still_importing_holds_that_licensee_back_and_fails_the_run(tmp_path):
    deal, other = RoyaltyDeal(), RoyaltyDeal()
    contract = deal.royalty_contract()
    other.royalty_contract()
    report = import_rows(tmp_path, deal, contract, "2027-Q1", [row(deal)])
    UsageReport.objects.filter(pk=report.pk).update(status=ReportStatus.PROCESSING)
    out = StringIO()
    with pytest.raises(CommandError, match="1 of 2 licensees not closed for 2027-Q1"):
        call_command("close_royalties", period="2027-Q1", stdout=out, stderr=StringIO())
    assert "still being imported" in out.getvalue()
    assert not Statement.objects.filter(contract=contract).exists()
    assert Statement.objects.filter(contract__licensee=other.licensee).count() == 1


def test_bad_period_or_licensee_is_refused_before_anything_closes(tmp_path):
    with pytest.raises(CommandError, match="2027-Q5"):
        call_command("close_royalties", period="2027-Q5", stdout=StringIO())
    with pytest.raises(CommandError, match="no party 999999"):
        call_command("close_royalties", period="2027-Q1", licensee=999999, stdout=StringIO())
    assert not Statement.objects.exists()
