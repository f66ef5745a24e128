"""A court order's document is checked by content and size before the order is stored."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalog.registration.models import Application
from finance.pledges.models import Seizure
from tests.factories.pledges import Holder, make_court
from tests.factories.uploads import PDF, SVG, isolate_storage, stored_files
from tests.mfa import login_with_mfa

pytestmark = pytest.mark.django_db


@pytest.fixture
def storage(settings, tmp_path):
    return isolate_storage(settings, tmp_path / "storage")


@pytest.fixture
def court_form(storage, client):
    work = Holder().work()
    court_user, court = make_court()
    login_with_mfa(client, court_user)  # a court user needs a second factor

    def post(document: SimpleUploadedFile):
        return client.post(
            reverse("pledges:seizure_new"),
            {
                "court": court.pk,
                "case_number": "(2026)京0491民初1234号",
                "works": Application.objects.get(work=work).number,
                "starts_on": dt.date.today().isoformat(),
                "document": document,
            },
        )

    return post


def test_an_svg_court_order_is_refused_and_nothing_is_recorded(storage, court_form):
    before = stored_files(storage)
    response = court_form(SimpleUploadedFile("order.pdf", SVG, "application/pdf"))
    assert response.status_code == 200
    assert "“order.pdf” is an SVG image; court orders may be: PDF, PNG, JPEG, TIFF." in (
        response.content.decode()
    )
    assert not Seizure.objects.exists() and stored_files(storage) == before


def test_an_oversize_court_order_is_refused_with_the_limit(settings, storage, court_form):
    settings.UPLOAD_LIMITS = {**settings.UPLOAD_LIMITS, "court_order": 1024}
    before = stored_files(storage)
    response = court_form(SimpleUploadedFile("order.pdf", PDF + b" " * 4096))
    assert "the limit for court orders is 1.0 KB." in response.content.decode().replace("\xa0", " ")
    assert not Seizure.objects.exists() and stored_files(storage) == before
    assert court_form(SimpleUploadedFile("order.pdf", PDF)).status_code == 302
    assert Seizure.objects.get().document and len(stored_files(storage)) == len(before) + 1
