"""The stream pages over HTTP: the holder drafts and opens, the public listing and offer page
(chart and band), sealed bids hidden from the holder and the other bidders, close and buy."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.urls import reverse
from django.utils import timezone

from finance.streams.models import StreamBid, StreamOffer, StreamStatus
from tests.factories.streams import StreamDeal, make_bidder

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_pdf")]


def test_holder_drafts_and_opens_and_the_public_sees_chart_and_band(client, tmp_path):
    deal = StreamDeal(tmp_path)
    client.force_login(deal.seller)
    closes = (timezone.localtime() + dt.timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    response = client.post(
        reverse("streams:new"),
        {
            "holder": deal.licensor.pk,
            "works": [deal.work.pk],
            "title": "River Town stream",
            "share_percent": "25",
            "term_periods": "4",
            "mode": "sealed",
            "currency": "USD",
            "reserve": "100",
            "closes_at": closes,
        },
    )
    offer = StreamOffer.objects.get()
    assert response.status_code == 302 and response.url == reverse(
        "streams:detail", args=[offer.pk]
    )
    page = client.get(response.url).content.decode()
    assert 'data-testid="eligibility"' in page
    client.post(reverse("streams:action", args=[offer.pk, "open"]))
    assert StreamOffer.objects.get().status == StreamStatus.OPEN
    client.logout()
    listing = client.get(reverse("streams:list")).content.decode()
    assert "River Town stream" in listing
    page = client.get(reverse("streams:detail", args=[offer.pk])).content.decode()
    assert "<svg" in page and "P10" in page and "P90" in page


def test_drafts_are_private_and_bids_stay_sealed_over_http(client, tmp_path):
    deal = StreamDeal(tmp_path)
    offer = deal.offer(reserve=D("100"))
    a_user, a = make_bidder("Harbour Music Fund")
    b_user, b = make_bidder("Mekong Royalty Partners")
    client.force_login(a_user)
    assert client.get(reverse("streams:detail", args=[offer.pk])).status_code == 404
    client.force_login(deal.seller)
    client.post(reverse("streams:action", args=[offer.pk, "open"]))
    client.force_login(a_user)
    client.post(reverse("streams:bid", args=[offer.pk]), {"bidder": a.pk, "amount": "4321.09"})
    client.force_login(b_user)
    client.post(reverse("streams:bid", args=[offer.pk]), {"bidder": b.pk, "amount": "1234.56"})
    assert StreamBid.objects.count() == 2
    # Neither the holder nor the other bidder sees an amount (in any formatting).
    for user, hidden in (
        (deal.seller, ["4,321", "4321", "1,234", "1234"]),
        (b_user, ["4,321", "4321"]),
    ):
        client.force_login(user)
        page = client.get(reverse("streams:detail", args=[offer.pk])).content.decode()
        assert not [text for text in hidden if text in page], user
    assert "1,234.56" in page  # b sees its own
    # The holder cannot close before the time, nor bid.
    client.force_login(deal.seller)
    client.post(reverse("streams:action", args=[offer.pk, "close"]))
    assert StreamOffer.objects.get().status == StreamStatus.OPEN
    StreamOffer.objects.filter(pk=offer.pk).update(
        closes_at=timezone.now() - dt.timedelta(minutes=1)
    )
    client.post(reverse("streams:action", args=[offer.pk, "close"]))
    offer.refresh_from_db()
    assert offer.status == StreamStatus.CLOSED and offer.buyer == a
    page = client.get(reverse("streams:detail", args=[offer.pk])).content.decode()
    assert "4,321.09" in page and "1,234.56" in page


def test_a_buyer_cannot_bid_for_a_party_it_does_not_act_for(client, tmp_path):
    deal = StreamDeal(tmp_path)
    offer = deal.offer(mode="fixed", price=D("800"))
    client.force_login(deal.seller)
    client.post(reverse("streams:action", args=[offer.pk, "open"]))
    a_user, a = make_bidder("Harbour Music Fund")
    _b_user, b = make_bidder("Mekong Royalty Partners")
    client.force_login(a_user)
    response = client.post(reverse("streams:buy", args=[offer.pk]), {"buyer": b.pk})
    assert response.status_code == 403
    response = client.post(reverse("streams:buy", args=[offer.pk]), {"buyer": a.pk})
    offer.refresh_from_db()
    assert offer.buyer == a and response.url == reverse(
        "finance:invoice_detail", args=[offer.invoice_id]
    )
