"""Celery tasks of negotiations (thin: ids in, one service call)."""

from __future__ import annotations

from celery import shared_task

from marketplace.deals.conversation import message_translate, reader_languages
from marketplace.deals.models import Message, MessageTranslation
from marketplace.deals.services import offer_expire_due
from marketplace.deals.translation import get_translator


@shared_task(name="deals.expire_offers")
def expire_offers() -> int:
    """Beat: expire open offers whose validity has passed. Idempotent."""
    return offer_expire_due()


@shared_task(name="deals.translate_message")
def translate_message(message_id: int) -> int:
    """Machine-translate a message into the parties' languages, if a translator is set."""
    translator = get_translator()
    message = Message.objects.select_related("thread").filter(pk=message_id).first()
    if translator is None or message is None or not message.body:
        return 0
    done = set(message.translations.values_list("language", flat=True))
    made = 0
    for language in sorted(reader_languages(message.thread) - done - {message.language}):
        text = translator.translate(message.body, source=message.language, target=language)
        if text:
            message_translate(
                message=message,
                user=None,
                language=language,
                body=text,
                source=MessageTranslation.Source.MACHINE,
            )
            made += 1
    return made
