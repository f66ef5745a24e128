"""Co-owner consent: every co-owner (or the agreed share majority) approves a licence first."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from django.utils import translation

from catalog.evidence.models import EvidenceEntry
from catalog.services import ShareInput, work_create
from licensing.contracts.consent import approval_decide, consent_refusals, consent_rule_set
from licensing.contracts.models import ContractApproval, ContractStatus
from licensing.contracts.services import contract_activate
from licensing.models import ConsentRule, Grant
from marketplace.listings.models import Notification
from tests.factories.catalog import make_party, make_user, work_input
from tests.factories.contracts import Deal
from tests.factories.rightsin import acquire_rights

APPROVED, REFUSED = ContractApproval.Decision.APPROVED, ContractApproval.Decision.REFUSED


class CoOwned(Deal):
    """The licensor owns 40 %, co-owners A 35 % and B 25 %, each with a member."""

    def __init__(self) -> None:
        super().__init__()
        self.a_user, self.b_user = make_user(), make_user()
        self.a = make_party(country="CN", name="Co-owner A", member=self.a_user)
        self.b = make_party(country="CN", name="Co-owner B", member=self.b_user)
        shares = [
            ShareInput(self.licensor, Decimal(40)),
            ShareInput(self.a, Decimal(35)),
            ShareInput(self.b, Decimal(25)),
        ]
        self.work = work_create(holder=self.licensor, data=work_input(shares=shares))
        acquire_rights(self.work)

    def decide(self, contract, who: str, decision: str, note: str = "fine"):
        user, party = (self.a_user, self.a) if who == "a" else (self.b_user, self.b)
        return approval_decide(
            contract=contract, user=user, party=party, decision=decision, note=note
        )

    def sign_both(self, contract):
        self.sign_licensor(contract)
        return self.sign_licensee(contract)


@pytest.fixture
def deal(db):
    return CoOwned()


def test_co_owners_are_notified_and_see_the_pending_approval(deal, client):
    contract = deal.sent()
    for user in (deal.a_user, deal.b_user):
        note = Notification.objects.get(user=user, kind="licence_approval")
        assert contract.reference in note.text
    assert not Notification.objects.filter(user=deal.seller, kind="licence_approval").exists()
    client.force_login(deal.a_user)
    page = client.get(reverse("contracts:approvals"))
    assert page.status_code == 200
    assert contract.reference in page.content.decode()


def test_a_refusal_blocks_activation_with_a_clear_message(deal):
    contract = deal.sent()
    deal.decide(contract, "a", APPROVED)
    deal.decide(contract, "b", REFUSED, note="The price is too low for Vietnam.")
    deal.sign_licensor(contract)
    with pytest.raises(ValidationError) as info, translation.override("en"):
        deal.sign_licensee(contract)
    message = " ".join(info.value.messages)
    assert "Co-owner B refused this licence: “The price is too low for Vietnam.”" in message
    contract.refresh_from_db()
    assert contract.status == ContractStatus.AWAITING_SIGNATURES
    assert not Grant.objects.exists()
    assert contract.events.last().note.startswith("Activation refused: Co-owner Co-owner B refused")


def test_activation_waits_for_every_co_owner_then_proceeds(deal):
    contract = deal.sent()
    deal.decide(contract, "a", APPROVED)
    with translation.override("en"):
        assert consent_refusals(contract) == [
            "Every co-owner must approve this licence; waiting for Co-owner B."
        ]
    deal.sign_licensor(contract)
    with pytest.raises(ValidationError, match="waiting for Co-owner B"):
        deal.sign_licensee(contract)
    deal.decide(contract, "b", APPROVED)
    contract = contract_activate(contract=contract, actor=deal.seller)
    assert contract.status == ContractStatus.ACTIVE


def test_majority_rule_lets_the_agreed_share_majority_decide(deal):
    consent_rule_set(work=deal.work, user=deal.seller, rule=ConsentRule.Rule.MAJORITY)
    # Licensor 40 % + B 25 % = 65 % > 50 %: A's refusal does not block.
    contract = deal.sent()
    deal.decide(contract, "a", REFUSED, note="No.")
    deal.decide(contract, "b", APPROVED)
    assert deal.sign_both(contract).status == ContractStatus.ACTIVE
    # Licensor 40 % alone is not a majority.
    second = deal.sent(right={"territories": ["TH"], "languages": ["th"]})
    deal.decide(second, "b", REFUSED, note="Not Thailand.")
    deal.sign_licensor(second)
    with pytest.raises(ValidationError) as info, translation.override("en"):
        deal.sign_licensee(second)
    message = " ".join(info.value.messages)
    assert "hold 40%; the owners agreed that more than 50% must approve" in message


def test_each_decision_is_in_the_evidence_chain(deal):
    contract = deal.sent()
    approval = deal.decide(contract, "b", REFUSED, note="Too cheap.")
    entry = EvidenceEntry.objects.get(pk=approval.evidence_id)
    assert entry.kind == "contract.approval"
    assert entry.subject == f"contract:{contract.reference}"
    assert entry.metadata["decision"] == REFUSED and entry.metadata["party"] == deal.b.pk
    assert entry.sha256 and entry.storage_name  # the record itself is kept


def test_only_a_co_owner_decides_once_and_a_refusal_needs_a_reason(deal):
    contract = deal.sent()
    with pytest.raises(PermissionDenied):
        approval_decide(
            contract=contract, user=deal.buyer, party=deal.a, decision=APPROVED, note=""
        )
    with pytest.raises(ValidationError, match="not a co-owner asked"):
        approval_decide(contract=contract, user=deal.seller, party=deal.licensor, decision=APPROVED)
    with pytest.raises(ValidationError, match="Say why"):
        deal.decide(contract, "a", REFUSED, note=" ")
    deal.decide(contract, "a", APPROVED)
    with pytest.raises(ValidationError, match="already decided"):
        deal.decide(contract, "a", REFUSED, note="changed my mind")


def test_a_single_owner_needs_no_consent(db):
    single = Deal()
    contract = single.sent()
    assert consent_refusals(contract) == []
    assert single.sign_licensee(single.sign_licensor(contract)).status == ContractStatus.ACTIVE


def test_decision_page_records_for_the_co_owner_and_hides_from_others(deal, client):
    contract = deal.sent()
    url = reverse("contracts:approve", kwargs={"pk": contract.pk})
    client.force_login(deal.buyer)
    assert client.post(url, {"party": deal.a.pk, "decision": APPROVED}).status_code == 404
    client.force_login(deal.seller)
    assert client.post(url, {"party": deal.licensor.pk, "decision": APPROVED}).status_code == 404
    client.force_login(deal.a_user)
    response = client.post(url, {"party": deal.a.pk, "decision": REFUSED, "note": "No."})
    assert response.status_code == 302
    assert ContractApproval.objects.get(contract=contract, party=deal.a).decision == REFUSED
    page = client.get(reverse("contracts:approvals")).content.decode()
    pending = page.split('data-testid="pending-approvals"')[1].split("</section>")[0]
    assert contract.reference not in pending and contract.reference in page
