"""Dispute cases: filing, intake, mediator assignment, deadline, failure and withdrawal.

Every status change applies the case workflow (``workflow.WORKFLOW``), which refuses
what its action table or permissions do not allow and writes one ``CaseEvent``.
Sessions, settlements, evidence and batches live in their own modules and use the
helpers here (``locked``, ``require``, ``transition``, ``event_record``, ``mark_closed``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.validators import URLValidator, validate_email
from django.db import models, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.events import WorkStatusChanged
from catalog.evidence.services import evidence_deposit_file
from catalog.kernel import events
from catalog.kernel.money import round_money, validate_currency
from catalog.kernel.numbering import next_value
from catalog.kernel.permissions import AnyUser, acting_party_ids, is_mediator
from catalog.models import Membership, Party, Work
from catalog.services import validate_country
from i18n.languages import LANGUAGE_CODES
from licensing.disputes import deadlines, documents, identity, selectors
from licensing.disputes.models import (
    OPEN_STATUSES,
    Case,
    CaseEvent,
    CaseNumberSequence,
    CaseParty,
    CaseStatus,
    CaseType,
    Remedy,
)
from licensing.disputes.workflow import WORKFLOW

S = CaseStatus
SUBJECT_MODELS = selectors.SUBJECT_MODELS


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


def filer_input(user: AnyUser) -> PartyInput:
    """The filer as a side of their complaint: in the name of their first membership that
    counts (the kernel's), so an unverified member files as a private person."""
    membership = (
        Membership.objects.filter(party_id__in=acting_party_ids(user), user=user)
        .select_related("party")
        .order_by("pk")
        .first()
    )
    return PartyInput(
        name=user.get_full_name() or (membership.party.name if membership else user.username),
        party=membership.party if membership else None,
        user=user,
        email=user.email,
        language=user.preferred_language,
        time_zone=user.time_zone,
    )


# ---------------------------------------------------------------- helpers (also used by the
# sessions, settlements, evidence and batches modules)


def locked(case: Case) -> Case:
    return Case.objects.select_for_update().get(pk=case.pk)


def require(case: Case, name: str, user: AnyUser) -> None:
    """Refuse a user the action's permission does not admit before reading their input,
    so a stranger learns nothing from validation messages."""
    if not WORKFLOW.permitted(case, name, user):
        raise PermissionDenied(_("You may not do this."))


def require_mediation(case: Case, user: AnyUser) -> None:
    """Sessions, minutes, deadlines and the court file are the case's mediator's (or staff's)."""
    if not selectors.can_mediate(user, case):
        raise PermissionDenied(_("You may not do this."))


def transition(
    case: Case, name: str, *, actor: AnyUser, at: dt.datetime, note: str = ""
) -> CaseEvent:
    """Move the (locked) case by workflow action ``name``; the caller saves the case."""
    return WORKFLOW.apply(case, name, user=actor, note=note, save=False, at=at)


def event_record(
    case: Case,
    *,
    action: str,
    actor: AnyUser | None,
    at: dt.datetime,
    to_status: str = "",
    note: str = "",
) -> CaseEvent:
    """An audit row of a notable act that moves no status (evidence, session, signature)."""
    return CaseEvent.objects.create(
        case=case, action=action, to_status=to_status, actor=actor, note=note, at=at
    )


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


def mark_closed(case: Case, *, at: dt.datetime) -> None:
    case.closed_at = at
    case.save()
    _publish_status(case)


# ---------------------------------------------------------------- filing


def _next_number(year: int) -> str:
    return f"DSP-{year}-{next_value(CaseNumberSequence, year):06d}"


def _party_row(case: Case, data: PartyInput, role: str) -> CaseParty:
    name = (data.name or "").strip() or (data.party.name if data.party else "")
    if not name:
        raise ValidationError({f"{role}_name": _("the %(role)s needs a name") % {"role": role}})
    if data.email:
        try:
            validate_email(data.email)
        except ValidationError as exc:
            raise ValidationError(
                {f"{role}_email": _("“%(email)s” is not an e-mail") % {"email": data.email}}
            ) from exc
    if data.url:
        try:
            URLValidator()(data.url)
        except ValidationError as exc:
            raise ValidationError(
                {f"{role}_url": _("“%(url)s” is not a web address") % {"url": data.url}}
            ) from exc
    if not (data.party or data.user or data.email or data.url):
        raise ValidationError(
            {f"{role}_email": _("Give an e-mail or shop address so they can be reached.")}
        )
    if data.language not in LANGUAGE_CODES:
        raise ValidationError(
            {
                f"{role}_language": _("“%(language)s” is not a site language")
                % {"language": data.language}
            }
        )
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


def _validate_subject(case_type: str, subject: models.Model | None, filed_by: AnyUser) -> None:
    wanted = SUBJECT_MODELS.get(case_type)
    if wanted and (subject is None or subject._meta.label != wanted):
        raise ValidationError(
            {
                "subject": _("a %(case_type)s dispute must name its %(wanted)s")
                % {"case_type": case_type, "wanted": wanted}
            }
        )
    if not wanted and subject is not None:
        raise ValidationError(
            {
                "subject": _("a %(case_type)s case is not about a %(kind)s")
                % {"case_type": case_type, "kind": subject._meta}
            }
        )
    if subject is not None and not selectors.is_party_to_subject(filed_by, subject):
        raise ValidationError(
            {"subject_ref": _("You are not a party to %(subject)s.") % {"subject": subject}}
        )


@transaction.atomic
def case_file(
    *,
    case_type: str,
    claimant: PartyInput,
    respondent: PartyInput,
    summary: str,
    filed_by: AnyUser,
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
    at = deadlines.aware_now(at)
    if case_type not in CaseType.values:
        raise ValidationError(
            {"case_type": _("“%(case_type)s” is not a case type") % {"case_type": case_type}}
        )
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
        raise ValidationError({"remedies": _("unknown remedies: %(bad)s") % {"bad": bad}})
    if claimed_amount is not None:
        currency = validate_currency(currency)
        claimed_amount = Decimal(claimed_amount)
        if claimed_amount < 0:
            raise ValidationError({"claimed_amount": _("a claim cannot be negative")})
        claimed_amount = round_money(claimed_amount, currency)
    else:
        currency = ""
    language = language or claimant.language
    if language not in LANGUAGE_CODES:
        raise ValidationError(
            {"language": _("“%(language)s” is not a site language") % {"language": language}}
        )
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
    event_record(case, action="file", actor=filed_by, at=at, to_status=S.FILED)
    identity.on_filing(case=case, filed_by=filed_by, at=at)
    _publish_status(case)
    return case


# ---------------------------------------------------------------- intake


@transaction.atomic
def case_accept(*, case: Case, actor: AnyUser, at: dt.datetime | None = None) -> Case:
    """Accept a filed case; the deadline runs from here (centre-local end of day)."""
    at = deadlines.aware_now(at)
    require(case, "accept", actor)
    case = locked(case)
    transition(case, "accept", actor=actor, at=at)
    case.accepted_at = at
    case.deadline = deadlines.end_of_day_after(at, deadlines.deadline_days())
    case.save()
    identity.on_accept(case=case, actor=actor, at=at)
    return case


@transaction.atomic
def case_reject(*, case: Case, actor: AnyUser, reason: str, at: dt.datetime | None = None) -> Case:
    at = deadlines.aware_now(at)
    require(case, "reject", actor)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("A rejection needs a reason the claimant can read.")})
    case = locked(case)
    transition(case, "reject", actor=actor, at=at, note=reason)
    case.rejection_reason = reason.strip()
    mark_closed(case, at=at)
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
        raise ValidationError(
            {
                "mediator": _("no mediator is available for a %(case_type)s case")
                % {"case_type": case.case_type}
            }
        )
    return min(ranked, key=lambda row: row[:3])[3]


@transaction.atomic
def case_assign_mediator(
    *,
    case: Case,
    actor: AnyUser,
    mediator: AnyUser | None = None,
    at: dt.datetime | None = None,
) -> Case:
    """Assign (or reassign) a mediator, chosen automatically unless one is named."""
    at = deadlines.aware_now(at)
    require(case, "assign", actor)
    case = locked(case)
    if mediator is None:
        mediator = mediator_pick(case=case)
    elif not is_mediator(mediator):
        raise ValidationError(
            {"mediator": _("%(mediator)s is not a mediator") % {"mediator": mediator}}
        )
    transition(
        case,
        "assign",
        actor=actor,
        at=at,
        note=mediator.get_full_name() or mediator.get_username(),
    )
    case.mediator = mediator
    case.save()
    return case


def extension_refused(case: Case) -> ValidationError | None:
    """Why the deadline of ``case`` cannot be extended now (None: it can)."""
    if case.status not in selectors.RUNNING_STATUSES:
        return ValidationError(
            {
                "status": _("case %(case)s is not running (%(status)s)")
                % {"case": case.number, "status": case.status}
            }
        )
    if case.extended_at is not None:
        return ValidationError(
            {
                "deadline": _("The deadline of %(number)s was already extended once.")
                % {"number": case.number}
            }
        )
    return None


@transaction.atomic
def case_extend_deadline(
    *,
    case: Case,
    actor: AnyUser,
    reason: str,
    days: int | None = None,
    at: dt.datetime | None = None,
) -> Case:
    """Extend the deadline once, with a reason; a second extension is refused."""
    at = deadlines.aware_now(at)
    require_mediation(case, actor)
    case = locked(case)
    if not (reason or "").strip():
        raise ValidationError({"reason": _("An extension needs a reason.")})
    if refused := extension_refused(case):
        raise refused
    days = deadlines.extension_days() if days is None else days
    if not 1 <= days <= 90:
        raise ValidationError({"days": _("%(days)s is outside 1–90 days") % {"days": days}})
    case.deadline = deadlines.end_of_day_after(case.deadline, days)
    case.extended_at = at
    case.extension_reason = reason.strip()
    case.save()
    event_record(case, action="extend", actor=actor, at=at, note=reason)
    return case


# ---------------------------------------------------------------- other endings


def _end(name: str, *, case: Case, actor: AnyUser, note: str, at: dt.datetime | None) -> Case:
    at = deadlines.aware_now(at)
    require(case, name, actor)
    case = locked(case)
    transition(case, name, actor=actor, at=at, note=note)
    case.outcome_note = note
    mark_closed(case, at=at)
    return case


@transaction.atomic
def case_fail(*, case: Case, actor: AnyUser, note: str = "", at: dt.datetime | None = None) -> Case:
    """Mediation failed: the case is referred to court (its file is exported on demand)."""
    return _end("fail", case=case, actor=actor, note=note, at=at)


@transaction.atomic
def case_withdraw(
    *, case: Case, actor: AnyUser, note: str = "", at: dt.datetime | None = None
) -> Case:
    """The claimant withdraws (or the centre closes the case at the parties' request)."""
    return _end("withdraw", case=case, actor=actor, note=note, at=at)


def court_file_refused(case: Case) -> ValidationError | None:
    if case.status != S.FAILED:
        return ValidationError({"status": _("only a case referred to court has a court file")})
    return None


@transaction.atomic
def case_export_court_file(*, case: Case, actor: AnyUser) -> Case:
    """Store the case file (zip + index PDF) of a failed case and hash it into the chain."""
    require_mediation(case, actor)
    case = locked(case)
    if refused := court_file_refused(case):
        raise refused
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
    event_record(case, action="export", actor=actor, at=timezone.now())
    return case
