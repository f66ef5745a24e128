from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "licensing.contracts"
    label = "contracts"
    verbose_name = "Contracts"
