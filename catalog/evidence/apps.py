from django.apps import AppConfig


class EvidenceConfig(AppConfig):
    name = "catalog.evidence"
    label = "evidence"
    verbose_name = "Evidence chain"
