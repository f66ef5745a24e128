from django.apps import AppConfig


class FinanceConfig(AppConfig):
    name = "finance"
    verbose_name = "Finance"

    def ready(self) -> None:
        from finance.payouts import checks  # noqa: F401 (registers the system checks)
