"""Pledge and seizure writes: one function per transition, each audited.

application → examination → registered → released | enforced
          ↘ rejected (from application or examination)

Examiners move a pledge through examination; only the pledgee changes,
releases or enforces a registered pledge. Every change that alters a work's
encumbrances publishes ``work_status_changed`` after commit.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import zoneinfo
from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.events import WorkStatusChanged
from catalog.kernel import events
from catalog.kernel.guards import ensure_allowed
from catalog.kernel.money import round_money, validate_currency
from catalog.kernel.numbering import next_value
from catalog.kernel.status import work_has_flag
from catalog.kernel.uploads import UploadKind, validate_upload
from catalog.models import Party, Work
from catalog.vocabulary import PartyCategory, RightType
from finance.pledges.models import (
    Pledge,
    PledgeConsent,
    PledgeEvent,
    PledgeNumberSequence,
    PledgeStatus,
    Seizure,
    SeizureEvent,
    SeizureStatus,
)
from finance.pledges.selectors import court_parties_for, is_member, is_pledge_examiner
from licensing.contracts.models import Contract

ALLOWED: dict[str, set[str]] = {
    PledgeStatus.APPLICATION: {PledgeStatus.EXAMINATION, PledgeStatus.REJECTED},
    PledgeStatus.EXAMINATION: {PledgeStatus.REGISTERED, PledgeStatus.REJECTED},
    PledgeStatus.REGISTERED: {PledgeStatus.RELEASED, PledgeStatus.ENFORCED},
    PledgeStatus.RELEASED: set(),
    PledgeStatus.ENFORCED: set(),
    PledgeStatus.REJECTED: set(),
}
NUMBER_PREFIX = "PLG"


class PledgeTransitionError(ValidationError):
    """A transition the pledge workflow does not allow from the current state."""


@dataclass
class PledgeInput:
    pledgor: Party
    pledgee: Party
    secured_amount: Decimal
    currency: str
    starts_on: dt.date
    ends_on: dt.date
    works: list[Work] = field(default_factory=list)
    contracts: list[Contract] = field(default_factory=list)
    ltv_threshold: Decimal = Decimal("0.8")
    source_ref: str | None = None


# --- helpers ------------------------------------------------------------------
def _locked(pledge_id: int) -> Pledge:
    return Pledge.objects.select_for_update().select_related("pledgor", "pledgee").get(pk=pledge_id)


def _encumbered_work_ids(pledge: Pledge) -> set[int]:
    ids = set(pledge.works.values_list("pk", flat=True))
    return ids | set(pledge.contracts.values_list("work_id", flat=True))


def _announce(work_ids: set[int]) -> None:
    for work_id in sorted(work_ids):
        events.publish(WorkStatusChanged(work_id=work_id))


def _set_status(
    pledge: Pledge, to: str, *, actor: object | None, note: str = "", data: dict | None = None
) -> None:
    if to not in ALLOWED[pledge.status]:
        raise PledgeTransitionError(
            {"status": f"pledge {pledge} cannot go from “{pledge.status}” to “{to}”"}
        )
    PledgeEvent.objects.create(
        pledge=pledge,
        from_status=pledge.status,
        to_status=to,
        actor=actor,
        note=note,
        data=data or {},
    )
    pledge.status = to


def _require_examiner(user: object) -> None:
    if not is_pledge_examiner(user):
        raise PermissionDenied(_("only examiners may do this"))


def _require_pledgee(pledge: Pledge, user: object) -> None:
    if not is_member(user, pledge.pledgee):
        raise PermissionDenied(_("only the pledgee may do this"))


def _validate(data: PledgeInput) -> str:
    errors: dict[str, str] = {}
    currency = ""
    try:
        currency = validate_currency(data.currency)
    except ValidationError as exc:
        errors.update({k: " ".join(v) for k, v in exc.message_dict.items()})
    if data.pledgee.category != PartyCategory.BANK:
        errors["pledgee"] = f"“{data.pledgee}” is not a bank"
    if data.pledgor.pk == data.pledgee.pk:
        errors["pledgee"] = "pledgor and pledgee must differ"
    if data.secured_amount is None or data.secured_amount <= 0:
        errors["secured_amount"] = f"{data.secured_amount} is not a positive amount"
    elif currency and round_money(data.secured_amount, currency) != data.secured_amount:
        errors["secured_amount"] = f"{data.secured_amount} has more decimals than {currency} allows"
    if data.ends_on <= data.starts_on:
        errors["ends_on"] = "the term must end after it starts"
    if not data.works and not data.contracts:
        errors["works"] = "pledge at least one work or the receivables of one contract"
    for work in data.works:
        if work.holder_id != data.pledgor.pk:
            errors["works"] = f"“{work}” is not held by the pledgor"
    for contract in data.contracts:
        if contract.licensor_id != data.pledgor.pk:
            errors["contracts"] = f"the pledgor is not the licensor of {contract.reference}"
    if errors:
        raise ValidationError(errors)
    return currency


def _next_number(year: int) -> str:
    return f"{NUMBER_PREFIX}-{year}-{next_value(PledgeNumberSequence, year):06d}"


# --- pledge transitions ---------------------------------------------------------
@transaction.atomic
def pledge_apply(*, user: object, data: PledgeInput) -> Pledge:
    """File a pledge application; pledgor or pledgee members may file (they register jointly)."""
    if not (is_member(user, data.pledgor) or is_member(user, data.pledgee)):
        raise PermissionDenied(_("only members of the pledgor or the pledgee can apply"))
    currency = _validate(data)
    pledge = Pledge.objects.create(
        pledgor=data.pledgor,
        pledgee=data.pledgee,
        secured_amount=data.secured_amount,
        currency=currency,
        starts_on=data.starts_on,
        ends_on=data.ends_on,
        ltv_threshold=data.ltv_threshold,
        source_ref=data.source_ref,
        created_by=user,
    )
    pledge.works.set(data.works)
    pledge.contracts.set(data.contracts)
    PledgeEvent.objects.create(
        pledge=pledge,
        from_status="",
        to_status=PledgeStatus.APPLICATION,
        actor=user,
        note="filed",
    )
    return pledge


@transaction.atomic
def pledge_start_examination(*, pledge_id: int, examiner: object) -> Pledge:
    _require_examiner(examiner)
    pledge = _locked(pledge_id)
    _set_status(pledge, PledgeStatus.EXAMINATION, actor=examiner)
    pledge.examiner = examiner
    pledge.save()
    return pledge


@transaction.atomic
def pledge_reject(*, pledge_id: int, examiner: object, reason: str) -> Pledge:
    _require_examiner(examiner)
    if not reason.strip():
        raise ValidationError({"reason": _("a rejection needs a reason")})
    pledge = _locked(pledge_id)
    _set_status(pledge, PledgeStatus.REJECTED, actor=examiner, note=reason)
    pledge.ended_at = timezone.now()
    pledge.save()
    return pledge


@transaction.atomic
def pledge_register(*, pledge_id: int, examiner: object) -> Pledge:
    """Register: every pledged work must be registered and free to pledge; number now, PDF after."""
    _require_examiner(examiner)
    pledge = _locked(pledge_id)
    works = list(pledge.works.all()) + [c.work for c in pledge.contracts.select_related("work")]
    for work in works:
        if not work_has_flag(work, "registered"):
            raise ValidationError(
                {"works": _("“%(work)s” is not a registered work") % {"work": work}}
            )
        ensure_allowed(work, "pledge", field="works", party=pledge.pledgor)
    now = timezone.now()
    year = timezone.localtime(now, timezone=zoneinfo.ZoneInfo("Asia/Shanghai")).year
    pledge.number = _next_number(year)
    pledge.registered_at = now
    _set_status(pledge, PledgeStatus.REGISTERED, actor=examiner, note=pledge.number)
    pledge.save()
    _enqueue_certificate(pledge.pk)
    _announce(_encumbered_work_ids(pledge))
    return pledge


def _enqueue_certificate(pledge_id: int) -> None:
    from finance.pledges.tasks import issue_pledge_certificate  # tasks import this module

    transaction.on_commit(lambda: issue_pledge_certificate.delay(pledge_id))


@transaction.atomic
def pledge_change(
    *,
    pledge_id: int,
    user: object,
    secured_amount: Decimal | None = None,
    ends_on: dt.date | None = None,
    ltv_threshold: Decimal | None = None,
    note: str = "",
) -> Pledge:
    """Amend a registered pledge (claim, term, alert threshold): the pledgee's act, audited."""
    pledge = _locked(pledge_id)
    _require_pledgee(pledge, user)
    if pledge.status != PledgeStatus.REGISTERED:
        raise PledgeTransitionError({"status": _("only a registered pledge can be changed")})
    before = {
        "secured_amount": str(pledge.secured_amount),
        "ends_on": pledge.ends_on.isoformat(),
        "ltv_threshold": str(pledge.ltv_threshold),
    }
    if secured_amount is not None:
        if secured_amount <= 0 or round_money(secured_amount, pledge.currency) != secured_amount:
            raise ValidationError(
                {
                    "secured_amount": _("%(secured_amount)s is not a valid amount")
                    % {"secured_amount": secured_amount}
                }
            )
        pledge.secured_amount = secured_amount
    if ends_on is not None:
        if ends_on <= pledge.starts_on:
            raise ValidationError({"ends_on": _("the term must end after it starts")})
        pledge.ends_on = ends_on
    if ltv_threshold is not None:
        if not Decimal(0) < ltv_threshold <= Decimal(5):
            raise ValidationError(
                {
                    "ltv_threshold": _("%(ltv_threshold)s is not a sensible LTV")
                    % {"ltv_threshold": ltv_threshold}
                }
            )
        pledge.ltv_threshold = ltv_threshold
    after = {
        "secured_amount": str(pledge.secured_amount),
        "ends_on": pledge.ends_on.isoformat(),
        "ltv_threshold": str(pledge.ltv_threshold),
    }
    PledgeEvent.objects.create(
        pledge=pledge,
        from_status=pledge.status,
        to_status=pledge.status,
        kind="change",
        data={"before": before, "after": after},
        actor=user,
        note=note,
    )
    pledge.save()
    _enqueue_certificate(pledge.pk)
    return pledge


@transaction.atomic
def pledge_release(*, pledge_id: int, user: object, note: str = "") -> Pledge:
    pledge = _locked(pledge_id)
    _require_pledgee(pledge, user)
    _set_status(pledge, PledgeStatus.RELEASED, actor=user, note=note)
    pledge.ended_at = timezone.now()
    pledge.save()
    _announce(_encumbered_work_ids(pledge))
    return pledge


@transaction.atomic
def pledge_enforce(*, pledge_id: int, user: object, note: str) -> Pledge:
    pledge = _locked(pledge_id)
    _require_pledgee(pledge, user)
    if not note.strip():
        raise ValidationError({"note": _("say on what ground the pledge is enforced")})
    _set_status(pledge, PledgeStatus.ENFORCED, actor=user, note=note)
    pledge.ended_at = timezone.now()
    pledge.save()
    _announce(_encumbered_work_ids(pledge))
    return pledge


@transaction.atomic
def pledge_consent_give(
    *, pledge_id: int, contract: Contract, user: object, note: str = ""
) -> PledgeConsent:
    """Record the pledgee's consent to one contract over a pledged work (idempotent)."""
    pledge = _locked(pledge_id)
    _require_pledgee(pledge, user)
    if pledge.status != PledgeStatus.REGISTERED:
        raise PledgeTransitionError({"status": _("consent is given under a registered pledge")})
    if not pledge.works.filter(pk=contract.work_id).exists():
        raise ValidationError(
            {
                "contract": _("%(reference)s is not about a pledged work")
                % {"reference": contract.reference}
            }
        )
    consent, created = PledgeConsent.objects.get_or_create(
        pledge=pledge, contract=contract, defaults={"given_by": user, "note": note}
    )
    if created:
        PledgeEvent.objects.create(
            pledge=pledge,
            from_status=pledge.status,
            to_status=pledge.status,
            kind="consent",
            data={"contract": contract.reference},
            actor=user,
            note=note,
        )
    return consent


@transaction.atomic
def pledge_redirect_receivables(*, pledge_id: int, user: object) -> Pledge:
    """From now on, royalties of the pledged contracts go to the pledgee's escrow account."""
    pledge = _locked(pledge_id)
    _require_pledgee(pledge, user)
    if pledge.status != PledgeStatus.REGISTERED:
        raise PledgeTransitionError({"status": _("only a registered pledge redirects receivables")})
    if not pledge.contracts.exists():
        raise ValidationError({"contracts": _("this pledge has no contract receivables")})
    if pledge.receivables_redirected_at is None:
        pledge.receivables_redirected_at = timezone.now()
        pledge.save(update_fields=["receivables_redirected_at"])
        PledgeEvent.objects.create(
            pledge=pledge,
            from_status=pledge.status,
            to_status=pledge.status,
            kind="redirect",
            actor=user,
        )
    return pledge


# --- seizures -----------------------------------------------------------------------
def _require_court(user: object, court: Party) -> None:
    if court.category != PartyCategory.COURT:
        raise ValidationError({"court": _("“%(court)s” is not a court") % {"court": court}})
    if not court_parties_for(user).filter(pk=court.pk).exists():
        raise PermissionDenied(_("only the court's members or staff can record its orders"))


def _sha256_of(upload: UploadedFile) -> str:
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return digest.hexdigest()


@transaction.atomic
def seizure_record(
    *,
    user: object,
    court: Party,
    case_number: str,
    works: list[Work],
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    right_types: list[str] | None = None,
    document: UploadedFile | None = None,
    note: str = "",
) -> Seizure:
    """Record a court's freeze order; effective at once (guards and flags read it live)."""
    from catalog.evidence.services import evidence_deposit_file

    _require_court(user, court)
    case_number = (case_number or "").strip()
    errors: dict[str, str] = {}
    if not case_number:
        errors["case_number"] = "the order's case number is required"
    if not works:
        errors["works"] = "name at least one work"
    bad = [r for r in right_types or [] if r not in RightType.values]
    if bad:
        errors["right_types"] = f"unknown right types: {bad}"
    if ends_on is not None and ends_on < starts_on:
        errors["ends_on"] = "the order cannot end before it starts"
    if Seizure.objects.filter(court=court, case_number=case_number).exists():
        errors["case_number"] = f"{court} already recorded case {case_number}"
    if document is not None:
        try:
            validate_upload(kind=UploadKind.COURT_ORDER, file=document)
        except ValidationError as exc:
            errors["document"] = " ".join(exc.messages)
    if errors:
        raise ValidationError(errors)
    seizure = Seizure(
        court=court,
        case_number=case_number,
        right_types=sorted(set(right_types or [])),
        starts_on=starts_on,
        ends_on=ends_on,
        recorded_by=user,
        note=note,
    )
    if document is not None:
        seizure.document_sha256 = _sha256_of(document)
        seizure.document.save(document.name, document, save=False)
    seizure.save()
    seizure.works.set(works)
    if seizure.document:
        entry = evidence_deposit_file(
            kind="seizure_order",
            subject=f"pledges.seizure:{seizure.pk}",
            storage_name=seizure.document.name,
            metadata={"court": court.pk, "case_number": case_number},
        )
        seizure.evidence_seq = entry.seq
        seizure.save(update_fields=["evidence_seq"])
    SeizureEvent.objects.create(seizure=seizure, action="recorded", actor=user, note=note)
    _announce({w.pk for w in works})
    return seizure


@transaction.atomic
def seizure_release(*, seizure_id: int, user: object, note: str = "") -> Seizure:
    seizure = Seizure.objects.select_for_update().select_related("court").get(pk=seizure_id)
    _require_court(user, seizure.court)
    if seizure.status != SeizureStatus.ACTIVE:
        raise ValidationError({"status": _("this order was already released")})
    seizure.status = SeizureStatus.RELEASED
    seizure.released_by = user
    seizure.released_at = timezone.now()
    seizure.save()
    SeizureEvent.objects.create(seizure=seizure, action="released", actor=user, note=note)
    _announce(set(seizure.works.values_list("pk", flat=True)))
    return seizure
