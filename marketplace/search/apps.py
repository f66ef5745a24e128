from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "marketplace.search"
    label = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        from marketplace.search.tasks import connect_events

        connect_events()
