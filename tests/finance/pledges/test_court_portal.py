"""The court portal: a court user records an order by registration number with its scope,
dates and document, sees it in force, releases it — and reaches nothing else."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from catalog.registration.models import Application
from finance.pledges.models import Seizure
from tests.factories.catalog import make_party, make_user
from tests.factories.pledges import Holder, make_court
from tests.mfa import login_with_mfa

pytestmark = pytest.mark.django_db
TODAY = dt.date.today()


@pytest.fixture
def court_client(client):
    court_user, court = make_court()
    login_with_mfa(client, court_user)
    return client, court


def _post(client, court, numbers: str, **extra):
    data = {
        "court": court.pk,
        "case_number": "(2026)京0491民初5号",
        "works": numbers,
        "right_types": ["translation"],
        "starts_on": TODAY.isoformat(),
        "document": SimpleUploadedFile("order.pdf", b"%PDF-1.4 ruling", "application/pdf"),
        **extra,
    }
    return client.post("/en/pledges/seizures/new/", data)


def test_a_court_records_an_order_by_registration_number_and_releases_it(court_client):
    client, court = court_client
    work = Holder().work()
    number = Application.objects.get(work=work).number
    refused = _post(client, court, "CRX-0000-404")
    assert refused.status_code == 200 and not Seizure.objects.exists()
    assert "No registered work has the number CRX-0000-404." in refused.content.decode()

    response = _post(client, court, number)
    seizure = Seizure.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{seizure.pk}/")
    assert list(seizure.works.all()) == [work] and seizure.right_types == ["translation"]
    page = client.get(response["Location"]).content.decode()
    assert 'data-testid="seizure-in-force"' in page and work.original_title in page
    assert client.get(f"/en/pledges/seizures/{seizure.pk}/order/").status_code == 200

    released = client.post(f"/en/pledges/seizures/{seizure.pk}/release/", {"text": "paid"})
    assert released.status_code == 302
    seizure.refresh_from_db()
    assert seizure.status == "released" and not seizure.in_force


def test_an_order_dated_later_is_recorded_but_not_in_force(court_client):
    client, court = court_client
    number = Application.objects.get(work=Holder().work()).number
    later = (TODAY + dt.timedelta(days=3)).isoformat()
    assert _post(client, court, number, starts_on=later).status_code == 302
    assert not Seizure.objects.get().in_force


def test_a_court_user_has_no_marketplace_rights(court_client):
    client, _court = court_client
    home = client.get("/en/")
    assert home.status_code == 302 and home["Location"].endswith("/pledges/seizures/")
    for path in ("/en/search/", "/en/deals/", "/en/seller/", "/en/pledges/", "/en/contracts/"):
        assert client.get(path).status_code == 403, path
    assert client.post("/en/accounts/organisations/join/", {"party": 1}).status_code == 403
    portal = client.get("/en/pledges/seizures/").content.decode()
    assert 'data-testid="nav-court-portal"' in portal and "/en/search/" not in portal
    assert client.get("/en/accounts/profile/").status_code == 200


def test_the_order_document_is_for_the_court_staff_and_the_affected_holder(court_client):
    client, court = court_client
    holder = Holder()
    number = Application.objects.get(work=holder.work()).number
    _post(client, court, number)
    url = f"/en/pledges/seizures/{Seizure.objects.get().pk}/order/"
    client.force_login(holder.user)
    assert client.get(url).status_code == 200
    stranger = make_user()
    make_party(member=stranger)
    client.force_login(stranger)
    assert client.get(url).status_code == 404
