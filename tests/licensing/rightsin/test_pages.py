"""The holder's rights-in page: view, add, remove; nobody else reaches it."""

from __future__ import annotations

import pytest
from django.urls import reverse

from licensing.models import ConsentRule, HeldRight
from tests.factories.catalog import make_user
from tests.factories.contracts import Deal

ACQUISITION = {
    "basis": "acquired",
    "right_type": "audio",
    "territories": "VN, TH",
    "languages": "vi",
    "start": "2027-01-01",
    "end": "2030-12-31",
    "exclusive": "on",
    "source_ref": "ACQ-9",
    "acquired_from": "Wang Xiaoming",
}


@pytest.fixture
def deal(db):
    return Deal()


def test_holder_views_adds_and_removes_rights_held(deal, client):
    client.force_login(deal.seller)
    url = reverse("rightsin:work", kwargs={"work_id": deal.work.pk})
    page = client.get(url)
    assert page.status_code == 200 and 'data-testid="rights-in"' in page.content.decode()
    assert client.post(url, ACQUISITION).status_code == 302
    held = deal.work.rights_in.get(source_ref="ACQ-9")
    assert held.cells.count() == 2 and held.exclusive
    assert "ACQ-9" in client.get(url).content.decode()
    remove = reverse("rightsin:remove", kwargs={"pk": held.pk})
    assert client.post(remove).status_code == 302
    assert not HeldRight.objects.filter(pk=held.pk).exists()


def test_a_bad_record_is_shown_with_its_reason_and_nothing_written(deal, client):
    client.force_login(deal.seller)
    url = reverse("rightsin:work", kwargs={"work_id": deal.work.pk})
    response = client.post(url, {**ACQUISITION, "territories": "XX"})
    assert response.status_code == 400 and "XX" in response.content.decode()
    assert not deal.work.rights_in.filter(source_ref="ACQ-9").exists()


def test_removing_rights_a_licence_relies_on_is_refused_on_the_page(deal, client):
    contract = deal.active()
    held = deal.work.rights_in.get()
    client.force_login(deal.seller)
    response = client.post(reverse("rightsin:remove", kwargs={"pk": held.pk}), follow=True)
    assert contract.reference in response.content.decode()
    assert HeldRight.objects.filter(pk=held.pk).exists()


def test_others_do_not_reach_a_holders_rights_in(deal, client):
    held = deal.work.rights_in.get()
    client.force_login(make_user())
    url = reverse("rightsin:work", kwargs={"work_id": deal.work.pk})
    assert client.get(url).status_code == 404
    assert client.post(url, ACQUISITION).status_code == 404
    assert client.post(reverse("rightsin:remove", kwargs={"pk": held.pk})).status_code == 404
    client.force_login(deal.buyer)
    assert client.get(url).status_code == 404
    assert deal.work.rights_in.count() == 1


def test_holder_records_the_co_owners_consent_rule(deal, client):
    url = reverse("rightsin:consent_rule", kwargs={"work_id": deal.work.pk})
    data = {"rule": "majority", "majority_percent": "66.6667"}
    client.force_login(deal.buyer)
    assert client.post(url, data).status_code == 404
    client.force_login(deal.seller)
    assert client.post(url, {**data, "majority_percent": "100"}).status_code == 400
    assert client.post(url, data).status_code == 302
    rule = ConsentRule.objects.get(work=deal.work)
    assert (rule.rule, str(rule.majority_percent)) == ("majority", "66.6667")
    page = client.get(reverse("rightsin:work", kwargs={"work_id": deal.work.pk}))
    assert 'value="66.6667"' in page.content.decode()


def test_a_listing_refused_for_rights_not_held_links_to_the_rights_in_page(client, db):
    """A publisher's work holds nothing until the publisher records what it acquired: the
    listing form says so and links to the work's rights-in page."""
    from catalog.services import CreatorInput, work_create
    from tests.factories.catalog import make_party, work_input

    user = make_user(roles=["rights_holder"])
    publisher = make_party(country="CN", member=user)
    author = make_party(country="CN", kind="person", category="creator")
    work = work_create(holder=publisher, data=work_input(creators=[CreatorInput(author, "author")]))
    client.force_login(user)
    url = reverse("listings:new", args=[work.pk])
    form = {
        "right_types": ["translation"],
        "territories": "VN",
        "languages": ["vi"],
        "exclusivity": "exclusive",
        "term_months": "60",
        "currency": "USD",
        "advance": "1000",
    }
    response = client.post(url, form, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    page = response.content.decode()
    assert "No Rights In" in page and 'id="rights-in-refused"' in page
    assert reverse("rightsin:work", args=[work.pk]) in page
    assert not work.listings.exists()

    rights = {**ACQUISITION, "right_type": "translation", "start": "", "end": ""}
    client.post(reverse("rightsin:work", args=[work.pk]), rights)
    response = client.post(url, form)
    assert response.status_code == 302 and work.listings.count() == 1
