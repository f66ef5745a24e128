from django.apps import AppConfig


class PledgesConfig(AppConfig):
    name = "finance.pledges"
    label = "pledges"
    verbose_name = "Pledges and seizures"
