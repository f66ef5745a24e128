"""Who may save a pledge's valuation: the pledgee bank, examiners and staff — not the pledgor."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from finance.valuation.model import Assumptions
from finance.valuation.services import valuation_save
from tests.factories.pledges import Holder, make_bank, make_pledge
from tests.mfa import login_with_mfa

pytestmark = pytest.mark.django_db

PARAMS = {
    "discount_rate": "0.05",  # a low rate: a high value, a low loan-to-value
    "discount_rate_sd": "0.02",
    "horizon_years": "10",
    "periods_per_year": "4",
    "min_fit_points": "4",
    "min_annual_decay": "0",
    "decay_sd_multiplier": "1",
    "scenarios": "200",
    "seed": "7",
    "history_source": "engine",
}


@pytest.fixture
def pledge_setup():
    holder = Holder()
    bank_user, bank = make_bank()
    pledge = make_pledge(holder, (bank_user, bank), works=[holder.work()], amount="100000.00")
    return holder, bank_user, pledge


def test_pledgor_cannot_save_the_assumptions(client, pledge_setup):
    holder, _bank_user, pledge = pledge_setup
    client.force_login(holder.user)
    page = client.get(f"/en/valuation/pledges/{pledge.pk}/")
    assert page.status_code == 200 and "Save this valuation" not in page.content.decode()
    response = client.post(f"/en/valuation/pledges/{pledge.pk}/", PARAMS, follow=True)
    assert "Only the pledgee bank and examiners" in response.content.decode()
    assert not pledge.valuations.exists()
    with pytest.raises(PermissionDenied):
        valuation_save(
            works=list(pledge.works.all()),
            currency="CNY",
            assumptions=Assumptions(scenarios=200, min_fit_points=4),
            user=holder.user,
            pledge=pledge,
        )
    assert not pledge.valuations.exists()


def test_pledgee_saves_the_assumptions(client, pledge_setup):
    _holder, bank_user, pledge = pledge_setup
    login_with_mfa(client, bank_user)  # banks need a second factor (catalog.kernel.mfa)
    assert "Save this valuation" in client.get(f"/en/valuation/pledges/{pledge.pk}/").text
    client.post(f"/en/valuation/pledges/{pledge.pk}/", PARAMS)
    saved = pledge.valuations.get()
    assert saved.created_by == bank_user
    assert saved.inputs["assumptions"]["discount_rate"] in ("0.05", 0.05)
