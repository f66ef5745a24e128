"""Resources: availability (moved into ninja), listings, inquiries, contracts — each
with another party's object answering 404."""

from __future__ import annotations

import datetime as dt

import pytest

from licensing.services import grant_write
from marketplace.api.keys import api_key_create
from marketplace.listings.models import Inquiry
from marketplace.listings.services import listing_pause
from tests.factories.contracts import Deal
from tests.marketplace.api.conftest import index, side

pytestmark = pytest.mark.django_db
INQUIRY = {
    "right_types": ["translation"],
    "territories": ["VN"],
    "languages": ["vi"],
    "message": "Interested in Vietnamese rights.",
}


def _post(client, url, body, who, **headers):
    return client.post(url, body, content_type="application/json", **who.headers(**headers))


def test_availability_hides_sources_from_other_keys(client, world):
    work = world.listing.work
    grant_write(
        work=work,
        licensee=world.buyer.party,
        right_type="translation",
        territories=["VN"],
        languages=["vi"],
        start=dt.date(2030, 1, 1),
        end=dt.date(2030, 12, 31),
        exclusive=True,
        source_ref="LIC-API-1",
    )
    query = (
        f"work={work.pk}&right=translation&territory=VN&language=vi&from=2030-03-01&to=2030-03-31"
    )
    mine = client.get(f"/api/v1/availability?{query}", **world.seller.headers()).json()
    theirs = client.get(f"/api/v1/availability?{query}", **world.buyer.headers()).json()
    assert mine["available"] is False and mine["conflicts"][0]["source"] == "LIC-API-1"
    assert (
        theirs["conflicts"][0]["conflict"] == "overlap" and "source" not in theirs["conflicts"][0]
    )
    bad = client.get(f"/api/v1/availability?work={work.pk}&right=translation")
    assert bad.status_code == 400 and {"territory", "language", "from", "to"} <= set(
        bad.json()["errors"]
    )


def test_listing_search_is_the_sites_search(client, world, search_index):
    index(world.listing)
    body = client.get("/api/v1/listings?right=translation&territory=ASEAN&language=vi").json()
    assert [h["listing_id"] for h in body["hits"]] == [world.listing.pk]
    assert body["total"] == 1 and {"right", "territory", "language"} <= set(body["facets"])
    assert client.get("/api/v1/listings?right=audio").json()["total"] == 0
    bad = client.get("/api/v1/listings?right=telepathy")
    assert bad.status_code == 400 and bad["Content-Type"] == "application/problem+json"


def test_listing_detail_published_or_own(client, world):
    url = f"/api/v1/listings/{world.listing.pk}"
    body = client.get(url).json()
    assert body["id"] == world.listing.pk and body["seller_id"] == world.seller.party.pk
    listing_pause(listing=world.listing, user=world.seller.user)
    assert client.get(url).status_code == 404
    assert client.get(url, **world.buyer.headers()).status_code == 404  # another party's
    assert client.get(url, **world.seller.headers()).json()["status"] == "paused"


def test_inquiry_create_acts_for_the_keys_party_only(client, world):
    url = f"/api/v1/listings/{world.listing.pk}/inquiries"
    response = _post(client, url, INQUIRY, world.buyer)
    assert response.status_code == 201, response.content
    inquiry = Inquiry.objects.get(pk=response.json()["id"])
    assert inquiry.buyer == world.buyer.party and inquiry.created_by == world.buyer.user
    own = _post(client, url, INQUIRY, world.seller)
    assert own.status_code == 400 and "buyer" in own.json()["errors"]
    invalid = _post(client, url, {**INQUIRY, "right_types": ["telepathy"]}, world.buyer)
    assert invalid.status_code == 400 and "right_types" in invalid.json()["errors"]
    missing = _post(client, url, {"message": "x"}, world.buyer)
    assert missing.status_code == 400 and "right_types" in missing.json()["errors"]
    listing_pause(listing=world.listing, user=world.seller.user)
    assert _post(client, url, INQUIRY, world.buyer).status_code == 404
    assert Inquiry.objects.count() == 1


def test_contracts_only_of_the_keys_party(client, db):
    deal = Deal()
    contract = deal.draft()
    stranger = side("TH")
    token = api_key_create(
        party=deal.licensee, user=deal.buyer, name="ERP", scopes=["read"], expires_on=None
    ).token
    auth = {"HTTP_AUTHORIZATION": f"Bearer {token}"}
    listing = client.get("/api/v1/contracts", **auth).json()
    assert [c["id"] for c in listing["results"]] == [contract.pk] and listing["total"] == 1
    detail = client.get(f"/api/v1/contracts/{contract.pk}", **auth).json()
    assert detail["reference"] == contract.reference and detail["licensee_id"] == deal.licensee.pk
    assert client.get(f"/api/v1/contracts/{contract.pk}", **stranger.headers()).status_code == 404
    assert client.get("/api/v1/contracts", **stranger.headers()).json()["total"] == 0
