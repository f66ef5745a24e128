from django.apps import AppConfig


class CatalogConfig(AppConfig):
    name = "catalog"
    verbose_name = "Catalog and registration"

    def ready(self) -> None:
        # Every process (web, Celery, commands) loads this app: the Pillow limit on
        # decoded pixels must hold in all of them, not only where uploads are checked.
        from catalog.kernel.uploads import configure_pillow

        configure_pillow()
