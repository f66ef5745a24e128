"""Demo long royalty histories and tax residencies: built through the services, idempotent,
long enough for the valuation back-test and royalty streams, taxed at treaty rates."""

from __future__ import annotations

from decimal import Decimal

import pytest

from finance.streams.eligibility import history_sufficient
from finance.tax.models import ResidencyStatus, TaxResidency
from finance.valuation.backtest import platform_backtest
from finance.valuation.model import Assumptions
from licensing.contracts.models import Contract
from licensing.royalties.models import (
    RoyaltyPeriod,
    Statement,
    StatementStatus,
    TaxBasis,
    UsageReport,
)
from licensing.royalties.selectors import work_statement_periods
from marketplace.demo.contracts import seed_contracts
from marketplace.demo.finance import seed_fx_rates
from marketplace.demo.history import PERIODS, PLAN, seed_history, seed_history_contracts
from marketplace.demo.royalties import seed_royalties
from marketplace.demo.tax import seed_residencies, treaty_payees

pytestmark = [pytest.mark.slow, pytest.mark.django_db, pytest.mark.usefixtures("fast_pdf")]


def _seed() -> dict[str, int]:
    counts = seed_contracts()
    counts.update(seed_history_contracts())
    counts.update(seed_residencies())
    counts.update(seed_history())
    counts.update(seed_royalties())
    return counts


def _stable(counts: dict[str, int]) -> dict[str, int]:
    """The counts without "made this run" ones (a second run makes nothing)."""
    return {k: v for k, v in counts.items() if not k.endswith("_created")}


def _totals() -> dict[str, int]:
    return {
        "contracts": Contract.objects.count(),
        "reports": UsageReport.objects.count(),
        "statements": Statement.objects.count(),
        "periods": RoyaltyPeriod.objects.count(),
        "residencies": TaxResidency.objects.count(),
    }


def test_demo_history_residencies_and_backtest():
    """One test (seeding 120 works is slow): idempotency, 15 closed quarters per history
    work, accepted treaty residencies and the back-test's reach."""
    from marketplace.demo.seed import seed_catalog

    seed_catalog(works=120)  # enough registered Chinese books for PLAN
    seed_fx_rates()
    first = _seed()
    totals = _totals()
    assert first["history_contracts"] == len(PLAN)
    second = _seed()
    assert second["contracts_created"] == 0 and _stable(second) == _stable(first)
    assert _totals() == totals

    contracts = Contract.objects.filter(origin__startswith="demo:history:")
    assert contracts.count() == len(PLAN) and len(PERIODS) == 15
    for contract in contracts:
        periods = work_statement_periods(work_ids=[contract.work_id])
        assert [p for p, _start, _end in periods] == list(PERIODS)
        assert history_sufficient(periods)  # a royalty stream may be offered
        closed = Statement.objects.filter(contract=contract, status=StatementStatus.CLOSED)
        assert closed.count() >= 12 and closed.filter(earnings__gt=0).count() == closed.count()

    payees = treaty_payees()
    assert payees
    for party in payees:
        residency = TaxResidency.objects.get(party=party)
        assert residency.status == ResidencyStatus.ACCEPTED and residency.treaty_claim
        assert residency.certificate_name.endswith(".png") and residency.reviewed_by is not None
    # A Thai payer withholds the CN treaty rate (10 %), not its domestic 15 %.
    thai = Statement.objects.filter(
        contract__origin__startswith="demo:history:",
        contract__licensee__country="TH",
        payee__country="CN",
    )
    assert thai.exists()
    assert set(thai.values_list("tax_basis", "tax_rate").distinct()) == {
        (TaxBasis.TREATY, Decimal("10"))
    }

    result = platform_backtest(currency="CNY", assumptions=Assumptions(scenarios=200))
    assert len(result.works) == len(PLAN) and result.no_rate == 0
    assert result.periods == 4 * len(PLAN)
