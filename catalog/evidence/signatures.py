"""Click-to-sign, for every document people sign here (contracts, dispute settlements).

A signer signs a document by its SHA-256. The stored file is read again first and must
still have that hash: a document changed after it was drafted cannot be signed. The
signature record — who signed, for whom, which document, when, from where — goes into
the evidence chain as canonical JSON (sorted keys), so the chain proves it later.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models.fields.files import FieldFile
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.evidence.models import EvidenceEntry
from catalog.evidence.services import evidence_deposit_bytes


@dataclass(frozen=True)
class Signature:
    """What the caller stores on its own signature row."""

    evidence: EvidenceEntry
    signer_name: str
    signed_at: dt.datetime
    ip_address: str | None
    user_agent: str
    document_sha256: str

    def row_fields(self) -> dict:
        """The columns every signature row has; the caller adds who signed for what and
        its link to the evidence entry."""
        return {
            "signer_name": self.signer_name,
            "signed_at": self.signed_at,
            "ip_address": self.ip_address,
            "user_agent": self.user_agent,
            "document_sha256": self.document_sha256,
        }


def document_unchanged(document: FieldFile, sha256: str) -> None:
    """Refuse to go on if the stored document is missing or no longer has ``sha256``."""
    if not document or not sha256:
        raise ValidationError({"document": _("There is no document to sign yet.")})
    digest = hashlib.sha256()
    with document.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    if digest.hexdigest() != sha256:
        raise ValidationError(
            {"document": _("The document changed after it was drafted; it cannot be signed.")}
        )


def signature_deposit(
    *,
    kind: str,
    subject: str,
    document: FieldFile,
    document_sha256: str,
    user,
    signing_for: dict,
    ip_address: str | None,
    user_agent: str,
    at: dt.datetime | None = None,
) -> Signature:
    """Check the document, then deposit the signature record; inside the caller's
    transaction, after the caller has checked that ``user`` may sign for ``signing_for``."""
    document_unchanged(document, document_sha256)
    at = at or timezone.now()
    signer_name = user.get_full_name() or user.get_username()
    user_agent = (user_agent or "")[:300]
    record = {
        **signing_for,
        "document_sha256": document_sha256,
        "signer": user.pk,
        "signer_name": signer_name,
        "signed_at": at.isoformat(),
        "ip_address": ip_address or "",
        "user_agent": user_agent,
    }
    entry = evidence_deposit_bytes(
        kind=kind,
        subject=subject,
        data=json.dumps(record, sort_keys=True, ensure_ascii=False).encode(),
        metadata={key: value for key, value in record.items() if key != "user_agent"},
    )
    return Signature(
        evidence=entry,
        signer_name=signer_name,
        signed_at=at,
        ip_address=ip_address or None,
        user_agent=user_agent,
        document_sha256=document_sha256,
    )
