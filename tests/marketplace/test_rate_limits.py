"""Rate limits (catalog.kernel.ratelimit): past the rate in settings a write gets a 429 with
Retry-After and a translated page, and creates nothing."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation

from marketplace.deals.models import Attachment, Message
from marketplace.listings.models import Inquiry
from tests.marketplace.deals.test_deals import Deal

pytestmark = pytest.mark.django_db


@pytest.fixture
def deal(db, private_root):
    cache.clear()  # counts of earlier tests in this process
    return Deal()


def _inquire(client, deal, n):
    return client.post(
        reverse("listings:inquire", args=[deal.listing.pk]),
        {
            "buyer": deal.buyer.pk,
            "right_types": ["translation"],
            "territories": "VN",
            "languages": "vi",
            "message": f"Inquiry {n}",
        },
    )


def test_the_inquiry_past_the_rate_gets_429_and_creates_nothing(client, deal, settings):
    settings.RATE_LIMIT_INQUIRIES = "2/d"
    client.force_login(deal.buyer_user)
    before = Inquiry.objects.count()
    assert [_inquire(client, deal, n).status_code for n in (1, 2)] == [302, 302]
    assert Inquiry.objects.count() == before + 2
    response = _inquire(client, deal, 3)
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 24 * 3600
    assert "Nothing was saved." in response.text
    assert Inquiry.objects.count() == before + 2


def test_the_limit_page_speaks_the_users_language(client, deal, settings):
    settings.RATE_LIMIT_INQUIRIES = "1/d"
    client.force_login(deal.buyer_user)
    with translation.override("vi"):
        url = reverse("listings:inquire", args=[deal.listing.pk])
    assert url.startswith("/vi/")
    client.post(url)
    response = client.post(url)
    assert response.status_code == 429 and 'lang="vi"' in response.text


def test_messages_past_the_rate_are_refused(client, deal, settings):
    settings.RATE_LIMIT_MESSAGES = "2/d"
    client.force_login(deal.buyer_user)
    url = reverse("deals:message_send", args=[deal.thread.pk])
    statuses = [client.post(url, {"body": f"Tin nhắn {n}"}).status_code for n in range(3)]
    assert statuses == [302, 302, 429]
    assert Message.objects.filter(thread=deal.thread).count() == 2


def test_uploads_count_only_messages_with_files(client, deal, settings):
    settings.RATE_LIMIT_MESSAGES = "10/d"
    settings.RATE_LIMIT_UPLOADS = "1/d"
    client.force_login(deal.buyer_user)
    url = reverse("deals:message_send", args=[deal.thread.pk])

    def pdf(n):
        return SimpleUploadedFile(
            f"mau-{n}.pdf", b"%PDF-1.4 sample " + bytes([n]), "application/pdf"
        )

    assert client.post(url, {"body": "A", "attachments": [pdf(1)]}).status_code == 302
    assert client.post(url, {"body": "B"}).status_code == 302  # no file: not an upload
    assert client.post(url, {"body": "C", "attachments": [pdf(2)]}).status_code == 429
    assert Attachment.objects.filter(message__thread=deal.thread).count() == 1
    assert Message.objects.filter(thread=deal.thread).count() == 2
