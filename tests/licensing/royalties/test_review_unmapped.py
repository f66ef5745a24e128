"""Values nothing maps stop a report for review (issue 25): the licensee maps them on the
review page, the held rows join the report, and it posts — nothing guessed, nothing lost."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from licensing.royalties.models import UsageLine
from licensing.royalties.services import usage_import
from tests.factories.royalties import RoyaltyDeal, row, write_csv

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_pdf")]


def kiosk_file(tmp_path, deal):
    return write_csv(
        tmp_path / "kiosk.csv",
        [
            row(deal, units="10"),
            row(deal, channel="Kiosk network", units="4", line_id="K1"),
            row(deal, channel="kiosk-network", units="6", line_id="K2"),
        ],
    )


def test_unmapped_values_stop_the_report_and_map_on_the_review_page(tmp_path, client):
    deal = RoyaltyDeal()
    contract = deal.royalty_contract()
    report = usage_import(
        contract=contract, period="2027-Q1", path=str(kiosk_file(tmp_path, deal)), keep_file=False
    )
    # Before: the known row posted at once and the two kiosk rows waited unseen.
    assert report.status == "review"
    assert report.unmapped_rows == 2
    url = reverse("royalties:report_review", args=[report.pk])
    client.force_login(deal.buyer)
    page = client.get(url).content.decode()
    assert 'data-testid="unmapped-values"' in page
    assert page.count('data-testid="unmapped-value"') == 1  # one value, two spellings
    assert page.count('data-testid="review-row"') == 1  # the mapped row as it will post
    mapped = client.post(
        url, {"action": "map", "kind": "channel", "value": "Kiosk network", "target": "retail"}
    )
    assert mapped.status_code == 302
    report.refresh_from_db()
    assert (report.status, report.unmapped_rows) == ("review", 0)
    assert UsageLine.objects.filter(report=report).count() == 3
    page = client.get(url).content.decode()
    assert 'data-testid="unmapped-values"' not in page
    assert client.post(url, {"decision": "post"}).status_code == 302
    report.refresh_from_db()
    assert report.status == "posted"
    assert set(report.lines.values_list("channel", flat=True)) == {"retail"}
    assert sum(report.lines.values_list("units", flat=True)) == 20


def test_the_import_command_stops_at_review_for_unmapped_values(tmp_path, capsys):
    deal = RoyaltyDeal()
    contract = deal.royalty_contract()
    with pytest.raises(CommandError, match="awaiting review"):
        call_command(
            "import_usage",
            str(kiosk_file(tmp_path, deal)),
            contract=contract.pk,
            period="2027-Q1",
            json=True,
        )
    assert '"status": "review"' in capsys.readouterr().out
