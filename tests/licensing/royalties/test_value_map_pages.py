"""The licensee's value maps page: list, add, delete, place held rows; members and staff only."""

from __future__ import annotations

import pytest
from django.urls import reverse

from licensing.royalties.models import UsageLine, UsageValueMap
from tests.factories.catalog import make_user
from tests.factories.royalties import RoyaltyDeal, import_rows, row
from tests.mfa import login_with_mfa

pytestmark = pytest.mark.django_db


def test_a_licensee_maps_a_held_value_and_places_its_rows(client, tmp_path):
    deal = RoyaltyDeal()
    contract = deal.royalty_contract()
    report = import_rows(
        tmp_path, deal, contract, "2027-Q1", [row(deal), row(deal, channel="Kiosk", units="3")]
    )
    client.force_login(deal.buyer)
    reports_page = client.get(reverse("royalties:reports"))
    assert reverse("royalties:value_maps_home").encode() in reports_page.content
    home = client.get(reverse("royalties:value_maps_home"))
    page_url = reverse("royalties:value_maps", args=[deal.licensee.pk])
    assert home.status_code == 302 and home.url == page_url
    detail = client.get(reverse("royalties:report", args=[report.pk]))
    assert b'data-field="unmapped">1<' in detail.content and page_url.encode() in detail.content
    status = client.get(reverse("royalties:report_status", args=[report.pk])).json()
    assert status["unmapped"] == 1
    page = client.get(page_url)
    assert page.status_code == 200
    assert b"Kiosk" in page.content and b'data-testid="unmapped-values"' in page.content

    refused = client.post(page_url, {"kind": "channel", "value": "Kiosk", "target": "*"})
    assert refused.status_code == 200 and not UsageValueMap.objects.exists()
    saved = client.post(page_url, {"kind": "channel", "value": "Kiosk", "target": "retail"})
    assert saved.status_code == 302
    value_map = UsageValueMap.objects.get()
    assert (value_map.licensee, value_map.value, value_map.target) == (
        deal.licensee,
        "kiosk",
        "retail",
    )
    placed = client.post(reverse("royalties:report_place_held", args=[report.pk]))
    assert placed.status_code == 302 and placed.url == page_url
    assert sorted(UsageLine.objects.values_list("units", flat=True)) == [3, 10]
    assert b'data-testid="unmapped-values"' not in client.get(page_url).content

    deleted = client.post(
        reverse("royalties:value_map_delete", args=[deal.licensee.pk, value_map.pk])
    )
    assert deleted.status_code == 302 and not UsageValueMap.objects.exists()


def test_other_parties_see_nothing_and_change_nothing(client, tmp_path):
    deal, other = RoyaltyDeal(), RoyaltyDeal()
    report = import_rows(
        tmp_path, deal, deal.royalty_contract(), "2027-Q1", [row(deal, channel="Kiosk")]
    )
    value_map = UsageValueMap.objects.create(
        licensee=deal.licensee, kind="channel", value="stall", raw="stall", target="retail"
    )
    page_url = reverse("royalties:value_maps", args=[deal.licensee.pk])
    for user in (other.buyer, deal.seller, make_user()):  # another licensee, the licensor
        client.force_login(user)
        assert client.get(page_url).status_code == 404
        post = client.post(page_url, {"kind": "channel", "value": "x", "target": "retail"})
        assert post.status_code == 404
        delete = reverse("royalties:value_map_delete", args=[deal.licensee.pk, value_map.pk])
        assert client.post(delete).status_code == 404
        # Not through its own licensee's page either.
        theirs = reverse("royalties:value_map_delete", args=[other.licensee.pk, value_map.pk])
        assert client.post(theirs).status_code == 404
        place = reverse("royalties:report_place_held", args=[report.pk])
        assert client.post(place).status_code == 404
    assert UsageValueMap.objects.count() == 1
    assert not UsageLine.objects.exists()
    login_with_mfa(client, make_user(roles=["staff"], is_staff=True))
    assert client.get(page_url).status_code == 200
