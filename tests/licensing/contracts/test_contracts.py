"""Contract transitions and refusals, through the services."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from catalog.evidence.models import EvidenceEntry
from catalog.kernel.guards import _guards, register_guard
from catalog.kernel.status import work_status_flags
from licensing.contracts.models import Contract, ContractEvent, ContractSignature, PaymentStatus
from licensing.contracts.services import (
    contract_activate,
    contract_amend,
    contract_create_draft,
    contract_expire_due,
    contract_send_for_signature,
    contract_sign,
    contract_terminate,
    document_languages,
)
from licensing.models import Grant, GrantCell
from licensing.services import GrantConflict, grant_write
from tests.factories.catalog import make_party, make_user
from tests.factories.contracts import D, Deal, make_terms

# No PDF is read here (test_contracts_pdf.py reads them): WeasyPrint's seconds a document
# (two a contract) would buy nothing.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_pdf")]


@pytest.fixture
def deal(db):
    return Deal()


def statuses(contract):
    return list(contract.events.values_list("from_status", "to_status"))


def test_draft_gets_a_gapless_yearly_number_and_an_audit_row(deal):
    first, second = deal.draft(), deal.draft()
    year = timezone.now().year
    assert first.number == f"LIC-{year}-000001" and second.number == f"LIC-{year}-000002"
    assert first.status == "draft" and statuses(first) == [("", "draft")]
    assert first.document_languages == ["zh-hans", "vi"]
    assert first.currency == "USD" and first.get_terms() == make_terms()


def test_a_refused_draft_consumes_no_number(deal):
    deal.draft()
    with pytest.raises(ValidationError):
        contract_create_draft(
            work=deal.work,
            licensor=deal.licensor,
            licensee=deal.licensor,
            terms=make_terms(),
            origin="x",
            created_by=deal.seller,
            licensee_language="vi",
        )
    assert deal.draft().number.endswith("000002")


@pytest.mark.parametrize(
    ("language", "expected"),
    [("vi", "vi"), ("th", "th"), ("zh-hans", "en"), ("zh-hant", "en"), ("de", "en"), ("", "en")],
)
def test_document_languages(language, expected):
    assert document_languages(licensee_language=language) == ["zh-hans", expected]


def test_terms_are_validated_again(deal):
    from licensing.terms import Terms

    bad = Terms.from_dict({"currency": "USD", "rights": [make_terms().to_dict()["rights"][0]]})
    bad = bad.__class__(**{**bad.__dict__, "currency": "XXX"})
    with pytest.raises(ValidationError) as info:
        deal.draft(bad)
    assert "currency" in info.value.message_dict
    assert not Contract.objects.exists()


def test_send_for_signature_freezes_the_document_hash(deal):
    contract = deal.sent()
    assert contract.status == "awaiting"
    data = contract.document.open("rb").read()
    assert data[:4] == b"%PDF"
    assert contract.document_sha256 == hashlib.sha256(data).hexdigest()
    assert EvidenceEntry.objects.filter(
        kind="contract.document", sha256=contract.document_sha256
    ).exists()
    with pytest.raises(ValidationError):  # not a draft any more
        contract_send_for_signature(contract=contract)


def test_signing_records_identity_and_evidence_and_the_last_signature_activates(deal):
    contract = deal.sent()
    deal.sign_licensor(contract)
    contract.refresh_from_db()
    assert contract.status == "awaiting" and not Grant.objects.exists()
    sig = ContractSignature.objects.get(contract=contract, party=deal.licensor)
    assert sig.signer == deal.seller and sig.ip_address == "203.0.113.7"
    assert sig.user_agent == "pytest" and sig.document_sha256 == contract.document_sha256
    entry = EvidenceEntry.objects.get(pk=sig.evidence_id)
    assert entry.kind == "contract.signature" and entry.subject == f"contract:{contract.reference}"
    contract = deal.sign_licensee(contract)
    assert contract.status == "active" and contract.activated_at
    grant = Grant.objects.get()
    assert grant.source_ref == contract.reference and grant.exclusive
    assert grant.licensee == deal.licensee and GrantCell.objects.count() == 1
    assert ("awaiting", "active") in statuses(contract)
    assert contract.payment_status == PaymentStatus.NONE_DUE


def test_signature_refusals(deal):
    contract = deal.sent()
    outsider = make_user()
    with pytest.raises(ValidationError, match="belong"):
        contract_sign(
            contract=contract, user=outsider, party=deal.licensor, ip_address=None, user_agent=""
        )
    with pytest.raises(ValidationError, match="belong"):  # a buyer may not sign for the seller
        contract_sign(
            contract=contract, user=deal.buyer, party=deal.licensor, ip_address=None, user_agent=""
        )
    stranger = make_party(member=outsider)
    with pytest.raises(ValidationError, match="not a party"):
        contract_sign(
            contract=contract, user=outsider, party=stranger, ip_address=None, user_agent=""
        )
    deal.sign_licensor(contract)
    with pytest.raises(ValidationError, match="already signed"):
        deal.sign_licensor(contract)
    assert ContractSignature.objects.count() == 1
    draft = deal.draft()
    with pytest.raises(ValidationError, match="not awaiting"):
        deal.sign_licensor(draft)


def test_a_document_changed_after_drafting_cannot_be_signed(deal):
    contract = deal.sent()
    with contract.document.open("wb") as handle:  # the stored PDF is swapped on disk
        handle.write(b"%PDF-1.7 another text")
    with pytest.raises(ValidationError, match="changed after it was drafted"):
        deal.sign_licensor(contract)
    assert not ContractSignature.objects.exists()
    assert not EvidenceEntry.objects.filter(kind="contract.signature").exists()


def test_activation_needs_both_signatures(deal):
    contract = deal.sent()
    deal.sign_licensor(contract)
    with pytest.raises(ValidationError, match="Both parties"):
        contract_activate(contract=contract)


def test_conflict_leaves_no_grant_and_names_the_other_contract(deal):
    first = deal.active()
    contract = deal.sent(
        right={"territories": ["ASEAN"], "languages": ["vi", "th"], "start": "2030-06-01"}
    )
    deal.sign_licensor(contract)
    with pytest.raises(GrantConflict) as info:
        deal.sign_licensee(contract)
    message = " ".join(info.value.messages)
    assert first.reference in message and "VN" in message and "vi" in message
    assert "2027" in message and "2031" in message
    contract.refresh_from_db()
    assert contract.status == "awaiting" and contract.signatures.count() == 2
    assert Grant.objects.count() == 1  # only the first contract's
    assert contract.events.filter(note__contains="Activation refused").exists()


def test_two_rights_all_or_nothing(deal):
    grant_write(
        work=deal.work,
        licensee=deal.licensee,
        right_type="audio",
        territories=["TH"],
        languages=["th"],
        start=D(2028, 1, 1),
        end=D(2028, 12, 31),
        exclusive=True,
        source_ref="PRIOR-1",
    )
    terms = make_terms()
    data = terms.to_dict()
    data["rights"].append(
        {**data["rights"][0], "right_type": "audio", "territories": ["TH"], "languages": ["th"]}
    )
    from licensing.terms import Terms

    contract = deal.sent(Terms.from_dict(data))
    deal.sign_licensor(contract)
    with pytest.raises(GrantConflict, match="PRIOR-1"):
        deal.sign_licensee(contract)
    assert not Grant.objects.filter(source_ref=contract.reference).exists()


def test_guard_refusal_blocks_activation(deal):
    def seized(work, action, **context):
        assert context["contract"].pk and context["licensee"] == deal.licensee
        return ["work is seized"] if work.pk == deal.work.pk else []

    register_guard(seized)
    try:
        contract = deal.sent()
        deal.sign_licensor(contract)
        with pytest.raises(ValidationError, match="seized"):
            deal.sign_licensee(contract)
    finally:
        _guards.remove(seized)
    contract.refresh_from_db()
    assert contract.status == "awaiting" and not Grant.objects.exists()
    assert contract_activate(contract=contract).status == "active"  # retry once allowed


def test_guard_gets_the_exclusive_action(deal):
    seen = []

    def spy(work, action, **context):
        seen.append(action)
        return []

    register_guard(spy)
    try:
        deal.active()
        deal.active(right={"exclusive": False, "territories": ["TH"], "languages": ["th"]})
    finally:
        _guards.remove(spy)
    assert seen == ["license_exclusive", "license"]


def test_activation_publishes_events_and_shows_the_flag(deal, django_capture_on_commit_callbacks):
    from catalog.kernel import events
    from licensing.events import GrantsChanged

    received = []
    events.subscribe(GrantsChanged, received.append)
    with django_capture_on_commit_callbacks(execute=True):
        deal.active(right={"start": "2020-01-01"})
    assert GrantsChanged(work_id=deal.work.pk) in received
    flags = [f for f in work_status_flags(deal.work) if f.code == "exclusively_licensed"]
    assert flags and flags[0].territories == ("VN",) and "2031" in flags[0].detail


def test_no_flag_for_a_future_or_non_exclusive_grant(deal):
    deal.active()  # starts 2027
    deal.active(right={"start": "2020-01-01", "end": "2026-12-31", "exclusive": False})
    assert not [f for f in work_status_flags(deal.work) if f.code == "exclusively_licensed"]


def test_terminate_revokes_from_the_termination_date(deal):
    contract = deal.active(right={"start": "2020-01-01"})
    with pytest.raises(ValidationError, match="reason"):
        contract_terminate(contract=contract, actor=deal.seller, reason=" ")
    today = timezone.localdate()
    contract = contract_terminate(contract=contract, actor=deal.seller, reason="breach")
    assert contract.status == "terminated" and contract.end_reason == "breach"
    live = Grant.objects.get(revoked_at__isnull=True)
    assert live.period.lower == D(2020, 1, 1) and live.period.upper == today
    assert live.source_ref == contract.reference
    assert Grant.objects.filter(revoked_at__isnull=False).count() == 1
    # the right is free again from the termination date
    deal.active(right={"start": today.isoformat()})
    with pytest.raises(ValidationError):
        contract_terminate(contract=contract, actor=deal.seller, reason="again")


def test_terminating_before_the_start_leaves_no_grant(deal):
    contract = deal.active()  # starts 2027
    contract_terminate(contract=contract, actor=deal.seller, reason="changed plans")
    assert not Grant.objects.filter(revoked_at__isnull=True).exists()


def test_expire_due_is_idempotent(deal):
    old = deal.active(right={"start": "2020-01-01", "end": "2021-12-31"})
    running = deal.active(right={"territories": ["TH"]})
    assert contract_expire_due() == 1
    assert contract_expire_due() == 0
    old.refresh_from_db()
    running.refresh_from_db()
    assert old.status == "expired" and running.status == "active"
    assert ("active", "expired") in statuses(old)


def test_amendment_replaces_the_old_version_in_one_transaction(deal):
    contract = deal.active()
    amendment = contract_amend(
        contract=contract, terms=make_terms(right={"end": "2033-12-31"}), actor=deal.seller
    )
    assert amendment.number == contract.number and amendment.version == 2
    assert amendment.reference == f"{contract.number}/A1" and amendment.supersedes == contract
    with pytest.raises(ValidationError, match="already has an amendment"):
        contract_amend(contract=contract, terms=make_terms(), actor=deal.seller)
    contract_send_for_signature(contract=amendment)
    deal.sign_licensor(amendment)
    amendment = deal.sign_licensee(amendment)
    contract.refresh_from_db()
    assert amendment.status == "active" and contract.status == "superseded"
    live = Grant.objects.get(revoked_at__isnull=True)
    assert live.source_ref == amendment.reference and live.period.upper == D(2034, 1, 1)
    assert Grant.objects.get(source_ref=contract.reference).revoked_at is not None


def test_a_conflicting_amendment_leaves_the_old_version_active(deal):
    contract = deal.active()
    other = Deal()
    grant_write(
        work=deal.work,
        licensee=other.licensee,
        right_type="translation",
        territories=["LA"],
        languages=["vi"],
        start=D(2027, 1, 1),
        end=D(2027, 12, 31),
        exclusive=True,
        source_ref="OTHER-1",
    )
    amendment = contract_amend(
        contract=contract,
        terms=make_terms(right={"territories": ["VN", "LA"]}),
        actor=deal.buyer,
    )
    contract_send_for_signature(contract=amendment)
    deal.sign_licensor(amendment)
    with pytest.raises(GrantConflict, match="OTHER-1"):
        deal.sign_licensee(amendment)
    contract.refresh_from_db()
    assert contract.status == "active"
    assert Grant.objects.get(source_ref=contract.reference).revoked_at is None


def test_only_active_contracts_are_amended_or_terminated(deal):
    draft = deal.draft()
    with pytest.raises(ValidationError):
        contract_amend(contract=draft, terms=make_terms(), actor=deal.seller)
    with pytest.raises(ValidationError):
        contract_terminate(contract=draft, actor=deal.seller, reason="x")
    assert draft.events.count() == 1


def test_signature_evidence_record_content(deal):
    contract = deal.sent()
    deal.sign_licensor(contract)
    sig = ContractSignature.objects.get()
    entry = EvidenceEntry.objects.get(pk=sig.evidence_id)
    record = {
        "contract": contract.reference,
        "document_sha256": contract.document_sha256,
        "party": deal.licensor.pk,
        "party_name": deal.licensor.original_name,
        "signer": deal.seller.pk,
        "signer_name": sig.signer_name,
        "signed_at": sig.signed_at.isoformat(),
        "ip_address": "203.0.113.7",
        "user_agent": "pytest",
    }
    data = json.dumps(record, sort_keys=True, ensure_ascii=False).encode()
    assert entry.sha256 == hashlib.sha256(data).hexdigest()


def test_event_rows_for_every_transition(deal):
    contract = deal.active(right={"start": "2020-01-01"})
    contract_terminate(contract=contract, actor=deal.seller, reason="breach")
    changes = [(f, t) for f, t in statuses(contract) if f != t]
    assert changes == [
        ("", "draft"),
        ("draft", "awaiting"),
        ("awaiting", "active"),
        ("active", "terminated"),
    ]
    assert ContractEvent.objects.filter(contract=contract, note__startswith="Signed").count() == 2


def test_dates_before_activation_are_refused_for_termination(deal):
    contract = deal.active(right={"start": "2020-01-01"})
    with pytest.raises(ValidationError, match="precede"):
        contract_terminate(
            contract=contract,
            actor=deal.seller,
            reason="x",
            effective_on=timezone.localdate() - dt.timedelta(days=3),
        )
