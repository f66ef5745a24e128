from __future__ import annotations

from decimal import Decimal

import pytest

from i18n.languages import LANGUAGE_CODES


@pytest.mark.parametrize("code", LANGUAGE_CODES)
def test_home_page_in_every_language(client, home_page, code):
    response = client.get(f"/{code}/")
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{code}">' in html
    assert "fonts.css" in html
    # The switcher links to the same page in all 11 languages.
    for other in LANGUAGE_CODES:
        assert f'hreflang="{other}"' in html


def test_root_redirects_to_a_language(client, home_page):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="vi")
    assert response.status_code == 302
    assert response["Location"].startswith("/vi/")


def test_home_shows_translated_headline(client, home_page):
    assert "ការផ្តល់អាជ្ញាប័ណ្ណរក្សាសិទ្ធិ" in client.get("/km/").content.decode()
    assert "跨境版权交易" in client.get("/zh-hans/").content.decode()


@pytest.mark.django_db
def test_only_registered_listed_works_are_featured_and_link_to_their_listing(client, home_page):
    from catalog.registration import services as registration
    from marketplace.listings import services as listings
    from tests.factories.catalog import make_party, make_user, work_input
    from tests.factories.pledges import registered_work

    user = make_user(roles=["rights_holder"])
    party = make_party(country="CN", name="青禾少儿出版社", member=user)
    examined = registration.application_create(
        user=user, applicant=party, work=work_input(original_title="审查中的作品")
    )
    listed = registered_work(user, party, original_title="已登记的作品")
    unlisted = registered_work(user, party, original_title="未上架的作品")
    listing = listings.listing_create(
        work=listed,
        user=user,
        data=listings.ListingInput(
            right_types=["translation"],
            territories=["ASEAN"],
            languages=["th"],
            currency="USD",
            advance=Decimal("3000"),
            royalty_rate=Decimal("8"),
            headlines={"en": "A registered work"},
        ),
    )
    listings.listing_publish(listing=listing, user=user)

    html = client.get("/th/").content.decode()
    assert "已登记的作品" in html and f"/th/listings/{listing.pk}/" in html
    assert examined.work.original_title not in html and unlisted.original_title not in html
    assert '/th/search/?zone=books"' in html
