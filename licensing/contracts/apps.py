from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "licensing.contracts"
    label = "contracts"
    verbose_name = "Contracts"

    def ready(self) -> None:
        from catalog.kernel import events
        from finance.events import InvoiceSettlementChanged
        from licensing.contracts import tasks  # noqa: F401  (registers the beat task)
        from licensing.contracts.billing import on_invoice_event

        events.subscribe(InvoiceSettlementChanged, on_invoice_event)
