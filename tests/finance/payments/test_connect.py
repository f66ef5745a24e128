"""Stripe Connect onboarding against the recorded Connect responses (tests/fixtures/
stripe_connect/), through the stripe SDK's own HTTP layer: the request params sent and
what the profile holds afterwards."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from finance.models import PayeeProfile
from finance.payments.connect import (
    connect_account_link,
    connect_account_start,
    connect_account_sync,
)
from tests.factories.catalog import make_party, make_user

pytestmark = pytest.mark.django_db

RETURN = "https://exchange.example.org/en/payees/1/connect/return/"
REFRESH = "https://exchange.example.org/en/payees/1/connect/refresh/"


@pytest.fixture
def licensor():
    owner = make_user()
    return make_party(name="Nhà xuất bản Trẻ", country="VN", member=owner), owner


def test_start_creates_one_express_recipient_account_with_transfers(recorded_connect, licensor):
    party, owner = licensor
    profile = connect_account_start(party=party, actor=owner, country="vn")
    [sent] = recorded_connect.posts("/v1/accounts")
    assert sent.idempotency_key == f"connect-account-{party.pk}-VN"
    assert sent.params == {
        "controller[stripe_dashboard][type]": "express",
        "controller[fees][payer]": "application",
        "controller[losses][payments]": "application",
        "controller[requirement_collection]": "stripe",
        "country": "VN",
        "capabilities[transfers][requested]": "true",
        "business_profile[name]": "Nhà xuất bản Trẻ",
        "business_profile[mcc]": "5815",
        "business_profile[product_description]": (
            "Licences of copyright works (royalties and licence fees)"
        ),
        "metadata[party_id]": str(party.pk),
        # The platform (fixture: a US account) pays a Vietnamese licensor cross-border.
        "tos_acceptance[service_agreement]": "recipient",
    }
    account_id = profile.stripe_account_id
    assert account_id in recorded_connect.accounts
    assert (profile.charges_enabled, profile.payouts_enabled, profile.details_submitted) == (
        False,
        False,
        False,
    )
    assert profile.requirements_due[:3] == [
        "external_account",
        "tos_acceptance.date",
        "tos_acceptance.ip",
    ]  # past due first
    assert "individual.first_name" in profile.requirements_due
    assert profile.method == "stripe" and profile.stripe_synced_at is not None
    # A second click continues with the same account: nothing more is created.
    again = connect_account_start(party=party, actor=owner, country="VN")
    assert again.stripe_account_id == account_id
    assert len(recorded_connect.posts("/v1/accounts")) == 1


def test_same_country_as_the_platform_takes_the_full_agreement(recorded_connect):
    party = make_party(country="US")
    connect_account_start(party=party, actor=make_user(), country="US")
    [sent] = recorded_connect.posts("/v1/accounts")
    assert "tos_acceptance[service_agreement]" not in sent.params


def test_refused_country_is_a_field_error_and_stores_nothing(recorded_connect):
    party = make_party(country="CN")
    with pytest.raises(ValidationError) as err:
        connect_account_start(party=party, actor=make_user(), country="CN")
    assert "country" in err.value.message_dict
    assert "recipient service agreement" in err.value.message_dict["country"][0]
    assert not PayeeProfile.objects.filter(party=party).exists()
    with pytest.raises(ValidationError) as err:
        connect_account_start(party=party, actor=make_user(), country="XX")
    assert "country" in err.value.message_dict
    assert len(recorded_connect.posts("/v1/accounts")) == 1  # XX never reached Stripe


def test_link_is_an_onboarding_link_for_the_account(recorded_connect, licensor):
    party, owner = licensor
    profile = connect_account_start(party=party, actor=owner, country="VN")
    url = connect_account_link(profile=profile, refresh_url=REFRESH, return_url=RETURN)
    assert url.startswith(f"https://connect.stripe.com/setup/e/{profile.stripe_account_id}/")
    [sent] = recorded_connect.posts("/v1/account_links")
    assert sent.params == {
        "account": profile.stripe_account_id,
        "type": "account_onboarding",
        "collection_options[fields]": "currently_due",
        "refresh_url": REFRESH,
        "return_url": RETURN,
    }
    assert connect_account_link(profile=profile, refresh_url=REFRESH, return_url=RETURN) != url
    with pytest.raises(ValidationError) as err:
        connect_account_link(
            profile=PayeeProfile.objects.create(party=make_party()),
            refresh_url=REFRESH,
            return_url=RETURN,
        )
    assert "stripe_account_id" in err.value.message_dict


def test_sync_of_an_unknown_account_is_a_field_error(recorded_connect):
    profile = PayeeProfile.objects.create(party=make_party(), stripe_account_id="acct_gone")
    with pytest.raises(ValidationError) as err:
        connect_account_sync(profile=profile)
    assert "No such account" in err.value.message_dict["stripe_account_id"][0]
    profile.refresh_from_db()
    assert profile.stripe_synced_at is None
