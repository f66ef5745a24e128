"""System checks of the payout debtor accounts (``manage.py check``, run before every
command that serves or migrates).

- ``finance.E001``: ``PAYOUT_DEBTOR_ACCOUNTS`` is malformed (an invalid IBAN or BIC, a
  currency paid from two accounts …): a payout run would fail when it writes its files.
- ``finance.E002``: a production process (``DJANGO_ENV=production``, or ``check
  --deploy``) with the example account: bank files would debit someone else's account.
  ``marketplace/settings_checks.py`` refuses to import the settings in that case; this
  check says the same to ``check --deploy`` on a staging or build machine.
"""

from __future__ import annotations

from django.conf import settings
from django.core import checks

from finance.payouts.debtors import debtor_account_problems, is_example


@checks.register(checks.Tags.compatibility)
def debtor_accounts_valid(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    return [
        checks.Error(problem, hint="See finance/payouts/debtors.py.", id="finance.E001")
        for problem in debtor_account_problems(settings.PAYOUT_DEBTOR_ACCOUNTS)
    ]


def _example_in_use() -> list[checks.CheckMessage]:
    accounts = settings.PAYOUT_DEBTOR_ACCOUNTS
    if not any(is_example(a) for a in accounts if isinstance(a, dict)):
        return []
    return [
        checks.Error(
            "PAYOUT_DEBTOR_ACCOUNTS holds the textbook example account "
            "(DE89370400440532013000 / COBADEFFXXX).",
            hint="Set PAYOUT_DEBTOR_ACCOUNTS to the platform's own accounts.",
            id="finance.E002",
        )
    ]


@checks.register(checks.Tags.security)
def debtor_account_not_example(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    return _example_in_use() if settings.DJANGO_ENV == "production" else []


@checks.register(checks.Tags.security, deploy=True)
def debtor_account_not_example_deploy(app_configs=None, **kwargs) -> list[checks.CheckMessage]:
    return [] if settings.DJANGO_ENV == "production" else _example_in_use()
