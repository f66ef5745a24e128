from django.apps import AppConfig


class DealsConfig(AppConfig):
    name = "marketplace.deals"
    label = "deals"
    verbose_name = "Negotiation"

    def ready(self) -> None:
        from catalog.events import WorkFrozen, WorkUnfrozen
        from catalog.kernel import events
        from marketplace.deals.suspension import on_work_frozen, on_work_unfrozen

        # In the order's own transaction: offers stop (and resume) in the commit that
        # records (or lifts) it.
        events.subscribe(WorkFrozen, on_work_frozen, in_transaction=True)
        events.subscribe(WorkUnfrozen, on_work_unfrozen, in_transaction=True)
