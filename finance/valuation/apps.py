from django.apps import AppConfig


class ValuationConfig(AppConfig):
    name = "finance.valuation"
    label = "valuation"
    verbose_name = "Valuation and securitisation"

    def ready(self) -> None:
        from catalog.events import subscribe
        from finance.valuation.services import on_statements_closed

        # Published by the royalty engine when a statement period closes.
        subscribe("statements_closed", on_statements_closed)
