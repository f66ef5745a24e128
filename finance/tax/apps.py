from django.apps import AppConfig


class TaxConfig(AppConfig):
    name = "finance.tax"
    label = "tax"
    verbose_name = "Tax residency and withholding certificates"
