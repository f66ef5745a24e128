"""Contract transitions: draft → awaiting signatures → active → expired / terminated / superseded.

One function per transition, each inside ``transaction.atomic`` with the
contract row locked and a ContractEvent written by ``workflow.WORKFLOW.apply`` (the
only place a status changes; it checks the action table). Activation writes one
Grant per right, all or nothing: the GrantCell exclusion constraints are the
guarantee, a per-work advisory lock only keeps concurrent activations of the
same work from deadlocking on each other's cells.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.evidence.services import evidence_deposit_bytes
from catalog.evidence.signatures import signature_deposit
from catalog.kernel.guards import ensure_allowed
from catalog.kernel.numbering import next_value
from catalog.kernel.permissions import AnyUser, acts_for
from catalog.kernel.workflow import SYSTEM
from catalog.models import Party, Work
from i18n.languages import LANGUAGE_CODES
from licensing.availability import check_availability, describe_conflicts
from licensing.contracts import billing
from licensing.contracts.consent import consent_refusals, consent_request
from licensing.contracts.documents import render_contract_pdf
from licensing.contracts.models import (
    Contract,
    ContractEvent,
    ContractNumber,
    ContractSignature,
    ContractStatus,
)
from licensing.contracts.workflow import (
    WORKFLOW,
    amendment_refusals,
    open_for_signature,
    unsigned_parties,
)
from licensing.models import Grant
from licensing.services import GrantConflict, grant_revoke, grant_write, lock_work_grants
from licensing.terms import RightTerms, Terms

S = ContractStatus
CHINESE = "zh-hans"


def _by(actor: AnyUser) -> AnyUser:
    """Callers that name no actor (beat tasks, data loads, benchmarks) are the platform."""
    return SYSTEM if actor is None else actor


# Audit notes are records, not UI: written in English whatever the actor's language.
def _note(contract: Contract, *, actor=None, note: str) -> None:
    """An audit row that records something without a status change (a signature, a refusal)."""
    ContractEvent.objects.create(
        contract=contract,
        from_status=contract.status,
        to_status=contract.status,
        actor=actor,
        note=note,
    )


def _locked(contract: Contract) -> Contract:
    return (
        Contract.objects.select_for_update()
        .select_related("work", "licensor", "licensee")
        .get(pk=contract.pk)
    )


def document_languages(*, licensee_language: str) -> list[str]:
    """Chinese plus the licensee's language; English when that is Chinese or unsupported."""
    code = (licensee_language or "").lower()
    second = code if code in LANGUAGE_CODES and not code.startswith("zh") else "en"
    return [CHINESE, second]


def _next_number(year: int) -> str:
    return f"LIC-{year}-{next_value(ContractNumber, year, field='last'):06d}"


def _validated_terms(terms: Terms) -> Terms:
    # Terms may have been built in code rather than parsed: parse them again so a contract
    # never holds terms that ``Terms.from_dict`` would refuse.
    return Terms.from_dict(terms.to_dict())


# --- draft ---------------------------------------------------------------------------------------


@transaction.atomic
def contract_create_draft(
    *,
    work: Work,
    licensor: Party,
    licensee: Party,
    terms: Terms,
    origin: str,
    created_by,
    licensee_language: str,
) -> Contract:
    if licensor.pk == licensee.pk:
        raise ValidationError({"licensee": _("The licensee must differ from the licensor.")})
    terms = _validated_terms(terms)
    contract = Contract.objects.create(
        number=_next_number(timezone.now().year),
        work=work,
        licensor=licensor,
        licensee=licensee,
        origin=origin,
        terms=terms.to_dict(),
        currency=terms.currency,
        document_languages=document_languages(licensee_language=licensee_language),
        created_by=created_by,
    )
    ContractEvent.objects.create(
        contract=contract, from_status="", to_status=S.DRAFT, actor=created_by, note=origin
    )
    return contract


@transaction.atomic
def contract_amend(
    *, contract: Contract, terms: Terms, actor: AnyUser, origin: str = ""
) -> Contract:
    """A new version (draft) of an active contract; it replaces it when it activates."""
    contract = _locked(contract)
    if refusals := amendment_refusals(contract):
        raise ValidationError({"status": refusals})
    terms = _validated_terms(terms)
    amendment = Contract.objects.create(
        number=contract.number,
        version=contract.version + 1,
        supersedes=contract,
        work=contract.work,
        licensor=contract.licensor,
        licensee=contract.licensee,
        origin=origin or f"amendment:{contract.reference}",
        terms=terms.to_dict(),
        currency=terms.currency,
        document_languages=contract.document_languages,
        created_by=actor,
    )
    ContractEvent.objects.create(
        contract=amendment,
        from_status="",
        to_status=S.DRAFT,
        actor=actor,
        note=f"Amendment of {contract.reference}",
    )
    return amendment


# --- signature -----------------------------------------------------------------------------------


@transaction.atomic
def contract_send_for_signature(*, contract: Contract, actor: AnyUser = None) -> Contract:
    """Render the document once and freeze its SHA-256: every signature refers to it."""
    contract = _locked(contract)
    WORKFLOW.apply(contract, "send", user=_by(actor), save=False)
    pdf = render_contract_pdf(contract)
    contract.document_sha256 = hashlib.sha256(pdf).hexdigest()
    contract.document.save(
        f"{contract.reference.replace('/', '-')}.pdf", ContentFile(pdf), save=False
    )
    contract.save(update_fields=["status", "document", "document_sha256"])
    evidence_deposit_bytes(
        kind="contract.document",
        subject=f"contract:{contract.reference}",
        data=pdf,
        metadata={"contract": contract.pk, "version": contract.version},
        store=False,  # the document itself is kept by the contract
    )
    consent_request(contract=contract)
    return contract


def contract_sign(
    *, contract: Contract, user: AnyUser, party: Party, ip_address: str | None, user_agent: str
) -> Contract:
    """Record ``user``'s signature for ``party``; the last signature activates the contract.

    The signature is kept even if activation is then refused (the signer did
    sign that document): the GrantConflict or guard refusal is raised after
    the signature is recorded, and the contract stays awaiting signatures.
    """
    with transaction.atomic():
        contract = _locked(contract)
        if not open_for_signature(contract):
            raise ValidationError({"status": _("This contract is not awaiting signatures.")})
        if party.pk not in (contract.licensor_id, contract.licensee_id):
            raise ValidationError(
                {"party": _("%(party)s is not a party to this contract.") % {"party": party.name}}
            )
        if not acts_for(user, party.pk):
            raise ValidationError(
                {"party": _("You may sign only for an organisation you belong to.")}
            )
        if contract.signatures.filter(party=party).exists():
            raise ValidationError(
                {"party": _("%(party)s has already signed.") % {"party": party.name}}
            )
        signature = signature_deposit(
            kind="contract.signature",
            subject=f"contract:{contract.reference}",
            document=contract.document,
            document_sha256=contract.document_sha256,
            user=user,
            signing_for={
                "contract": contract.reference,
                "party": party.pk,
                "party_name": party.original_name,
            },
            ip_address=ip_address,
            user_agent=user_agent,
        )
        ContractSignature.objects.create(
            contract=contract,
            party=party,
            signer=user,
            evidence_id=signature.evidence.pk,
            **signature.row_fields(),
        )
        _note(contract, actor=user, note=f"Signed for {party.name}")
        complete = not unsigned_parties(contract)
    if complete:
        try:
            return contract_activate(contract=contract, actor=user)
        except ValidationError as exc:
            _note(
                contract,
                actor=user,
                note=f"Activation refused: {' '.join(exc.messages)}",
            )
            raise
    return contract


# --- activation ----------------------------------------------------------------------------------


def _conflict_message(contract: Contract, right: RightTerms) -> list[str]:
    """The refusal, conflict type first (No Rights In, No Exclusive In, Overlap), then the
    cell (right, territory, language, dates)."""
    report = check_availability(
        work=contract.work,
        right_type=right.right_type,
        territories=right.territories,
        excluded_territories=right.excluded_territories,
        languages=right.languages,
        start=right.start,
        end=right.end,
        exclusive=right.exclusive,
    )
    return describe_conflicts(right_type=right.right_type, report=report) or [
        _("The %(right)s rights overlap an existing grant.") % {"right": right.right_type}
    ]


def _refuse_encumbered(contract: Contract, terms: Terms) -> None:
    """Seizures, pledges whose pledgee has not consented to this contract and disputes the
    policy blocks, over each right's own cells and dates: the availability selector's
    ``encumbrances`` subtraction, asked with the contract (grants and rights in are the
    cell constraints' part, when the grants are written)."""
    lines: list[str] = []
    for right in terms.rights:
        report = check_availability(
            work=contract.work,
            right_type=right.right_type,
            territories=right.territories,
            excluded_territories=right.excluded_territories,
            languages=right.languages,
            start=right.start,
            end=right.end,
            exclusive=right.exclusive,
            against=["encumbrances"],
            contract=contract,
        )
        lines += describe_conflicts(right_type=right.right_type, report=report)
    if lines:
        raise ValidationError({"grant": list(dict.fromkeys(lines))})


def _live_grants(contract: Contract):
    return Grant.objects.filter(
        work=contract.work, source_ref=contract.reference, revoked_at__isnull=True
    )


def _write_grants(contract: Contract, terms: Terms) -> list[Grant]:
    grants = []
    for right in terms.rights:
        try:
            grants.append(
                grant_write(
                    work=contract.work,
                    licensee=contract.licensee,
                    right_type=right.right_type,
                    territories=list(right.territories),
                    excluded_territories=list(right.excluded_territories),
                    languages=list(right.languages),
                    media=list(right.media),
                    start=right.start,
                    end=right.end,
                    exclusive=right.exclusive,
                    source=Grant.Source.CONTRACT,
                    source_ref=contract.reference,
                )
            )
        except GrantConflict as exc:
            raise GrantConflict({"grant": _conflict_message(contract, right)}) from exc
    return grants


def contract_activate(*, contract: Contract, actor: AnyUser = None) -> Contract:
    """Write every grant or none; an amendment replaces its predecessor in the same transaction."""
    with transaction.atomic():
        contract = _locked(contract)
        WORKFLOW.require(contract, "activate", user=_by(actor))  # before guards and grants
        if refusals := consent_refusals(contract):
            raise ValidationError({"consent": refusals})
        terms = contract.get_terms()
        ensure_allowed(
            contract.work,
            "license_exclusive" if terms.any_exclusive else "license",
            licensee=contract.licensee,
            contract=contract,
            party=contract.licensor,
        )
        _refuse_encumbered(contract, terms)
        lock_work_grants(work_id=contract.work_id)
        previous = contract.supersedes
        if previous is not None:
            previous = _locked(previous)
            WORKFLOW.apply(
                previous,
                "supersede",
                user=_by(actor),
                note=f"Superseded by {contract.reference}",
                save=False,
            )
            previous.ended_at = timezone.now()
            previous.save(update_fields=["status", "ended_at"])
            for grant in _live_grants(previous):
                grant_revoke(grant=grant, reason=f"superseded by {contract.reference}")
        _write_grants(contract, terms)
        WORKFLOW.apply(contract, "activate", user=_by(actor), save=False)
        contract.activated_at = timezone.now()
        contract.payment_status = billing.invoice_signature_installments(contract=contract)
        contract.save(update_fields=["status", "activated_at", "payment_status"])
        billing.invoice_dated_installments(contract=contract)
    return contract


# --- ending --------------------------------------------------------------------------------------


@transaction.atomic
def contract_terminate(
    *, contract: Contract, actor: AnyUser, reason: str, effective_on: dt.date | None = None
) -> Contract:
    """End an active contract: no right survives from ``effective_on`` (default today)."""
    contract = _locked(contract)
    WORKFLOW.require(contract, "terminate", user=_by(actor))
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Give the reason for the termination.")})
    effective_on = effective_on or timezone.localdate()
    if contract.activated_at and effective_on < timezone.localtime(contract.activated_at).date():
        raise ValidationError(
            {"effective_on": _("The termination date cannot precede the activation.")}
        )
    WORKFLOW.apply(contract, "terminate", user=_by(actor), note=reason, save=False)
    lock_work_grants(work_id=contract.work_id)
    for grant in _live_grants(contract):
        grant_revoke(grant=grant, reason=f"terminated: {reason}")
        if grant.period.lower < effective_on:
            # Revoke then re-write: the rights already enjoyed stay on record up to the eve.
            end = min(grant.period.upper, effective_on) - dt.timedelta(days=1)
            grant_write(
                work=contract.work,
                licensee=grant.licensee,
                right_type=grant.right_type,
                territories=grant.territories,
                excluded_territories=grant.excluded_territories,
                languages=grant.languages,
                media=grant.media,
                start=grant.period.lower,
                end=end,
                exclusive=grant.exclusive,
                source=grant.source,
                source_ref=grant.source_ref,
            )
    contract.ended_at = timezone.now()
    contract.end_reason = reason
    contract.save(update_fields=["status", "ended_at", "end_reason"])
    return contract


@transaction.atomic
def contract_expire(*, contract: Contract, today: dt.date | None = None) -> bool:
    """Active → expired once every right has ended; False (and nothing done) otherwise."""
    contract = _locked(contract)
    today = today or timezone.localdate()
    if WORKFLOW.state_reasons(contract, "expire"):
        return False
    if max(right.end for right in contract.get_terms().rights) >= today:
        return False
    WORKFLOW.apply(contract, "expire", user=SYSTEM, note="Every right has ended.", save=False)
    contract.ended_at = timezone.now()
    contract.save(update_fields=["status", "ended_at"])
    return True


def contract_expire_due(*, today: dt.date | None = None) -> int:
    """Expire every active contract whose rights have all ended; idempotent (beat task)."""
    today = today or timezone.localdate()
    # Grants of a contract end with its rights; a contract with no live grant ending after
    # yesterday is a candidate (the per-contract check reads the terms under the lock).
    live = Grant.objects.filter(revoked_at__isnull=True, period__endswith__gt=today)
    candidates = Contract.objects.filter(status=S.ACTIVE)
    live_refs = set(live.values_list("source_ref", flat=True))
    expired = 0
    for contract in candidates.iterator():
        if contract.reference in live_refs:
            continue
        expired += contract_expire(contract=contract, today=today)
    return expired
