"""What a court seizure does in the commit that records it, what its release undoes, and the
beat task that applies and lifts orders dated to start or end later.

Effects: open offers suspended (notices to both parties) and restored; the licensor's
royalties paid into the court's escrow account and moved back on release (balanced,
idempotent); the listing re-indexed in the real search engine; the verify page.
"""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal as D

import pytest
from celery import current_app
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog.registration.models import Application
from finance.ledger.selectors import account_balance, trial_balance
from finance.ledger.services import account_for
from finance.models import JournalEntry
from finance.pledges import services
from finance.pledges.effects import _release_escrow, escrow_held, seizure_effects_due
from finance.pledges.models import Seizure
from finance.pledges.tasks import apply_seizure_effects_due
from licensing.royalties import close
from licensing.royalties.services import period_close
from marketplace.deals import services as deals
from marketplace.deals.models import OfferStatus
from marketplace.listings.models import Notification
from marketplace.search import indexing
from marketplace.search.connection import ensure_connection
from marketplace.search.documents import index_alias
from tests.factories.pledges import make_court
from tests.factories.royalties import RoyaltyDeal, import_rows, row
from tests.marketplace.deals.test_deals import LATER, TODAY, Deal, make_terms

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_pdf")]
CASE = "(2026)京0491民初88号"
TOMORROW = TODAY + dt.timedelta(days=1)


def _order() -> SimpleUploadedFile:
    return SimpleUploadedFile("order.pdf", b"%PDF-1.4 ruling", content_type="application/pdf")


def _seize(court, work, *, starts_on=TODAY, ends_on=None, right_types=None, case=CASE):
    court_user, court_party = court
    return services.seizure_record(
        user=court_user,
        court=court_party,
        case_number=case,
        works=[work],
        starts_on=starts_on,
        ends_on=ends_on,
        right_types=right_types,
        document=_order(),
    )


def _release(court, seizure):
    return services.seizure_release(seizure_id=seizure.pk, user=court[0], note="lifted")


def _notices(user, kind) -> int:
    return Notification.objects.filter(user=user, kind=kind).count()


# --- offers -------------------------------------------------------------------------------------
def test_an_open_offer_is_suspended_with_notices_and_restored_on_release():
    deal, court = Deal(), make_court()
    offer = deal.buyer_offer()
    seizure = _seize(court, deal.work)
    offer.refresh_from_db()
    assert seizure.in_force and offer.status == OfferStatus.SUSPENDED
    assert offer.transitions.last().note == f"pledges.seizure:{seizure.pk}"
    for user in (deal.buyer_user, deal.seller_user):
        assert _notices(user, "deal_suspended") == 1
    with pytest.raises(ValidationError, match="Suspended"):
        deals.offer_accept(offer=offer, user=deal.seller_user, party=deal.seller)
    with pytest.raises(ValidationError, match="Suspended"):
        deals.offer_counter(
            offer=offer,
            user=deal.seller_user,
            party=deal.seller,
            terms=make_terms(advance="5000"),
            valid_until=LATER,
        )
    with pytest.raises(ValidationError, match="suspended by a court order"):
        deals.offer_make(
            thread=deal.thread,
            user=deal.seller_user,
            party=deal.seller,
            terms=make_terms(),
            valid_until=LATER,
        )
    _release(court, seizure)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.OPEN
    for user in (deal.buyer_user, deal.seller_user):
        assert _notices(user, "deal_resumed") == 1
    accepted = deals.offer_accept(offer=offer, user=deal.seller_user, party=deal.seller)
    assert accepted.status == OfferStatus.ACCEPTED


def test_an_order_scoped_to_other_rights_leaves_the_offer_open():
    deal, court = Deal(), make_court()
    offer = deal.buyer_offer()  # translation
    _seize(court, deal.work, right_types=["adaptation"])
    offer.refresh_from_db()
    assert offer.status == OfferStatus.OPEN
    assert _notices(deal.buyer_user, "deal_suspended") == 0


def test_an_offer_whose_validity_ran_out_during_the_order_expires_when_it_ends():
    deal, court = Deal(), make_court()
    offer = deals.offer_make(
        thread=deal.thread,
        user=deal.buyer_user,
        party=deal.buyer,
        terms=make_terms(),
        valid_until=TOMORROW,
    )
    _seize(court, deal.work, ends_on=TOMORROW)
    assert seizure_effects_due(today=TOMORROW + dt.timedelta(days=1)) == 1
    offer.refresh_from_db()
    assert offer.status == OfferStatus.EXPIRED and offer.closed_at is not None
    assert _notices(deal.buyer_user, "deal_expired") == 1


def test_an_offer_stays_suspended_while_another_order_freezes_it():
    deal, court = Deal(), make_court()
    offer = deal.buyer_offer()
    first = _seize(court, deal.work)
    _seize(court, deal.work, case=CASE + "-2")
    _release(court, first)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.SUSPENDED


def test_a_failing_effect_rolls_the_order_back(monkeypatch):
    """One commit: if suspending the offers fails, no order is recorded."""
    deal, court = Deal(), make_court()
    offer = deal.buyer_offer()

    def broken(**kwargs):
        raise RuntimeError("notice store down")

    monkeypatch.setattr("marketplace.deals.suspension.notify_parties", broken)
    with pytest.raises(RuntimeError):
        _seize(court, deal.work)
    offer.refresh_from_db()
    assert not Seizure.objects.exists() and offer.status == OfferStatus.OPEN


# --- the beat task --------------------------------------------------------------------------------
def test_an_order_dated_tomorrow_takes_effect_when_the_task_runs_on_that_day(settings):
    deal, court = Deal(), make_court()
    offer = deal.buyer_offer()
    seizure = _seize(court, deal.work, starts_on=TOMORROW, ends_on=TOMORROW)
    offer.refresh_from_db()
    assert not seizure.in_force and offer.status == OfferStatus.OPEN
    beat = settings.CELERY_BEAT_SCHEDULE["pledges-seizure-effects-due"]
    assert beat["task"] == apply_seizure_effects_due.name  # the beat runs this very task
    assert apply_seizure_effects_due() == 0  # today: nothing is due
    assert seizure_effects_due(today=TOMORROW) == 1
    seizure.refresh_from_db()
    offer.refresh_from_db()
    assert seizure.in_force and offer.status == OfferStatus.SUSPENDED
    assert seizure_effects_due(today=TOMORROW) == 0  # idempotent
    # The day after its last day the order stops: the offer comes back.
    assert seizure_effects_due(today=TOMORROW + dt.timedelta(days=1)) == 1
    seizure.refresh_from_db()
    offer.refresh_from_db()
    assert not seizure.in_force and offer.status == OfferStatus.OPEN
    assert seizure.status == "active"  # ran out, not released


# --- royalties ----------------------------------------------------------------------------------
def _closed_statement(tmp_path, deal, contract, period, units="100"):
    import_rows(tmp_path, deal, contract, period, [row(deal, units=units)])
    (statement,) = period_close(contracts=[contract], period=period, enqueue_ledger=False)
    assert close.statements_post_ledger_now([statement.pk]) == 1
    return statement


def test_royalties_go_to_the_court_escrow_and_back_to_the_licensor_on_release(tmp_path):
    deal = RoyaltyDeal()
    contract = deal.royalty_contract()
    court = make_court()
    seizure = _seize(court, deal.work)
    _closed_statement(tmp_path, deal, contract, "2027-Q1")
    escrow = account_for(party=court[1], kind="escrow", currency="USD")
    payable = account_for(party=deal.licensor, kind="payable", currency="USD")
    held = -account_balance(escrow)
    assert held > 0 and account_balance(payable) == 0
    assert escrow_held(seizure) == {"USD": held}
    assert set(trial_balance().values()) == {D(0)}

    _release(court, seizure)
    assert account_balance(escrow) == 0 and account_balance(payable) == -held
    assert escrow_held(seizure) == {}
    assert set(trial_balance().values()) == {D(0)}
    entry = JournalEntry.objects.get(idempotency_key__startswith="seizure-escrow-release:")
    assert sorted(p.amount for p in entry.postings.all()) == [-held, held]

    # Lifting again posts nothing (the key, and nothing left to move).
    seizure.refresh_from_db()
    _release_escrow(seizure, today=TODAY)
    assert JournalEntry.objects.filter(idempotency_key__startswith="seizure-").count() == 1

    # After the release the next statement pays the licensor again.
    _closed_statement(tmp_path, deal, contract, "2027-Q2", units="40")
    assert account_balance(escrow) == 0 and account_balance(payable) < -held


def test_an_order_over_other_rights_leaves_the_royalties_with_the_licensor(tmp_path):
    deal = RoyaltyDeal()
    contract = deal.royalty_contract()  # translation
    court = make_court()
    _seize(court, deal.work, right_types=["adaptation"])
    _closed_statement(tmp_path, deal, contract, "2027-Q1")
    assert account_balance(account_for(party=court[1], kind="escrow", currency="USD")) == 0
    assert account_balance(account_for(party=deal.licensor, kind="payable", currency="USD")) < 0


# --- search and the verify page -----------------------------------------------------------------
@pytest.fixture
def search_index(settings):
    settings.SEARCH_INDEX_PREFIX = f"{settings.SEARCH_INDEX_PREFIX}-{uuid.uuid4().hex[:8]}"
    indexing.ensure_index()
    yield index_alias()
    indexing.drop_indices()


def _indexed(listing) -> dict | None:
    client = ensure_connection()
    client.indices.refresh(index=index_alias())
    found = client.options(ignore_status=404).get(index=index_alias(), id=str(listing.pk))
    return found.get("_source") if found.get("found") else None


def test_the_listing_is_reindexed_when_the_order_starts_and_when_it_is_released(
    search_index, django_capture_on_commit_callbacks
):
    current_app.conf.task_always_eager = True
    try:
        deal, court = Deal(), make_court()
        indexing.index_listing_ids([deal.listing.pk])
        assert "seized" not in _indexed(deal.listing)["flags"]
        with django_capture_on_commit_callbacks(execute=True):
            seizure = _seize(court, deal.work, starts_on=TOMORROW)
        assert "seized" not in _indexed(deal.listing)["flags"]  # not in force yet
        with django_capture_on_commit_callbacks(execute=True):
            seizure_effects_due(today=TOMORROW)
        doc = _indexed(deal.listing)
        assert doc is None or "seized" in doc["flags"]  # flagged, or hidden from search
        with django_capture_on_commit_callbacks(execute=True):
            _release(court, seizure)
        assert "seized" not in _indexed(deal.listing)["flags"]
    finally:
        current_app.conf.task_always_eager = False


def test_the_verify_page_shows_the_order_and_the_escrow_until_release(client):
    deal, court = Deal(), make_court()
    seizure = _seize(court, deal.work)
    number = Application.objects.get(work=deal.work).number
    page = client.get(f"/en/verify/{number}/").content.decode()
    assert "Seized by court order" in page and CASE in page
    assert "paid into the court&#x27;s escrow account" in page
    _release(court, seizure)
    page = client.get(f"/en/verify/{number}/").content.decode()
    assert "Seized by court order" not in page
