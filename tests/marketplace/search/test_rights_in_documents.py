"""Search documents mark as unavailable what the holder no longer holds (rights in), not only
what is granted: the same answer check_availability's rights-in check gives for the day."""

from __future__ import annotations

import datetime as dt

import pytest

from licensing.availability import check_availability
from licensing.models import HeldRight
from licensing.rightsin.services import held_right_add, held_right_remove
from marketplace.listings.models import Exclusivity, Listing, ListingStatus
from marketplace.search.indexing import documents_for, listings_for_index
from tests.factories.catalog import make_user
from tests.factories.rightsin import make_creator_work

TODAY = dt.date.today()


@pytest.fixture
def holder_user(db):
    return make_user()


@pytest.fixture
def work(holder_user):
    # An author's own work: it holds everything by default (the default this test narrows).
    return make_creator_work(member=holder_user)


def _listing(work, exclusivity: str) -> Listing:
    # Written directly: the listing was valid when made; the rights in changed since.
    return Listing.objects.create(
        work=work,
        seller=work.holder,
        zone="books",
        right_types=["translation"],
        territories=["VN", "TH", "LA"],
        languages=["vi"],
        exclusivity=exclusivity,
        currency="USD",
        status=ListingStatus.PUBLISHED,
        headline_en="rights",
    )


def _blocked(listing: Listing) -> list[str]:
    (doc,) = documents_for(list(listings_for_index([listing.pk])), on=TODAY)
    return doc["blocked_rtl"]


def _acquire(work, user, territory: str, *, exclusive: bool) -> None:
    held_right_add(
        work=work,
        user=user,
        basis=HeldRight.Basis.ACQUIRED,
        right_type="translation",
        territories=[territory],
        languages=["vi"],
        start=TODAY - dt.timedelta(days=30),
        end=TODAY + dt.timedelta(days=30),
        exclusive=exclusive,
        source_ref=f"ACQ-{territory}",
    )


def test_cells_not_held_today_are_blocked_as_the_rights_in_check_says(work, holder_user):
    exclusive, either = _listing(work, Exclusivity.EXCLUSIVE), _listing(work, Exclusivity.EITHER)
    assert _blocked(exclusive) == _blocked(either) == []  # "everything" held

    _acquire(work, holder_user, "VN", exclusive=True)
    _acquire(work, holder_user, "TH", exclusive=False)
    held_right_remove(held=work.rights_in.get(basis=HeldRight.Basis.OWN_CREATION), user=holder_user)

    # LA: No Rights In; TH: No Exclusive In, which only an exclusive-only offer minds.
    assert _blocked(exclusive) == ["translation|LA|vi", "translation|TH|vi"]
    assert _blocked(either) == ["translation|LA|vi"]
    for listing in (exclusive, either):
        report = check_availability(
            work=work,
            right_type="translation",
            territories=listing.territories,
            languages=listing.languages,
            start=TODAY,
            end=TODAY,
            exclusive=listing.exclusivity == Exclusivity.EXCLUSIVE,
            against=["rights_in"],
        )
        cells = sorted(f"translation|{c}|{lang}" for c, lang in report.blocked_cells)
        assert _blocked(listing) == cells
