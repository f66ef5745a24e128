"""Statistics equal figures computed by hand for a seeded set of cases; the command agrees."""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command

from finance.fx.services import fx_record
from licensing.disputes.batches import CaseOutcome, batch_create, batch_record_outcomes
from licensing.disputes.cases import case_accept, case_assign_mediator, case_fail, case_withdraw
from licensing.disputes.settlements import SettlementInput, settlement_propose, settlement_sign
from licensing.disputes.stats import dispute_stats
from tests.factories.catalog import make_party, make_user
from tests.licensing.disputes.test_disputes import file_case, make_mediator

pytestmark = pytest.mark.django_db

SH = ZoneInfo("Asia/Shanghai")


def on(month: int, day: int) -> dt.datetime:
    return dt.datetime(2026, month, day, 10, 0, tzinfo=SH)


@pytest.fixture
def seeded(fast_pdf):  # the settlement PDFs are tested elsewhere
    staff = make_user(roles=["staff"], is_staff=True)
    mediator = make_mediator()
    claimant = make_user()
    make_party(member=claimant)
    respondent = make_user(email="r@example.com")
    make_party(member=respondent, country="SG")

    def case(accepted, *, amount, currency="CNY", case_type="infringement", filed=None):
        c = file_case(
            claimant_user=claimant,
            respondent_user=respondent,
            case_type=case_type,
            claimed=amount,
            currency=currency,
            at=filed or accepted - dt.timedelta(days=1),
        )
        c = case_accept(case=c, actor=staff, at=accepted)
        return case_assign_mediator(case=c, actor=staff, mediator=mediator, at=accepted)

    def settle(c, amount, when):
        s = settlement_propose(
            case=c,
            actor=mediator,
            data=SettlementInput(amount=Decimal(amount), currency="CNY"),
            at=when,
        )
        settlement_sign(settlement=s, user=claimant, at=when)
        settlement_sign(settlement=s, user=respondent, at=when)

    a = case(on(1, 10), amount=Decimal("1000"))
    settle(a, "600", on(1, 25))
    b = case(on(1, 20), amount=Decimal("200"), currency="USD")
    case_fail(case=b, actor=mediator, at=on(2, 5))
    c = case(on(2, 1), amount=Decimal("500"), case_type="ownership")
    case_withdraw(case=c, actor=claimant, at=on(2, 11))
    d = case(on(2, 3), amount=Decimal("100"))
    e = case(on(2, 3), amount=Decimal("100"))
    batch = batch_create(mediator=mediator, cases=[d, e])
    batch_record_outcomes(
        batch=batch,
        actor=mediator,
        at=on(2, 20),
        outcomes={
            d.pk: CaseOutcome(
                "settled",
                settlement=SettlementInput(amount=Decimal("300"), currency="CNY"),
            ),
            e.pk: CaseOutcome("failed", note="No agreement"),
        },
    )
    d.refresh_from_db()
    settlement_sign(settlement=d.settlement, user=claimant, at=on(2, 20))
    settlement_sign(settlement=d.settlement, user=respondent, at=on(2, 20))
    case(on(3, 1), amount=Decimal("50"))  # F: still open, overdue since 31 March
    file_case(claimant_user=claimant, at=on(3, 5))  # G: never accepted
    h = case(on(1, 5), amount=None, case_type="ownership")
    settle(h, "0", on(2, 10))  # after its deadline (4 Feb): overdue in February
    return dt.datetime(2026, 6, 30, 12, 0, tzinfo=dt.UTC)


def test_monthly_figures_match_hand_computation(seeded):
    stats = dispute_stats(start=dt.date(2026, 1, 1), end=dt.date(2026, 6, 30), now=seeded)
    rows = {r.period: r for r in stats.by_period()}
    jan, feb, mar = rows["2026-01"], rows["2026-02"], rows["2026-03"]
    assert (jan.accepted, jan.closed, jan.settled, jan.failed, jan.withdrawn) == (3, 1, 1, 0, 0)
    assert jan.claimed == {"CNY": Decimal("1000"), "USD": Decimal("200")}
    assert jan.settled_amount == {"CNY": Decimal("600")}
    assert jan.median_days == 15 and jan.overdue == 0 and jan.batch_share == 0
    assert jan.claimed_cny is None  # no USD→CNY rate recorded: no made-up total
    assert (feb.accepted, feb.closed, feb.settled, feb.failed, feb.withdrawn) == (3, 5, 2, 2, 1)
    assert feb.claimed == {"CNY": Decimal("700")} and feb.claimed_cny == Decimal("700")
    assert feb.settled_amount == {"CNY": Decimal("300")} and feb.settled_cny == Decimal("300")
    assert feb.settlement_rate == Decimal("0.4")
    assert feb.median_days == 17  # 10, 16, 17, 17, 36
    assert feb.overdue == 1  # H closed 10 Feb, deadline 4 Feb
    assert feb.batch_share == Decimal("0.4")
    assert (mar.accepted, mar.closed, mar.overdue) == (1, 0, 1)
    assert mar.settlement_rate is None and mar.median_days is None
    total = stats.total()
    assert (total.accepted, total.closed, total.settled, total.failed, total.withdrawn) == (
        7,
        6,
        3,
        2,
        1,
    )
    assert total.settlement_rate == Decimal("0.5")
    assert total.median_days == Decimal("16.5")
    assert total.overdue == 2
    assert total.batch_share == Decimal(2) / Decimal(6)
    assert total.claimed == {"CNY": Decimal("1750"), "USD": Decimal("200")}
    assert total.settled_amount == {"CNY": Decimal("900")}
    by_type = {r.case_type: r for r in stats.totals}
    assert (by_type["infringement"].accepted, by_type["infringement"].settled) == (5, 2)
    assert (by_type["ownership"].closed, by_type["ownership"].withdrawn) == (2, 1)


def test_amounts_converted_to_cny_when_rates_exist(seeded):
    fx_record(
        base="USD", quote="CNY", as_of=dt.date(2026, 1, 1), rate=Decimal("7.1"), source="test"
    )
    stats = dispute_stats(start=dt.date(2026, 1, 1), end=dt.date(2026, 6, 30), now=seeded)
    jan = next(r for r in stats.by_period() if r.period == "2026-01")
    assert jan.claimed_cny == Decimal("2420.00")  # 1000 CNY + 200 USD × 7.1
    assert stats.total().claimed_cny == Decimal("3170.00")
    assert stats.total().settled_cny == Decimal("900")


def test_quarterly_and_yearly_roll_up(seeded):
    quarters = dispute_stats(
        start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31), period="quarter", now=seeded
    )
    q1 = next(r for r in quarters.by_period() if r.period == "2026-Q1")
    assert (q1.accepted, q1.closed, q1.settled, q1.overdue) == (7, 6, 3, 2)
    year = dispute_stats(
        start=dt.date(2026, 1, 1), end=dt.date(2026, 12, 31), period="year", now=seeded
    )
    assert [r.period for r in year.by_period()] == ["2026"]


def test_range_cuts_by_centre_local_date(seeded):
    february = dispute_stats(start=dt.date(2026, 2, 1), end=dt.date(2026, 2, 28), now=seeded)
    total = february.total()
    assert (total.accepted, total.closed) == (3, 5)


def test_command_prints_the_same_figures(seeded):
    out = io.StringIO()
    call_command(
        "dispute_stats", "--from", "2026-01-01", "--to", "2026-06-30", "--json", stdout=out
    )
    printed = json.loads(out.getvalue())
    expected = dispute_stats(start=dt.date(2026, 1, 1), end=dt.date(2026, 6, 30)).as_dict()
    assert printed == expected
    total = next(r for r in printed["totals"] if r["case_type"] == "all")
    assert total["settled"] == 3 and total["settlement_rate"] == "0.5000"
    text = io.StringIO()
    call_command("dispute_stats", "--from", "2026-01-01", "--to", "2026-06-30", stdout=text)
    assert text.getvalue().splitlines()[0].startswith("period\tcase_type\taccepted")
