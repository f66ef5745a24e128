"""Documents of a case: the settlement agreement PDF and the court file (zip + index PDF)."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.utils import timezone
from django.utils.translation import gettext as _

from i18n.pdf import render_pdf
from licensing.disputes.models import Case, Settlement


def settlement_pdf(*, case: Case, settlement: Settlement) -> bytes:
    """The agreement in the language of the proceedings."""
    context = {
        "case": case,
        "settlement": settlement,
        "parties": list(case.parties.all()),
        "works": list(case.works.all()),
        "schedule": settlement.payment_schedule,
        "mediator": case.mediator,
        "drafted_at": timezone.now(),
    }
    return render_pdf("disputes/pdf/settlement.html", context, language=case.language)


@dataclass(frozen=True)
class FileDocument:
    name: str
    title: str
    data: bytes

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def _read(name: str) -> bytes:
    with default_storage.open(name, "rb") as handle:
        return handle.read()


def case_documents(case: Case) -> list[FileDocument]:
    """Every document of the case, in the order a court reads them."""
    docs = []
    timeline = [
        {
            "at": e.at.isoformat(),
            "action": e.action,
            "from": e.from_status,
            "to": e.to_status,
            "note": e.note,
        }
        for e in case.events.all()
    ]
    summary = {
        "number": case.number,
        "type": case.case_type,
        "status": case.status,
        "summary": case.summary,
        "description": case.description,
        "claimed_amount": str(case.claimed_amount) if case.claimed_amount is not None else None,
        "currency": case.currency,
        "remedies": case.remedies,
        "parties": [
            {"role": p.role, "name": p.name, "email": p.email, "url": p.url}
            for p in case.parties.all()
        ],
        "works": [w.original_title for w in case.works.all()],
        "timeline": timeline,
    }
    docs.append(
        FileDocument(
            "case.json",
            _("Case record and timeline"),
            json.dumps(summary, ensure_ascii=False, indent=2).encode(),
        )
    )
    for item in case.evidence.select_related("entry"):
        if item.entry.storage_name:
            base = item.original_name or item.entry.storage_name.rsplit("/", 1)[-1]
            docs.append(
                FileDocument(
                    f"evidence/{item.entry.seq}-{base}",
                    item.description,
                    _read(item.entry.storage_name),
                )
            )
    sessions = list(case.sessions.all()) + (list(case.batch.sessions.all()) if case.batch else [])
    for session in sessions:
        if session.minutes:
            docs.append(
                FileDocument(
                    f"minutes/session-{session.pk}.txt",
                    _("Minutes of the session of %(date)s")
                    % {"date": session.starts_at.date().isoformat()},
                    session.minutes.encode(),
                )
            )
    settlement = getattr(case, "settlement", None)
    if settlement is not None and settlement.document:
        docs.append(
            FileDocument(
                "settlement.pdf", _("Settlement agreement (draft)"), _read(settlement.document.name)
            )
        )
    return docs


def case_file_zip(case: Case) -> bytes:
    """A zip of every document plus ``index.pdf`` listing each with its SHA-256."""
    docs = case_documents(case)
    index = render_pdf(
        "disputes/pdf/index.html",
        {"case": case, "documents": docs, "generated_at": timezone.now()},
        language=case.language,
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("index.pdf", index)
        for doc in docs:
            archive.writestr(doc.name, doc.data)
    return buffer.getvalue()
