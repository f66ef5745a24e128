"""Writes of the dispute service: one function per transition, each with an audit row.

Transitions (``TRANSITIONS``): filed → accepted | rejected | withdrawn;
accepted → mediating (mediator assigned) | failed | withdrawn;
mediating → settling (agreement drafted) | failed | withdrawn;
settling → settled (every side signed) | failed | withdrawn.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import uuid
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import URLValidator, validate_email
from django.db import models, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.events import WorkStatusChanged
from catalog.evidence.models import EvidenceEntry
from catalog.evidence.services import evidence_deposit_bytes, evidence_deposit_file
from catalog.evidence.signatures import signature_deposit
from catalog.kernel import events
from catalog.kernel.numbering import next_value
from catalog.kernel.permissions import acting_party_ids
from catalog.kernel.uploads import UploadKind, validate_upload
from catalog.models import Party, Work
from catalog.services import validate_country
from finance.currency import round_money, validate_currency
from i18n.languages import LANGUAGE_CODES
from licensing.disputes import deadlines, documents, effects, identity, selectors
from licensing.disputes.models import (
    OPEN_STATUSES,
    Batch,
    Case,
    CaseEvent,
    CaseEvidence,
    CaseNumberSequence,
    CaseParty,
    CaseStatus,
    CaseType,
    Remedy,
    Session,
    Settlement,
    SettlementSignature,
)
from licensing.disputes.tasks import send_session_notice

S = CaseStatus
TRANSITIONS: dict[str, tuple[str, ...]] = {
    "accept": (S.FILED,),
    "reject": (S.FILED,),
    "assign": (S.ACCEPTED, S.MEDIATING),
    "settle_draft": (S.MEDIATING,),
    "settle": (S.SETTLING,),
    "fail": (S.ACCEPTED, S.MEDIATING, S.SETTLING),
    "withdraw": (S.FILED, S.ACCEPTED, S.MEDIATING, S.SETTLING),
}
SUBJECT_MODELS = selectors.SUBJECT_MODELS
SIGNING_ROLES = (CaseParty.Role.CLAIMANT, CaseParty.Role.RESPONDENT)


@dataclass
class PartyInput:
    name: str
    email: str = ""
    url: str = ""
    party: Party | None = None
    user: object | None = None
    country: str = ""
    language: str = "en"
    time_zone: str = "Asia/Shanghai"


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


@dataclass
class CaseOutcome:
    """One case's outcome in a batch: settled (with its own settlement), failed or withdrawn."""

    kind: str  # settled | failed | withdrawn
    note: str = ""
    settlement: SettlementInput | None = None


# ---------------------------------------------------------------- helpers


def _now(at: dt.datetime | None) -> dt.datetime:
    if at is not None and timezone.is_naive(at):
        raise ValidationError({"at": "an aware datetime is required"})
    return at or timezone.now()


def _locked(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def _audit(
    case: Case,
    *,
    action: str,
    actor: object | None,
    at: dt.datetime,
    from_status: str = "",
    to_status: str = "",
    note: str = "",
) -> CaseEvent:
    return CaseEvent.objects.create(
        case=case,
        action=action,
        from_status=from_status,
        to_status=to_status,
        actor=actor,
        note=note,
        at=at,
    )


def _transition(
    case: Case, *, action: str, to: str, actor: object | None, at: dt.datetime, note: str = ""
) -> str:
    """Validate ``action`` from the case's current (locked) status; write status + audit."""
    allowed = TRANSITIONS[action]
    if case.status not in allowed:
        raise ValidationError(
            {
                "status": _("Case %(number)s is “%(status)s”: “%(action)s” is not possible now.")
                % {"number": case.number, "status": case.get_status_display(), "action": action}
            }
        )
    before = case.status
    case.status = to
    _audit(case, action=action, actor=actor, at=at, from_status=before, to_status=to, note=note)
    return before


def _other_open_cases(work_id: int, case: Case) -> bool:
    return (
        Case.objects.filter(works__pk=work_id, status__in=OPEN_STATUSES)
        .exclude(pk=case.pk)
        .exists()
    )


def _publish_status(case: Case) -> None:
    """The "disputed" flag of a work changes only if no other open case is about it."""
    for work_id in case.works.values_list("pk", flat=True):
        if not _other_open_cases(work_id, case):
            events.publish(WorkStatusChanged(work_id=work_id))


def _close(case: Case, *, at: dt.datetime) -> None:
    case.closed_at = at
    case.save()
    _publish_status(case)


def _next_number(year: int) -> str:
    return f"DSP-{year}-{next_value(CaseNumberSequence, year):06d}"


def _party_row(case: Case, data: PartyInput, role: str) -> CaseParty:
    name = (data.name or "").strip() or (data.party.name if data.party else "")
    if not name:
        raise ValidationError({f"{role}_name": f"the {role} needs a name"})
    if data.email:
        try:
            validate_email(data.email)
        except ValidationError as exc:
            raise ValidationError({f"{role}_email": f"“{data.email}” is not an e-mail"}) from exc
    if data.url:
        try:
            URLValidator()(data.url)
        except ValidationError as exc:
            raise ValidationError({f"{role}_url": f"“{data.url}” is not a web address"}) from exc
    if not (data.party or data.user or data.email or data.url):
        raise ValidationError(
            {f"{role}_email": _("Give an e-mail or shop address so they can be reached.")}
        )
    if data.language not in LANGUAGE_CODES:
        raise ValidationError({f"{role}_language": f"“{data.language}” is not a site language"})
    country = validate_country(data.country, field=f"{role}_country") if data.country else ""
    # Only the filer's own account is linked here (identity.filing_check): an e-mail
    # typed into the complaint proves nothing; its owner joins by invitation.
    user = data.user
    party = data.party
    if party is None and user is not None:
        # A user who acts for exactly one organisation is that party in the case.
        party_ids = acting_party_ids(user)
        party = Party.objects.get(pk=next(iter(party_ids))) if len(party_ids) == 1 else None
    return CaseParty.objects.create(
        case=case,
        role=role,
        party=party,
        user=user,
        name=name,
        email=data.email,
        url=data.url,
        country=country,
        language=data.language,
        time_zone=deadlines.validate_time_zone(data.time_zone, field=f"{role}_time_zone"),
    )


def _validate_subject(case_type: str, subject: models.Model | None, filed_by: object) -> None:
    wanted = SUBJECT_MODELS.get(case_type)
    if wanted and (subject is None or subject._meta.label != wanted):
        raise ValidationError({"subject": f"a {case_type} dispute must name its {wanted}"})
    if not wanted and subject is not None:
        raise ValidationError({"subject": f"a {case_type} case is not about a {subject._meta}"})
    if subject is not None and not selectors.is_party_to_subject(filed_by, subject):
        raise ValidationError(
            {"subject_ref": _("You are not a party to %(subject)s.") % {"subject": subject}}
        )


# ---------------------------------------------------------------- filing


@transaction.atomic
def case_file(
    *,
    case_type: str,
    claimant: PartyInput,
    respondent: PartyInput,
    summary: str,
    filed_by: object,
    works: list[Work] | None = None,
    agent: PartyInput | None = None,
    description: str = "",
    language: str = "",
    claimed_amount: Decimal | None = None,
    currency: str = "",
    remedies: list[str] | None = None,
    subject: models.Model | None = None,
    at: dt.datetime | None = None,
    source_ref: str | None = None,
) -> Case:
    """File a complaint online (by the claimant or their agent); numbered gaplessly per year."""
    at = _now(at)
    if case_type not in CaseType.values:
        raise ValidationError({"case_type": f"“{case_type}” is not a case type"})
    if not (summary or "").strip():
        raise ValidationError({"summary": _("Say in one line what the dispute is about.")})
    _validate_subject(case_type, subject, filed_by)
    identity.filing_check(filed_by=filed_by, claimant=claimant, respondent=respondent, agent=agent)
    works = list(works or [])
    # A contract or application names its work; a royalty statement through its contract.
    subject_work = getattr(subject, "work", None) or getattr(
        getattr(subject, "contract", None), "work", None
    )
    if isinstance(subject_work, Work) and subject_work not in works:
        works.append(subject_work)
    if not works and case_type in (CaseType.INFRINGEMENT, CaseType.OWNERSHIP):
        raise ValidationError({"works": _("Name at least one work concerned.")})
    remedies = list(remedies or [])
    bad = [r for r in remedies if r not in Remedy.values]
    if bad:
        raise ValidationError({"remedies": f"unknown remedies: {bad}"})
    if claimed_amount is not None:
        currency = validate_currency(currency)
        claimed_amount = Decimal(claimed_amount)
        if claimed_amount < 0:
            raise ValidationError({"claimed_amount": "a claim cannot be negative"})
        claimed_amount = round_money(claimed_amount, currency)
    else:
        currency = ""
    language = language or claimant.language
    if language not in LANGUAGE_CODES:
        raise ValidationError({"language": f"“{language}” is not a site language"})
    case = Case.objects.create(
        number=_next_number(deadlines.centre_date(at).year),
        case_type=case_type,
        summary=summary.strip(),
        description=description,
        language=language,
        subject_type=ContentType.objects.get_for_model(subject) if subject else None,
        subject_id=subject.pk if subject else None,
        claimed_amount=claimed_amount,
        currency=currency,
        remedies=remedies,
        filed_by=filed_by,
        filed_at=at,
        source_ref=source_ref,
    )
    _party_row(case, claimant, CaseParty.Role.CLAIMANT)
    _party_row(case, respondent, CaseParty.Role.RESPONDENT)
    if agent is not None:
        _party_row(case, agent, CaseParty.Role.AGENT)
    case.works.set(works)
    _audit(case, action="file", actor=filed_by, at=at, to_status=S.FILED)
    identity.on_filing(case=case, filed_by=filed_by, at=at)
    _publish_status(case)
    return case


# ---------------------------------------------------------------- intake


@transaction.atomic
def case_accept(*, case: Case, actor: object, at: dt.datetime | None = None) -> Case:
    """Accept a filed case; the deadline runs from here (centre-local end of day)."""
    at = _now(at)
    case = _locked(case)
    _transition(case, action="accept", to=S.ACCEPTED, actor=actor, at=at)
    case.accepted_at = at
    case.deadline = deadlines.end_of_day_after(at, deadlines.deadline_days())
    case.save()
    identity.on_accept(case=case, actor=actor, at=at)
    return case


@transaction.atomic
def case_reject(*, case: Case, actor: object, reason: str, at: dt.datetime | None = None) -> Case:
    at = _now(at)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("A rejection needs a reason the claimant can read.")})
    case = _locked(case)
    _transition(case, action="reject", to=S.REJECTED, actor=actor, at=at, note=reason)
    case.rejection_reason = reason.strip()
    _close(case, at=at)
    return case


def _mediator_load() -> dict[int, int]:
    return dict(
        Case.objects.filter(status__in=OPEN_STATUSES, mediator__isnull=False)
        .values("mediator")
        .annotate(n=Count("pk"))
        .values_list("mediator", "n")
    )


def mediator_pick(*, case: Case) -> object:
    """The mediator for a case: must take its type; prefers its language; then the least load."""
    load = _mediator_load()
    ranked = []
    for user in (
        get_user_model()
        .objects.filter(roles__contains=["mediator"], is_active=True)
        .select_related("mediator_profile")
    ):
        profile = getattr(user, "mediator_profile", None)
        languages = (profile.languages if profile else None) or [user.preferred_language]
        if profile and (not profile.active or load.get(user.pk, 0) >= profile.max_open_cases):
            continue
        if profile and profile.case_types and case.case_type not in profile.case_types:
            continue
        ranked.append((case.language not in languages, load.get(user.pk, 0), user.pk, user))
    if not ranked:
        raise ValidationError({"mediator": f"no mediator is available for a {case.case_type} case"})
    return min(ranked, key=lambda row: row[:3])[3]


@transaction.atomic
def case_assign_mediator(
    *,
    case: Case,
    actor: object,
    mediator: object | None = None,
    at: dt.datetime | None = None,
) -> Case:
    """Assign (or reassign) a mediator, chosen automatically unless one is named."""
    at = _now(at)
    case = _locked(case)
    if case.batch_id and case.status == S.MEDIATING:
        raise ValidationError({"mediator": "a batched case follows its batch's mediator"})
    if mediator is None:
        mediator = mediator_pick(case=case)
    elif not mediator.has_role("mediator"):
        raise ValidationError({"mediator": f"{mediator} is not a mediator"})
    _transition(
        case,
        action="assign",
        to=S.MEDIATING,
        actor=actor,
        at=at,
        note=mediator.get_full_name() or mediator.get_username(),
    )
    case.mediator = mediator
    case.save()
    return case


@transaction.atomic
def case_extend_deadline(
    *,
    case: Case,
    actor: object,
    reason: str,
    days: int | None = None,
    at: dt.datetime | None = None,
) -> Case:
    """Extend the deadline once, with a reason; a second extension is refused."""
    at = _now(at)
    case = _locked(case)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("An extension needs a reason.")})
    if case.status not in (S.ACCEPTED, S.MEDIATING, S.SETTLING):
        raise ValidationError({"status": f"case {case.number} is not running ({case.status})"})
    if case.extended_at is not None:
        raise ValidationError(
            {
                "deadline": _("The deadline of %(number)s was already extended once.")
                % {"number": case.number}
            }
        )
    days = deadlines.extension_days() if days is None else days
    if not 1 <= days <= 90:
        raise ValidationError({"days": f"{days} is outside 1–90 days"})
    case.deadline = deadlines.end_of_day_after(case.deadline, days)
    case.extended_at = at
    case.extension_reason = reason.strip()
    case.save()
    _audit(case, action="extend", actor=actor, at=at, note=reason)
    return case


# ---------------------------------------------------------------- sessions


def _enqueue_notice(session: Session) -> None:
    transaction.on_commit(lambda: send_session_notice.delay(session.pk, "scheduled"))


@transaction.atomic
def session_schedule(
    *,
    actor: object,
    starts_at: dt.datetime,
    case: Case | None = None,
    batch: Batch | None = None,
    duration_minutes: int = 60,
    video_link: str = "",
) -> Session:
    """Schedule a session (of a case or a whole batch); every party is told in their language."""
    if (case is None) == (batch is None):
        raise ValidationError({"case": "a session is for one case or one batch"})
    if timezone.is_naive(starts_at):
        raise ValidationError({"starts_at": "give the time with its time zone"})
    if video_link:
        try:
            URLValidator(schemes=["https", "http"])(video_link)
        except ValidationError as exc:
            raise ValidationError({"video_link": f"“{video_link}” is not a link"}) from exc
    if not 10 <= duration_minutes <= 480:
        raise ValidationError({"duration_minutes": f"{duration_minutes} is outside 10–480"})
    cases = [_locked(case)] if case else list(batch.cases.select_for_update())
    for c in cases:
        if c.status not in (S.MEDIATING, S.SETTLING):
            raise ValidationError({"status": f"case {c.number} is not in mediation ({c.status})"})
    session = Session.objects.create(
        case=case,
        batch=batch,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        video_link=video_link,
        scheduled_by=actor,
    )
    for c in cases:
        _audit(c, action="session", actor=actor, at=timezone.now(), note=starts_at.isoformat())
    _enqueue_notice(session)
    return session


@transaction.atomic
def session_record_minutes(*, session: Session, actor: object, minutes: str) -> Session:
    """Record the minutes once; their hash goes into the evidence chain."""
    session = Session.objects.select_for_update().get(pk=session.pk)
    if session.minutes_recorded_at is not None:
        raise ValidationError({"minutes": _("The minutes of this session are already recorded.")})
    if not (minutes or "").strip():
        raise ValidationError({"minutes": "the minutes are empty"})
    now = timezone.now()
    session.minutes = minutes.strip()
    session.minutes_recorded_at = now
    session.save()
    cases = [session.case] if session.case_id else list(session.batch.cases.all())
    evidence_deposit_bytes(
        kind="dispute.minutes",
        subject=f"disputes.session:{session.pk}",
        data=session.minutes.encode(),
        metadata={"cases": [c.number for c in cases]},
    )
    for c in cases:
        _audit(c, action="minutes", actor=actor, at=now)
    return session


# ---------------------------------------------------------------- evidence


@transaction.atomic
def evidence_attach(
    *,
    case: Case,
    actor: object,
    entry: EvidenceEntry,
    description: str,
    submitted_by: CaseParty | None = None,
) -> CaseEvidence:
    """Attach an entry already in the evidence chain: one the actor's side owns, or for
    the mediator one a party of the case owns (``selectors.may_attach``)."""
    if not selectors.may_attach(user=actor, case=case, entry=entry):
        raise ValidationError(
            {"entry_seq": _("No evidence entry with this number that you may attach.")}
        )
    if CaseEvidence.objects.filter(case=case, entry=entry).exists():
        raise ValidationError({"entry": f"entry {entry.seq} is already attached to {case}"})
    item = CaseEvidence.objects.create(
        case=case,
        entry=entry,
        description=description or entry.kind,
        submitted_by=submitted_by,
        added_by=actor,
    )
    _audit(case, action="evidence", actor=actor, at=timezone.now(), note=f"#{entry.seq}")
    return item


@transaction.atomic
def evidence_upload(
    *,
    case: Case,
    actor: object,
    file: UploadedFile,
    description: str,
    submitted_by: CaseParty | None = None,
) -> CaseEvidence:
    """Store an uploaded file (never overwritten) and hash it into the chain."""
    if case.status not in OPEN_STATUSES:
        raise ValidationError({"file": f"case {case.number} is closed"})
    # By content, not name: an .html or .svg renamed .pdf is refused here.
    validate_upload(kind=UploadKind.DISPUTE_EVIDENCE, file=file, field="file")
    safe = "".join(ch for ch in (file.name or "file") if ch.isalnum() or ch in "._-")[-80:]
    name = default_storage.save(f"disputes/evidence/{case.number}/{uuid.uuid4().hex}-{safe}", file)
    entry = evidence_deposit_file(
        kind="dispute.evidence",
        subject=f"dispute:{case.number}",
        storage_name=name,
        metadata={"name": file.name or safe},
    )
    item = CaseEvidence.objects.create(
        case=case,
        entry=entry,
        description=description or file.name or safe,
        original_name=file.name or safe,
        submitted_by=submitted_by,
        added_by=actor,
    )
    _audit(case, action="evidence", actor=actor, at=timezone.now(), note=f"#{entry.seq}")
    return item


# ---------------------------------------------------------------- settlement


def _side(case: Case, role: str) -> CaseParty:
    return case.parties.get(role=role)


def _validated_settlement(case: Case, data: SettlementInput) -> tuple[Decimal, str, list[dict]]:
    amount = Decimal(data.amount or 0)
    if amount < 0:
        raise ValidationError({"amount": "a settlement amount cannot be negative"})
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
        raise ValidationError({"schedule": "a payment schedule needs a settlement amount"})
    works = set(case.works.values_list("pk", flat=True))
    if data.licence and data.licence.work.pk not in works:
        raise ValidationError({"licence": "the licence must be of a work concerned by the case"})
    if data.transfer_work is not None:
        if data.transfer_work.pk not in works:
            raise ValidationError({"transfer": "only a work concerned by the case can move"})
        if data.transfer_to not in SIGNING_ROLES:
            raise ValidationError({"transfer": "say to which side the ownership moves"})
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
        raise ValidationError({"licence": "say which side receives the licence"})
    effects.check_effects(
        case,
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


def _settlement_create(
    case: Case, data: SettlementInput, *, actor: object, at: dt.datetime, note: str = ""
) -> Settlement:
    amount, currency, schedule = _validated_settlement(case, data)
    _transition(case, action="settle_draft", to=S.SETTLING, actor=actor, at=at, note=note)
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
    *, case: Case, actor: object, data: SettlementInput, at: dt.datetime | None = None
) -> Settlement:
    """Draft the settlement agreement (PDF in the evidence chain); the parties then sign."""
    at = _now(at)
    case = _locked(case)
    return _settlement_create(case, data, actor=actor, at=at)


@transaction.atomic
def settlement_sign(
    *,
    settlement: Settlement,
    user: object,
    ip_address: str | None = None,
    user_agent: str = "",
    at: dt.datetime | None = None,
) -> SettlementSignature:
    """Click-to-sign: identity, time, IP and the document hash go into the evidence chain.

    The last signature settles the case and applies its effects (licence,
    transfer, invoices) in the same transaction — all or nothing.
    """
    at = _now(at)
    case = _locked(settlement.case)
    settlement = Settlement.objects.select_for_update().get(pk=settlement.pk)
    if case.status != S.SETTLING:
        raise ValidationError({"status": f"case {case.number} is not awaiting signatures"})
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
    _audit(case, action="sign", actor=user, at=at, note=row.get_role_display())
    required = set(case.parties.filter(role__in=SIGNING_ROLES).values_list("pk", flat=True))
    if required <= signed | {row.pk}:
        _settlement_complete(case, settlement, at=at)
    return signature


def _settlement_complete(case: Case, settlement: Settlement, *, at: dt.datetime) -> None:
    _transition(case, action="settle", to=S.SETTLED, actor=None, at=at)
    settlement.completed_at = at
    effects.apply_effects(case, settlement)
    settlement.effects_applied = True
    settlement.save()
    _close(case, at=at)


# ---------------------------------------------------------------- other endings


@transaction.atomic
def case_fail(*, case: Case, actor: object, note: str = "", at: dt.datetime | None = None) -> Case:
    """Mediation failed: the case is referred to court (its file is exported on demand)."""
    at = _now(at)
    case = _locked(case)
    _transition(case, action="fail", to=S.FAILED, actor=actor, at=at, note=note)
    case.outcome_note = note
    _close(case, at=at)
    return case


@transaction.atomic
def case_withdraw(
    *, case: Case, actor: object, note: str = "", at: dt.datetime | None = None
) -> Case:
    at = _now(at)
    case = _locked(case)
    _transition(case, action="withdraw", to=S.WITHDRAWN, actor=actor, at=at, note=note)
    case.outcome_note = note
    _close(case, at=at)
    return case


@transaction.atomic
def case_export_court_file(*, case: Case, actor: object) -> Case:
    """Store the case file (zip + index PDF) of a failed case and hash it into the chain."""
    case = _locked(case)
    if case.status != S.FAILED:
        raise ValidationError({"status": "only a case referred to court has a court file"})
    if case.court_file:
        return case
    data = documents.case_file_zip(case)
    case.court_file.save(f"{case.number}-case-file.zip", ContentFile(data), save=False)
    case.court_file_sha256 = hashlib.sha256(data).hexdigest()
    case.save()
    evidence_deposit_file(
        kind="dispute.court_file",
        subject=f"dispute:{case.number}",
        storage_name=case.court_file.name,
    )
    _audit(case, action="export", actor=actor, at=timezone.now())
    return case


# ---------------------------------------------------------------- batches


@transaction.atomic
def batch_create(
    *,
    mediator: object,
    cases: list[Case],
    kind: str = Batch.Kind.SAME_PAIR,
    source_ref: str | None = None,
) -> Batch:
    """Group a mediator's cases against one respondent (and, for same_pair, one claimant)."""
    if kind not in Batch.Kind.values:
        raise ValidationError({"kind": f"“{kind}” is not a batch kind"})
    locked = list(Case.objects.select_for_update().filter(pk__in=[c.pk for c in cases]))
    if len(locked) < 2:
        raise ValidationError({"cases": _("A batch groups at least two cases.")})
    keys = {}
    for c in locked:
        if c.mediator_id != mediator.pk:
            raise ValidationError({"cases": f"{c.number} is not assigned to {mediator}"})
        if c.status != S.MEDIATING:
            raise ValidationError({"cases": f"{c.number} is not in mediation ({c.status})"})
        if c.batch_id:
            raise ValidationError({"cases": f"{c.number} is already in batch {c.batch}"})
        rows = {r.role: r.identity_key for r in c.parties.all()}
        keys[c.number] = (rows[CaseParty.Role.CLAIMANT], rows[CaseParty.Role.RESPONDENT])
    respondents = {k[1] for k in keys.values()}
    claimants = {k[0] for k in keys.values()}
    if len(respondents) != 1:
        raise ValidationError({"cases": _("The cases of a batch must have the same respondent.")})
    if kind == Batch.Kind.SAME_PAIR and len(claimants) != 1:
        raise ValidationError({"cases": _("These cases have different claimants.")})
    batch = Batch.objects.create(
        kind=kind,
        mediator=mediator,
        respondent_key=respondents.pop(),
        claimant_key=claimants.pop() if kind == Batch.Kind.SAME_PAIR else "",
        source_ref=source_ref,
    )
    now = timezone.now()
    for c in locked:
        c.batch = batch
        c.save(update_fields=["batch"])
        _audit(c, action="batch", actor=mediator, at=now, note=str(batch))
    return batch


@transaction.atomic
def batch_record_outcomes(
    *,
    batch: Batch,
    actor: object,
    outcomes: dict[int, CaseOutcome],
    at: dt.datetime | None = None,
) -> list[Case]:
    """Record every case's outcome in one step (all or nothing); settled cases get their own
    settlement agreement to sign."""
    at = _now(at)
    batch = Batch.objects.select_for_update().get(pk=batch.pk)
    cases = list(batch.cases.select_for_update().order_by("pk"))
    open_cases = [c for c in cases if c.status == S.MEDIATING]
    missing = [c.number for c in open_cases if c.pk not in outcomes]
    if missing:
        raise ValidationError({"outcomes": f"no outcome for {', '.join(missing)}"})
    strangers = set(outcomes) - {c.pk for c in open_cases}
    if strangers:
        raise ValidationError({"outcomes": f"cases {sorted(strangers)} are not open in {batch}"})
    done = []
    for case in open_cases:
        outcome = outcomes[case.pk]
        if outcome.kind == "settled":
            if outcome.settlement is None:
                raise ValidationError({"outcomes": f"{case.number}: a settlement needs its terms"})
            _settlement_create(case, outcome.settlement, actor=actor, at=at, note=outcome.note)
        elif outcome.kind == "failed":
            case_fail(case=case, actor=actor, note=outcome.note, at=at)
        elif outcome.kind == "withdrawn":
            case_withdraw(case=case, actor=actor, note=outcome.note, at=at)
        else:
            raise ValidationError({"outcomes": f"{case.number}: unknown outcome {outcome.kind}"})
        done.append(case)
    batch.outcomes_recorded_at = at
    batch.save(update_fields=["outcomes_recorded_at"])
    return [Case.objects.get(pk=c.pk) for c in done]
