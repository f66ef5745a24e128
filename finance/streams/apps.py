from django.apps import AppConfig


class StreamsConfig(AppConfig):
    name = "finance.streams"
    label = "streams"
    verbose_name = "Royalty-stream sales"

    def ready(self) -> None:
        from catalog.kernel.events import subscribe
        from finance.events import InvoicePaid
        from finance.streams.services import on_invoice_paid
        from finance.streams.splits import stream_splits
        from licensing.royalties.selectors import register_payee_split

        # The buyer of a stream becomes a payee of the holder's share (the royalty close asks
        # the registry, never finance), and the winner's paid invoice settles the offer.
        register_payee_split(stream_splits)
        subscribe(InvoicePaid, on_invoice_paid)
