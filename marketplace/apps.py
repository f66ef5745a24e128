from django.apps import AppConfig


class MarketplaceConfig(AppConfig):
    name = "marketplace"
    verbose_name = "Marketplace"

    def ready(self) -> None:
        from allauth.mfa.signals import authenticator_added

        from marketplace.account_adapter import record_enrolment_as_mfa

        authenticator_added.connect(record_enrolment_as_mfa, dispatch_uid="marketplace-mfa-enrol")
