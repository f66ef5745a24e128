from django.apps import AppConfig


class I18nConfig(AppConfig):
    name = "i18n"
    label = "i18n"
    verbose_name = "Languages and formatting"

    def ready(self) -> None:
        from i18n import fallback

        fallback.install()
