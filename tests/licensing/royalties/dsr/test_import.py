"""DSR reports through the usage import (ingest → staging → matching → posting).

The fixture files follow the Basic Audio Profile 1.2 field lists (conftest.py); their
recordings' ISRCs are two music works the licensee holds contracts for."""

from __future__ import annotations

import json
from decimal import Decimal as D

import pytest
from django.core.management import CommandError, call_command

from catalog.services import work_create
from licensing.royalties.models import UsageLine
from licensing.royalties.services import usage_import
from tests.factories.catalog import work_input
from tests.factories.rightsin import acquire_rights
from tests.factories.royalties import RoyaltyDeal

from .conftest import PART_1, PART_2, SINGLE

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_pdf")]
RATES = [{"channel": "*", "format": "*", "basis": "net_receipts", "rate": "50"}]


@pytest.fixture
def contracts():
    deal = RoyaltyDeal()
    made = []
    for isrc, title in (("CN-A01-27-00001", "Song One"), ("CN-A01-27-00002", "Song Two")):
        deal.work = work_create(
            holder=deal.licensor,
            data=work_input(work_type="music", identifiers=[("isrc", isrc)], original_title=title),
        )
        acquire_rights(deal.work, user=deal.seller)  # the label's contract with the artist
        made.append(deal.royalty_contract(royalty_rates=RATES))
    return made


def test_a_dsr_upload_is_told_by_its_content_and_matched_by_isrc(contracts, copy):
    """No format given and a .tsv name: the HEAD record says DSR (Part 1 §6.2)."""
    report = usage_import(
        contract=contracts[0], period="2027-Q1", path=copy(SINGLE), keep_file=False
    )
    assert report.format == "dsr"
    assert (report.status, report.total_rows, report.bad_rows) == ("posted", 3, 0), report.error
    lines = UsageLine.objects.filter(report=report)
    assert sorted(lines.values_list("units", flat=True)) == [3, 500, 1000]
    assert sum(lines.values_list("net_receipts", flat=True)) == D("8.70")  # 6.00 + 2.70
    assert {line.contract_id for line in lines} == {c.pk for c in contracts}
    assert set(lines.values_list("channel", flat=True)) == {"streaming", "download"}


def test_a_summary_mismatch_posts_nothing(contracts, edit):
    """Part 1 §6.4.4: the detail does not add up to its summary: the named error, no lines."""
    path = edit(SINGLE, "\t1500\t", "\t1499\t")
    report = usage_import(contract=contracts[0], period="2027-Q1", path=path, keep_file=False)
    assert report.status == "rejected" and "S1 declares 1499 usages" in report.error
    assert not UsageLine.objects.filter(report=report).exists()


def test_import_usage_assembles_a_split_report(contracts, capsys):
    """Part 1 §6.3: the command takes the report's files in any order."""
    call_command(
        "import_usage",
        str(PART_2),
        str(PART_1),
        contract=contracts[0].pk,
        period="2027-Q1",
        json=True,
    )
    result = json.loads(capsys.readouterr().out)
    assert (result["status"], result["rows"], result["good"]) == ("posted", 3, 3)


def test_import_usage_refuses_a_split_report_missing_a_file(contracts):
    with pytest.raises(CommandError, match="not files 1 to 2"):
        call_command(
            "import_usage", str(PART_2), str(PART_2), contract=contracts[0].pk, period="2027-Q1"
        )
