"""Two parties with a key each: the seller (a published listing) and a buyer."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import pytest

from catalog.models import Party
from licensing.models import ANY, HeldRight
from licensing.rightsin.services import held_right_add
from marketplace.api.keys import api_key_create
from marketplace.listings.models import Listing
from marketplace.models import User
from marketplace.search import indexing
from marketplace.search.connection import ensure_connection
from marketplace.search.documents import index_alias
from tests.factories.catalog import make_party, make_user
from tests.marketplace.deals.test_deals import published_listing, registered_work

ALL_SCOPES = ["read", "deals", "usage", "finance"]


@dataclass
class Side:
    user: User
    party: Party
    token: str

    def headers(self, **extra: str) -> dict[str, str]:
        return {"HTTP_AUTHORIZATION": f"Bearer {self.token}", **extra}


def side(country: str, scopes: list[str] | None = None) -> Side:
    user = make_user()
    party = make_party(country=country, member=user)
    issued = api_key_create(
        party=party, user=user, name="ERP", scopes=scopes or ALL_SCOPES, expires_on=None
    )
    return Side(user=user, party=party, token=issued.token)


@dataclass
class World:
    seller: Side
    buyer: Side
    listing: Listing


@pytest.fixture
def world(db) -> World:
    seller = side("CN")
    work = registered_work(seller.user, seller.party)
    held_right_add(  # the publisher's author contract: rights in before rights out
        work=work,
        user=seller.user,
        basis=HeldRight.Basis.ACQUIRED,
        right_type=ANY,
        territories=[ANY],
        languages=[ANY],
        exclusive=True,
        source_ref="AUTHOR-CONTRACT-API",
    )
    listing = published_listing(seller.user, work)
    return World(seller=seller, buyer=side("VN"), listing=listing)


@pytest.fixture
def search_index(db, settings):
    """A fresh index under a prefix unique to this test; dropped afterwards."""
    settings.SEARCH_INDEX_PREFIX = f"{settings.SEARCH_INDEX_PREFIX}-{uuid.uuid4().hex[:8]}"
    indexing.ensure_index()
    yield index_alias()
    indexing.drop_indices()


def index(*listings: Listing) -> None:
    indexing.index_listing_ids([listing.pk for listing in listings])
    ensure_connection().indices.refresh(index=index_alias())
