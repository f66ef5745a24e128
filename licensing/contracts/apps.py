from django.apps import AppConfig


class ContractsConfig(AppConfig):
    name = "licensing.contracts"
    label = "contracts"
    verbose_name = "Contracts"

    def ready(self) -> None:
        from catalog import events
        from licensing.contracts import tasks  # noqa: F401  (registers the beat task)
        from licensing.contracts.billing import on_invoice_event

        for name in ("invoice_paid", "invoice_refunded"):
            events.subscribe(name, on_invoice_event)
