from django.apps import AppConfig


class DealsConfig(AppConfig):
    name = "marketplace.deals"
    label = "deals"
    verbose_name = "Negotiation"
