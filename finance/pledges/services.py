"""Pledge and seizure writes: one function per action, each applied through the
workflows of ``finance.pledges.workflows`` (who may, from which status) and audited.

Every change that alters a work's encumbrances publishes ``WorkStatusChanged`` after
commit.
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
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.events import WorkStatusChanged
from catalog.kernel import events
from catalog.kernel.guards import ensure_allowed
from catalog.kernel.money import round_money, validate_currency
from catalog.kernel.numbering import next_value
from catalog.kernel.permissions import AnyUser, acting_courts, may_act_for
from catalog.kernel.status import work_has_flag
from catalog.kernel.uploads import UploadKind, validate_upload
from catalog.models import Party, Work
from catalog.vocabulary import PartyCategory, RightType
from finance.pledges.effects import in_force_on, seizure_apply_effects, seizure_lift_effects
from finance.pledges.models import (
    Pledge,
    PledgeConsent,
    PledgeEvent,
    PledgeNumberSequence,
    PledgeStatus,
    Seizure,
    SeizureEvent,
)
from finance.pledges.workflows import PLEDGE_WORKFLOW, SEIZURE_WORKFLOW

NUMBER_PREFIX = "PLG"


@dataclass
class PledgeInput:
    pledgor: Party
    pledgee: Party
    secured_amount: Decimal
    currency: str
    starts_on: dt.date
    ends_on: dt.date
    works: list[Work] = field(default_factory=list)
    contracts: list[Model] = field(default_factory=list)  # licensing contracts (receivables)
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
def pledge_apply(*, user: AnyUser, data: PledgeInput) -> Pledge:
    """File a pledge application; pledgor or pledgee members may file (they register jointly)."""
    if not (may_act_for(user, data.pledgor.pk) or may_act_for(user, data.pledgee.pk)):
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
    pledge = _locked(pledge_id)
    PLEDGE_WORKFLOW.apply(pledge, "examine", user=examiner, save=False)
    pledge.examiner = examiner
    pledge.save()
    return pledge


@transaction.atomic
def pledge_reject(*, pledge_id: int, examiner: object, reason: str) -> Pledge:
    pledge = _locked(pledge_id)
    PLEDGE_WORKFLOW.require(pledge, "reject", user=examiner)
    if not reason.strip():
        raise ValidationError({"reason": _("a rejection needs a reason")})
    PLEDGE_WORKFLOW.apply(pledge, "reject", user=examiner, note=reason, save=False)
    pledge.ended_at = timezone.now()
    pledge.save()
    return pledge


@transaction.atomic
def pledge_register(*, pledge_id: int, examiner: object) -> Pledge:
    """Register: every pledged work must be registered and free to pledge; number now, PDF after."""
    pledge = _locked(pledge_id)
    PLEDGE_WORKFLOW.require(pledge, "register", user=examiner)
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
    PLEDGE_WORKFLOW.apply(pledge, "register", user=examiner, note=pledge.number, save=False)
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
    user: AnyUser,
    secured_amount: Decimal | None = None,
    ends_on: dt.date | None = None,
    ltv_threshold: Decimal | None = None,
    note: str = "",
) -> Pledge:
    """Amend a registered pledge (claim, term, alert threshold): the pledgee's act, audited."""
    pledge = _locked(pledge_id)
    PLEDGE_WORKFLOW.require(pledge, "change", user=user)
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
    PLEDGE_WORKFLOW.apply(
        pledge,
        "change",
        user=user,
        note=note,
        save=False,
        kind="change",
        data={"before": before, "after": after},
    )
    pledge.save()
    _enqueue_certificate(pledge.pk)
    return pledge


@transaction.atomic
def pledge_release(*, pledge_id: int, user: AnyUser, note: str = "") -> Pledge:
    pledge = _locked(pledge_id)
    PLEDGE_WORKFLOW.apply(pledge, "release", user=user, note=note, save=False)
    pledge.ended_at = timezone.now()
    pledge.save()
    _announce(_encumbered_work_ids(pledge))
    return pledge


@transaction.atomic
def pledge_enforce(*, pledge_id: int, user: AnyUser, note: str) -> Pledge:
    pledge = _locked(pledge_id)
    PLEDGE_WORKFLOW.require(pledge, "enforce", user=user)
    if not note.strip():
        raise ValidationError({"note": _("say on what ground the pledge is enforced")})
    PLEDGE_WORKFLOW.apply(pledge, "enforce", user=user, note=note, save=False)
    pledge.ended_at = timezone.now()
    pledge.save()
    _announce(_encumbered_work_ids(pledge))
    return pledge


@transaction.atomic
def pledge_consent_give(
    *, pledge_id: int, contract: Model, user: AnyUser, note: str = ""
) -> PledgeConsent:
    """Record the pledgee's consent to one (licensing) contract over a pledged work
    (idempotent: a consent given before is returned, nothing recorded again)."""
    pledge = _locked(pledge_id)
    PLEDGE_WORKFLOW.require(pledge, "consent", user=user)
    consent = PledgeConsent.objects.filter(pledge=pledge, contract_id=contract.pk).first()
    if consent is not None:
        return consent
    if not pledge.works.filter(pk=contract.work_id).exists():
        raise ValidationError(
            {
                "contract": _("%(reference)s is not about a pledged work")
                % {"reference": contract.reference}
            }
        )
    PLEDGE_WORKFLOW.apply(
        pledge,
        "consent",
        user=user,
        note=note,
        save=False,
        kind="consent",
        data={"contract": contract.reference},
    )
    return PledgeConsent.objects.create(pledge=pledge, contract=contract, given_by=user, note=note)


@transaction.atomic
def pledge_redirect_receivables(*, pledge_id: int, user: AnyUser) -> Pledge:
    """From now on, royalties of the pledged contracts go to the pledgee's escrow account
    (``redirect_pledgees``, which the royalty close asks)."""
    pledge = _locked(pledge_id)
    PLEDGE_WORKFLOW.apply(pledge, "redirect", user=user, save=False, kind="redirect")
    pledge.receivables_redirected_at = timezone.now()
    pledge.save(update_fields=["receivables_redirected_at"])
    return pledge


# --- seizures -----------------------------------------------------------------------
def _require_court(user: object, court: Party) -> None:
    if court.category != PartyCategory.COURT:
        raise ValidationError({"court": _("“%(court)s” is not a court") % {"court": court}})
    if not acting_courts(user).filter(pk=court.pk).exists():
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
    user: AnyUser,
    court: Party,
    case_number: str,
    works: list[Work],
    starts_on: dt.date,
    ends_on: dt.date | None = None,
    right_types: list[str] | None = None,
    document: UploadedFile | None = None,
    note: str = "",
) -> Seizure:
    """Record a court's freeze order; in force at once when its dates cover today (see
    ``finance.pledges.effects`` for what that does), else from its first day."""
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
    SeizureEvent.objects.create(
        seizure=seizure,
        action="record",
        from_status="",
        to_status=seizure.status,
        actor=user,
        note=note,
    )
    if in_force_on(seizure, timezone.localdate()):
        seizure_apply_effects(seizure=seizure)  # else the beat task applies it on its first day
    return seizure


@transaction.atomic
def seizure_release(*, seizure_id: int, user: AnyUser, note: str = "") -> Seizure:
    """Lift the order; if it was in force, every effect it had is reversed in this commit."""
    seizure = Seizure.objects.select_for_update().select_related("court").get(pk=seizure_id)
    SEIZURE_WORKFLOW.apply(seizure, "release", user=user, note=note, save=False)
    seizure.released_by = user
    seizure.released_at = timezone.now()
    was_in_force, seizure.in_force = seizure.in_force, False
    seizure.save()
    if was_in_force:
        seizure_lift_effects(seizure=seizure, today=timezone.localdate())
    return seizure
