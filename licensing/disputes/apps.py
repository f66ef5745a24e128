from django.apps import AppConfig


class DisputesConfig(AppConfig):
    name = "licensing.disputes"
    label = "disputes"
    verbose_name = "Disputes and mediation"

    def ready(self) -> None:
        from catalog.kernel.encumbrances import register_encumbrances
        from catalog.kernel.status import register_status_provider
        from licensing.disputes.encumbrances import PRESENT, dispute_encumbrances
        from licensing.disputes.selectors import dispute_status_flags

        register_status_provider(dispute_status_flags)
        register_encumbrances(dispute_encumbrances, present=PRESENT)
