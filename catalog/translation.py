from modeltranslation.translator import TranslationOptions, register

from catalog.models import Party, Work


@register(Party)
class PartyTranslation(TranslationOptions):
    fields = ("name", "description")


@register(Work)
class WorkTranslation(TranslationOptions):
    fields = ("title", "synopsis")
