from django.apps import AppConfig


class LicensingConfig(AppConfig):
    name = "licensing"
    verbose_name = "Licensing"

    def ready(self) -> None:
        from catalog.kernel.status import register_status_provider
        from licensing.availability import exclusive_licence_flags, register_subtraction
        from licensing.encumbrances import encumbrance_conflicts

        register_status_provider(exclusive_licence_flags)
        # Seizures, pledges and disputes: their providers register with the kernel from
        # their own apps; this one subtraction reads them all.
        register_subtraction("encumbrances", encumbrance_conflicts)
