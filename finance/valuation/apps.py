from django.apps import AppConfig


class ValuationConfig(AppConfig):
    name = "finance.valuation"
    label = "valuation"
    verbose_name = "Valuation and securitisation"

    def ready(self) -> None:
        from catalog.kernel.events import subscribe
        from finance.valuation.services import on_statements_closed
        from licensing.events import StatementsClosed

        subscribe(StatementsClosed, on_statements_closed)
