"""The contract page offers exactly the moves the contract workflow would make."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from licensing.contracts import services
from licensing.contracts.models import Contract, ContractStatus
from licensing.contracts.workflow import WORKFLOW
from tests.factories.contracts import Deal

pytestmark = pytest.mark.django_db
BUTTONS = {
    "send": "send-for-signature",
    "activate": "activate-contract",
    "terminate": "terminate-contract",
}


@pytest.fixture
def deal(monkeypatch):
    # PDF rendering is covered by test_contracts_pdf; a stand-in keeps the pages quick.
    monkeypatch.setattr(
        services, "render_contract_pdf", lambda c, **kw: b"%PDF-1.7 " + c.reference.encode()
    )
    return Deal()


def _shown(client, user, contract: Contract) -> set[str]:
    client.force_login(user)
    html = client.get(reverse("contracts:detail", args=[contract.pk])).content.decode()
    return {name for name, testid in BUTTONS.items() if f'data-testid="{testid}"' in html}


def _allowed(contract: Contract, user) -> set[str]:
    contract.refresh_from_db()
    return {name for name in BUTTONS if not WORKFLOW.check(contract, name, user)}


def test_each_party_sees_the_buttons_of_the_moves_it_may_make(client, deal):
    draft = deal.draft()
    half_signed = deal.sent()
    deal.sign_licensor(half_signed)
    active = deal.active(right={"territories": ["TH"]})
    cases = [
        (draft, deal.seller, {"send"}),
        (draft, deal.buyer, {"send"}),
        (half_signed, deal.seller, set()),  # activation waits for the second signature
        (active, deal.seller, {"terminate"}),  # the licensor's owner
        (active, deal.buyer, set()),  # the licensee does not terminate
    ]
    for contract, user, expected in cases:
        assert _shown(client, user, contract) == _allowed(contract, user) == expected


def test_a_hidden_button_is_a_move_the_service_refuses(deal):
    active = deal.active()
    with pytest.raises(PermissionDenied):
        services.contract_terminate(contract=active, actor=deal.buyer, reason="breach")
    half_signed = deal.sent(right={"territories": ["TH"]})
    deal.sign_licensor(half_signed)
    with pytest.raises(ValidationError, match="Both parties"):
        services.contract_activate(contract=half_signed, actor=deal.seller)
    with pytest.raises(ValidationError, match="while the status is “Awaiting signatures”"):
        services.contract_send_for_signature(contract=half_signed, actor=deal.seller)
    assert Contract.objects.get(pk=active.pk).status == ContractStatus.ACTIVE
    assert Contract.objects.get(pk=half_signed.pk).status == ContractStatus.AWAITING_SIGNATURES
