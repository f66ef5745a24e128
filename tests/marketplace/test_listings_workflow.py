"""The listing page offers the seller exactly the moves the listing workflow would make."""

from __future__ import annotations

import pytest
from django.urls import reverse

from marketplace.listings import services
from marketplace.listings.models import Listing, ListingStatus
from marketplace.listings.workflow import WORKFLOW
from tests.catalog.factories import make_party, make_user
from tests.marketplace.test_deals import registered_work

pytestmark = pytest.mark.django_db
ACTIONS = ("publish", "pause", "withdraw")


def _shown(client, listing: Listing) -> set[str]:
    html = client.get(reverse("listings:detail", args=[listing.pk])).content.decode()
    return {name for name in ACTIONS if reverse("listings:action", args=[listing.pk, name]) in html}


def _allowed(listing: Listing, user) -> set[str]:
    listing.refresh_from_db()
    return {name for name in ACTIONS if not WORKFLOW.check(listing, name, user)}


def test_the_seller_sees_the_buttons_of_the_allowed_moves_and_no_other(client, home_page):
    user = make_user()
    work = registered_work(user, make_party(member=user))
    data = services.ListingInput(
        right_types=["translation"], territories=["VN"], languages=["vi"], currency="USD"
    )
    listing = services.listing_create(work=work, user=user, data=data)
    client.force_login(user)
    expected = {
        ListingStatus.DRAFT: {"publish", "withdraw"},
        ListingStatus.PUBLISHED: {"pause", "withdraw"},
        ListingStatus.PAUSED: {"publish", "withdraw"},
        ListingStatus.WITHDRAWN: set(),
    }
    for move in (None, "publish", "pause", "withdraw"):
        if move:
            client.post(reverse("listings:action", args=[listing.pk, move]))
        allowed = _allowed(listing, user)
        assert _shown(client, listing) == allowed == expected[listing.status], listing.status
        for hidden in set(ACTIONS) - allowed:  # a missing button is a move the service refuses
            before = listing.transitions.count()
            client.post(reverse("listings:action", args=[listing.pk, hidden]))
            assert Listing.objects.get(pk=listing.pk).status == listing.status
            assert listing.transitions.count() == before
