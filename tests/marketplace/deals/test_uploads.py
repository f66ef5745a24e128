"""Negotiation attachments: all files are checked before the first is stored."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalog.evidence.models import EvidenceEntry
from marketplace.deals.conversation import message_post
from marketplace.deals.models import Attachment, Message
from tests.factories.uploads import HTML, PDF, isolate_storage, png_bytes, stored_files
from tests.marketplace.deals.test_deals import Deal


@pytest.fixture
def storage(settings, tmp_path):
    return isolate_storage(settings, tmp_path / "storage")


@pytest.fixture
def deal(db, storage):
    return Deal()


def _post(deal, attachments):
    return message_post(
        thread=deal.thread,
        user=deal.buyer_user,
        party=deal.buyer,
        body="Hợp đồng mẫu đính kèm.",
        language="vi",
        attachments=attachments,
    )


def test_an_oversize_third_file_stores_none_of_the_three(settings, storage, deal):
    settings.UPLOAD_LIMITS = {**settings.UPLOAD_LIMITS, "deal_attachment": 4096}
    before, entries = stored_files(storage), EvidenceEntry.objects.count()
    files = [
        SimpleUploadedFile("terms.pdf", PDF),
        SimpleUploadedFile("cover.png", png_bytes()),
        SimpleUploadedFile("scan.pdf", PDF + b" " * 8192),
    ]
    with pytest.raises(ValidationError) as caught:
        _post(deal, files)
    message = " ".join(caught.value.message_dict["attachments"]).replace("\xa0", " ")
    assert message.startswith("“scan.pdf” is ")
    assert message.endswith("the limit for negotiation attachments is 4.0 KB.")
    assert not Message.objects.exists() and not Attachment.objects.exists()
    assert EvidenceEntry.objects.count() == entries and stored_files(storage) == before


def test_html_named_pdf_is_refused_and_the_stored_type_is_the_detected_one(client, deal):
    client.force_login(deal.buyer_user)
    response = client.post(
        reverse("deals:message_send", kwargs={"pk": deal.thread.pk}),
        {
            "body": "Xem tệp.",
            "language": "vi",
            "attachments": [SimpleUploadedFile("offer.pdf", HTML, "application/pdf")],
        },
        follow=True,
    )
    assert "“offer.pdf” is an HTML document; negotiation attachments may be: PDF" in (
        response.content.decode()
    )
    assert not Message.objects.exists()
    _post(deal, [SimpleUploadedFile("offer.pdf", PDF, content_type="text/html")])
    assert Attachment.objects.get().content_type == "application/pdf"
