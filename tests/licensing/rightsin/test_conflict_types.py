"""Each conflict type where rights are sold: listing, offer acceptance, activation, the API."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from licensing.availability import NO_EXCLUSIVE_IN, NO_RIGHTS_IN, OVERLAP
from licensing.contracts.models import ContractStatus
from licensing.models import Grant, HeldRight
from licensing.rightsin.services import held_right_add, held_right_remove
from licensing.services import GrantConflict, grant_write
from marketplace.deals import services as deals
from marketplace.listings import services as listings
from marketplace.listings.models import Exclusivity
from tests.factories.catalog import make_party
from tests.factories.contracts import Deal as ContractDeal
from tests.marketplace.deals.test_deals import Deal as NegotiationDeal

D = dt.date
TODAY = dt.date.today()


def only_acquired(work, user, **kw) -> HeldRight:
    args = {
        "basis": HeldRight.Basis.ACQUIRED,
        "right_type": "translation",
        "territories": ["VN"],
        "languages": ["vi"],
        "start": None,
        "end": None,
        "exclusive": True,
        "source_ref": "ACQ-1",
    }
    args.update(kw)
    held = held_right_add(work=work, user=user, **args)
    # The factory's author contract (everything) gives way to this one acquisition.
    held_right_remove(held=work.rights_in.exclude(pk=held.pk).get(), user=user)
    return held


# --- listing ---


def _listing_input(**kw) -> listings.ListingInput:
    data = {
        "right_types": ["translation"],
        "territories": ["VN"],
        "languages": ["vi"],
        "currency": "USD",
        "advance": Decimal("1000"),
        "headlines": {"en": "A novel"},
    }
    data.update(kw)
    return listings.ListingInput(**data)


@pytest.fixture
def contract_deal(db):
    return ContractDeal()


def test_listing_refuses_no_rights_in_naming_the_cell(contract_deal):
    d = contract_deal
    only_acquired(d.work, d.seller)
    with pytest.raises(ValidationError) as info, translation.override("en"):
        listings.listing_create(
            work=d.work, user=d.seller, data=_listing_input(territories=["VN", "TH"])
        )
    messages = info.value.message_dict["rights_in"]
    assert len(messages) == 1 and messages[0].startswith("No Rights In: Translation in TH / vi")
    listings.listing_create(work=d.work, user=d.seller, data=_listing_input())


def test_listing_refuses_no_exclusive_in_for_an_exclusive_listing(contract_deal):
    d = contract_deal
    only_acquired(d.work, d.seller, exclusive=False)
    with pytest.raises(ValidationError, match="No Exclusive In: Translation in VN / vi"):
        listings.listing_create(
            work=d.work, user=d.seller, data=_listing_input(exclusivity=Exclusivity.EXCLUSIVE)
        )
    listing = listings.listing_create(
        work=d.work, user=d.seller, data=_listing_input(exclusivity=Exclusivity.NON_EXCLUSIVE)
    )
    with pytest.raises(ValidationError, match="No Exclusive In"):
        listings.listing_update(
            listing=listing, user=d.seller, data=_listing_input(exclusivity=Exclusivity.EXCLUSIVE)
        )


# --- offer acceptance ---


@pytest.fixture
def negotiation(db):
    return NegotiationDeal()


def test_offer_acceptance_refuses_no_rights_in(negotiation):
    deal = negotiation
    only_acquired(deal.work, deal.seller_user, territories=["TH"], languages=["th"])
    offer = deal.buyer_offer()
    assert offer.availability[0]["conflicts"][0]["conflict"] == NO_RIGHTS_IN
    with pytest.raises(deals.OfferConflict) as info, translation.override("en"):
        deals.offer_accept(offer=offer, user=deal.seller_user, party=deal.seller)
    message = " ".join(info.value.messages)
    assert message.startswith("No Rights In: Translation is not available in Vietnam / vi")


def test_offer_acceptance_refuses_no_exclusive_in(negotiation):
    deal = negotiation
    only_acquired(deal.work, deal.seller_user, exclusive=False)
    offer = deal.buyer_offer()  # exclusive translation VN/vi
    with pytest.raises(deals.OfferConflict, match="No Exclusive In"):
        deals.offer_accept(offer=offer, user=deal.seller_user, party=deal.seller)


def test_offer_acceptance_names_an_overlap(negotiation):
    deal = negotiation
    grant_write(
        work=deal.work,
        licensee=make_party(country="VN"),
        right_type="translation",
        territories=["VN"],
        languages=["vi"],
        start=D(2027, 1, 1),
        end=D(2027, 12, 31),
        exclusive=False,
        source_ref="PRIOR-2",
    )
    offer = deal.buyer_offer()
    with pytest.raises(deals.OfferConflict, match=r"Overlap: .*PRIOR-2"):
        deals.offer_accept(offer=offer, user=deal.seller_user, party=deal.seller)


# --- contract activation ---


def test_activation_refuses_no_rights_in_with_the_cell(contract_deal):
    d = contract_deal
    contract = d.sent(right={"territories": ["VN", "LA"], "languages": ["vi"]})
    only_acquired(d.work, d.seller)  # the holder finds it held only Vietnam
    d.sign_licensor(contract)
    with pytest.raises(GrantConflict) as info, translation.override("en"):
        d.sign_licensee(contract)
    message = " ".join(info.value.messages)
    assert "No Rights In: Translation in LA / vi from" in message
    contract.refresh_from_db()
    assert contract.status == ContractStatus.AWAITING_SIGNATURES
    assert not Grant.objects.filter(source_ref=contract.reference).exists()
    assert "Activation refused: No Rights In" in contract.events.last().note


def test_activation_refuses_no_exclusive_in(contract_deal):
    d = contract_deal
    only_acquired(d.work, d.seller, exclusive=False)
    with pytest.raises(GrantConflict, match="No Exclusive In: Translation in VN / vi"):
        d.active()
    d.active(right={"exclusive": False})


def test_activation_names_an_overlap(contract_deal):
    d = contract_deal
    first = d.active()
    with pytest.raises(GrantConflict, match=rf"Overlap: .*{re.escape(first.reference)}"):
        d.active(right={"exclusive": False})


# --- the API and check_availability ---

QUERY = "right=translation&territory=VN&territory=TH&language=vi&from=2027-01-01&to=2027-12-31"


def test_api_returns_the_conflict_type_per_cell(client, contract_deal):
    d = contract_deal
    only_acquired(d.work, d.seller, exclusive=False)
    # "conflict" is the stable code; "type" is its label in the caller's Accept-Language.
    body = client.get(
        f"/api/v1/availability?work={d.work.pk}&{QUERY}&exclusive=1", HTTP_ACCEPT_LANGUAGE="en"
    ).json()
    assert body["available"] is False
    kinds = {(c["territory"], c["conflict"], c["type"]) for c in body["conflicts"]}
    assert kinds == {
        ("TH", NO_RIGHTS_IN, "No Rights In"),
        ("VN", NO_EXCLUSIVE_IN, "No Exclusive In"),
    }
    d.active(right={"exclusive": False, "start": "2027-01-01", "end": "2027-12-31"})
    client.force_login(d.seller)
    body = client.get(f"/api/v1/availability?work={d.work.pk}&{QUERY}&exclusive=1").json()
    assert {c["conflict"] for c in body["conflicts"] if c["territory"] == "VN"} == {
        NO_EXCLUSIVE_IN,
        OVERLAP,
    }
