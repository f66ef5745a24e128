from django.apps import AppConfig


class DisputesConfig(AppConfig):
    name = "licensing.disputes"
    label = "disputes"
    verbose_name = "Disputes and mediation"
