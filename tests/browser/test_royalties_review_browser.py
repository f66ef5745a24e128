"""A licensee's file that repeats usage already reported stops for review; the licensee
decides on the review page, the report posts once, and the licensor's statement drills
down to the lines it posted."""

from __future__ import annotations

import pytest

from catalog.services import work_create
from licensing.royalties.services import period_close, usage_import
from tests.browser.accounts import browser_login
from tests.factories.catalog import work_input
from tests.factories.rightsin import acquire_rights
from tests.factories.royalties import RoyaltyDeal, isbn13, row, write_csv

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def login(page, live_server, user):
    browser_login(page, live_server.url, user)
    page.wait_for_load_state("networkidle")


def test_a_repeated_file_is_reviewed_then_posted_and_drilled_down(
    live_server, page, tmp_path, celery_eager, artifacts
):
    deal = RoyaltyDeal(licensee_country="KH")  # no withholding rate: round figures
    first_isbn = deal.isbn
    first_contract = deal.royalty_contract()
    deal.isbn = isbn13(900_123)
    deal.work = work_create(
        holder=deal.licensor,
        data=work_input(identifiers=[("isbn", deal.isbn)], titles={"en": "The Second Book"}),
    )
    acquire_rights(deal.work, user=deal.seller)
    contract = deal.royalty_contract()
    earlier = usage_import(
        contract=first_contract,
        period="2027-Q1",
        path=str(write_csv(tmp_path / "first.csv", [row(deal, isbn=first_isbn, line_id="A-1")])),
        keep_file=False,
    )
    assert earlier.status == "posted"
    # The distributor's file again, with the second book's sales added.
    path = write_csv(
        tmp_path / "sales-2027-q1-full.csv",
        [
            row(deal, isbn=first_isbn, line_id="A-1", title="Book one"),
            row(deal, line_id="B-1", units="40"),
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
    assert page.inner_text("[data-testid=job-status]") == "Awaiting review"
    page.click("[data-testid=review-link] a")
    page.wait_for_url("**/review/")
    overlap = page.inner_text("[data-testid=overlap-lines]")
    assert "already posted" in overlap and ": 1." in overlap and "first.csv" in overlap
    assert page.locator("[data-testid=review-row]").count() == 2
    page.screenshot(path=str(artifacts / "royalties-review.png"), full_page=True)
    page.check("input[name=decision][value=skip]")
    page.click("[data-testid=review-post]")
    page.wait_for_url("**/royalties/reports/*/")
    page.wait_for_function("document.querySelector('[data-testid=job-progress]').value === 100")
    assert page.inner_text("[data-testid=job-status]") == "Posted"
    assert "Repeated lines skipped: 1" in page.inner_text("[data-testid=review-decision]")

    period_close(contracts=[first_contract, contract], period="2027-Q1", enqueue_ledger=False)
    page.context.clear_cookies()
    login(page, live_server, deal.seller)
    page.goto(f"{live_server.url}/en/royalties/statements/")
    page.locator("tr", has_text=contract.reference).locator(
        "[data-testid=statement-link]"
    ).first.click()
    # 40 units × 12.50 × 10 % = 50.00, stated once.
    assert "50.00" in page.inner_text("[data-testid=amount-payable]")
    page.locator("[data-testid=drilldown]").first.click()
    rows = page.locator("[data-testid=usage-lines] tbody tr")
    assert rows.count() == 1 and "sales-2027-q1-full.csv" in rows.first.inner_text()


def test_unmapped_values_are_mapped_on_the_review_page_then_posted_and_drilled_down(
    live_server, page, tmp_path, celery_eager, artifacts
):
    deal = RoyaltyDeal(licensee_country="KH")
    contract = deal.royalty_contract()
    path = write_csv(
        tmp_path / "kiosk-sales-2027-q1.csv",
        [
            row(deal, units="10"),
            row(deal, channel="Kiosk network", units="4", line_id="K1"),
            row(deal, channel="kiosk-network", units="6", line_id="K2"),
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
    assert page.inner_text("[data-testid=job-status]") == "Awaiting review"
    page.click("[data-testid=review-link] a")
    page.wait_for_url("**/review/")
    value = page.locator("[data-testid=unmapped-value]")
    assert value.count() == 1 and "Kiosk network" in value.inner_text()
    page.screenshot(path=str(artifacts / "royalties-review-unmapped.png"), full_page=True)
    value.locator("select[name=target]").select_option("retail")
    value.locator("button[type=submit]").click()
    page.wait_for_url("**/review/")
    assert page.locator("[data-testid=unmapped-values]").count() == 0
    assert page.locator("[data-testid=review-row]").count() == 3
    page.click("[data-testid=review-post]")
    page.wait_for_url("**/royalties/reports/*/")
    page.wait_for_function("document.querySelector('[data-testid=job-progress]').value === 100")
    assert page.inner_text("[data-testid=job-status]") == "Posted"

    period_close(contracts=[contract], period="2027-Q1", enqueue_ledger=False)
    page.context.clear_cookies()
    login(page, live_server, deal.seller)
    page.goto(f"{live_server.url}/en/royalties/statements/")
    page.click("[data-testid=statement-link]")
    # 20 units × 12.50 × 10 % = 25.00: the kiosk rows are stated, as retail.
    assert "25.00" in page.inner_text("[data-testid=amount-payable]")
    page.locator("[data-testid=drilldown]").first.click()
    rows = page.locator("[data-testid=usage-lines] tbody tr")
    assert rows.count() == 3
    assert all("kiosk-sales-2027-q1.csv" in rows.nth(i).inner_text() for i in range(3))
