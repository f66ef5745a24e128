"""Search documents and the listing page take seizures, pledges and disputes from the one
availability selector: a listing a court order (or a blocking dispute) leaves nothing of is
not found; a scoped order blocks its rights only; a pledge flags the cells an exclusive
licence of needs the pledgee's consent for; the listing page says why."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import override_settings
from django.utils import timezone

from finance.pledges import services as pledges
from licensing.disputes.cases import case_accept
from marketplace.listings.models import Exclusivity
from marketplace.search.indexing import documents_for, listings_for_index
from marketplace.search.query import search_listings
from tests.factories.catalog import make_user
from tests.factories.pledges import Holder, make_bank, make_court, make_pledge
from tests.licensing.disputes.test_disputes import file_case
from tests.marketplace.search.test_search import ids, index, search_index  # noqa: F401
from tests.marketplace.search.test_search import make_listing as listing

TODAY = dt.date.today()
POLICY = {
    "infringement": "block",
    "ownership": "block",
    "registration": "warn",
    "contract": "warn",
    "royalty": "warn",
}


@pytest.fixture
def holder(db):
    return Holder()


def _doc(item):
    # Today when asked (a case filed just after midnight is not in yesterday's document).
    (doc,) = documents_for(list(listings_for_index([item.pk])), on=timezone.localdate())
    return doc


def _seize(work, **kw):
    court_user, court = make_court()
    return court_user, pledges.seizure_record(
        user=court_user,
        court=court,
        case_number=kw.pop("case_number", "(2026)京0491民初7号"),
        works=[work],
        starts_on=TODAY - dt.timedelta(days=1),
        **kw,
    )


@pytest.mark.usefixtures("search_index")
def test_a_seized_work_is_not_found_until_the_order_is_released(holder):
    work = holder.work(original_title="山海经图说")
    seized = listing(work, rights=("translation",), territories=("VN",), languages=("vi",))
    other = listing(holder.work(original_title="山海经新注"), territories=("VN",))
    court_user, seizure = _seize(work)
    doc = _doc(seized)
    assert doc["withheld"] is True and "seized" in doc["flags"]
    assert doc["blocked_rtl"] == ["translation|VN|vi"] and doc["avail_right"] == []
    index(seized, other)
    assert ids(search_listings(q="山海经")) == [other.pk]
    pledges.seizure_release(seizure_id=seizure.pk, user=court_user, note="lifted")
    index(seized)
    assert sorted(ids(search_listings(q="山海经"))) == sorted([seized.pk, other.pk])
    assert _doc(seized)["withheld"] is False


def test_an_order_scoped_to_one_right_blocks_that_right_only(holder):
    work = holder.work()
    item = listing(work, rights=("translation", "audio"), territories=("VN",), languages=("vi",))
    _seize(work, right_types=["audio"])
    doc = _doc(item)
    assert doc["withheld"] is False
    assert doc["blocked_rtl"] == ["audio|VN|vi"] and doc["avail_right"] == ["translation"]


def test_a_pledge_flags_the_cells_an_exclusive_licence_needs_consent_for(holder):
    work = holder.work()
    exclusive = listing(
        work, territories=("VN",), languages=("vi",), exclusivity=Exclusivity.EXCLUSIVE
    )
    plain = listing(
        work, territories=("VN",), languages=("vi",), exclusivity=Exclusivity.NON_EXCLUSIVE
    )
    make_pledge(holder, make_bank(), works=[work])
    doc = _doc(exclusive)
    assert doc["consent_rtl"] == ["translation|VN|vi"] and "pledged_consent_needed" in doc["flags"]
    assert doc["blocked_rtl"] == [] and doc["withheld"] is False  # sellable, with consent
    doc = _doc(plain)
    assert doc["consent_rtl"] == [] and "pledged_consent_needed" not in doc["flags"]


@override_settings(DISPUTE_AVAILABILITY_POLICY=POLICY)
def test_an_accepted_blocking_dispute_withholds_the_listing(holder):
    work = holder.work()
    item = listing(work, territories=("VN",), languages=("vi",))
    case = file_case(work=work, case_type="infringement")
    assert _doc(item)["withheld"] is False  # only filed
    case_accept(case=case, actor=make_user(roles=["staff"], is_staff=True))
    doc = _doc(item)
    assert doc["withheld"] is True and "disputed" in doc["flags"]


def test_the_listing_page_gives_the_reasons(holder, client):
    work = holder.work()
    item = listing(work, territories=("VN",), languages=("vi",))
    pledge = make_pledge(holder, make_bank(), works=[work])
    _court_user, seizure = _seize(work, ends_on=TODAY + dt.timedelta(days=90))
    page = client.get(f"/en/listings/{item.pk}/").content.decode()
    assert 'data-testid="restrictions"' in page
    assert 'data-code="seized"' in page and seizure.case_number in page
    assert 'data-code="pledged_consent_needed"' in page and pledge.number in page
