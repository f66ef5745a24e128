"""Writes: a payee submits or corrects its tax residency; staff accept or reject it;
withholding certificates are issued (certificates.py renders them).

Every function runs in one transaction, checks who acts, and refuses bad input with
field-keyed, translated messages before anything is stored.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.kernel.permissions import AnyUser, managed_party_ids
from catalog.kernel.uploads import UploadKind, validate_upload
from catalog.models import Party
from catalog.services import validate_country
from finance.tax.models import (
    ResidencyStatus,
    TaxResidency,
    TaxResidencyTransition,
)
from finance.tax.workflow import WORKFLOW
from i18n.formatting import format_date

__all__ = [
    "ResidencyInput",
    "residency_accept",
    "residency_correct",
    "residency_reject",
    "residency_submit",
]


@dataclass(frozen=True)
class ResidencyInput:
    country: str
    valid_from: dt.date
    valid_to: dt.date
    treaty_claim: bool = False
    treaty_article: str = ""
    claimed_rate: Decimal | None = None


def _clean(data: ResidencyInput) -> dict:
    errors: dict[str, list[str]] = {}
    try:
        country = validate_country(data.country)
    except ValidationError as exc:
        errors.update(exc.message_dict)
        country = ""
    if data.valid_to < data.valid_from:
        errors["valid_to"] = [_("The certificate cannot end before it starts.")]
    article = (data.treaty_article or "").strip()
    if data.treaty_claim and not article:
        errors["treaty_article"] = [_("Name the treaty and article the reduced rate is under.")]
    rate = data.claimed_rate
    if rate is not None and not (Decimal(0) <= rate <= Decimal(100)):
        errors["claimed_rate"] = [_("A rate is between 0 and 100 %.")]
    if errors:
        raise ValidationError(errors)
    return {
        "country": country,
        "valid_from": data.valid_from,
        "valid_to": data.valid_to,
        "treaty_claim": data.treaty_claim,
        "treaty_article": article if data.treaty_claim else "",
        "claimed_rate": rate if data.treaty_claim else None,
    }


def _require_manager(user: AnyUser, party_id: int) -> None:
    if party_id not in managed_party_ids(user):
        raise PermissionDenied(
            _("Only an owner or administrator of the organisation may change its tax residency.")
        )


def _store_certificate(residency: TaxResidency, certificate: UploadedFile) -> None:
    residency.certificate_name = certificate.name[:255]
    residency.certificate.save(certificate.name, certificate, save=False)


@transaction.atomic
def residency_submit(
    *, user: AnyUser, party: Party, data: ResidencyInput, certificate: UploadedFile | None
) -> TaxResidency:
    """A new residency claim, with its certificate of residence, for staff review."""
    _require_manager(user, party.pk)
    fields = _clean(data)
    if certificate is None:
        raise ValidationError(
            {"certificate": [_("Attach the certificate of residence (PDF or image).")]}
        )
    validate_upload(kind=UploadKind.TAX_RESIDENCY, file=certificate)
    residency = TaxResidency(party=party, submitted_by=user, **fields)
    _store_certificate(residency, certificate)
    residency.save()
    TaxResidencyTransition.objects.create(
        residency=residency,
        action="submit",
        from_status="",
        to_status=ResidencyStatus.SUBMITTED,
        actor=user,
    )
    return residency


@transaction.atomic
def residency_correct(
    *,
    user: AnyUser,
    residency_id: int,
    data: ResidencyInput,
    certificate: UploadedFile | None = None,
) -> TaxResidency:
    """Correct a claim still awaiting review, or one staff rejected (it goes back to the
    queue); an accepted one is never edited — submit a new one instead."""
    residency = TaxResidency.objects.select_for_update().get(pk=residency_id)
    _require_manager(user, residency.party_id)
    WORKFLOW.require(residency, "correct", user=user)
    fields = _clean(data)
    if certificate is not None:
        validate_upload(kind=UploadKind.TAX_RESIDENCY, file=certificate)
    for name, value in fields.items():
        setattr(residency, name, value)
    if certificate is not None:
        _store_certificate(residency, certificate)
    residency.reason = ""
    residency.reviewed_by, residency.reviewed_at = None, None
    WORKFLOW.apply(residency, "correct", user=user, save=False)
    residency.save()
    return residency


@transaction.atomic
def residency_accept(*, user: AnyUser, residency_id: int, note: str = "") -> TaxResidency:
    """Staff accept the claim: from now on closes use it for the days it covers."""
    residency = TaxResidency.objects.select_for_update().get(pk=residency_id)
    WORKFLOW.require(residency, "accept", user=user)
    residency.reviewed_by, residency.reviewed_at = user, timezone.now()
    try:
        with transaction.atomic():
            WORKFLOW.apply(
                residency,
                "accept",
                user=user,
                note=note,
                update_fields=["reviewed_by", "reviewed_at", "updated_at"],
            )
    except IntegrityError:
        other = (
            TaxResidency.objects.filter(
                party_id=residency.party_id,
                status=ResidencyStatus.ACCEPTED,
                valid_from__lte=residency.valid_to,
                valid_to__gte=residency.valid_from,
            )
            .exclude(pk=residency.pk)
            .first()
        )
        raise ValidationError(
            {
                "status": [
                    _(
                        "%(party)s already has an accepted residency in %(country)s from "
                        "%(start)s to %(end)s; reject that one first."
                    )
                    % {
                        "party": residency.party.name,
                        "country": other.country if other else "",
                        "start": format_date(other.valid_from) if other else "",
                        "end": format_date(other.valid_to) if other else "",
                    }
                ]
            }
        ) from None
    return residency


@transaction.atomic
def residency_reject(*, user: AnyUser, residency_id: int, reason: str) -> TaxResidency:
    """Staff refuse the claim, or withdraw an accepted one, saying why."""
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("Say why the residency is rejected.")]})
    residency = TaxResidency.objects.select_for_update().get(pk=residency_id)
    WORKFLOW.require(residency, "reject", user=user)
    residency.reason = reason
    residency.reviewed_by, residency.reviewed_at = user, timezone.now()
    WORKFLOW.apply(
        residency,
        "reject",
        user=user,
        note=reason,
        update_fields=["reason", "reviewed_by", "reviewed_at", "updated_at"],
    )
    return residency
