"""The API keys page: owners and administrators, after a second factor; the token is
shown once; revoking ends it; other members get 403, outsiders 404."""

from __future__ import annotations

import re

import pytest

from catalog.models import Membership
from catalog.services import party_add_member
from marketplace.api.models import ApiKey
from tests.factories.catalog import make_party, make_user
from tests.mfa import login_with_mfa

pytestmark = pytest.mark.django_db


@pytest.fixture
def owner():
    user = make_user()
    return user, make_party(member=user)


def test_create_shows_the_token_once_then_revoke(client, owner):
    user, party = owner
    url = f"/en/api-keys/{party.pk}/"
    client.force_login(user)
    response = client.post(url, {"name": "ERP", "scopes": ["read", "deals"]})
    assert response.status_code == 302 and "/2fa/" in response["Location"]  # factor first
    assert not ApiKey.objects.exists()
    login_with_mfa(client, user)
    page = client.post(url, {"name": "ERP", "scopes": ["read", "deals"]}).content.decode()
    token = re.search(r"cmk_[0-9a-f]{8}_[\w-]{20,}", page).group(0)
    key = ApiKey.objects.get()
    assert key.scopes == ["deals", "read"] and token.split("_")[2] not in key.secret_hash
    assert token not in client.get(url).content.decode()  # shown once
    api = client.get("/api/v1/contracts", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert api.status_code == 200
    client.post(f"/en/api-keys/{party.pk}/{key.pk}/revoke/")
    assert ApiKey.objects.get().revoked_by == user
    assert client.get("/api/v1/contracts", HTTP_AUTHORIZATION=f"Bearer {token}").status_code == 401


def test_bad_input_creates_nothing(client, owner):
    user, party = owner
    login_with_mfa(client, user)
    response = client.post(f"/en/api-keys/{party.pk}/", {"name": " ", "scopes": []})
    assert response.status_code == 200 and not ApiKey.objects.exists()


def test_members_who_do_not_manage_get_403_outsiders_404(client, owner):
    _, party = owner
    member = make_user()
    party_add_member(party=party, user=member, role=Membership.Role.MEMBER)
    login_with_mfa(client, member)
    assert client.get(f"/en/api-keys/{party.pk}/").status_code == 403
    login_with_mfa(client, make_user())
    assert client.get(f"/en/api-keys/{party.pk}/").status_code == 404
