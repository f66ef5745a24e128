from django.apps import AppConfig


class RoyaltiesConfig(AppConfig):
    name = "licensing.royalties"
    label = "royalties"
    verbose_name = "Usage and royalties"
