"""A claimant files a complaint; staff accept it and assign a mediator; the mediator drafts a
settlement; claimant and respondent both sign it in the browser; the case is settled."""

from __future__ import annotations

import pytest

from catalog.services import work_create
from licensing.disputes import tokens
from licensing.disputes.models import Case, CaseStatus, Invitation
from tests.browser.accounts import browser_login
from tests.factories.catalog import make_party, make_user, work_input
from tests.mfa import enrol_totp

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PASSWORD = "pw-Strong-2026"


def login(browser, live_server, user):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    browser_login(page, live_server.url, user, password=PASSWORD)
    return context, page


def test_claimant_files_and_mediator_closes_with_signed_settlement(browser, live_server, artifacts):
    claimant = make_user(
        roles=["rights_holder"], email="studio@example.cn", time_zone="Asia/Yangon"
    )
    holder = make_party(member=claimant, country="MM", name="Golden Lotus Studio")
    work = work_create(holder=holder, data=work_input())
    respondent = make_user(
        roles=["buyer"], email="shop@example.com", time_zone="America/Los_Angeles"
    )
    make_party(member=respondent, country="US", name="Pacific Prints")
    staff = make_user(roles=["staff"], is_staff=True)
    mediator = make_user(roles=["mediator"], first_name="Lan", last_name="Pham")
    # Signers, staff and mediators need a second factor (catalog.kernel.mfa).
    for user in (claimant, respondent, staff, mediator):
        enrol_totp(user)

    # 1. The claimant files the complaint.
    ctx, page = login(browser, live_server, claimant)
    page.goto(f"{live_server.url}/en/disputes/file/")
    page.select_option("select[name=case_type]", "infringement")
    page.check(f"input[name=works][value='{work.pk}']")
    page.fill("input[name=summary]", "Cover art printed on T-shirts without a licence")
    page.fill("input[name=respondent_name]", "Pacific Prints")
    page.fill("input[name=respondent_email]", "shop@example.com")
    page.fill("input[name=respondent_country]", "US")
    page.fill("input[name=claimed_amount]", "5000")
    page.fill("input[name=currency]", "USD")
    page.check("input[name=remedies][value=damages]")
    page.click("[data-testid=submit-case]")
    page.wait_for_selector("[data-testid=case-status]")
    case = Case.objects.get()
    assert case.number in page.content()

    # 2. Staff accept it and assign the mediator.
    staff_ctx, staff_page = login(browser, live_server, staff)
    staff_page.goto(f"{live_server.url}/en/disputes/{case.pk}/")
    staff_page.click("[data-testid=accept-case]")
    staff_page.wait_for_selector("[data-testid=assign-mediator]")
    staff_page.select_option("select[name=mediator]", str(mediator.pk))
    staff_page.click("[data-testid=assign-mediator]")
    staff_page.wait_for_load_state()
    case.refresh_from_db()
    assert case.status == CaseStatus.MEDIATING and case.mediator == mediator

    # The respondent follows the invitation e-mailed when the case was accepted (an account
    # with the same address is not enough to act for a side).
    invitation = Invitation.objects.get(case_party__case=case, case_party__role="respondent")
    resp_ctx, resp_page = login(browser, live_server, respondent)
    resp_page.goto(f"{live_server.url}/en/disputes/join/{tokens.invitation_token(invitation.pk)}/")
    resp_page.click("[data-testid=join-case]")
    resp_page.wait_for_selector("[data-testid=case-status]")

    # 3. The mediator drafts the settlement: 3,000 USD in two instalments.
    med_ctx, med_page = login(browser, live_server, mediator)
    med_page.goto(f"{live_server.url}/en/disputes/{case.pk}/")
    med_page.fill("input[name=amount]", "3000")
    med_page.fill("input[name=currency]", "USD")
    med_page.fill("textarea[name=schedule]", "2027-01-15 1000\n2027-02-15 2000")
    med_page.click("[data-testid=propose-settlement]")
    med_page.wait_for_selector("text=Settlement agreement (PDF)")
    case.refresh_from_db()
    assert case.status == CaseStatus.SETTLING

    # 4. Both sides sign.
    page.goto(f"{live_server.url}/en/disputes/{case.pk}/")
    page.click("[data-testid=sign-settlement]")
    page.wait_for_selector("[data-testid=signature]")
    resp_page.goto(f"{live_server.url}/en/disputes/")
    resp_page.click(f"text={case.number}")
    resp_page.click("[data-testid=sign-settlement]")
    resp_page.wait_for_selector("[data-testid=signature] >> nth=1")
    status = resp_page.inner_text("[data-testid=case-status]")
    resp_page.screenshot(path=str(artifacts / "dispute-settled.png"), full_page=True)
    case.refresh_from_db()
    assert case.status == CaseStatus.SETTLED and status == "Settled"
    signatures = case.settlement.signatures.all()
    assert {s.signer for s in signatures} == {claimant, respondent}
    assert all(s.ip_address == "127.0.0.1" for s in signatures)
    for context in (ctx, staff_ctx, med_ctx, resp_ctx):
        context.close()
