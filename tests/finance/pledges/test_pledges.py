"""Pledge registry: workflow, numbers, guards (consent), release by the pledgee, visibility."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from catalog.events import WorkStatusChanged
from catalog.kernel import events
from catalog.kernel.guards import ensure_allowed
from catalog.kernel.status import work_has_flag, work_status_flags
from finance.pledges import selectors, services
from finance.pledges.models import PledgeEvent, PledgeStatus
from licensing.contracts.models import ContractStatus
from licensing.contracts.services import (
    contract_activate,
    contract_create_draft,
    contract_send_for_signature,
    contract_sign,
)
from tests.factories.catalog import make_party, make_user
from tests.factories.contracts import make_terms
from tests.factories.pledges import Holder, make_bank, make_pledge
from tests.mfa import login_with_mfa

pytestmark = pytest.mark.django_db


@pytest.fixture
def holder():
    return Holder()


@pytest.fixture
def bank():
    return make_bank()


def _contract(holder, work, *, exclusive=True):
    buyer = make_user(language="vi")
    licensee = make_party(country="VN", name="Nhà xuất bản Trẻ", member=buyer)
    contract = contract_create_draft(
        work=work,
        licensor=holder.party,
        licensee=licensee,
        terms=make_terms(right={"exclusive": exclusive}),
        origin="test",
        created_by=holder.user,
        licensee_language="vi",
    )
    return contract_send_for_signature(contract=contract), buyer, licensee


def _sign_both(holder, contract, buyer, licensee):
    contract_sign(
        contract=contract,
        user=holder.user,
        party=holder.party,
        ip_address=None,
        user_agent="pytest",
    )
    return contract_sign(
        contract=contract, user=buyer, party=licensee, ip_address=None, user_agent="pytest"
    )


def test_workflow_numbers_audit_and_flag(holder, bank, django_capture_on_commit_callbacks):
    changed = []
    handler = lambda event: changed.append(event.work_id)  # noqa: E731
    events.subscribe(WorkStatusChanged, handler)
    work, other = holder.work(), holder.work()
    with django_capture_on_commit_callbacks(execute=True):
        first = make_pledge(holder, bank, works=[work])
    second = make_pledge(holder, bank, works=[other])
    year = dt.date.today().year
    assert re.fullmatch(rf"PLG-{year}-\d{{6}}", first.number)
    assert int(second.number[-6:]) == int(first.number[-6:]) + 1  # gapless
    assert first.status == PledgeStatus.REGISTERED
    assert [e.to_status for e in PledgeEvent.objects.filter(pledge=first)] == [
        "application",
        "examination",
        "registered",
    ]
    flags = [f for f in work_status_flags(work) if f.code == "pledged"]
    assert flags and first.number in flags[0].detail and bank[1].name in flags[0].detail
    assert work.pk in changed


def test_only_examiners_examine_and_rejected_number_is_not_used(holder, bank):
    work = holder.work()
    pledge = make_pledge(holder, bank, works=[work], register=False)
    with pytest.raises(PermissionDenied):
        services.pledge_start_examination(pledge_id=pledge.pk, examiner=holder.user)
    examiner = make_user(roles=["examiner"])
    services.pledge_start_examination(pledge_id=pledge.pk, examiner=examiner)
    rejected = services.pledge_reject(pledge_id=pledge.pk, examiner=examiner, reason="no deed")
    assert rejected.number is None and not work_has_flag(work, "pledged")
    with pytest.raises(ValidationError):
        services.pledge_register(pledge_id=pledge.pk, examiner=examiner)


def test_pledgee_must_be_a_bank_and_works_held_by_pledgor(holder):
    not_bank = make_party(category="publisher", member=holder.user)
    with pytest.raises(ValidationError) as exc:
        make_pledge(holder, (holder.user, not_bank), works=[holder.work()], register=False)
    assert "pledgee" in exc.value.message_dict


def test_pledge_blocks_exclusive_licence_without_consent_and_allows_it_with(holder, bank):
    work = holder.work()
    pledge = make_pledge(holder, bank, works=[work])
    contract, buyer, licensee = _contract(holder, work)
    with pytest.raises(ValidationError) as exc:
        ensure_allowed(work, "license_exclusive", contract=contract, party=holder.party)
    assert pledge.number in str(exc.value)
    ensure_allowed(work, "license", contract=contract, party=holder.party)  # non-exclusive is fine
    with pytest.raises(ValidationError):
        ensure_allowed(work, "transfer", party=holder.party)
    # The real activation path refuses as well; the signatures stay recorded.
    with pytest.raises(ValidationError):
        _sign_both(holder, contract, buyer, licensee)
    contract.refresh_from_db()
    assert contract.status == ContractStatus.AWAITING_SIGNATURES
    # Only the pledgee can consent.
    with pytest.raises(PermissionDenied):
        services.pledge_consent_give(pledge_id=pledge.pk, contract=contract, user=holder.user)
    services.pledge_consent_give(pledge_id=pledge.pk, contract=contract, user=bank[0], note="ok")
    ensure_allowed(work, "license_exclusive", contract=contract, party=holder.party)
    contract = contract_activate(contract=contract)
    assert contract.status == ContractStatus.ACTIVE


def test_consent_is_needed_from_every_pledgee(holder, bank):
    work = holder.work()
    first = make_pledge(holder, bank, works=[work])
    other_bank = make_bank(name="Straits Meridian Bank", country="SG")
    make_pledge(holder, other_bank, works=[work])
    contract, *_ = _contract(holder, work)
    services.pledge_consent_give(pledge_id=first.pk, contract=contract, user=bank[0])
    with pytest.raises(ValidationError) as exc:
        ensure_allowed(work, "license_exclusive", contract=contract)
    assert "Straits Meridian Bank" in str(exc.value)


def test_change_and_release_need_the_pledgee(holder, bank, django_capture_on_commit_callbacks):
    work = holder.work()
    pledge = make_pledge(holder, bank, works=[work])
    with pytest.raises(PermissionDenied):
        services.pledge_release(pledge_id=pledge.pk, user=holder.user)
    with pytest.raises(PermissionDenied):
        services.pledge_change(pledge_id=pledge.pk, user=holder.user, secured_amount=Decimal(1))
    changed = services.pledge_change(
        pledge_id=pledge.pk, user=bank[0], secured_amount=Decimal("600000.00"), note="top-up"
    )
    assert changed.secured_amount == Decimal("600000.00")
    assert (
        pledge.events.filter(kind="change")
        .get()
        .data["before"]["secured_amount"]
        .startswith("500000")
    )
    with django_capture_on_commit_callbacks(execute=True):
        services.pledge_release(pledge_id=pledge.pk, user=bank[0], note="loan repaid")
    assert not work_has_flag(work, "pledged")
    ensure_allowed(work, "transfer")  # free again


def test_bank_users_see_only_their_pledges(holder, bank, client):
    other = make_bank(name="Ruang Khao Bank", country="TH")
    mine = make_pledge(holder, bank, works=[holder.work()])
    theirs = make_pledge(holder, other, works=[holder.work()])
    assert list(selectors.pledges_visible_to(bank[0])) == [mine]
    assert list(selectors.pledges_visible_to(other[0])) == [theirs]
    assert set(selectors.pledges_visible_to(holder.user)) == {mine, theirs}
    login_with_mfa(client, bank[0])  # banks need a second factor (catalog.kernel.mfa)
    assert client.get(f"/en/pledges/{mine.pk}/").status_code == 200
    assert client.get(f"/en/pledges/{theirs.pk}/").status_code == 404
    listing = client.get("/en/pledges/").content.decode()
    assert mine.number in listing and theirs.number not in listing


def test_receivables_redirect_to_the_pledgee_escrow(holder, bank):
    work = holder.work()
    contract, buyer, licensee = _contract(holder, work, exclusive=False)
    _sign_both(holder, contract, buyer, licensee)
    pledge = make_pledge(holder, bank, works=[], contracts=[contract])
    assert selectors.redirect_account_for(contract=contract, currency="USD") is None
    with pytest.raises(PermissionDenied):
        services.pledge_redirect_receivables(pledge_id=pledge.pk, user=holder.user)
    services.pledge_redirect_receivables(pledge_id=pledge.pk, user=bank[0])
    account = selectors.redirect_account_for(contract=contract, currency="USD")
    assert account.party == bank[1] and account.kind == "escrow" and account.currency == "USD"
    services.pledge_release(pledge_id=pledge.pk, user=bank[0])
    assert selectors.redirect_account_for(contract=contract, currency="USD") is None


def test_certificate_pdf_with_qr_and_public_verify(
    holder, bank, celery_eager, client, django_capture_on_commit_callbacks
):
    work = holder.work()
    with django_capture_on_commit_callbacks(execute=True):
        pledge = make_pledge(holder, bank, works=[work])
    certificate = pledge.certificates.get()
    assert certificate.pdf.read(4) == b"%PDF" and certificate.evidence_seq
    page = client.get(f"/en/pledges/verify/{pledge.number}/")
    assert page.status_code == 200 and pledge.number in page.content.decode()
    login_with_mfa(client, bank[0])
    pdf = client.get(f"/en/pledges/{pledge.pk}/certificate/1.pdf")
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content)[:4] == b"%PDF"
