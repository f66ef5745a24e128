"""The valuation report says what it is computed from; a missing or invalid input is an
error on the page, never figures silently computed from defaults."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from finance.valuation.inputs import pledge_report_inputs
from finance.valuation.model import Assumptions
from finance.valuation.services import pledge_valuation_save
from tests.factories.pledges import Holder, make_bank, make_pledge
from tests.mfa import login_with_mfa

pytestmark = pytest.mark.django_db

PARAMS = {
    "discount_rate": "0.08",
    "discount_rate_sd": "0.02",
    "horizon_years": "10",
    "periods_per_year": "4",
    "min_fit_points": "4",
    "min_annual_decay": "0",
    "decay_sd_multiplier": "1",
    "scenarios": "100",
    "seed": "7",
    "history_source": "engine",
}


@pytest.fixture
def pledge_and_bank(client):
    holder = Holder()
    bank_user, bank = make_bank()
    pledge = make_pledge(holder, (bank_user, bank), works=[holder.work()], amount="100000.00")
    login_with_mfa(client, bank_user)
    return pledge, bank_user


def _url(pledge) -> str:
    return f"/en/valuation/pledges/{pledge.pk}/"


def test_before_anything_is_saved_the_report_names_its_default_assumptions(client, pledge_and_bank):
    pledge, _bank_user = pledge_and_bank
    page = client.get(_url(pledge))
    assert page.context["assumptions_source"] == "default"
    assert page.context["result"] is not None and not page.context["report_errors"]
    assert "the model's defaults: no valuation of this pledge is saved yet" in page.text


def test_the_saved_history_without_a_saved_valuation_is_an_error_not_the_engines(
    client, pledge_and_bank
):
    pledge, bank_user = pledge_and_bank
    page = client.get(_url(pledge), {**PARAMS, "history_source": "saved"})
    assert page.context["result"] is None
    errors = " ".join(page.context["report_errors"])
    assert "No valuation of this pledge is saved yet" in errors
    assert 'id="valuation-summary"' not in page.text and 'id="valuation-errors"' in page.text
    with pytest.raises(ValidationError) as exc:
        pledge_report_inputs(previous=None, assumptions=Assumptions(), history_source="saved")
    assert "history_source" in exc.value.message_dict
    with pytest.raises(ValidationError):
        pledge_valuation_save(
            pledge=pledge, user=bank_user, assumptions=Assumptions(), history_source="saved"
        )
    assert not pledge.valuations.exists()


def test_an_input_the_model_refuses_shows_the_reason_instead_of_default_figures(
    client, pledge_and_bank
):
    pledge, _bank_user = pledge_and_bank
    # The form takes any rate; the model refuses one of 500 % (before: silently re-run
    # with the default assumptions and an empty history, figures shown as if all was well).
    page = client.get(_url(pledge), {**PARAMS, "discount_rate": "5"})
    assert page.context["result"] is None and page.context["report_errors"]
    assert "outside" in " ".join(page.context["report_errors"])
    pdf = client.get(f"{_url(pledge)}report.pdf", {**PARAMS, "discount_rate": "5", "lang": "en"})
    assert pdf.status_code == 302 and "discount_rate=5" in pdf["Location"]
    assert "lang=" not in pdf["Location"]


def test_an_invalid_form_shows_no_figures(client, pledge_and_bank):
    pledge, _bank_user = pledge_and_bank
    page = client.get(_url(pledge), {**PARAMS, "horizon_years": "500"})
    assert page.context["result"] is None
    assert page.context["form"].errors["horizon_years"]


def test_a_saved_valuation_is_rerun_from_what_it_recorded(client, pledge_and_bank):
    pledge, _bank_user = pledge_and_bank
    client.post(_url(pledge), PARAMS)
    saved = pledge.valuations.get()
    page = client.get(_url(pledge))
    assert page.context["assumptions_source"] == "saved"
    assert page.context["history_source"] == "saved"
    assert page.context["result"].p50 == pytest.approx(float(saved.p50), abs=0.01)
