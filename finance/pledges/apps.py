from django.apps import AppConfig


class PledgesConfig(AppConfig):
    name = "finance.pledges"
    label = "pledges"
    verbose_name = "Pledges and seizures"

    def ready(self) -> None:
        from catalog.kernel.guards import register_guard
        from catalog.kernel.status import register_status_provider
        from finance.pledges.encumbrances import pledge_guard, pledge_status_flags
        from finance.pledges.selectors import redirect_pledgees
        from licensing.royalties.selectors import register_payee_redirect

        register_guard(pledge_guard)
        register_status_provider(pledge_status_flags)
        register_payee_redirect(redirect_pledgees)
