from django.apps import AppConfig


class ValuationConfig(AppConfig):
    name = "finance.valuation"
    label = "valuation"
    verbose_name = "Valuation and securitisation"
