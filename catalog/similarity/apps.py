from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SimilarityConfig(AppConfig):
    name = "catalog.similarity"
    label = "similarity"
    verbose_name = _("Similarity pre-check")
