"""Stored valuations, LTV of a pledge and the alert after a new period's royalties."""

from __future__ import annotations

import datetime as dt
import math
from decimal import Decimal

import pytest

from finance.valuation.model import Assumptions
from finance.valuation.services import pledge_ltv_recompute, valuation_save
from marketplace.listings.models import Notification
from tests.factories.pledges import Holder, make_bank, make_pledge
from tests.mfa import login_with_mfa

pytestmark = pytest.mark.django_db


def _history(work, level):
    days = [dt.date(2024 + i // 4, 1 + 3 * (i % 4), 1) for i in range(8)]
    return {
        work.pk: [(d, Decimal(round(level * math.exp(-0.05 * i), 2))) for i, d in enumerate(days)]
    }


def test_ltv_alert_when_a_new_period_lowers_the_value():
    holder = Holder()
    bank_user, bank = make_bank()
    work = holder.work()
    pledge = make_pledge(holder, (bank_user, bank), works=[work], amount="100000.00")
    a = Assumptions(scenarios=200, min_fit_points=4)
    first = valuation_save(
        works=[work],
        currency="CNY",
        assumptions=a,
        user=bank_user,
        pledge=pledge,
        history=_history(work, 20000),
    )
    assert first.ltv_p50 == (Decimal("100000") / first.p50).quantize(Decimal("0.000001"))
    assert first.ltv_p50 < pledge.ltv_threshold
    again, crossed = pledge_ltv_recompute(
        pledge_id=pledge.pk, reason="statement_closed:1", history=_history(work, 20000)
    )
    assert not crossed and again.p50 == first.p50  # same inputs and seed → same value
    low, crossed = pledge_ltv_recompute(
        pledge_id=pledge.pk, reason="statement_closed:2", history=_history(work, 1000)
    )
    assert crossed and low.ltv_p50 > pledge.ltv_threshold
    note = Notification.objects.get(user=bank_user, kind="pledge_ltv")
    assert pledge.number in note.text
    _, crossed = pledge_ltv_recompute(
        pledge_id=pledge.pk, reason="statement_closed:3", history=_history(work, 900)
    )
    assert not crossed  # still above: no repeated alert


@pytest.mark.slow
def test_report_page_reproduces_the_saved_valuation_and_saves_edits(client):
    holder = Holder()
    bank_user, bank = make_bank()
    work = holder.work()
    pledge = make_pledge(holder, (bank_user, bank), works=[work], amount="100000.00")
    saved = valuation_save(
        works=[work],
        currency="CNY",
        user=bank_user,
        pledge=pledge,
        assumptions=Assumptions(scenarios=200, min_fit_points=4, seed=7),
        history=_history(work, 20000),
    )
    login_with_mfa(client, bank_user)  # banks need a second factor (catalog.kernel.mfa)
    page = client.get(f"/en/valuation/pledges/{pledge.pk}/")
    assert page.context["result"].p50 == pytest.approx(float(saved.p50), abs=0.01)
    params = {
        "discount_rate": "0.2",
        "discount_rate_sd": "0.02",
        "horizon_years": "10",
        "periods_per_year": "4",
        "min_fit_points": "4",
        "min_annual_decay": "0",
        "decay_sd_multiplier": "1",
        "scenarios": "200",
        "seed": "7",
        "history_source": "saved",
    }
    dearer = client.get(f"/en/valuation/pledges/{pledge.pk}/", params)
    assert dearer.context["result"].p50 < float(saved.p50)  # a higher rate, a lower value
    client.post(f"/en/valuation/pledges/{pledge.pk}/", params)
    assert pledge.valuations.count() == 2 and pledge.valuations.first().p50 < saved.p50
    pdf = client.get(f"/en/valuation/pledges/{pledge.pk}/report.pdf", {"lang": "zh-hans"})
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content)[:4] == b"%PDF"
    outsider, _ = make_bank(name="Ruang Khao Bank", country="TH")
    login_with_mfa(client, outsider)
    assert client.get(f"/en/valuation/pledges/{pledge.pk}/").status_code == 404
