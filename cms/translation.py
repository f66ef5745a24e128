from modeltranslation.translator import TranslationOptions, register

from cms.models import HelpPage, HomePage, NewsIndexPage, NewsPage


@register(HomePage)
class HomePageTranslation(TranslationOptions):
    fields = ("headline", "intro", "body")


@register(NewsIndexPage)
class NewsIndexPageTranslation(TranslationOptions):
    fields = ("intro",)


@register(NewsPage)
class NewsPageTranslation(TranslationOptions):
    fields = ("summary", "body")


@register(HelpPage)
class HelpPageTranslation(TranslationOptions):
    fields = ("body",)
