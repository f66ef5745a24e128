"""The platform's paying accounts: chosen by currency, checked at start-up, never the example
account in production."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import SystemCheckError

from finance.payouts.checks import (
    debtor_account_not_example,
    debtor_account_not_example_deploy,
    debtor_accounts_valid,
)
from finance.payouts.debtors import (
    debtor_account_for,
    debtor_account_problems,
    debtor_accounts,
    example_debtor_accounts,
)

SG = {
    "key": "dbs-sg",
    "name": "Copyright Exchange Pte. Ltd.",
    "country": "SG",
    "account_number": "0720123456",
    "bic": "DBSSSGSG",
    "currencies": ["USD", "SGD"],
}
DE = {
    "key": "db-de",
    "name": "Copyright Exchange GmbH",
    "country": "DE",
    "iban": "DE75 5121 0800 1245 1261 99",
    "bic": "DEUTDEFFXXX",
    "currencies": ["*"],
}


def test_a_currency_is_paid_from_the_account_that_lists_it_else_from_the_catch_all():
    accounts = debtor_accounts([SG, DE])
    assert debtor_account_for(accounts, "SGD").key == "dbs-sg"
    assert debtor_account_for(accounts, "USD").key == "dbs-sg"
    assert debtor_account_for(accounts, "VND").key == "db-de"
    assert accounts[1].iban == "DE75512108001245126199"  # compacted
    assert debtor_account_for(debtor_accounts([SG]), "VND") is None


@pytest.mark.parametrize(
    ("config", "named"),
    [
        ([], "non-empty list"),
        ([SG | {"key": "DBS SG!"}], "[0].key"),
        ([SG | {"country": "XX"}], "[0].country"),
        ([DE | {"iban": "DE75512108001245126198"}], "[0].iban"),
        ([SG | {"account_number": ""}], "[0]: an iban, or an account_number"),
        ([SG | {"bic": "DBS"}], "[0].bic"),
        ([SG | {"currencies": ["USD", "XYZ"]}], "[0].currencies: 'XYZ'"),
        ([SG, DE | {"currencies": ["USD"]}], "[1].currencies: USD is already paid from 'dbs-sg'"),
        ([SG, SG | {"currencies": ["EUR"]}], "[1].key: 'dbs-sg' is used twice"),
    ],
)
def test_a_malformed_setting_is_named_by_entry_and_field(settings, config, named):
    problems = debtor_account_problems(config)
    assert any(named in p for p in problems), problems
    with pytest.raises(ImproperlyConfigured, match=re.escape(named)):
        debtor_accounts(config)
    settings.PAYOUT_DEBTOR_ACCOUNTS = config
    errors = debtor_accounts_valid()
    assert errors and {e.id for e in errors} == {"finance.E001"}


def test_a_well_formed_setting_passes_every_check(settings):
    settings.PAYOUT_DEBTOR_ACCOUNTS = [SG, DE]
    settings.DJANGO_ENV = "production"
    assert debtor_accounts_valid() == []
    assert debtor_account_not_example() == debtor_account_not_example_deploy() == []


def test_production_refuses_the_example_account_with_a_system_check_error(settings):
    settings.PAYOUT_DEBTOR_ACCOUNTS = example_debtor_accounts("Copyright Exchange")
    settings.DJANGO_ENV = "development"
    assert debtor_accounts_valid() == []  # fine on a laptop
    assert debtor_account_not_example() == []
    settings.DJANGO_ENV = "production"
    (error,) = debtor_account_not_example()
    assert error.id == "finance.E002" and error.is_serious()
    with pytest.raises(SystemCheckError, match=r"finance\.E002"):
        call_command("check")
    # Among real accounts, typed with spaces, it is still found; its bank alone is not it.
    settings.PAYOUT_DEBTOR_ACCOUNTS = [SG, DE | {"iban": "DE89 3704 0044 0532 0130 00"}]
    assert [e.id for e in debtor_account_not_example()] == ["finance.E002"]
    settings.PAYOUT_DEBTOR_ACCOUNTS = [SG, DE | {"bic": "COBADEFFXXX"}]
    assert debtor_account_not_example() == []


def test_check_deploy_names_the_example_account_on_a_staging_machine(settings):
    settings.PAYOUT_DEBTOR_ACCOUNTS = example_debtor_accounts("Copyright Exchange")
    settings.DJANGO_ENV = "staging"
    (error,) = debtor_account_not_example_deploy()
    assert error.id == "finance.E002"
