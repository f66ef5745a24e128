"""The negotiation page offers exactly the answers the offer workflow would accept."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from marketplace.deals import services
from marketplace.deals.models import Offer, OfferStatus, OfferTransition
from marketplace.deals.workflow import WORKFLOW
from tests.marketplace.deals.test_deals import Deal

pytestmark = pytest.mark.django_db
BUTTONS = {
    "accept": "accept-offer",
    "counter": "counter-offer",
    "decline": "decline-offer",
    "withdraw": "withdraw-offer",
}


def _shown(client, user, deal: Deal) -> set[str]:
    client.force_login(user)
    html = client.get(reverse("deals:detail", args=[deal.thread.pk])).content.decode()
    return {name for name, testid in BUTTONS.items() if f'data-testid="{testid}"' in html}


def _allowed(offer: Offer, user) -> set[str]:
    offer.refresh_from_db()
    return {name for name in BUTTONS if not WORKFLOW.check(offer, name, user)}


def test_each_side_sees_the_answers_it_may_give(client, home_page):
    deal = Deal()
    offer = deal.buyer_offer()
    assert _shown(client, deal.buyer_user, deal) == _allowed(offer, deal.buyer_user) == {"withdraw"}
    assert (
        _shown(client, deal.seller_user, deal)
        == _allowed(offer, deal.seller_user)
        == {
            "accept",
            "counter",
            "decline",
        }
    )
    services.offer_accept(offer=offer, user=deal.seller_user, party=deal.seller)
    for user in (deal.buyer_user, deal.seller_user):
        assert _shown(client, user, deal) == _allowed(offer, user) == set()


def test_a_hidden_answer_is_one_the_service_refuses():
    deal = Deal()
    offer = deal.buyer_offer()
    with pytest.raises(PermissionDenied, match="other party"):
        services.offer_accept(offer=offer, user=deal.buyer_user, party=deal.buyer)
    with pytest.raises(PermissionDenied, match="made an offer can withdraw"):
        services.offer_withdraw(offer=offer, user=deal.seller_user, party=deal.seller)
    services.offer_decline(offer=offer, user=deal.seller_user, party=deal.seller, reason="price")
    with pytest.raises(ValidationError, match="Version 1 is already Declined"):
        services.offer_withdraw(offer=offer, user=deal.buyer_user, party=deal.buyer)
    rows = OfferTransition.objects.filter(offer=offer).order_by("pk")
    assert [(r.from_status, r.to_status, r.actor, r.party, r.note) for r in rows] == [
        ("", OfferStatus.OPEN, deal.buyer_user, deal.buyer, ""),
        (OfferStatus.OPEN, OfferStatus.DECLINED, deal.seller_user, deal.seller, "price"),
    ]
