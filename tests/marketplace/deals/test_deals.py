"""Negotiation: offer versions, every transition and refusal, expiry, accept → contract draft."""

from __future__ import annotations

import datetime as dt
import itertools
import threading
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone, translation

from catalog.registration import services as registration
from licensing.contracts.models import Contract
from licensing.services import grant_write
from licensing.terms import Terms
from marketplace.deals import services
from marketplace.deals.models import Offer, OfferStatus, OfferTransition, Thread
from marketplace.deals.tasks import expire_offers
from marketplace.listings import services as listings
from marketplace.listings.models import Notification
from tests.factories.catalog import image_upload, make_party, make_user, work_input
from tests.factories.rightsin import acquire_rights

TODAY = dt.date.today()
LATER = TODAY + dt.timedelta(days=14)
_seeds = itertools.count(101)


# --- factories (imported by the other test_deals* modules) ----------------------------------------


def registered_work(user, party):
    examiner = make_user(roles=["examiner"])
    app = registration.application_create(user=user, applicant=party, work=work_input())
    registration.application_attach_file(
        application_id=app.pk, user=user, upload=image_upload(seed=next(_seeds)), kind="image"
    )
    registration.application_submit(application_id=app.pk, user=user)
    registration.application_screen(application_id=app.pk)
    registration.application_register(application_id=app.pk, examiner=examiner)
    acquire_rights(app.work, user=user)  # the publisher's author contract, recorded
    return app.work


def published_listing(user, work, **kw):
    data = {
        "right_types": ["translation", "ebook"],
        "territories": ["ASEAN"],
        "languages": ["vi", "th"],
        "currency": "USD",
        "advance": Decimal("3000"),
        "royalty_rate": Decimal("8"),
        "headlines": {"en": "Award-winning novel"},
    }
    data.update(kw)
    listing = listings.listing_create(work=work, user=user, data=listings.ListingInput(**data))
    return listings.listing_publish(listing=listing, user=user)


def terms_dict(**kw) -> dict:
    right = {
        "right_type": "translation",
        "territories": ["VN"],
        "languages": ["vi"],
        "start": "2027-01-01",
        "end": "2031-12-31",
        "exclusive": True,
    }
    right.update(kw.pop("right", {}))
    data = {
        "rights": [right],
        "currency": "USD",
        "advance": "3000",
        "royalty_rates": [{"channel": "retail", "basis": "list_price", "rate": "8"}],
    }
    data.update(kw)
    return data


def make_terms(**kw) -> Terms:
    return Terms.from_dict(terms_dict(**kw))


class Deal:
    """A seller, a buyer (one user each), a published listing and an open thread."""

    def __init__(self) -> None:
        self.seller_user = make_user(roles=["rights_holder"], language="zh-hans")
        self.seller = make_party(country="CN", name="青禾出版社", member=self.seller_user)
        self.buyer_user = make_user(roles=["buyer"], language="vi")
        self.buyer = make_party(country="VN", name="Nhà sách Sao Mai", member=self.buyer_user)
        self.work = registered_work(self.seller_user, self.seller)
        self.listing = published_listing(self.seller_user, self.work)
        self.inquiry = listings.inquiry_create(
            listing=self.listing,
            buyer=self.buyer,
            user=self.buyer_user,
            message="Chúng tôi muốn mua bản quyền dịch tiếng Việt.",
            right_types=["translation"],
            territories=["VN"],
            languages=["vi"],
            message_language="vi",
        )
        self.thread = services.thread_open(
            user=self.buyer_user, party=self.buyer, inquiry=self.inquiry
        )

    def buyer_offer(self, **kw) -> Offer:
        return services.offer_make(
            thread=self.thread,
            user=self.buyer_user,
            party=self.buyer,
            terms=make_terms(**kw),
            valid_until=LATER,
        )

    def seller_counter(self, offer: Offer, **kw) -> Offer:
        return services.offer_counter(
            offer=offer,
            user=self.seller_user,
            party=self.seller,
            terms=make_terms(**kw),
            valid_until=LATER,
        )


@pytest.fixture
def deal(db):
    return Deal()


# --- threads ---


def test_thread_knows_work_listing_and_both_parties(deal):
    t = deal.thread
    assert (t.work, t.listing, t.buyer, t.seller, t.inquiry) == (
        deal.work,
        deal.listing,
        deal.buyer,
        deal.seller,
        deal.inquiry,
    )
    assert t.buyer_language == "vi"
    # Opening again from the same inquiry (either side) finds the same thread.
    again = services.thread_open(user=deal.seller_user, party=deal.seller, inquiry=deal.inquiry)
    assert again.pk == t.pk and Thread.objects.count() == 1


def test_outsider_cannot_open_a_thread(deal):
    outsider = make_user()
    party = make_party(member=outsider)
    with pytest.raises(PermissionDenied):
        services.thread_open(user=outsider, party=party, inquiry=deal.inquiry)


# --- transitions ---


def test_offer_counter_counter_accept_creates_contract_draft(deal):
    v1 = deal.buyer_offer()
    assert v1.version == 1 and v1.status == OfferStatus.OPEN
    assert v1.availability == [{"right": 0, "available": True, "conflicts": [], "warnings": []}]
    assert Notification.objects.filter(user=deal.seller_user, kind="deal_offer").exists()
    v2 = deal.seller_counter(v1, advance="5000")
    v3 = services.offer_counter(
        offer=v2,
        user=deal.buyer_user,
        party=deal.buyer,
        terms=make_terms(advance="4000"),
        valid_until=LATER,
    )
    assert [o.status for o in Offer.objects.order_by("version")] == [
        "countered",
        "countered",
        "open",
    ]
    assert v3.get_terms().diff(v2.get_terms()) == [("advance", "5000", "4000")]
    services.offer_accept(offer=v3, user=deal.seller_user, party=deal.seller)
    v3.refresh_from_db()
    deal.thread.refresh_from_db()
    assert v3.status == OfferStatus.ACCEPTED
    contract = deal.thread.contract
    assert contract.status == "draft" and contract.origin == f"offer:{v3.pk}"
    assert (contract.licensor, contract.licensee, contract.work) == (
        deal.seller,
        deal.buyer,
        deal.work,
    )
    assert contract.terms == v3.terms
    assert "vi" in contract.document_languages
    steps = list(
        OfferTransition.objects.filter(offer__thread=deal.thread)
        .order_by("pk")
        .values_list("offer__version", "from_status", "to_status")
    )
    assert steps == [
        (1, "", "open"),
        (1, "open", "countered"),
        (2, "", "open"),
        (2, "open", "countered"),
        (3, "", "open"),
        (3, "open", "accepted"),
    ]
    assert Notification.objects.filter(user=deal.buyer_user, kind="deal_accepted").exists()


def test_decline_then_a_fresh_offer(deal):
    v1 = deal.buyer_offer()
    services.offer_decline(offer=v1, user=deal.seller_user, party=deal.seller, reason="too low")
    v1.refresh_from_db()
    assert v1.status == OfferStatus.DECLINED
    assert v1.transitions.last().note == "too low"
    v2 = deal.buyer_offer(advance="6000")
    assert v2.version == 2 and v2.status == OfferStatus.OPEN


def test_withdraw_by_offerer(deal):
    v1 = deal.buyer_offer()
    services.offer_withdraw(offer=v1, user=deal.buyer_user, party=deal.buyer)
    v1.refresh_from_db()
    assert v1.status == OfferStatus.WITHDRAWN
    assert Notification.objects.filter(user=deal.seller_user, kind="deal_withdrawn").exists()


# --- refusals ---


def test_accepting_own_offer_is_refused(deal):
    v1 = deal.buyer_offer()
    with pytest.raises(PermissionDenied, match="other party"):
        services.offer_accept(offer=v1, user=deal.buyer_user, party=deal.buyer)
    v1.refresh_from_db()
    assert v1.status == OfferStatus.OPEN and not Contract.objects.exists()


def test_accepting_twice_is_refused(deal):
    v1 = deal.buyer_offer()
    services.offer_accept(offer=v1, user=deal.seller_user, party=deal.seller)
    with pytest.raises(ValidationError, match="already Accepted"):
        services.offer_accept(offer=v1, user=deal.seller_user, party=deal.seller)
    assert Contract.objects.count() == 1


def test_counter_after_accept_is_refused(deal):
    v1 = deal.buyer_offer()
    services.offer_accept(offer=v1, user=deal.seller_user, party=deal.seller)
    with pytest.raises(ValidationError, match="already Accepted"):
        deal.seller_counter(v1)
    with pytest.raises(ValidationError, match="already accepted"):
        deal.buyer_offer()
    assert Offer.objects.count() == 1


def test_withdraw_by_non_offerer_is_refused(deal):
    v1 = deal.buyer_offer()
    with pytest.raises(PermissionDenied, match="made an offer can withdraw"):
        services.offer_withdraw(offer=v1, user=deal.seller_user, party=deal.seller)
    v1.refresh_from_db()
    assert v1.status == OfferStatus.OPEN


def test_acting_for_a_party_one_does_not_belong_to_is_refused(deal):
    v1 = deal.buyer_offer()
    with pytest.raises(PermissionDenied, match="belong to"):
        services.offer_accept(offer=v1, user=deal.buyer_user, party=deal.seller)


def test_second_open_offer_is_refused(deal):
    deal.buyer_offer()
    with pytest.raises(ValidationError, match="still open"):
        deal.buyer_offer(advance="1")


def test_database_allows_one_open_offer_per_thread(deal):
    v1 = deal.buyer_offer()
    with pytest.raises(IntegrityError), transaction.atomic():
        Offer.objects.create(
            thread=deal.thread,
            version=2,
            terms=v1.terms,
            currency="USD",
            offered_by=deal.seller,
            created_by=deal.seller_user,
            valid_until=LATER,
        )


def test_offer_terms_are_immutable_in_the_database(deal):
    v1 = deal.buyer_offer()
    with pytest.raises(IntegrityError, match="immutable"), transaction.atomic():
        Offer.objects.filter(pk=v1.pk).update(terms=terms_dict(advance="1"))
    with pytest.raises(IntegrityError), transaction.atomic():
        Offer.objects.filter(pk=v1.pk).delete()


def test_valid_until_in_the_past_is_refused(deal):
    with pytest.raises(ValidationError) as info:
        services.offer_make(
            thread=deal.thread,
            user=deal.buyer_user,
            party=deal.buyer,
            terms=make_terms(),
            valid_until=TODAY - dt.timedelta(days=1),
        )
    assert "valid_until" in info.value.message_dict
    assert not Offer.objects.exists()


def _age(offer: Offer, days: int) -> None:
    """Move an offer's validity into the past (bypassing the immutability trigger for the test)."""
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL session_replication_role = replica")  # skips user triggers
        cursor.execute(
            "UPDATE deals_offer SET valid_until = %s WHERE id = %s",
            [TODAY - dt.timedelta(days=days), offer.pk],
        )
        cursor.execute("SET LOCAL session_replication_role = DEFAULT")
    offer.refresh_from_db()


def test_expired_offer_cannot_be_accepted_and_stays_expired(deal):
    v1 = deal.buyer_offer()
    _age(v1, 1)
    with pytest.raises(ValidationError, match="expired"):
        services.offer_accept(offer=v1, user=deal.seller_user, party=deal.seller)
    v1.refresh_from_db()
    assert v1.status == OfferStatus.EXPIRED  # expired lazily, and the refusal kept it
    assert not Contract.objects.exists()
    assert Notification.objects.filter(user=deal.buyer_user, kind="deal_expired").exists()


def test_expire_task_is_idempotent_and_batched(deal, celery_eager):
    v1 = deal.buyer_offer()
    other = Deal()
    o1 = other.buyer_offer()
    fresh = Deal().buyer_offer()
    _age(v1, 3)
    _age(o1, 1)
    assert expire_offers.delay().get() == 2
    assert expire_offers.delay().get() == 0
    assert services.offer_expire_due(today=TODAY, batch_size=1) == 0
    statuses = dict(Offer.objects.values_list("pk", "status"))
    assert statuses == {v1.pk: "expired", o1.pk: "expired", fresh.pk: "open"}


def test_offer_due_today_is_still_valid(deal):
    v1 = deal.buyer_offer()
    _age(v1, 0)
    assert services.offer_expire_due() == 0
    services.offer_accept(offer=v1, user=deal.seller_user, party=deal.seller)


# --- availability ---


def test_conflicts_are_recorded_and_accept_is_refused(deal):
    grant_write(
        work=deal.work,
        licensee=make_party(country="VN"),
        right_type="translation",
        territories=["VN"],
        languages=["vi"],
        start=dt.date(2026, 1, 1),
        end=dt.date(2028, 12, 31),
        exclusive=True,
        source_ref="PRIOR-9",
    )
    v1 = deal.buyer_offer()
    snapshot = v1.availability[0]
    assert snapshot["available"] is False
    assert snapshot["conflicts"][0]["source"] == "PRIOR-9"
    with pytest.raises(services.OfferConflict) as info, translation.override("en"):
        services.offer_accept(offer=v1, user=deal.seller_user, party=deal.seller)
    message = " ".join(info.value.messages)
    assert "Vietnam" in message and "PRIOR-9" in message
    v1.refresh_from_db()
    assert v1.status == OfferStatus.OPEN and not Contract.objects.exists()


def test_conflict_arising_after_the_offer_refuses_accept(deal):
    v1 = deal.buyer_offer()
    assert v1.availability[0]["available"] is True
    grant_write(
        work=deal.work,
        licensee=make_party(country="TH"),
        right_type="translation",
        territories=["VN"],
        languages=["vi"],
        start=dt.date(2030, 1, 1),
        end=dt.date(2032, 12, 31),
        exclusive=False,
        source_ref="LATE-1",
    )
    with pytest.raises(services.OfferConflict, match="LATE-1"):
        services.offer_accept(offer=v1, user=deal.seller_user, party=deal.seller)


# --- concurrency ---


@pytest.mark.django_db(transaction=True)
def test_two_racing_accepts_make_exactly_one_contract():
    deal = Deal()
    # A second seller user of the same organisation: two people click accept at once.
    second = make_user()
    from catalog.models import Membership
    from catalog.services import party_add_member

    party_add_member(party=deal.seller, user=second, role=Membership.Role.MEMBER)
    v1 = deal.buyer_offer()
    barrier = threading.Barrier(2)
    results: list[str] = []

    def attempt(user) -> None:
        try:
            barrier.wait()
            services.offer_accept(offer=Offer.objects.get(pk=v1.pk), user=user, party=deal.seller)
            results.append("ok")
        except ValidationError:
            results.append("refused")
        except Exception as exc:  # pragma: no cover - shown in the assertion
            results.append(repr(exc))
        finally:
            connection.close()

    workers = [threading.Thread(target=attempt, args=(u,)) for u in (deal.seller_user, second)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()
    assert sorted(results) == ["ok", "refused"]
    assert Contract.objects.count() == 1
    assert Offer.objects.get(pk=v1.pk).status == OfferStatus.ACCEPTED
    assert Thread.objects.get(pk=deal.thread.pk).contract_id is not None


def test_closed_at_and_timestamps(deal):
    v1 = deal.buyer_offer()
    assert v1.closed_at is None
    services.offer_withdraw(offer=v1, user=deal.buyer_user, party=deal.buyer)
    v1.refresh_from_db()
    assert v1.closed_at is not None and v1.closed_at <= timezone.now()


# --- demo data ---


@pytest.mark.slow
@pytest.mark.django_db
def test_seed_deals_is_idempotent_and_covers_the_states(fast_pdf):
    from marketplace.demo.deals import PLAN, seed_deals
    from marketplace.demo.seed import seed_catalog

    seed_catalog(works=30)
    first = seed_deals()
    assert first["deal_threads_created"] == len(PLAN)
    assert seed_deals() == {"deal_threads": len(PLAN), "deal_threads_created": 0}
    statuses = set(Offer.objects.values_list("status", flat=True))
    assert {"open", "countered", "accepted", "declined"} <= statuses
    assert Thread.objects.filter(contract__status="draft").count() == 2
