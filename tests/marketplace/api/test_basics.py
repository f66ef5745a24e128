"""The API's frame: schema, docs without a CDN, problem+json errors, keys and scopes,
rate limits per key."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from marketplace.api.keys import api_key_authenticate, api_key_revoke
from marketplace.api.models import ApiKey
from tests.marketplace.api.conftest import side

pytestmark = pytest.mark.django_db
PROBLEM = {"type", "title", "status", "detail", "errors"}


def test_openapi_31_schema_and_local_docs(client):
    schema = client.get("/api/v1/openapi.json").json()
    assert schema["openapi"].startswith("3.1")
    assert {"/api/v1/availability", "/api/v1/listings", "/api/v1/contracts"} <= set(schema["paths"])
    problem = schema["paths"]["/api/v1/contracts"]["get"]["responses"]["401"]["content"]
    assert list(problem) == ["application/problem+json"]
    docs = client.get("/api/v1/docs")
    html = docs.content.decode()
    assert docs.status_code == 200 and "/static/ninja/swagger-ui-bundle.js" in html
    assert "cdn" not in html.lower() and "https://" not in html
    assert docs["Content-Security-Policy"].count("'unsafe-inline'") == 0


def test_no_key_wrong_key_and_missing_scope(client):
    reader = side("TH", scopes=["read"])
    response = client.get("/api/v1/contracts")
    assert response.status_code == 401 and response["Content-Type"] == "application/problem+json"
    assert set(response.json()) == PROBLEM and response["WWW-Authenticate"] == "Bearer"
    wrong = client.get("/api/v1/contracts", HTTP_AUTHORIZATION=reader.token[:-2] + "xx")
    assert wrong.status_code == 401
    assert client.get("/api/v1/contracts", **reader.headers()).status_code == 200
    denied = client.post(
        "/api/v1/listings/1/inquiries", {}, content_type="application/json", **reader.headers()
    )
    assert denied.status_code == 403 and "deals" in denied.json()["detail"]
    # a public resource with a bad key is refused too, not served anonymously
    assert client.get("/api/v1/listings/1", HTTP_AUTHORIZATION="Bearer cmk_x_y").status_code == 401


def test_validation_errors_carry_field_paths(client):
    response = client.get("/api/v1/contracts?page=0", **side("TH").headers())
    assert response.status_code == 400
    assert response.json()["errors"].keys() == {"page"}


def test_the_secret_is_stored_only_as_a_hash_and_keys_die(client):
    s = side("TH")
    key = ApiKey.objects.get(party=s.party)
    assert s.token.split("_")[2] not in key.secret_hash and len(key.secret_hash) == 64
    assert api_key_authenticate(token=s.token) == key
    assert ApiKey.objects.get(pk=key.pk).last_used_at is not None
    key.expires_at = timezone.now() - dt.timedelta(seconds=1)
    key.save()
    assert api_key_authenticate(token=s.token) is None
    key.expires_at = None
    key.save()
    api_key_revoke(key=key, user=s.user)
    assert client.get("/api/v1/contracts", **s.headers()).status_code == 401


def test_a_key_dies_with_its_makers_membership(client):
    s = side("TH")
    s.party.memberships.filter(user=s.user).delete()
    assert client.get("/api/v1/contracts", **s.headers()).status_code == 401


def test_rate_limit_per_key_with_retry_after(client, settings):
    settings.RATE_LIMIT_API = "3/m"
    a, b = side("TH"), side("VN")
    codes = [client.get("/api/v1/contracts", **a.headers()).status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]
    limited = client.get("/api/v1/contracts", **a.headers())
    assert limited["Content-Type"] == "application/problem+json"
    assert 0 < int(limited["Retry-After"]) <= 60
    assert client.get("/api/v1/contracts", **b.headers()).status_code == 200  # its own count
