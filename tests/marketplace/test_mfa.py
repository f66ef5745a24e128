"""Second factor: signing and paying need one, privileged roles and the admins need one."""

from __future__ import annotations

import pytest
from allauth.mfa.models import Authenticator
from allauth.mfa.signals import authenticator_added
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret
from django.contrib.messages import get_messages
from django.test import RequestFactory
from django.urls import reverse

from catalog.models import Membership
from catalog.services import party_add_member
from licensing.contracts.models import ContractSignature
from tests.factories.catalog import make_user
from tests.factories.contracts import Deal
from tests.finance.conftest import make_invoice
from tests.mfa import enrol_totp, login_with_mfa, totp_code

pytestmark = pytest.mark.django_db

PASSWORD = "pw-Strong-2026"  # tests.factories.catalog.make_user


@pytest.fixture
def deal(monkeypatch):
    from licensing.contracts import services

    monkeypatch.setattr(
        services, "render_contract_pdf", lambda c, **kw: b"%PDF-1.7 " + c.reference.encode()
    )
    return Deal()


def _password_login(client, user):
    return client.post("/en/accounts/login/", {"login": user.username, "password": PASSWORD})


def _sign(client, deal, contract):
    return client.post(
        reverse("contracts:sign", args=[contract.pk]),
        {"party": deal.licensor.pk},
        HTTP_REFERER=f"http://testserver{reverse('contracts:detail', args=[contract.pk])}",
    )


def test_signing_without_a_second_factor_sends_to_the_setup_page(client, deal):
    contract = deal.sent()
    assert _password_login(client, deal.seller).status_code == 302
    response = _sign(client, deal, contract)
    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_index"))
    # Back to the contract afterwards, not to the POST-only sign URL.
    assert "next=%2Fen%2Fcontracts%2F" in response.url and "sign" not in response.url
    assert "two-factor authentication" in " ".join(
        str(m) for m in get_messages(response.wsgi_request)
    )
    assert not ContractSignature.objects.exists()


def test_with_totp_through_allauths_login_the_user_can_sign(client, deal):
    contract = deal.sent()
    secret = enrol_totp(deal.seller)
    stored = Authenticator.objects.get(user=deal.seller).data["secret"]
    assert secret not in stored  # encrypted at rest (marketplace.account_adapter.MFAAdapter)
    login = _password_login(client, deal.seller)
    # allauth's MFA stage: the password alone does not sign in.
    assert login.status_code == 302 and login.url == reverse("mfa_authenticate")
    assert client.get(reverse("contracts:detail", args=[contract.pk])).status_code == 302
    assert client.post(reverse("mfa_authenticate"), {"code": "000000"}).status_code == 200
    assert client.post(reverse("mfa_authenticate"), {"code": totp_code(secret)}).status_code == 302
    response = _sign(client, deal, contract)
    assert response.status_code == 302
    assert response.url == reverse("contracts:detail", args=[contract.pk])
    assert ContractSignature.objects.filter(party=deal.licensor, signer=deal.seller).exists()


def test_a_session_from_before_enrolment_must_step_up(client, deal):
    contract = deal.sent()
    client.force_login(deal.seller)
    secret = enrol_totp(deal.seller)
    response = _sign(client, deal, contract)
    assert response.status_code == 302 and response.url.startswith(reverse("mfa_reauthenticate"))
    assert not ContractSignature.objects.exists()
    client.post(reverse("mfa_reauthenticate"), {"code": totp_code(secret)})
    _sign(client, deal, contract)
    assert ContractSignature.objects.filter(party=deal.licensor).exists()


def test_outsiders_still_get_404_before_any_second_factor_question(client, deal):
    contract = deal.sent()
    client.force_login(make_user())
    assert _sign(client, deal, contract).status_code == 404


def test_paying_needs_a_second_factor(client):
    invoice = make_invoice()
    user = make_user(roles=["buyer"])
    party_add_member(party=invoice.payer, user=user, role=Membership.Role.OWNER)
    client.force_login(user)
    pay = reverse("finance:invoice_pay", args=[invoice.pk])
    response = client.post(pay)
    assert response.status_code == 302 and response.url.startswith(reverse("mfa_index"))
    assert not invoice.attempts.exists()


@pytest.mark.parametrize(
    ("roles", "extra", "path"),
    [
        (["examiner"], {}, "/en/registration/examiner/"),
        (["mediator"], {}, "/en/disputes/mediation/"),
        (["bank"], {}, "/en/pledges/"),
        (["staff"], {}, "/en/finance/payouts/"),
        ([], {"is_staff": True, "is_superuser": True}, "/admin/"),
        ([], {"is_staff": True, "is_superuser": True}, "/cms-admin/"),
    ],
)
def test_privileged_roles_and_admins_need_a_second_factor(client, home_page, roles, extra, path):
    user = make_user(roles=roles, **extra)
    client.force_login(user)
    response = client.get(path)
    assert response.status_code == 302 and response.url.startswith(reverse("mfa_index"))
    # Enrolled but this session has not used it: allauth's reauthentication page.
    enrol_totp(user)
    response = client.get(path)
    assert response.status_code == 302
    assert response.url.startswith(reverse("mfa_reauthenticate"))
    login_with_mfa(client, user)
    assert client.get(path).status_code == 200
    # Their account pages stay reachable, so they can set a factor up.
    client.logout()
    client.force_login(make_user(roles=roles, **extra))
    assert client.get(reverse("mfa_index")).status_code == 200
    assert client.get(reverse("mfa_activate_totp")).status_code in (200, 302)


def test_ordinary_users_browse_without_a_second_factor(client):
    client.force_login(make_user(roles=["buyer"]))
    assert client.get(reverse("contracts:list")).status_code == 200
    assert client.get("/en/registration/examiner/").status_code == 403


def test_the_setup_page_enrols_totp_with_the_code_the_app_shows(client, deal):
    contract = deal.sent()
    _password_login(client, deal.seller)
    assert _sign(client, deal, contract).url.startswith(reverse("mfa_index"))
    activate = reverse("mfa_activate_totp")
    reauthenticate = client.get(activate)
    assert "/reauthenticate/" in reauthenticate.url  # allauth asks for the password again
    client.post(reauthenticate.url, {"password": PASSWORD})
    assert client.get(activate).status_code == 200
    secret = client.session["mfa.totp.secret"]  # what the QR code shows
    assert client.post(activate, {"code": totp_code(secret)}).status_code == 302
    assert Authenticator.objects.filter(user=deal.seller, type="totp").exists()


def test_enrolment_counts_as_this_sessions_second_factor(client, deal):
    """allauth announces a new authenticator after its transaction commits (inside the
    request in production; after it under the test's transaction), so the handler is
    driven here with the client's session."""
    contract = deal.sent()
    client.force_login(deal.seller)
    assert _sign(client, deal, contract).status_code == 302
    authenticator = TOTP.activate(deal.seller, generate_totp_secret()).instance
    request = RequestFactory().get("/")
    request.session, request.user = client.session, deal.seller
    authenticator_added.send(
        sender=Authenticator, request=request, user=deal.seller, authenticator=authenticator
    )
    request.session.save()
    _sign(client, deal, contract)
    assert ContractSignature.objects.filter(party=deal.licensor).exists()
