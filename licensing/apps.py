from django.apps import AppConfig


class LicensingConfig(AppConfig):
    name = "licensing"
    verbose_name = "Licensing"

    def ready(self) -> None:
        from catalog.kernel.status import register_status_provider
        from licensing.availability import exclusive_licence_flags

        register_status_provider(exclusive_licence_flags)
