"""The listing page offers the seller exactly the moves the listing workflow would make."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from marketplace.listings import services
from marketplace.listings.models import Listing, ListingStatus
from marketplace.listings.workflow import WORKFLOW, editable
from tests.factories.catalog import make_party, make_user
from tests.marketplace.deals.test_deals import registered_work

pytestmark = pytest.mark.django_db
ACTIONS = ("publish", "pause", "withdraw")


def _shown(client, listing: Listing) -> set[str]:
    """The moves with a button, and "edit" when the page links to the edit form."""
    html = client.get(reverse("listings:detail", args=[listing.pk])).content.decode()
    links = {name: reverse("listings:action", args=[listing.pk, name]) for name in ACTIONS}
    links["edit"] = reverse("listings:edit", args=[listing.pk])
    return {name for name, link in links.items() if link in html}


def _allowed(listing: Listing, user) -> set[str]:
    listing.refresh_from_db()
    allowed = {name for name in ACTIONS if not WORKFLOW.check(listing, name, user)}
    return allowed | ({"edit"} if editable(listing) else set())


def test_the_seller_sees_the_buttons_of_the_allowed_moves_and_no_other(client, home_page):
    user = make_user()
    work = registered_work(user, make_party(member=user))
    data = services.ListingInput(
        right_types=["translation"], territories=["VN"], languages=["vi"], currency="USD"
    )
    listing = services.listing_create(work=work, user=user, data=data)
    client.force_login(user)
    expected = {
        ListingStatus.DRAFT: {"publish", "withdraw", "edit"},
        ListingStatus.PUBLISHED: {"pause", "withdraw", "edit"},
        ListingStatus.PAUSED: {"publish", "withdraw", "edit"},
        ListingStatus.WITHDRAWN: set(),
    }
    for move in (None, "publish", "pause", "withdraw"):
        if move:
            client.post(reverse("listings:action", args=[listing.pk, move]))
        allowed = _allowed(listing, user)
        assert _shown(client, listing) == allowed == expected[listing.status], listing.status
        if "edit" not in allowed:
            with pytest.raises(ValidationError, match="withdrawn listing"):
                services.listing_update(listing=listing, user=user, data=data)
        for hidden in set(ACTIONS) - allowed:  # a missing button is a move the service refuses
            before = listing.transitions.count()
            client.post(reverse("listings:action", args=[listing.pk, hidden]))
            assert Listing.objects.get(pk=listing.pk).status == listing.status
            assert listing.transitions.count() == before
