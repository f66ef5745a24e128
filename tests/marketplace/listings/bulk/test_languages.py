"""Any BCP 47 language is listable through the one-listing form too, and kept on edit."""

from __future__ import annotations

from catalog.language_strings import all_languages
from catalog.services import validate_language
from marketplace.listings.models import Listing


def _form(**overrides):
    data = {
        "right_types": ["translation"],
        "territories": "ASEAN",
        "excluded_territories": "",
        "exclusivity": "either",
        "term_months": "60",
        "currency": "USD",
    }
    data.update(overrides)
    return data


def test_languages_beyond_the_interface_ones(client, seller, works):
    client.force_login(seller[0])

    response = client.post(
        f"/en/seller/works/{works[0].pk}/list/",
        _form(languages=["vi"], other_languages="Japanese, ko, fr-CA"),
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    assert Listing.objects.get().languages == ["fr-ca", "ja", "ko", "vi"]


def test_all_languages_except_is_stored_and_shown_back_short(client, seller, works):
    client.force_login(seller[0])
    client.post(f"/en/seller/works/{works[0].pk}/list/", _form(other_languages="L ex en"))
    listing = Listing.objects.get()

    assert len(listing.languages) == len(all_languages()) - 1 and "en" not in listing.languages
    page = client.get(f"/en/listings/{listing.pk}/edit/").content.decode()
    assert 'value="L ex en"' in page


def test_a_bad_language_names_its_token(client, seller, works):
    client.force_login(seller[0])

    response = client.post(
        f"/en/seller/works/{works[0].pk}/list/", _form(other_languages="ja, Elvish")
    )

    assert response.status_code == 200
    assert "“Elvish” is not a BCP 47 language tag" in response.content.decode()
    assert Listing.objects.count() == 0


def test_a_long_bcp47_tag_fits(seller, works):
    from marketplace.listings import services

    tag = "sl-rozaj-biske-1994"
    listing = services.listing_create(
        work=works[0],
        user=seller[0],
        data=services.ListingInput(
            right_types=["translation"], territories=["SI"], languages=[tag], currency="EUR"
        ),
    )

    listing.refresh_from_db()
    assert listing.languages == [validate_language(tag)]
    assert len(listing.languages[0]) > 16


def test_an_all_languages_listing_shows_a_readable_availability_table(client, seller, works):
    from marketplace.listings import selectors, services

    listing = services.listing_create(
        work=works[0],
        user=seller[0],
        data=services.ListingInput(
            right_types=["translation"],
            territories=["VN"],
            languages=sorted(all_languages() - {"en"}),
            currency="USD",
        ),
    )

    table = selectors.availability_table(listing)

    languages = [language for _right, language in table.columns]
    assert "vi" in languages and "ja" not in languages and len(languages) == 10
    assert table.other_languages == len(all_languages()) - 1 - 10
    client.force_login(seller[0])
    page = client.get(f"/en/listings/{listing.pk}/").content.decode()
    assert f"Other languages offered, none licensed yet: {table.other_languages}" in page


def test_the_one_listing_form_reads_territory_strings(client, seller, works):
    client.force_login(seller[0])

    response = client.post(
        f"/en/seller/works/{works[0].pk}/list/",
        _form(territories="Asia ex Japan", excluded_territories="KR", languages=["vi"]),
    )

    assert response.status_code == 302
    listing = Listing.objects.get()
    assert listing.territories == ["ASIA"] and listing.excluded_territories == ["JP", "KR"]
    refused = client.post(
        f"/en/seller/works/{works[1].pk}/list/", _form(territories="ASEAN, Narnia")
    )
    assert "“Narnia” is not a country" in refused.content.decode()
