"""The Connect pages: who may start onboarding, the way to Stripe and back, the state shown."""

from __future__ import annotations

import pytest
from django.urls import reverse

from catalog.models import Membership
from catalog.services import party_add_member
from finance.models import PayeeProfile
from tests.factories.catalog import make_party, make_user
from tests.mfa import login_with_mfa

pytestmark = pytest.mark.django_db


@pytest.fixture
def licensor():
    owner = make_user()
    return make_party(name="Sách Phương Nam", country="VN", member=owner), owner


def url(name: str, party) -> str:
    return reverse(f"finance:connect_{name}", args=[party.pk])


def test_only_the_partys_admins_start_and_only_members_see(client, licensor, recorded_connect):
    party, _owner = licensor
    member, outsider = make_user(), make_user()
    party_add_member(party=party, user=member, role=Membership.Role.MEMBER)
    login_with_mfa(client, member)
    assert client.post(url("start", party), {"country": "VN"}).status_code == 403
    assert client.get(url("refresh", party)).status_code == 403
    page = client.get(url("return", party))
    assert page.status_code == 200
    assert b'data-testid="connect-with-stripe"' not in page.content
    client.logout()
    login_with_mfa(client, outsider)
    for name in ("return", "refresh"):
        assert client.get(url(name, party)).status_code == 404
    assert client.post(url("start", party), {"country": "VN"}).status_code == 404
    assert recorded_connect.sent == [] and not PayeeProfile.objects.exists()


def test_start_needs_a_second_factor(client, licensor, recorded_connect):
    party, owner = licensor
    client.force_login(owner)
    response = client.post(url("start", party), {"country": "VN"})
    assert response.status_code == 302 and "/accounts/2fa/" in response["Location"]
    assert recorded_connect.sent == []


def test_admin_goes_to_stripe_and_comes_back_to_the_state(client, licensor, recorded_connect):
    party, owner = licensor
    login_with_mfa(client, owner)
    response = client.post(url("start", party), {"country": "VN"})
    profile = PayeeProfile.objects.get(party=party)
    assert response.status_code == 302
    assert response["Location"].startswith(
        f"https://connect.stripe.com/setup/e/{profile.stripe_account_id}/"
    )
    [link] = recorded_connect.posts("/v1/account_links")
    assert link.params["return_url"] == f"http://testserver{url('return', party)}"
    assert link.params["refresh_url"] == f"http://testserver{url('refresh', party)}"
    # Back from Stripe with a document still missing: read now, shown, payouts held.
    recorded_connect.onboard(profile.stripe_account_id, "incomplete")
    page = client.get(url("return", party))
    text = page.content.decode()
    assert 'data-payouts-enabled="no"' in text
    assert "Bank account for payouts" in text and "Identity document" in text
    assert "Continue onboarding with Stripe" in text
    # The link expired: Stripe sends the user to the refresh URL, which makes a new one.
    again = client.get(url("refresh", party))
    assert again.status_code == 302 and again["Location"] != response["Location"]
    assert len(recorded_connect.posts("/v1/accounts")) == 1
    recorded_connect.onboard(profile.stripe_account_id, "complete")
    text = client.get(url("return", party)).content.decode()
    assert 'data-payouts-enabled="yes"' in text and "connect-with-stripe" not in text


def test_country_stripe_refuses_is_said_on_the_state_page(client, recorded_connect):
    owner = make_user()
    party = make_party(name="北京出版社", country="CN", member=owner)
    login_with_mfa(client, owner)
    response = client.post(url("start", party), {"country": "CN"}, follow=True)
    assert response.redirect_chain[-1][0] == url("return", party)
    assert "Stripe refused the request" in response.content.decode()
    assert not PayeeProfile.objects.filter(party=party).exists()


def test_payee_page_offers_the_button_and_lets_its_form_reach_stripe(client, licensor):
    party, owner = licensor
    client.force_login(owner)
    page = client.get(f"{reverse('finance:payee')}?party={party.pk}")
    assert b'data-testid="connect-with-stripe"' in page.content
    assert "Connect with Stripe" in page.content.decode()
    csp = page["Content-Security-Policy"]
    form_action = next(d for d in csp.split(";") if d.strip().startswith("form-action"))
    assert "https://connect.stripe.com" in form_action and "'self'" in form_action
