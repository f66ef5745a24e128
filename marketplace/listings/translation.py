from modeltranslation.translator import TranslationOptions, register

from marketplace.listings.models import Listing


@register(Listing)
class ListingTranslation(TranslationOptions):
    fields = ("headline", "description")
