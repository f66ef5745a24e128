"""Contract pages: who sees what, signing over HTTP, the seller's availability chart."""

from __future__ import annotations

import pytest
from django.urls import reverse

from licensing.contracts.models import Contract, ContractSignature
from licensing.models import Grant
from tests.factories.catalog import make_user
from tests.factories.contracts import Deal
from tests.mfa import login_with_mfa

pytestmark = pytest.mark.django_db


@pytest.fixture
def fast_pdf(monkeypatch):
    """PDF rendering is covered by test_contracts_pdf; here a stand-in keeps pages quick."""
    from licensing.contracts import services

    monkeypatch.setattr(
        services, "render_contract_pdf", lambda c, **kw: b"%PDF-1.7 " + c.reference.encode()
    )


@pytest.fixture
def deal(db, fast_pdf):
    return Deal()


def url(name, *args):
    return reverse(f"contracts:{name}", args=args)


def test_outsiders_get_404_and_anonymous_users_the_login(client, deal):
    contract = deal.sent()
    assert client.get(url("detail", contract.pk)).status_code == 302
    client.force_login(make_user())
    for name in ("detail", "document"):
        assert client.get(url(name, contract.pk)).status_code == 404
    assert client.post(url("sign", contract.pk), {"party": deal.licensor.pk}).status_code == 404
    assert client.get(url("work_availability", deal.work.pk)).status_code == 404
    assert not ContractSignature.objects.exists()


def test_staff_and_both_parties_see_the_contract(client, deal):
    contract = deal.sent()
    for user in (deal.seller, deal.buyer, make_user(is_staff=True)):
        login_with_mfa(client, user)  # staff need a second factor (catalog.kernel.mfa)
        page = client.get(url("detail", contract.pk))
        assert page.status_code == 200 and contract.reference in page.content.decode()


def test_list_shows_both_sides(client, deal):
    contract = deal.draft()
    client.force_login(deal.seller)
    body = client.get(url("list")).content.decode()
    assert contract.reference in body
    client.force_login(make_user())
    assert contract.reference not in client.get(url("list")).content.decode()


def test_sign_over_http_records_ip_and_activates(client, deal, settings):
    contract = deal.sent()
    login_with_mfa(client, deal.seller)  # signing needs a second factor (catalog.kernel.mfa)
    page = client.get(url("detail", contract.pk)).content.decode()
    assert 'data-testid="sign-contract"' in page
    client.post(
        url("sign", contract.pk),
        {"party": deal.licensor.pk},
        REMOTE_ADDR="192.0.2.10",
        HTTP_X_FORWARDED_FOR="10.9.9.9",
        HTTP_USER_AGENT="Firefox",
    )
    sig = ContractSignature.objects.get(party=deal.licensor)
    assert sig.ip_address == "192.0.2.10" and sig.user_agent == "Firefox"  # XFF not trusted
    settings.CONTRACTS_TRUST_X_FORWARDED_FOR = True
    login_with_mfa(client, deal.buyer)
    response = client.post(
        url("sign", contract.pk),
        {"party": deal.licensee.pk},
        REMOTE_ADDR="192.0.2.10",
        HTTP_X_FORWARDED_FOR="198.51.100.4, 10.0.0.1",
        follow=True,
    )
    assert ContractSignature.objects.get(party=deal.licensee).ip_address == "198.51.100.4"
    contract.refresh_from_db()
    assert contract.status == "active" and Grant.objects.count() == 1
    body = response.content.decode()
    assert 'data-testid="sign-contract"' not in body
    assert url("work_availability", deal.work.pk) not in body  # the buyer is not the seller
    client.force_login(deal.seller)
    assert (
        url("work_availability", deal.work.pk)
        in client.get(url("detail", contract.pk)).content.decode()
    )


def test_sign_conflict_is_shown_on_the_page(client, deal):
    first = deal.active()
    contract = deal.sent()
    deal.sign_licensor(contract)
    login_with_mfa(client, deal.buyer)
    page = client.post(url("sign", contract.pk), {"party": deal.licensee.pk}, follow=True)
    assert first.reference in page.content.decode()
    contract.refresh_from_db()
    assert contract.status == "awaiting"
    assert 'data-testid="activate-contract"' in page.content.decode()


def test_a_buyer_cannot_sign_for_the_seller(client, deal):
    contract = deal.sent()
    login_with_mfa(client, deal.buyer)  # past the second factor: refused for the party
    client.post(url("sign", contract.pk), {"party": deal.licensor.pk})
    assert not ContractSignature.objects.exists()


def test_terminate_only_for_the_licensor(client, deal):
    contract = deal.active(right={"start": "2020-01-01"})
    client.force_login(deal.buyer)
    assert client.post(url("terminate", contract.pk), {"reason": "x"}).status_code == 404
    assert (
        'data-testid="terminate-contract"'
        not in client.get(url("detail", contract.pk)).content.decode()
    )
    client.force_login(deal.seller)
    client.post(url("terminate", contract.pk), {"reason": "unpaid fee"})
    contract.refresh_from_db()
    assert contract.status == "terminated" and contract.end_reason == "unpaid fee"


def test_amend_form_shows_field_errors_and_saves_nothing(client, deal):
    contract = deal.active()
    client.force_login(deal.buyer)
    terms = dict(contract.terms)
    bad = {**terms, "rights": [{**terms["rights"][0], "end": "2020-01-01"}]}
    import json

    response = client.post(url("amend", contract.pk), {"terms": json.dumps(bad)})
    assert response.status_code == 400 and "rights.0.end" in response.content.decode()
    assert Contract.objects.count() == 1
    good = {**terms, "rights": [{**terms["rights"][0], "end": "2032-12-31"}]}
    response = client.post(url("amend", contract.pk), {"terms": json.dumps(good)})
    amendment = Contract.objects.get(version=2)
    assert response.status_code == 302 and response.url == url("detail", amendment.pk)


def test_documents_and_public_verify_page(client, deal):
    contract = deal.sent()
    client.force_login(deal.buyer)
    pdf = client.get(url("document", contract.pk))
    assert b"".join(pdf.streaming_content) == b"%PDF-1.7 " + contract.reference.encode()
    client.logout()
    page = client.get(reverse("contracts:verify", args=[contract.verify_token]))
    assert page.status_code == 200 and contract.document_sha256 in page.content.decode()


def test_work_availability_chart(client, deal):
    contract = deal.active()
    deal.active(right={"exclusive": False, "territories": ["TH"], "languages": ["th"]})
    client.force_login(deal.seller)
    body = client.get(url("work_availability", deal.work.pk)).content.decode()
    assert 'data-testid="availability-chart"' in body and "<svg" in body
    assert f"<title>{contract.reference}" in body  # hover text on the bar
    assert body.count("<title>") >= 2
    client.force_login(deal.buyer)  # a licensee is not the seller
    assert client.get(url("work_availability", deal.work.pk)).status_code == 404
