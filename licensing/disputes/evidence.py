"""Evidence of a case: an entry already in the evidence chain attached, or a file uploaded
and hashed into it. Every item is visible to everyone on the case."""

from __future__ import annotations

import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.evidence.models import EvidenceEntry
from catalog.evidence.services import evidence_deposit_file
from catalog.kernel.permissions import AnyUser
from catalog.kernel.uploads import UploadKind, validate_upload
from licensing.disputes import selectors
from licensing.disputes.cases import event_record
from licensing.disputes.models import OPEN_STATUSES, Case, CaseEvidence, CaseParty


def may_add_evidence(case: Case, user: AnyUser) -> bool:
    return selectors.is_party(user, case) or selectors.can_mediate(user, case)


def evidence_refused(case: Case) -> ValidationError | None:
    """Evidence is added while the case is open (None: it can be)."""
    if case.status in OPEN_STATUSES:
        return None
    return ValidationError({"file": _("case %(case)s is closed") % {"case": case.number}})


@transaction.atomic
def evidence_attach(
    *,
    case: Case,
    actor: AnyUser,
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
        raise ValidationError(
            {
                "entry": _("entry %(entry)s is already attached to %(case)s")
                % {"entry": entry.seq, "case": case}
            }
        )
    item = CaseEvidence.objects.create(
        case=case,
        entry=entry,
        description=description or entry.kind,
        submitted_by=submitted_by,
        added_by=actor,
    )
    event_record(case, action="evidence", actor=actor, at=timezone.now(), note=f"#{entry.seq}")
    return item


@transaction.atomic
def evidence_upload(
    *,
    case: Case,
    actor: AnyUser,
    file: UploadedFile,
    description: str,
    submitted_by: CaseParty | None = None,
) -> CaseEvidence:
    """Store an uploaded file (never overwritten) and hash it into the chain."""
    if not may_add_evidence(case, actor):
        raise PermissionDenied(_("You may not do this."))
    if refused := evidence_refused(case):
        raise refused
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
    event_record(case, action="evidence", actor=actor, at=timezone.now(), note=f"#{entry.seq}")
    return item


def evidence_add(
    *,
    case: Case,
    actor: AnyUser,
    description: str,
    file: UploadedFile | None = None,
    entry_seq: int | None = None,
) -> CaseEvidence:
    """What the case page submits: a file to upload or the number of a chain entry to
    attach, on behalf of the first side the actor acts as (none for the mediator)."""
    if not may_add_evidence(case, actor):
        raise PermissionDenied(_("You may not do this."))
    rows = selectors.rows_acting_for(case, actor)
    submitted_by = rows[0] if rows else None
    if file:
        return evidence_upload(
            case=case, actor=actor, file=file, description=description, submitted_by=submitted_by
        )
    if entry_seq:
        entry = selectors.attachable_entry(user=actor, case=case, seq=entry_seq)
        if entry is None:
            raise ValidationError(
                {"entry_seq": _("No evidence entry with this number that you may attach.")}
            )
        return evidence_attach(
            case=case,
            actor=actor,
            entry=entry,
            description=description,
            submitted_by=submitted_by,
        )
    raise ValidationError({"file": _("Upload a file or give an evidence entry number.")})
