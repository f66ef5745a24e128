"""Offer acceptance and contract activation ask the one availability selector: a court order
or a blocking dispute refuses both with its reason; a pledge lets the offer be accepted (the
contract is where the pledgee consents) and refuses the activation until it has."""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.test import override_settings
from django.utils import translation

from finance.pledges import services as pledges
from licensing.contracts.models import ContractStatus
from licensing.contracts.services import (
    contract_activate,
    contract_send_for_signature,
    contract_sign,
)
from licensing.disputes.cases import case_accept
from marketplace.deals import services
from tests.factories.catalog import make_user
from tests.factories.pledges import make_bank, make_court, make_pledge
from tests.licensing.disputes.test_disputes import file_case
from tests.marketplace.deals.test_deals import Deal

pytestmark = pytest.mark.django_db
POLICY = {
    "infringement": "block",
    "ownership": "block",
    "registration": "warn",
    "contract": "warn",
    "royalty": "warn",
}


@pytest.fixture
def deal():
    return Deal()


def _sign_both(deal, contract):
    """The last signature activates the contract (or raises why it cannot)."""
    contract_sign(
        contract=contract,
        user=deal.seller_user,
        party=deal.seller,
        ip_address=None,
        user_agent="pytest",
    )
    return contract_sign(
        contract=contract,
        user=deal.buyer_user,
        party=deal.buyer,
        ip_address=None,
        user_agent="pytest",
    )


def _accept(deal, offer):
    return services.offer_accept(offer=offer, user=deal.seller_user, party=deal.seller)


def test_a_court_order_over_the_offer_dates_refuses_acceptance_with_its_reason(deal, client):
    offer = deal.buyer_offer()  # translation VN/vi 2027–2031, exclusive
    court_user, court = make_court()
    # In force from 2029 only: not frozen today, so the offer stays open; its dates meet it.
    seizure = pledges.seizure_record(
        user=court_user,
        court=court,
        case_number="(2026)京73民初88号",
        works=[deal.work],
        starts_on=dt.date(2029, 1, 1),
    )
    with translation.override("en"), pytest.raises(services.OfferConflict) as exc:
        _accept(deal, offer)
    (message,) = exc.value.message_dict["availability"]
    assert court.name in message and seizure.case_number in message
    client.force_login(deal.seller_user)
    page = client.get(f"/en/deals/{deal.thread.pk}/").content.decode()
    assert 'data-code="seized"' in page and seizure.case_number in page
    assert 'data-testid="accept-offer"' not in page


def test_a_pledge_lets_the_offer_be_accepted_and_the_contract_waits_for_consent(deal):
    bank_user, bank = make_bank()
    holder = SimpleNamespace(user=deal.seller_user, party=deal.seller)
    pledge = make_pledge(holder, (bank_user, bank), works=[deal.work])  # 2026–2029
    offer = deal.buyer_offer()
    offer = _accept(deal, offer)
    deal.thread.refresh_from_db()
    contract = contract_send_for_signature(contract=deal.thread.contract)
    with pytest.raises(ValidationError) as exc:
        _sign_both(deal, contract)
    assert pledge.number in str(exc.value)
    pledges.pledge_consent_give(pledge_id=pledge.pk, contract=contract, user=bank_user)
    assert contract_activate(contract=contract).status == ContractStatus.ACTIVE


@override_settings(DISPUTE_AVAILABILITY_POLICY=POLICY)
def test_a_blocking_dispute_refuses_acceptance_and_activation(deal):
    offer = deal.buyer_offer()
    case = file_case(work=deal.work, case_type="infringement")
    # Only filed: a warning, the offer can still be accepted.
    offer = _accept(deal, offer)
    deal.thread.refresh_from_db()
    contract = contract_send_for_signature(contract=deal.thread.contract)
    case_accept(case=case, actor=make_user(roles=["staff"], is_staff=True))
    with pytest.raises(ValidationError) as exc:
        _sign_both(deal, contract)
    assert case.number in str(exc.value)
    contract.refresh_from_db()
    assert contract.status == ContractStatus.AWAITING_SIGNATURES
    with override_settings(DISPUTE_AVAILABILITY_POLICY=POLICY | {"infringement": "warn"}):
        assert contract_activate(contract=contract).status == ContractStatus.ACTIVE
