"""Writes of thread messages: post (with attachments), translate."""

from __future__ import annotations

import hashlib
import os

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from catalog.evidence.services import evidence_deposit_file
from catalog.kernel.uploads import FileType, UploadKind, validate_upload
from catalog.models import Membership, Party
from catalog.services import validate_language
from marketplace.deals.models import Attachment, Message, MessageTranslation, Thread
from marketplace.deals.notify import notify_parties
from marketplace.deals.permissions import can_view, require_member

MAX_ATTACHMENTS = 5


def _save_attachment(message: Message, upload: UploadedFile, detected: FileType) -> Attachment:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    attachment = Attachment(
        message=message,
        original_name=os.path.basename(upload.name)[:255],
        content_type=detected.mime,  # what the bytes are, not what the browser said
        size=upload.size,
        sha256=digest.hexdigest(),
        evidence_id=0,
    )
    attachment.file.save(upload.name, upload, save=False)
    entry = evidence_deposit_file(
        kind="deals.attachment",
        subject=f"deals.message:{message.pk}",
        storage_name=attachment.file.name,
        metadata={"thread": message.thread_id, "name": attachment.original_name},
    )
    if entry.sha256 != attachment.sha256:  # the stored bytes must be the uploaded bytes
        raise ValidationError({"attachments": _("The attachment changed while it was stored.")})
    attachment.evidence_id = entry.seq
    attachment.save()
    return attachment


@transaction.atomic
def message_post(
    *,
    thread: Thread,
    user,
    party: Party,
    body: str,
    language: str,
    attachments: list[UploadedFile] | None = None,
) -> Message:
    require_member(thread, user, party)
    body = (body or "").strip()
    attachments = attachments or []
    if not body and not attachments:
        raise ValidationError({"body": _("Write a message or attach a file.")})
    if len(attachments) > MAX_ATTACHMENTS:
        raise ValidationError({"attachments": _("Attach at most five files to one message.")})
    language = validate_language(language, field="language")
    # Every file is checked before the first is stored: a refused third file must not
    # leave the first two in storage behind a rolled-back message.
    detected = [
        validate_upload(kind=UploadKind.DEAL_ATTACHMENT, file=upload, field="attachments")
        for upload in attachments
    ]
    message = Message.objects.create(
        thread=thread, author=user, party=party, language=language, body=body
    )
    for upload, file_type in zip(attachments, detected, strict=True):
        _save_attachment(message, upload, file_type)
    notify_parties(
        thread=thread,
        kind="deal_message",
        party_ids=[thread.other_party_id(party.pk)],
        actor_party_name=party.name,
    )
    transaction.on_commit(lambda: _enqueue_translation(message.pk))
    return message


def _enqueue_translation(message_id: int) -> None:
    from marketplace.deals.tasks import translate_message  # tasks import this module

    translate_message.delay(message_id)


@transaction.atomic
def message_translate(
    *, message: Message, user, language: str, body: str, source: str = "human"
) -> MessageTranslation:
    """Add (or, for a human, replace) the translation of ``message`` into ``language``."""
    if user is not None and not can_view(message.thread, user):
        raise PermissionDenied(_("Only the two parties and staff can translate messages."))
    language = validate_language(language, field="language")
    body = (body or "").strip()
    if not body:
        raise ValidationError({"body": _("Write the translation.")})
    if language == message.language:
        raise ValidationError({"language": _("The message is already written in this language.")})
    existing = (
        MessageTranslation.objects.select_for_update()
        .filter(message=message, language=language)
        .first()
    )
    if existing is not None:
        if source == MessageTranslation.Source.MACHINE:
            return existing  # a machine never overwrites; idempotent re-runs
        existing.body, existing.source, existing.translator = body, source, user
        existing.save(update_fields=["body", "source", "translator"])
        return existing
    try:
        with transaction.atomic():
            return MessageTranslation.objects.create(
                message=message, language=language, body=body, source=source, translator=user
            )
    except IntegrityError:  # a concurrent translation won the race
        return MessageTranslation.objects.get(message=message, language=language)


def reader_languages(thread: Thread) -> set[str]:
    """Preferred languages of both parties' members: what a translator should produce."""
    return set(
        Membership.objects.filter(party_id__in=[thread.buyer_id, thread.seller_id])
        .values_list("user__preferred_language", flat=True)
        .distinct()
    )
