"""Thread messages: original kept, human and machine translations, evidence-hashed files."""

from __future__ import annotations

import hashlib

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from catalog.evidence.models import EvidenceEntry
from marketplace.deals.conversation import message_post, message_translate
from marketplace.deals.models import Attachment, Message, MessageTranslation
from marketplace.deals.tasks import translate_message
from marketplace.listings.models import Notification
from tests.factories.catalog import make_party, make_user
from tests.marketplace.deals.test_deals import Deal
from tests.mfa import login_with_mfa


class UpperTranslator:
    """Stands in for a machine-translation service in tests (DEALS_TRANSLATOR)."""

    def translate(self, text: str, *, source: str, target: str) -> str | None:
        return None if target == "th" else f"[{source}→{target}] {text.upper()}"


@pytest.fixture
def deal(db, private_root):
    return Deal()


def _post(deal, body="Xin chào, chúng tôi gửi hợp đồng mẫu.", **kw):
    return message_post(
        thread=deal.thread,
        user=deal.buyer_user,
        party=deal.buyer,
        body=body,
        language="vi",
        **kw,
    )


def test_message_keeps_original_and_notifies_the_other_party(deal):
    message = _post(deal)
    assert message.body.startswith("Xin chào") and message.language == "vi"
    assert Notification.objects.filter(user=deal.seller_user, kind="deal_message").exists()
    assert not Notification.objects.filter(user=deal.buyer_user, kind="deal_message").exists()


def test_empty_message_is_refused(deal):
    with pytest.raises(ValidationError) as info:
        _post(deal, body="  ")
    assert "body" in info.value.message_dict and not Message.objects.exists()


def test_outsider_cannot_post(deal):
    outsider = make_user()
    party = make_party(member=outsider)
    with pytest.raises(PermissionDenied):
        message_post(thread=deal.thread, user=outsider, party=party, body="hi", language="en")


def test_attachment_is_hashed_into_the_evidence_chain_and_private(deal, client):
    data = b"%PDF-1.4 sample contract terms"
    message = _post(
        deal,
        attachments=[SimpleUploadedFile("mau-hop-dong.pdf", data, "application/pdf")],
    )
    attachment = Attachment.objects.get(message=message)
    digest = hashlib.sha256(data).hexdigest()
    entry = EvidenceEntry.objects.get(seq=attachment.evidence_id)
    assert attachment.sha256 == entry.sha256 == digest
    assert entry.subject == f"deals.message:{message.pk}" and entry.kind == "deals.attachment"
    url = reverse("deals:attachment", kwargs={"pk": attachment.pk})
    client.force_login(deal.seller_user)
    response = client.get(url)
    assert response.status_code == 200 and b"".join(response.streaming_content) == data
    outsider = make_user()
    make_party(member=outsider)
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    login_with_mfa(client, make_user(is_staff=True))
    assert client.get(url).status_code == 200


def test_human_translation_is_shown_with_the_original(deal, client):
    message = _post(deal)
    message_translate(
        message=message, user=deal.seller_user, language="zh-hans", body="你好，我们发来合同样本。"
    )
    client.force_login(deal.seller_user)
    page = client.get(f"/zh-hans/deals/{deal.thread.pk}/")
    view = page.context["thread_messages"][0]
    assert view.translation.body.startswith("你好") and view.message.body.startswith("Xin chào")
    html = page.content.decode()
    assert "你好，我们发来合同样本。" in html and "Xin chào" in html  # original behind the toggle
    # The buyer reads Vietnamese: the original only.
    assert (
        client.get(f"/vi/deals/{deal.thread.pk}/").context["thread_messages"][0].translation is None
    )


def test_translation_by_outsider_refused_and_staff_allowed(deal):
    message = _post(deal)
    outsider = make_user()
    with pytest.raises(PermissionDenied):
        message_translate(message=message, user=outsider, language="en", body="Hello")
    staff = make_user(is_staff=True)
    t = message_translate(message=message, user=staff, language="en", body="Hello")
    assert t.source == "human"
    with pytest.raises(ValidationError):
        message_translate(message=message, user=staff, language="vi", body="same language")


def test_translation_through_the_page(deal, client):
    message = _post(deal)
    client.force_login(deal.seller_user)
    client.post(
        reverse("deals:translate", kwargs={"pk": message.pk}),
        {"language": "en", "body": "Hello, we send a model contract."},
    )
    assert MessageTranslation.objects.get(message=message).body.startswith("Hello")


def test_no_translator_by_default(deal):
    message = _post(deal)
    assert translate_message(message.pk) == 0


def test_pluggable_machine_translator(deal, settings):
    settings.DEALS_TRANSLATOR = "tests.marketplace.deals.test_messages.UpperTranslator"
    message = _post(deal, body="xin chào")
    made = translate_message(message.pk)
    # Readers: seller zh-hans and buyer vi (the original language); "th" is not asked for.
    assert made == 1
    t = MessageTranslation.objects.get(message=message)
    assert (t.language, t.source, t.body) == ("zh-hans", "machine", "[vi→zh-hans] XIN CHÀO")
    assert translate_message(message.pk) == 0  # idempotent
    # A human translation replaces the machine one; the machine never overwrites a human.
    message_translate(message=message, user=deal.seller_user, language="zh-hans", body="你好")
    message_translate(
        message=message, user=None, language="zh-hans", body="machine again", source="machine"
    )
    assert MessageTranslation.objects.get(message=message).body == "你好"
