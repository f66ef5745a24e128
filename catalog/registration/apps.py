from django.apps import AppConfig


class RegistrationConfig(AppConfig):
    name = "catalog.registration"
    label = "registration"
    verbose_name = "Copyright registration"

    def ready(self) -> None:
        from catalog.kernel.status import register_status_provider
        from catalog.registration.selectors import registration_status_flags

        register_status_provider(registration_status_flags)
