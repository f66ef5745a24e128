from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalog.registration import services as registration
from catalog.services import work_create
from i18n.languages import LANGUAGE_CODES
from licensing.services import grant_write
from marketplace.listings import services
from marketplace.listings.models import Inquiry, Listing, ListingStatus, Notification
from tests.factories.catalog import image_upload, make_party, make_user, work_input
from tests.factories.rightsin import acquire_rights


@pytest.fixture
def seller(db):
    user = make_user(roles=["rights_holder"])
    return user, make_party(country="CN", name="青禾少儿出版社", member=user)


@pytest.fixture
def buyer(db):
    user = make_user(roles=["buyer"], language="vi")
    return user, make_party(country="VN", name="Nhà sách Sao Mai", member=user)


@pytest.fixture
def registered_work(seller):
    user, party = seller
    examiner = make_user(roles=["examiner"])
    app = registration.application_create(user=user, applicant=party, work=work_input())
    registration.application_attach_file(
        application_id=app.pk, user=user, upload=image_upload(seed=5), kind="image"
    )
    registration.application_submit(application_id=app.pk, user=user)
    registration.application_screen(application_id=app.pk)
    registration.application_register(application_id=app.pk, examiner=examiner)
    acquire_rights(app.work, user=user)  # the publisher's author contract, recorded
    return app.work


def _input(**kw):
    data = {
        "right_types": ["translation", "ebook"],
        "territories": ["ASEAN"],
        "languages": ["vi", "th"],
        "currency": "USD",
        "advance": Decimal("3000"),
        "royalty_rate": Decimal("8"),
        "headlines": {"en": "Award-winning picture book", "vi": "Sách tranh đoạt giải"},
    }
    data.update(kw)
    return services.ListingInput(**data)


def test_listing_lifecycle_with_audit(seller, registered_work):
    user, _ = seller
    listing = services.listing_create(work=registered_work, user=user, data=_input())
    assert listing.status == ListingStatus.DRAFT and listing.zone == "books"
    assert listing.translation_status["vi"] == "reviewed"
    assert listing.translation_status["km"] == "missing"
    services.listing_publish(listing=listing, user=user)
    services.listing_pause(listing=listing, user=user)
    services.listing_publish(listing=listing, user=user)
    services.listing_withdraw(listing=listing, user=user)
    listing.refresh_from_db()
    steps = list(listing.transitions.values_list("to_status", flat=True))
    assert steps == ["published", "paused", "published", "withdrawn"]
    with pytest.raises(ValidationError):
        services.listing_publish(listing=listing, user=user)


def test_only_registered_works_can_be_published(seller):
    user, party = seller
    work = work_create(holder=party, data=work_input())
    acquire_rights(work, user=user)
    listing = services.listing_create(work=work, user=user, data=_input())
    with pytest.raises(ValidationError, match="only registered works"):
        services.listing_publish(listing=listing, user=user)
    assert Listing.objects.get(pk=listing.pk).status == ListingStatus.DRAFT


@pytest.mark.parametrize(
    ("kw", "field"),
    [
        ({"territories": ["XX"]}, "territories"),
        ({"languages": ["??"]}, "languages"),
        ({"currency": "ABC"}, "currency"),
        ({"royalty_rate": Decimal("120")}, "royalty_rate"),
        ({"right_types": ["telepathy"]}, "right_types"),
        ({"territories": ["ASEAN"], "excluded_territories": ["ASEAN"]}, "territories"),
    ],
)
def test_bad_listing_input_names_the_field_and_saves_nothing(seller, registered_work, kw, field):
    user, _ = seller
    with pytest.raises(ValidationError) as info:
        services.listing_create(work=registered_work, user=user, data=_input(**kw))
    assert field in info.value.message_dict
    assert not Listing.objects.exists()


def test_strangers_cannot_list_a_work(registered_work, buyer):
    with pytest.raises(PermissionDenied):
        services.listing_create(work=registered_work, user=buyer[0], data=_input())


def test_inquiry_notifies_the_seller(seller, buyer, registered_work):
    listing = services.listing_create(work=registered_work, user=seller[0], data=_input())
    services.listing_publish(listing=listing, user=seller[0])
    user, party = buyer
    inquiry = services.inquiry_create(
        listing=listing,
        buyer=party,
        user=user,
        message="Chúng tôi muốn mua bản quyền dịch tiếng Việt.",
        right_types=["translation"],
        territories=["VN"],
        languages=["vi"],
        message_language="vi",
    )
    assert inquiry.status == Inquiry.Status.OPEN
    assert Notification.objects.filter(user=seller[0], kind="inquiry").count() == 1
    with pytest.raises(ValidationError, match="right"):
        services.inquiry_create(
            listing=listing,
            buyer=party,
            user=user,
            message="x",
            right_types=["sync"],
            territories=["VN"],
            languages=["vi"],
            message_language="vi",
        )


def test_detail_page_query_count_does_not_grow_with_rights(
    client, seller, buyer, registered_work, home_page
):
    user, _ = seller
    small = services.listing_create(
        work=registered_work,
        user=user,
        data=_input(right_types=["translation"], languages=["vi"], territories=["VN"]),
    )
    big = services.listing_create(
        work=registered_work,
        user=user,
        data=_input(
            right_types=["translation", "ebook", "audio", "reprint", "adaptation"],
            languages=["vi", "th", "ms", "id", "km", "lo", "my", "fil"],
            territories=["WORLD"],
        ),
    )
    for listing in (small, big):
        services.listing_publish(listing=listing, user=user)
    for n, lang in enumerate(["vi", "th", "km"]):
        grant_write(
            work=registered_work,
            licensee=buyer[1],
            right_type="translation",
            territories=["VN", "TH", "KH"][n : n + 1],
            languages=[lang],
            start=dt.date(2026, 1, 1),
            end=dt.date(2030, 12, 31),
            exclusive=True,
        )
    client.force_login(buyer[0])
    counts = []
    for listing in (small, big):
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(f"/en/listings/{listing.pk}/")
        assert response.status_code == 200
        counts.append(len(ctx.captured_queries))
    # 12 for the page itself plus one per live status provider (registration, exclusive
    # licences, pledges/seizures, disputes) and the restrictions box's one encumbrance probe
    # (catalog.kernel.encumbrances) — fixed, whatever the number of rights.
    assert max(counts) <= 17, counts
    assert counts[0] == counts[1], counts
    assert "exclusively licensed" in response.content.decode()


@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_listing_pages_in_every_language(client, seller, buyer, registered_work, code, home_page):
    listing = services.listing_create(work=registered_work, user=seller[0], data=_input())
    services.listing_publish(listing=listing, user=seller[0])
    client.force_login(seller[0])
    assert client.get(f"/{code}/seller/").status_code == 200
    assert client.get(f"/{code}/seller/works/{registered_work.pk}/list/").status_code == 200
    assert client.get(f"/{code}/listings/{listing.pk}/edit/").status_code == 200
    client.force_login(buyer[0])
    assert client.get(f"/{code}/listings/{listing.pk}/").status_code == 200
    assert client.post(f"/{code}/listings/{listing.pk}/shortlist/").status_code == 302
    assert client.get(f"/{code}/shortlist/").status_code == 200


def test_draft_listing_is_hidden_from_buyers(client, seller, buyer, registered_work):
    listing = services.listing_create(work=registered_work, user=seller[0], data=_input())
    client.force_login(buyer[0])
    assert client.get(f"/en/listings/{listing.pk}/").status_code == 404
