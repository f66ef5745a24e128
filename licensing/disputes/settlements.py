"""Settlements: the mediator drafts the agreement (a PDF in the evidence chain), each side
signs it, and the last signature settles the case and applies its effects (``effects``)."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.evidence.services import evidence_deposit_file
from catalog.evidence.signatures import signature_deposit
from catalog.kernel.money import round_money, validate_currency
from catalog.kernel.permissions import AnyUser
from catalog.kernel.workflow import SYSTEM
from catalog.models import Work
from licensing.disputes import deadlines, documents, effects, selectors
from licensing.disputes.cases import (
    event_record,
    locked,
    mark_closed,
    require,
    transition,
)
from licensing.disputes.models import (
    Case,
    CaseParty,
    CaseStatus,
    Settlement,
    SettlementSignature,
)

S = CaseStatus
SIGNING_ROLES = selectors.SIGNING_ROLES


@dataclass(frozen=True)
class Installment:
    due_on: dt.date
    amount: Decimal


@dataclass(frozen=True)
class LicenceInput:
    work: Work
    right_type: str
    territories: list[str]
    languages: list[str]
    start: dt.date
    end: dt.date
    exclusive: bool = False
    licensee: str = CaseParty.Role.RESPONDENT  # which side receives the licence


@dataclass
class SettlementInput:
    amount: Decimal = Decimal(0)
    currency: str = ""
    schedule: list[Installment] = field(default_factory=list)
    terms_text: str = ""
    licence: LicenceInput | None = None
    transfer_work: Work | None = None
    transfer_to: str = ""  # claimant | respondent: all ownership shares move to that side


def _side(case: Case, role: str) -> CaseParty:
    return case.parties.get(role=role)


def _validated_settlement(case: Case, data: SettlementInput) -> tuple[Decimal, str, list[dict]]:
    amount = Decimal(data.amount or 0)
    if amount < 0:
        raise ValidationError({"amount": _("a settlement amount cannot be negative")})
    currency = ""
    schedule: list[dict] = []
    if amount > 0:
        currency = validate_currency(data.currency)
        amount = round_money(amount, currency)
        installments = data.schedule or [Installment(due_on=timezone.now().date(), amount=amount)]
        total = sum((round_money(Decimal(i.amount), currency) for i in installments), Decimal(0))
        if total != amount or any(Decimal(i.amount) <= 0 for i in installments):
            raise ValidationError(
                {
                    "schedule": _("The instalments sum to %(total)s %(cur)s, not %(amount)s.")
                    % {"total": total, "cur": currency, "amount": amount}
                }
            )
        schedule = [
            {
                "due_on": i.due_on.isoformat(),
                "amount": str(round_money(Decimal(i.amount), currency)),
            }
            for i in sorted(installments, key=lambda i: i.due_on)
        ]
    elif data.schedule:
        raise ValidationError({"schedule": _("a payment schedule needs a settlement amount")})
    works = set(case.works.values_list("pk", flat=True))
    if data.licence and data.licence.work.pk not in works:
        raise ValidationError({"licence": _("the licence must be of a work concerned by the case")})
    if data.transfer_work is not None:
        if data.transfer_work.pk not in works:
            raise ValidationError({"transfer": _("only a work concerned by the case can move")})
        if data.transfer_to not in SIGNING_ROLES:
            raise ValidationError({"transfer": _("say to which side the ownership moves")})
    needs_party = []
    if amount > 0:
        needs_party += list(SIGNING_ROLES)
    if data.licence:
        needs_party.append(data.licence.licensee)
    if data.transfer_work is not None:
        needs_party.append(data.transfer_to)
    for role in set(needs_party):
        row = _side(case, role)
        if row.party_id is None and not row.country:
            raise ValidationError(
                {
                    role: _("%(name)s must be a registered party (or give a country) first.")
                    % {"name": row.name}
                }
            )
    if data.licence and data.licence.licensee not in SIGNING_ROLES:
        raise ValidationError({"licence": _("say which side receives the licence")})
    effects.check_effects(
        case=case,
        licence_work=data.licence.work if data.licence else None,
        licence_right=data.licence.right_type if data.licence else "",
        licensee_role=data.licence.licensee if data.licence else "",
        transfer_work=data.transfer_work,
        transfer_to=data.transfer_to,
    )
    return amount, currency, schedule


def _settlement_document(case: Case, settlement: Settlement) -> None:
    pdf = documents.settlement_pdf(case=case, settlement=settlement)
    digest = hashlib.sha256(pdf).hexdigest()
    settlement.document.save(f"{case.number}-settlement.pdf", ContentFile(pdf), save=False)
    settlement.document_sha256 = digest
    settlement.document_evidence = evidence_deposit_file(
        kind="dispute.settlement",
        subject=f"dispute:{case.number}",
        storage_name=settlement.document.name,
        metadata={"amount": str(settlement.amount), "currency": settlement.currency},
    )
    settlement.save()


def settlement_draft(
    *, case: Case, data: SettlementInput, actor: AnyUser, at: dt.datetime, note: str = ""
) -> Settlement:
    """Draft the agreement of a case the caller has locked, inside its transaction."""
    amount, currency, schedule = _validated_settlement(case, data)
    transition(case, "settle_draft", actor=actor, at=at, note=note)
    case.save()
    licence = None
    if data.licence:
        lic = data.licence
        licence = {
            "work_id": lic.work.pk,
            "right_type": lic.right_type,
            "territories": list(lic.territories),
            "languages": list(lic.languages),
            "start": lic.start.isoformat(),
            "end": lic.end.isoformat(),
            "exclusive": lic.exclusive,
            "licensee": lic.licensee,
        }
    transfer = (
        {"work_id": data.transfer_work.pk, "to": data.transfer_to} if data.transfer_work else None
    )
    settlement = Settlement.objects.create(
        case=case,
        amount=amount,
        currency=currency,
        payment_schedule=schedule,
        terms_text=data.terms_text,
        licence=licence,
        transfer=transfer,
    )
    _settlement_document(case, settlement)
    return settlement


@transaction.atomic
def settlement_propose(
    *, case: Case, actor: AnyUser, data: SettlementInput, at: dt.datetime | None = None
) -> Settlement:
    """Draft the settlement agreement (PDF in the evidence chain); the parties then sign."""
    at = deadlines.aware_now(at)
    require(case, "settle_draft", actor)
    case = locked(case)
    return settlement_draft(case=case, data=data, actor=actor, at=at)


@transaction.atomic
def settlement_sign(
    *,
    settlement: Settlement,
    user: AnyUser,
    ip_address: str | None = None,
    user_agent: str = "",
    at: dt.datetime | None = None,
) -> SettlementSignature:
    """Click-to-sign: identity, time, IP and the document hash go into the evidence chain.

    The last signature settles the case and applies its effects (licence,
    transfer, invoices) in the same transaction — all or nothing.
    """
    at = deadlines.aware_now(at)
    case = locked(settlement.case)
    settlement = Settlement.objects.select_for_update().get(pk=settlement.pk)
    if case.status != S.SETTLING:
        raise ValidationError(
            {"status": _("case %(case)s is not awaiting signatures") % {"case": case.number}}
        )
    signed = set(settlement.signatures.values_list("case_party_id", flat=True))
    mine = selectors.rows_signed_by(case, user)
    pending = [r for r in mine if r.pk not in signed]
    if not mine:
        raise ValidationError(
            {"signer": _("You are not a party to case %(number)s.") % {"number": case.number}}
        )
    if not pending:
        raise ValidationError({"signer": _("You have already signed this settlement.")})
    row = pending[0]
    signed_as = signature_deposit(
        kind="dispute.signature",
        subject=f"dispute:{case.number}",
        document=settlement.document,
        document_sha256=settlement.document_sha256,
        user=user,
        signing_for={"case": case.number, "role": row.role},
        ip_address=ip_address,
        user_agent=user_agent,
        at=at,
    )
    signature = SettlementSignature.objects.create(
        settlement=settlement,
        case_party=row,
        signer=user,
        evidence=signed_as.evidence,
        **signed_as.row_fields(),
    )
    event_record(case, action="sign", actor=user, at=at, note=row.get_role_display())
    required = set(case.parties.filter(role__in=SIGNING_ROLES).values_list("pk", flat=True))
    if required <= signed | {row.pk}:
        _settlement_complete(case, settlement, at=at)
    return signature


def _settlement_complete(case: Case, settlement: Settlement, *, at: dt.datetime) -> None:
    transition(case, "settle", actor=SYSTEM, at=at)
    settlement.completed_at = at
    effects.apply_effects(case=case, settlement=settlement)
    settlement.effects_applied = True
    settlement.save()
    mark_closed(case, at=at)
