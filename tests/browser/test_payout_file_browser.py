"""A licensor enters a Vietnamese bank account on the payee page, a royalty statement closes,
the payout run writes a pain.001 file, and staff download it: ISO's schema accepts it and
its remittance names the statement."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
import xmlschema
from django.core.management import call_command

from finance.models import PayeeProfile
from finance.payouts.pain001 import PAIN_NS, SCHEMA
from licensing.royalties import close
from licensing.royalties.services import period_close
from tests.browser.accounts import browser_login
from tests.factories.catalog import make_user
from tests.factories.royalties import RoyaltyDeal, import_rows, row
from tests.mfa import enrol_totp

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("fast_pdf"),
]
NS = {"p": PAIN_NS}


def test_a_vietnamese_bank_account_is_paid_by_a_schema_valid_file_naming_the_statement(
    live_server, page, artifacts, settings, tmp_path, celery_eager
):
    settings.PAYEE_COOLING_OFF = dt.timedelta(0)  # the run may use the details at once
    deal = RoyaltyDeal()
    contract = deal.royalty_contract()
    enrol_totp(deal.seller)  # bank details change only after a second factor

    browser_login(page, live_server.url, deal.seller, lang="vi")
    page.goto(f"{live_server.url}/vi/finance/payee/?party={deal.licensor.pk}")
    page.click('[data-testid="payee-edit"]')
    page.check('input[name="method"][value="pain001"]')
    page.select_option("#id_bank_country", "VN")
    page.fill("#id_account_holder", "Nhà xuất bản Trường Giang")
    page.select_option("#id_currency", "USD")
    page.fill("#id_account_number", "0071 0012 34567")
    page.fill("#id_bic", "bftvvnvx")
    # Leave the last field first: its change event runs the page's scheme script, and a
    # click that lands while it runs does not reach the button (seen in headless Chromium).
    page.keyboard.press("Tab")
    page.screenshot(path=str(artifacts / "payee-vn-form.png"), full_page=True)
    with page.expect_navigation():
        page.click('[data-testid="payee-save"]')
    errors = page.locator(".error").all_inner_texts()
    assert page.locator('[data-testid="payee-save"]').count() == 0, errors  # saved
    page.screenshot(path=str(artifacts / "payee-vn-saved.png"), full_page=True)
    profile = PayeeProfile.objects.get(party=deal.licensor)
    assert (profile.bank_country, profile.account_number, profile.bic) == (
        "VN",
        "0071001234567",
        "BFTVVNVX",
    )

    # The licensee's usage report is in and the quarter closes: a statement owed in USD.
    import_rows(tmp_path, deal, contract, "2027-Q1", [row(deal, units="300")])
    (statement,) = period_close(contracts=[contract], period="2027-Q1", enqueue_ledger=False)
    close.statements_post_ledger_now([statement.pk])
    call_command("payout_run", "--provider", "pain001")

    staff = make_user(roles=["staff"], is_staff=True, email="payouts@example.com")
    enrol_totp(staff)
    page.context.clear_cookies()
    browser_login(page, live_server.url, staff)
    page.goto(f"{live_server.url}/en/finance/payouts/")
    page.screenshot(path=str(artifacts / "payouts-files.png"), full_page=True)
    with page.expect_download() as info:
        page.click('a[href*="/finance/payouts/files/"]')
    download = info.value
    assert download.suggested_filename.endswith("-USD.xml")
    path = artifacts / download.suggested_filename
    download.save_as(str(path))

    xmlschema.XMLSchema10(str(SCHEMA)).validate(str(path))  # ISO's schema, or it raises
    doc = ET.parse(path).getroot()  # noqa: S314 (the file our own server wrote)
    assert doc.findtext(".//p:CdtrAcct/p:Id/p:Othr/p:Id", namespaces=NS) == "0071001234567"
    assert doc.findtext(".//p:CdtrAgt/p:FinInstnId/p:BICFI", namespaces=NS) == "BFTVVNVX"
    assert doc.findtext(".//p:Cdtr/p:Nm", namespaces=NS) == "Nhà xuất bản Trường Giang"
    assert doc.findtext(".//p:RfrdDocInf/p:Nb", namespaces=NS) == statement.reference
    assert doc.findtext(".//p:RfrdDocInf/p:Tp/p:CdOrPrtry/p:Cd", namespaces=NS) == "SOAC"
    assert doc.find(".//p:InstdAmt", NS).text == f"{statement.amount_payable:.2f}"
