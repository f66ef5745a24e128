from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "marketplace.api"
    # "api" is the URL namespace of /api/v1/; the app label says what the tables hold.
    label = "api_keys"
    verbose_name = "API keys"
