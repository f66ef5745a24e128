"""Statement pages, exports, the job status endpoint and the earnings-history selector."""

from __future__ import annotations

import datetime as dt
import io
from decimal import Decimal as D

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from i18n import pdf
from licensing.royalties.models import StatementLine
from licensing.royalties.selectors import earnings_history
from licensing.royalties.services import period_close, royalty_setting_save
from tests.conftest import fake_pdf
from tests.factories.royalties import RoyaltyDeal, import_rows, row, usd_cny

pytestmark = pytest.mark.django_db


@pytest.fixture
def closed(tmp_path):
    # The contract's two PDFs are not read here (the statement's is): fake while signing.
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdf, "html_to_pdf", fake_pdf)
        deal = RoyaltyDeal()
        contract = deal.royalty_contract()
    report = import_rows(tmp_path, deal, contract, "2027-Q1", [row(deal, units="100")])
    (statement,) = period_close(contracts=[contract], period="2027-Q1", enqueue_ledger=False)
    return deal, report, statement


def test_statement_page_exports_and_drilldown(client, closed):
    deal, report, statement = closed
    client.force_login(deal.seller)
    page = client.get(reverse("royalties:statements"))
    assert page.status_code == 200 and b"<svg" in page.content
    detail = client.get(reverse("royalties:statement", args=[statement.pk]))
    assert "125.00" in detail.content.decode()
    line = StatementLine.objects.get(statement=statement, kind="earnings")
    usage = client.get(reverse("royalties:line_usage", args=[line.pk]))
    assert report.file_name in usage.content.decode()
    csv_response = client.get(reverse("royalties:statement_csv", args=[statement.pk]))
    csv_text = b"".join(csv_response.streaming_content)
    assert b"amount_payable,112.50" in csv_text  # 125.00 less 10 % withholding
    xlsx = client.get(reverse("royalties:statement_xlsx", args=[statement.pk]))
    book = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content)))
    assert book["lines"].max_row == 3  # header, earnings, tax
    pdf = client.get(reverse("royalties:statement_pdf", args=[statement.pk]))
    assert b"".join(pdf.streaming_content).startswith(b"%PDF")


def test_outsiders_see_nothing(client, closed):
    _deal, report, statement = closed
    stranger = RoyaltyDeal().buyer
    client.force_login(stranger)
    assert client.get(reverse("royalties:statement", args=[statement.pk])).status_code == 404
    assert client.get(reverse("royalties:report_status", args=[report.pk])).status_code == 404


def test_job_status_json(client, closed):
    deal, report, _statement = closed
    client.force_login(deal.buyer)
    data = client.get(reverse("royalties:report_status", args=[report.pk])).json()
    assert data["status"] == "posted" and data["progress"] == 100 and data["done"]


def test_earnings_history_converts_at_the_period_rate(closed):
    deal, _report, _statement = closed
    usd_cny("7.2", on=dt.date(2027, 3, 31))
    royalty_setting_save(party=deal.licensor, statement_currency="CNY")
    history = earnings_history(work_ids=[deal.work.pk], currency="CNY")
    assert history == {deal.work.pk: [(dt.date(2027, 1, 1), D("900.00"))]}  # 125 × 7.2


@pytest.mark.parametrize("language", ["zh-hans", "th", "my", "km", "lo", "en"])
def test_column_mapping_page_saves_the_licensees_headers(client, tmp_path, language):
    from licensing.royalties.selectors import column_mapping_for
    from licensing.royalties.services import usage_import
    from tests.factories.royalties import HEADER

    deal = RoyaltyDeal()
    contract = deal.royalty_contract()
    client.force_login(deal.buyer)
    url = f"/{language}/royalties/mapping/"
    assert client.get(url).status_code == 200
    form = {
        "party": deal.licensee.pk,
        "format": "csv",
        "col_units": "Qty",
        "col_territory": "Country",
    }
    saved = client.post(url, form, follow=True)
    assert saved.status_code == 200
    assert column_mapping_for(deal.licensee, "csv") == {"units": "Qty", "territory": "Country"}
    # The next file with those headers imports with them.
    path = tmp_path / "own-headers.csv"
    headers = [{"units": "Qty", "territory": "Country"}.get(h, h) for h in HEADER]
    values = row(deal, units="7")
    path.write_text(
        ",".join(headers) + "\n" + ",".join(str(values.get(h, "")) for h in HEADER) + "\n",
        encoding="utf-8",
    )
    report = usage_import(contract=contract, period="2027-Q1", path=str(path), keep_file=False)
    assert (report.status, report.good_rows) == ("posted", 1)


def test_column_mapping_refuses_one_header_for_two_fields(client):
    from licensing.royalties.selectors import column_mapping_for

    deal = RoyaltyDeal()
    client.force_login(deal.buyer)
    page = client.post(
        "/en/royalties/mapping/",
        {
            "party": deal.licensee.pk,
            "format": "xlsx",
            "col_units": "Qty",
            "col_net_receipts": "qty",
        },
    )
    assert page.status_code == 200
    assert "is already the column of units" in page.content.decode()
    assert column_mapping_for(deal.licensee, "xlsx") == {}
    # Nor for an organisation the user does not belong to.
    other = RoyaltyDeal()
    page = client.post("/en/royalties/mapping/", {"party": other.licensee.pk, "format": "csv"})
    assert "Select a valid choice" in page.content.decode()
