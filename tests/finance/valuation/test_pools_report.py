"""Pool report from the database: eligibility, concentration breaches, exports, visibility."""

from __future__ import annotations

import datetime as dt
import io
import math
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from finance.pledges.services import seizure_record
from finance.valuation import charts, exports
from finance.valuation.poolreport import pool_report
from finance.valuation.pools import pool_create, pools_visible_to
from tests.factories.pledges import Holder, make_bank, make_court
from tests.mfa import login_with_mfa

pytestmark = pytest.mark.django_db


def _history(works, n=8):
    days = [dt.date(2024 + i // 4, 1 + 3 * (i % 4), 1) for i in range(n)]
    return {
        w.pk: [
            (d, Decimal(round(5000 * (k + 1) * math.exp(-0.04 * i), 2))) for i, d in enumerate(days)
        ]
        for k, w in enumerate(works)
    }


@pytest.fixture
def pool_setup():
    first, second = Holder(), Holder()
    works = [first.work(), first.work(), second.work(work_type="music")]
    bank_user, bank = make_bank()
    other_user, other = make_bank(name="Ruang Khao Bank", country="TH")
    pool = pool_create(
        user=bank_user,
        name="Royalty ABS 2026-1",
        currency="CNY",
        trustee=bank,
        participants=[bank],
        works=works,
        criteria={"max_originator_share": 0.5, "min_history_periods": 4},
        structure={"stress_scenarios": 200, "horizon_years": 5},
    )
    return pool, works, (bank_user, bank), (other_user, other)


def test_eligibility_concentration_and_waterfall(pool_setup):
    pool, works, _, _ = pool_setup
    court_user, court = make_court()
    seizure_record(
        user=court_user,
        court=court,
        case_number="(2026)沪73民初1号",
        works=[works[0]],
        starts_on=dt.date.today(),
    )
    history = _history(works)
    history[works[2].pk] = history[works[2].pk][:2]  # too short
    report = pool_report(pool, history=history, today=dt.date(2026, 1, 15))
    reasons = {e.work_id: e.reasons for e in report.eligibility}
    assert reasons[works[0].pk] == ["seized"]
    assert reasons[works[1].pk] == []
    assert "2 of 4 history periods" in reasons[works[2].pk][0]
    # A single eligible work: its originator holds 100 % > 50 %.
    assert [b["dimension"] for b in report.breaches] == ["originator", "work_type", "territory"]
    assert len(report.periods) == 20
    first = report.periods[0]
    assert first["collections"] > 0 and first["senior_interest"] > 0
    senior, mezz, equity = report.tranches
    assert senior["el_stress"] <= mezz["el_stress"] <= equity["el_stress"]
    assert report.run.pool_value == pytest.approx(sum(t["size"] for t in report.tranches), rel=1e-9)
    svg = charts.waterfall_chart(report.periods, "CNY")
    assert svg.startswith("<svg") and "Senior principal" in svg
    csv_text = exports.waterfall_csv(report)
    assert csv_text.splitlines()[0].startswith("period,start,collections,actual")
    assert len(csv_text.splitlines()) == 21
    book = load_workbook(io.BytesIO(exports.waterfall_xlsx(report)))
    assert book.worksheets[0].max_row == 21 and book.worksheets[1].max_row == 4


def test_pools_are_visible_to_participants_only(pool_setup, client):
    pool, _, (bank_user, _), (other_user, _) = pool_setup
    assert list(pools_visible_to(bank_user)) == [pool]
    assert list(pools_visible_to(other_user)) == []
    login_with_mfa(client, other_user)  # banks need a second factor (catalog.kernel.mfa)
    assert client.get(f"/en/valuation/pools/{pool.pk}/").status_code == 404
    assert client.get(f"/en/valuation/pools/{pool.pk}/waterfall.csv").status_code == 404
    login_with_mfa(client, bank_user)
    assert client.get(f"/en/valuation/pools/{pool.pk}/").status_code == 200
    response = client.get(f"/en/valuation/pools/{pool.pk}/waterfall.xlsx")
    assert response.status_code == 200 and b"".join(response.streaming_content)[:2] == b"PK"


def test_live_pool_shows_actual_collections_from_the_ledger(pool_setup):
    from finance.ledger.services import account_for, journal_post
    from finance.valuation.pools import pool_go_live

    pool, works, (bank_user, bank), _ = pool_setup
    pool = pool_go_live(pool=pool, user=bank_user, live_from=dt.date(2026, 1, 1))
    escrow = account_for(party=bank, kind="escrow", currency="CNY")
    cash = account_for(party=None, kind="cash_in_transit", currency="CNY")
    for key, day, amount in (
        ("a", dt.date(2026, 2, 10), "1200.00"),
        ("b", dt.date(2026, 3, 5), "300.00"),
        ("c", dt.date(2026, 5, 1), "700.00"),
    ):
        journal_post(
            memo="pool collection",
            lines=[(cash, Decimal(amount)), (escrow, -Decimal(amount))],
            idempotency_key=f"test-pool-{key}",
            effective_on=day,
        )
    report = pool_report(pool, history=_history(works))
    assert report.periods[0]["actual"] == pytest.approx(1500.0)
    assert report.periods[1]["actual"] == pytest.approx(700.0)
    assert report.periods[2]["actual"] is None
