"""A licensee uploads a usage file and watches the job; the licensor drills into a statement."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from licensing.royalties.models import WithholdingRate
from licensing.royalties.services import period_close
from tests.browser.accounts import browser_login
from tests.factories.royalties import RoyaltyDeal, row, write_csv

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def login(page, live_server, user):
    browser_login(page, live_server.url, user)
    page.wait_for_load_state("networkidle")


def test_upload_job_progress_and_statement_drilldown(
    live_server, page, tmp_path, celery_eager, artifacts
):
    # The figures below use Vietnam's 10 % rate on royalties paid abroad (the licensor has
    # no accepted treaty claim, so the payer's rate for non-residents, "**", applies); an
    # earlier transactional test's flush may have emptied the table, so make sure it is there.
    WithholdingRate.objects.get_or_create(
        payer_country="VN",
        payee_country="**",
        valid_from=dt.date(2020, 1, 1),
        defaults={"rate": Decimal("10"), "source": "test: domestic rate for non-residents"},
    )
    deal = RoyaltyDeal()
    # Thailand is licensed too: the TH line is stated (unlicensed territories are held).
    contract = deal.royalty_contract(right={"territories": ["VN", "TH"]})
    path = write_csv(
        tmp_path / "sales-2027-q1.csv",
        [
            row(deal, units="100"),
            row(deal, territory="TH", units="40"),
            row(deal, isbn="", title="Unknown book", author="Nobody"),
        ],
    )

    login(page, live_server, deal.buyer)
    page.goto(f"{live_server.url}/en/royalties/reports/")
    page.select_option("select[name=contract]", str(contract.pk))
    page.fill("input[name=period]", "2027-Q1")
    page.set_input_files("input[name=file]", str(path))
    page.click("[data-testid=usage-upload] button[type=submit]")
    page.wait_for_url("**/royalties/reports/*/")
    page.wait_for_function("document.querySelector('[data-testid=job-progress]').value === 100")
    assert page.inner_text("[data-testid=job-status]") == "Posted"
    assert page.inner_text("[data-field=good]") == "2"
    assert page.inner_text("[data-field=unmatched]") == "1"

    period_close(contracts=[contract], period="2027-Q1", enqueue_ledger=False)
    page.context.clear_cookies()
    login(page, live_server, deal.seller)
    page.goto(f"{live_server.url}/en/royalties/statements/")
    assert page.locator("[data-testid=chart-periods] svg").count() == 1
    assert page.locator("[data-testid=chart-territories] svg").count() == 1
    page.click("[data-testid=statement-link]")
    # 140 units × 12.50 × 10 % = 175.00, less 10 % VN→CN withholding = 157.50
    assert "157.50" in page.inner_text("[data-testid=amount-payable]")
    page.locator("[data-testid=drilldown]").first.click()
    rows = page.locator("[data-testid=usage-lines] tbody tr")
    assert rows.count() == 1 and "sales-2027-q1.csv" in rows.first.inner_text()
    page.screenshot(path=str(artifacts / "royalties-drilldown.png"))
    page.goto(f"{live_server.url}/en/royalties/queue/")
    assert "Unknown book" in page.inner_text("main")
