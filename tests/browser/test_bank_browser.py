"""A bank user opens the pledge portfolio, sees the LTV, reads the valuation report and its PDF."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

import pytest

from finance.valuation.model import Assumptions
from finance.valuation.services import valuation_save
from tests.browser.accounts import browser_login
from tests.factories.pledges import Holder, make_bank, make_pledge
from tests.mfa import enrol_totp

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_bank_user_reads_portfolio_ltv_and_valuation_pdf(live_server, page, artifacts):
    holder = Holder()
    bank_user, bank = make_bank()
    work = holder.work()
    pledge = make_pledge(holder, (bank_user, bank), works=[work], amount="80000.00")
    days = [dt.date(2024 + i // 4, 1 + 3 * (i % 4), 1) for i in range(8)]
    history = {
        work.pk: [(d, Decimal(round(9000 * math.exp(-0.05 * i), 2))) for i, d in enumerate(days)]
    }
    valuation = valuation_save(
        works=[work],
        currency="CNY",
        user=bank_user,
        pledge=pledge,
        assumptions=Assumptions(scenarios=300, min_fit_points=4),
        history=history,
    )

    enrol_totp(bank_user)  # banks need a second factor (catalog.kernel.mfa)
    browser_login(page, live_server.url, bank_user)
    page.goto(f"{live_server.url}/en/pledges/")
    row = page.locator(f'tr[data-pledge="{pledge.pk}"]')
    assert pledge.number in row.inner_text()
    assert work.original_title in row.inner_text()
    ltv_text = row.locator(".ltv").inner_text()
    assert ltv_text.endswith("%"), ltv_text
    assert float(ltv_text.rstrip("%").replace(",", "")) == pytest.approx(
        float(valuation.ltv_p50) * 100, abs=0.01
    )
    page.screenshot(path=str(artifacts / "bank-portfolio.png"))
    row.locator('[data-testid="valuation-report"]').click()
    page.wait_for_selector("#valuation-summary")
    # The report re-runs the saved valuation from its recorded inputs: the same LTV.
    assert page.locator("#ltv-p50").inner_text() == ltv_text
    assert page.locator(".chart svg").count() == 2
    page.screenshot(path=str(artifacts / "bank-valuation.png"), full_page=True)
    with page.expect_download() as info:
        page.click('[data-testid="pdf-en"]')
    download = info.value
    path = artifacts / "bank-valuation.pdf"
    download.save_as(str(path))
    assert path.read_bytes()[:4] == b"%PDF"
