from django.apps import AppConfig


class ListingsConfig(AppConfig):
    name = "marketplace.listings"
    label = "listings"
    verbose_name = "Listings"

    def ready(self) -> None:
        from catalog.kernel.notifications import register_notifier
        from marketplace.listings.services import notification_create

        register_notifier(notification_create)
