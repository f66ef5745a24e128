"""Co-owner consent: a licence of a co-owned work (and its price) needs its co-owners.

Who must approve: the owners of a share of each licensed right (``OwnershipShare`` rows
of that right, or of all rights when the work has none for it). The licensor's own share
counts as approved by its offering the contract. The owners' rule (``ConsentRule``,
absent = unanimous) says how much must approve: every co-owner with a share, or the
approving shares exceeding the agreed majority. Each decision is final for that contract
version, written once (unique per contract and party) and deposited in the evidence chain.
Activation asks ``consent_refusals`` and refuses while any remains.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils.translation import get_language, override
from django.utils.translation import gettext as _

from catalog.evidence.services import evidence_deposit_bytes
from catalog.kernel.notifications import notify
from catalog.kernel.permissions import (
    AnyUser,
    acting_members,
    acting_party_ids,
    acts_for,
    may_act_for,
)
from catalog.models import OwnershipShare, Party, Work
from catalog.vocabulary import ALL_RIGHTS, RightType
from i18n.formatting import format_percent
from licensing.contracts.models import Contract, ContractApproval, ContractStatus
from licensing.models import ConsentRule
from licensing.terms import Terms

OPEN = (ContractStatus.DRAFT, ContractStatus.AWAITING_SIGNATURES)


@dataclass
class RightConsent:
    """The consent state of one licensed right."""

    right_type: str
    owners: dict[int, Decimal]  # party id → percent of this right
    approved: Decimal = Decimal(0)
    refused: Decimal = Decimal(0)


@dataclass
class Consent:
    required: bool
    rule: str
    majority_percent: Decimal
    co_owners: list[Party] = field(default_factory=list)  # who must decide (not the licensor)
    decisions: dict[int, ContractApproval] = field(default_factory=dict)
    rights: list[RightConsent] = field(default_factory=list)

    @property
    def pending(self) -> list[Party]:
        return [p for p in self.co_owners if p.pk not in self.decisions]


def _owners(shares: list[OwnershipShare], right_type: str) -> dict[int, Decimal]:
    of_right = [s for s in shares if s.right == right_type]
    chosen = of_right or [s for s in shares if s.right == ALL_RIGHTS]
    return {s.party_id: s.percent for s in chosen}


def consent_of(contract: Contract) -> Consent:
    rule = ConsentRule.objects.filter(work_id=contract.work_id).first()
    shares = list(OwnershipShare.objects.filter(work_id=contract.work_id).select_related("party"))
    parties = {s.party_id: s.party for s in shares}
    decisions = {a.party_id: a for a in contract.approvals.select_related("party", "decided_by")}
    rights = []
    for right in contract.get_terms().rights:
        owners = _owners(shares, right.right_type)
        state = RightConsent(right.right_type, owners)
        for party_id, percent in owners.items():
            decision = decisions.get(party_id)
            if party_id == contract.licensor_id or (
                decision and decision.decision == ContractApproval.Decision.APPROVED
            ):
                state.approved += percent
            elif decision:
                state.refused += percent
        rights.append(state)
    co_owner_ids = sorted({pid for r in rights for pid in r.owners if pid != contract.licensor_id})
    return Consent(
        required=bool(co_owner_ids),
        rule=rule.rule if rule else ConsentRule.Rule.UNANIMOUS,
        majority_percent=rule.majority_percent if rule else Decimal(50),
        co_owners=[parties[pid] for pid in co_owner_ids],
        decisions=decisions,
        rights=rights,
    )


def _right_label(code: str) -> str:
    return str(RightType(code).label) if code in RightType.values else code


def consent_refusals(contract: Contract) -> list[str]:
    """Why the co-owners' consent does not (yet) allow this licence; empty when it does."""
    consent = consent_of(contract)
    if not consent.required:
        return []
    refused = [d for d in consent.decisions.values() if d.decision == d.Decision.REFUSED]
    if consent.rule == ConsentRule.Rule.UNANIMOUS:
        reasons = [
            _("Co-owner %(party)s refused this licence: “%(note)s”.")
            % {"party": d.party.name, "note": d.note or "—"}
            for d in refused
        ]
        if consent.pending:
            reasons.append(
                _("Every co-owner must approve this licence; waiting for %(parties)s.")
                % {"parties": ", ".join(p.name for p in consent.pending)}
            )
        return reasons
    reasons = []
    for right in consent.rights:
        if right.approved > consent.majority_percent:
            continue
        reasons.append(
            _(
                "The co-owners approving the %(right)s rights hold %(approved)s; the owners "
                "agreed that more than %(needed)s must approve."
            )
            % {
                "right": _right_label(right.right_type),
                "approved": format_percent(right.approved / 100),
                "needed": format_percent(consent.majority_percent / 100),
            }
        )
    if reasons:
        reasons += [
            _("Co-owner %(party)s refused this licence: “%(note)s”.")
            % {"party": d.party.name, "note": d.note or "—"}
            for d in refused
        ]
    return reasons


def _members_of(party_ids: list[int]):
    return [m.user for m in acting_members(party_ids).select_related("user")]


def consent_request(*, contract: Contract) -> int:
    """Tell every co-owner still to decide that its approval is asked (sent for signature)."""
    consent = consent_of(contract)
    url = reverse("contracts:approvals")
    sent = 0
    for user in _members_of([p.pk for p in consent.pending]):
        with override(user.preferred_language or get_language()):
            text = _("Your approval is asked: licence %(ref)s of “%(work)s” to %(licensee)s.") % {
                "ref": contract.reference,
                "work": contract.work.original_title,
                "licensee": contract.licensee.name,
            }
        notify(user=user, kind="licence_approval", text=text, url=url)
        sent += 1
    return sent


def _evidence_bytes(contract: Contract, approval: ContractApproval) -> bytes:
    record = {
        "contract": contract.reference,
        "version": contract.version,
        "terms_sha256": hashlib.sha256(
            json.dumps(contract.terms, sort_keys=True, default=str).encode()
        ).hexdigest(),
        "document_sha256": contract.document_sha256,
        "party": approval.party_id,
        "decision": approval.decision,
        "note": approval.note,
        "decided_by": approval.decided_by_id,
        "decided_at": approval.decided_at.isoformat(),
    }
    return json.dumps(record, sort_keys=True, ensure_ascii=False).encode()


@transaction.atomic
def approval_decide(
    *, contract: Contract, user: AnyUser, party: Party, decision: str, note: str = ""
) -> ContractApproval:
    """Record ``party``'s approval or refusal of the licence (final for this version)."""
    contract = (
        Contract.objects.select_for_update()
        .select_related("work", "licensor", "licensee")
        .get(pk=contract.pk)
    )
    if not acts_for(user, party.pk):
        raise PermissionDenied(
            _("You can act only for an organisation you belong to (%(party)s).")
            % {"party": party.name}
        )
    if decision not in ContractApproval.Decision.values:
        raise ValidationError(
            {"decision": _("“%(value)s” is not a decision.") % {"value": decision}}
        )
    note = (note or "").strip()
    if decision == ContractApproval.Decision.REFUSED and not note:
        raise ValidationError({"note": _("Say why you refuse this licence.")})
    if contract.status not in OPEN:
        raise ValidationError(
            {
                "status": _("Licence %(ref)s is no longer awaiting decisions.")
                % {"ref": contract.reference}
            }
        )
    if party.pk not in {p.pk for p in consent_of(contract).co_owners}:
        raise ValidationError(
            {
                "party": _("%(party)s is not a co-owner asked to approve this licence.")
                % {"party": party.name}
            }
        )
    try:
        with transaction.atomic():
            approval = ContractApproval.objects.create(
                contract=contract, party=party, decision=decision, note=note, decided_by=user
            )
    except IntegrityError as exc:
        raise ValidationError(
            {"party": _("%(party)s has already decided on this licence.") % {"party": party.name}}
        ) from exc
    entry = evidence_deposit_bytes(
        kind="contract.approval",
        subject=f"contract:{contract.reference}",
        data=_evidence_bytes(contract, approval),
        metadata={"contract": contract.pk, "party": party.pk, "decision": decision},
    )
    approval.evidence_id = entry.pk
    approval.save(update_fields=["evidence_id"])
    url = reverse("contracts:detail", kwargs={"pk": contract.pk})
    for member in _members_of([contract.licensor_id]):
        with override(member.preferred_language or get_language()):
            if decision == ContractApproval.Decision.APPROVED:
                text = _("%(party)s approved licence %(ref)s.")
            else:
                text = _("%(party)s refused licence %(ref)s.")
            text = text % {"party": party.name, "ref": contract.reference}
        notify(user=member, kind="licence_approval", text=text, url=url)
    return approval


@dataclass(frozen=True)
class PendingApproval:
    contract: Contract
    party: Party
    consent: Consent

    @property
    def terms(self) -> Terms:
        """What is approved: the rights and the price."""
        return self.contract.get_terms()


def approvals_for(user: object) -> tuple[list[PendingApproval], list[ContractApproval]]:
    """Open licences awaiting a decision of one of ``user``'s parties, and its decisions."""
    ids = acting_party_ids(user)
    contracts = (
        Contract.objects.filter(status__in=OPEN, work__shares__party_id__in=ids)
        .exclude(licensor_id__in=ids)
        .select_related("work", "licensor", "licensee")
        .distinct()
        .order_by("-pk")
    )
    pending = []
    for contract in contracts:
        consent = consent_of(contract)
        pending += [
            PendingApproval(contract, party, consent)
            for party in consent.pending
            if party.pk in ids
        ]
    decided = list(
        ContractApproval.objects.filter(party_id__in=ids)
        .select_related("contract", "contract__work", "party")
        .order_by("-decided_at")[:50]
    )
    return pending, decided


@transaction.atomic
def consent_rule_set(
    *, work: Work, user: AnyUser, rule: str, majority_percent: Decimal = Decimal(50)
) -> ConsentRule:
    """Record how the co-owners agreed to approve licences of ``work`` (its holder does)."""
    if not may_act_for(user, work.holder_id):
        raise PermissionDenied(_("Only the work's holder can record the owners' agreement."))
    if rule not in ConsentRule.Rule.values:
        raise ValidationError({"rule": _("“%(value)s” is not a consent rule.") % {"value": rule}})
    if not Decimal(0) <= majority_percent < Decimal(100):
        raise ValidationError(
            {"majority_percent": _("%(value)s is outside 0–100 %%.") % {"value": majority_percent}}
        )
    row, _created = ConsentRule.objects.update_or_create(
        work=work, defaults={"rule": rule, "majority_percent": majority_percent}
    )
    return row
