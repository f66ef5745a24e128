from django.apps import AppConfig


class PledgesConfig(AppConfig):
    name = "finance.pledges"
    label = "pledges"
    verbose_name = "Pledges and seizures"

    def ready(self) -> None:
        from catalog.kernel.encumbrances import register_encumbrances
        from catalog.kernel.guards import register_guard
        from catalog.kernel.status import register_status_provider
        from finance.pledges.availability import PRESENT, pledge_encumbrances, pledge_guard
        from finance.pledges.effects import redirect_seized
        from finance.pledges.encumbrances import pledge_status_flags
        from finance.pledges.selectors import redirect_pledgees
        from licensing.royalties.selectors import register_payee_redirect

        # One record, one rule: check_availability subtracts the encumbrances, the guard
        # refuses actions over the same ones (finance/pledges/availability.py).
        register_encumbrances(pledge_encumbrances, present=PRESENT)
        register_guard(pledge_guard)
        register_status_provider(pledge_status_flags)
        # A court order in force wins over a pledgee's redirect (the first provider wins).
        register_payee_redirect(redirect_seized)
        register_payee_redirect(redirect_pledgees)
