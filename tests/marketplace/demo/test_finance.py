"""marketplace.demo.finance.seed_finance: demo FX rates and paid demo invoices, idempotent."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from catalog.kernel.money import Money
from finance.fx.selectors import fx_convert
from finance.ledger.selectors import trial_balance
from finance.models import FxRate, Invoice, JournalEntry, PayeeProfile
from finance.payees.schemes import check_payee_account
from marketplace.demo.finance import DEMO_SOURCE, seed_finance
from tests.factories.catalog import make_party
from tests.finance.conftest import make_invoice

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_pdf")]


def test_seed_finance_is_idempotent(settings, celery_eager):
    settings.SUPPORTED_CURRENCIES = ["CNY", "USD", "VND", "THB"]
    invoices = [make_invoice(payee=make_party(country=c)) for c in ("VN", "CN", "FR")]
    first = seed_finance()
    # 3 currencies besides USD × the demo's months (2023–2026: the long royalty histories).
    assert first == {"fx_rates": 3 * 48, "invoices_paid": 2, "payee_profiles": 3}
    entries = JournalEntry.objects.count()
    assert seed_finance() == {"fx_rates": 0, "invoices_paid": 0, "payee_profiles": 0}
    assert JournalEntry.objects.count() == entries
    statuses = Invoice.objects.filter(pk__in=[i.pk for i in invoices]).values_list(
        "status", flat=True
    )
    assert sorted(statuses) == ["open", "paid", "paid"]
    assert set(FxRate.objects.values_list("source", flat=True)) == {DEMO_SOURCE}
    converted, rate = fx_convert(money=Money(1000, "VND"), quote="USD", on=dt.date(2026, 7, 15))
    assert rate.as_of == dt.date(2026, 7, 1) and converted > Money.zero("USD")
    assert PayeeProfile.objects.count() == 3
    for profile in PayeeProfile.objects.all():  # each in its country's scheme, usable now
        check_payee_account(profile)
        assert profile.method and profile.bank_details_usable_from < timezone.now()
    # The demo's connected accounts (acct_demo…) are onboarded: Stripe payout runs pay them.
    for profile in PayeeProfile.objects.filter(method="stripe"):
        assert profile.stripe_account_id.startswith("acct_demo") and profile.payouts_enabled
    vietnamese = PayeeProfile.objects.get(party__country="VN")
    assert vietnamese.iban == "" and vietnamese.bic == "BFTVVNVX"
    assert set(trial_balance().values()) == {0}
