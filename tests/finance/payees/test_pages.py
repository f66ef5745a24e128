"""The payee page: members read masked details, admins change them after a recent second
factor, errors show on their fields, and the page works in Thai and Khmer."""

from __future__ import annotations

import time

import pytest
from django.urls import reverse
from django.utils import translation

from finance.models import PayeeProfile
from finance.payees.services import payee_profile_save
from tests.factories.catalog import make_party, make_user
from tests.finance.payees.conftest import VIETNAMESE_ACCOUNT
from tests.mfa import enrol_totp, login_with_mfa

pytestmark = pytest.mark.django_db


def url(party, language: str = "en", **query: str) -> str:
    with translation.override(language):
        path = reverse("finance:payee")
    return path + "?" + "&".join(f"{k}={v}" for k, v in {"party": party.pk, **query}.items())


def form_data(party, **changes: str) -> dict[str, str]:
    return {"party": str(party.pk), **VIETNAMESE_ACCOUNT, **changes}


def test_changing_details_needs_a_second_factor(client, licensor):
    client.force_login(licensor.owner)
    response = client.get(url(licensor.party, edit="1"))
    assert response.status_code == 302 and "/accounts/2fa/" in response["Location"]
    enrol_totp(licensor.owner)  # has a second factor, but this session has not used it
    response = client.post(url(licensor.party), form_data(licensor.party))
    assert response.status_code == 302 and "reauthenticate" in response["Location"]
    assert not PayeeProfile.objects.filter(party=licensor.party).exists()


def test_an_old_second_factor_is_asked_again(client, licensor, settings):
    login_with_mfa(client, licensor.owner)
    session = client.session
    records = session["account_authentication_methods"]
    records[-1]["at"] = time.time() - settings.PAYEE_MFA_MAX_AGE - 5
    session["account_authentication_methods"] = records
    session.save()
    response = client.post(url(licensor.party), form_data(licensor.party))
    assert response.status_code == 302 and "reauthenticate" in response["Location"]
    assert not PayeeProfile.objects.filter(party=licensor.party).exists()


def test_an_admin_saves_after_mfa_and_sees_the_cooling_off(client, licensor):
    login_with_mfa(client, licensor.admin)
    assert client.get(url(licensor.party, edit="1")).status_code == 200
    response = client.post(url(licensor.party), form_data(licensor.party), follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="usable-from"' in page and 'data-testid="payout-hold"' in page
    assert "•••• 3456" in page and "0071000123456" not in page
    assert PayeeProfile.objects.get(party=licensor.party).account_number == "0071000123456"


def test_errors_show_on_their_fields_and_nothing_is_saved(client, licensor):
    login_with_mfa(client, licensor.owner)
    data = form_data(licensor.party, bank_country="SG", bic="BFTVVNVX", account_number="12")
    response = client.post(url(licensor.party), data)
    assert response.status_code == 200
    page = response.content.decode()
    for field in ("account_number", "bic", "bank_code", "branch_code", "currency"):
        assert f'data-testid="error-{field}"' in page, field
    assert "Enter the bank code (4 digits)." in page
    assert not PayeeProfile.objects.filter(party=licensor.party).exists()


def test_members_read_masked_details_but_cannot_change_them(client, licensor):
    payee_profile_save(party=licensor.party, actor=licensor.owner, **VIETNAMESE_ACCOUNT)
    login_with_mfa(client, licensor.member)
    page = client.get(url(licensor.party)).content.decode()
    assert "•••• 3456" in page and "0071000123456" not in page
    assert 'data-testid="payee-edit"' not in page and 'data-testid="payee-history"' in page
    assert client.get(url(licensor.party, edit="1")).status_code == 403
    data = form_data(licensor.party, account_number="0071000999999")
    assert client.post(url(licensor.party), data).status_code == 403
    assert PayeeProfile.objects.get(party=licensor.party).account_number == "0071000123456"


def test_outsiders_get_nothing(client, licensor):
    stranger = make_user()
    make_party(member=stranger)
    login_with_mfa(client, stranger)
    assert client.get(url(licensor.party)).status_code == 403
    assert client.post(url(licensor.party), form_data(licensor.party)).status_code == 403


@pytest.mark.parametrize("language", ["th", "km"])
def test_the_page_and_form_render_in_thai_and_khmer(client, licensor, language):
    payee_profile_save(party=licensor.party, actor=licensor.owner, **VIETNAMESE_ACCOUNT)
    login_with_mfa(client, licensor.owner)
    response = client.get(url(licensor.party, language, edit="1"))
    assert response.status_code == 200
    page = response.content.decode()
    assert 'id="payee-form"' in page and 'id="payee-schemes"' in page
    assert "<script>" not in page
    # Countries are chosen by name in the reader's language, not by code.
    vietnam = {"th": "เวียดนาม", "km": "វៀតណាម"}[language]
    assert f'<option value="VN" selected>{vietnam}</option>' in page


def test_nav_links_the_page_for_rights_holders(client, licensor):
    licensor.owner.roles = ["rights_holder"]
    licensor.owner.save()
    login_with_mfa(client, licensor.owner)
    page = client.get(url(licensor.party)).content.decode()
    with translation.override("en"):
        assert f'href="{reverse("finance:payee")}"' in page
