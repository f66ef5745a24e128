"""The payee's tax page, the staff review queue and the downloads, through HTTP."""

from __future__ import annotations

import pytest
from django.urls import reverse

from finance.tax.models import ResidencyStatus, TaxResidency
from tests.factories.catalog import make_party, make_user
from tests.factories.tax import residency_pdf, submit_residency, tax_staff
from tests.mfa import login_with_mfa

pytestmark = pytest.mark.django_db

FORM = {
    "country": "CN",
    "valid_from": "2027-01-01",
    "valid_to": "2027-12-31",
    "treaty_claim": "on",
    "treaty_article": "CN-VN agreement, art. 12",
    "claimed_rate": "10",
}


@pytest.fixture
def owner():
    return make_user()


@pytest.fixture
def party(owner):
    return make_party(member=owner)


def test_the_owner_submits_a_residency_with_its_certificate(client, party, owner):
    client.force_login(owner)
    url = reverse("tax:party", kwargs={"party_id": party.pk})
    page = client.get(url)
    assert page.status_code == 200 and b'data-testid="residency-form"' in page.content
    response = client.post(url, {**FORM, "certificate": residency_pdf()})
    assert response.status_code == 302
    residency = TaxResidency.objects.get(party=party)
    assert (residency.status, residency.treaty_article) == (
        ResidencyStatus.SUBMITTED,
        "CN-VN agreement, art. 12",
    )
    download = client.get(reverse("tax:residency_certificate", kwargs={"pk": residency.pk}))
    assert download.status_code == 200
    assert download["Content-Disposition"].startswith("attachment")
    assert b"".join(download.streaming_content).startswith(b"%PDF")


def test_a_form_error_is_shown_on_its_field_and_stores_nothing(client, party, owner):
    client.force_login(owner)
    url = reverse("tax:party", kwargs={"party_id": party.pk})
    response = client.post(url, {**FORM, "valid_to": "2026-01-01", "certificate": residency_pdf()})
    assert response.status_code == 200
    assert "valid_to" in response.context["form"].errors
    assert not TaxResidency.objects.exists()


def test_another_party_sees_nothing(client, party, owner):
    residency = submit_residency(party, owner)
    stranger = make_user()
    make_party(member=stranger)
    client.force_login(stranger)
    for url in (
        reverse("tax:party", kwargs={"party_id": party.pk}),
        reverse("tax:residency_certificate", kwargs={"pk": residency.pk}),
        reverse("tax:residency_correct", kwargs={"pk": residency.pk}),
    ):
        assert client.get(url).status_code == 404
    assert client.post(reverse("tax:party", kwargs={"party_id": party.pk}), FORM).status_code == 404


def test_staff_accept_and_reject_from_the_queue(client, party, owner):
    first = submit_residency(party, owner)
    second = submit_residency(party, owner, country="TH")
    staff = tax_staff()
    login_with_mfa(client, staff)
    queue = client.get(reverse("tax:queue"))
    assert queue.status_code == 200
    assert f'data-testid="review-{first.pk}"'.encode() in queue.content
    client.post(reverse("tax:review", kwargs={"pk": first.pk, "action": "accept"}))
    client.post(
        reverse("tax:review", kwargs={"pk": second.pk, "action": "reject"}),
        {"reason": "Overlaps the accepted one"},
    )
    first.refresh_from_db(), second.refresh_from_db()
    assert first.status == ResidencyStatus.ACCEPTED
    assert (second.status, second.reason) == (ResidencyStatus.REJECTED, "Overlaps the accepted one")


def test_the_queue_is_staff_only(client, party, owner):
    residency = submit_residency(party, owner)
    client.force_login(owner)
    assert client.get(reverse("tax:queue")).status_code == 403
    url = reverse("tax:review", kwargs={"pk": residency.pk, "action": "accept"})
    assert client.post(url).status_code == 403
    residency.refresh_from_db()
    assert residency.status == ResidencyStatus.SUBMITTED


def test_the_payee_page_links_to_the_tax_page(client, party, owner):
    client.force_login(owner)
    page = client.get(reverse("finance:payee") + f"?party={party.pk}")
    assert page.status_code == 200
    assert reverse("tax:party", kwargs={"party_id": party.pk}).encode() in page.content
