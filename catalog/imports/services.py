"""Catalogue uploads: register a file for a publisher, then import it as a job.

``catalogue_upload_create`` checks who uploads, the file (size and type by content,
``catalog.kernel.uploads``) and the answers of the form, and keeps the file in private
storage. ``catalogue_upload_process`` (the Celery task's one call) reads it — ONIX
through ``catalog.onix``, the CSV/XLSX template through ``catalog.imports.reader`` —
and writes through the one catalogue writer, ``catalog.onix.importer``, in the mode
the publisher chose: all or nothing, or quarantine (good records written, refused ones
listed). Every record's outcome is stored with the work it created or updated.
"""

from __future__ import annotations

import hashlib
import os
import time
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.db import connections, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from catalog.imports.reader import read_template
from catalog.kernel.permissions import AnyUser, staff_or_acts_for
from catalog.kernel.storage import local_path
from catalog.kernel.uploads import validate_upload
from catalog.models import CatalogueUpload, CatalogueUploadRecord, Party
from catalog.onix.importer import ImportSummary, RecordResult, import_records, onix_import
from catalog.onix.parser import OnixImportError, PublisherRecord
from catalog.services import validate_country

Upload = CatalogueUpload
_EXTENSIONS = {".xml": Upload.Format.ONIX, ".onix": Upload.Format.ONIX, ".csv": Upload.Format.CSV}
_EXTENSIONS[".xlsx"] = Upload.Format.XLSX
_BATCH = 2000
_PROGRESS_SQL = "UPDATE %s SET progress = %%s, records_read = %%s WHERE id = %%s AND status = %%s"


def _guess_format(file_name: str) -> str:
    return _EXTENSIONS.get(os.path.splitext(file_name)[1].lower(), "")


def _sha256(path: str) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def catalogue_upload_create(
    *,
    party: Party,
    user: AnyUser,
    path: str,
    file_name: str,
    mode: str,
    format: str = "",
    default_country: str = "",
) -> CatalogueUpload:
    """Keep ``path`` as ``party``'s catalogue upload, waiting for its import job.

    Only a member acting for ``party`` (or staff) may upload for it. ``default_country``
    is the form's answer for products that do not state where they were published.
    """
    if not staff_or_acts_for(user, party.pk):
        raise PermissionDenied(_("You do not act for %(party)s.") % {"party": party.name})
    format = format or _guess_format(file_name)
    if format not in Upload.Format.values:
        raise ValidationError(
            {"file": _("“%(name)s” is not an ONIX, CSV or XLSX file") % {"name": file_name}}
        )
    if mode not in Upload.Mode.values:
        raise ValidationError({"mode": _("“%(mode)s” is not an import mode") % {"mode": mode}})
    if default_country:
        default_country = validate_country(default_country, field="default_country")
    # Size and type by content before a byte is kept: an ONIX file must be an ONIX
    # message, a CSV UTF-8 text, an XLSX a workbook within the row and column caps.
    validate_upload(kind=f"catalogue_{format}", file=path, name=file_name, field="file")
    upload = Upload(
        party=party,
        created_by=user,
        file_name=file_name[:255],
        sha256=_sha256(path),
        format=format,
        mode=mode,
        default_country=default_country,
    )
    with open(path, "rb") as handle:
        upload.file.save(os.path.basename(file_name), File(handle), save=False)
    upload.save()
    return upload


class _Progress:
    """Writes the job's percent where the page can see it while the import's own
    transaction is still open: on a second connection, in autocommit, at most twice
    a second. Reading is the first half of the bar, writing the second."""

    def __init__(self, upload: CatalogueUpload, total: int) -> None:
        self.upload_id = upload.pk
        self.total = max(total, 1)
        self.done = {"read": 0, "write": 0}
        self.last = 0.0
        self.connection = connections.create_connection("default")

    def __call__(self, phase: str) -> None:
        self.done[phase] = self.done.get(phase, 0) + 1
        now = time.monotonic()
        if now - self.last < 0.5:
            return
        self.last = now
        read = min(self.done["read"], self.total)
        written = min(self.done["write"], self.total)
        percent = max(1, min(99, (read + written) * 100 // (2 * self.total)))
        with self.connection.cursor() as cursor:
            # The table name is the model's own constant; every value is a parameter.
            cursor.execute(
                _PROGRESS_SQL % Upload._meta.db_table,
                [percent, self.done["read"], self.upload_id, Upload.Status.PROCESSING],
            )

    def close(self) -> None:
        self.connection.close()


def _count_hint(path: str, format: str) -> int:
    """How many records the file holds, roughly, for the progress bar."""
    if format == Upload.Format.XLSX:
        from openpyxl import load_workbook  # only the workers that read XLSX pay for it

        workbook = load_workbook(path, read_only=True)
        try:
            return workbook.worksheets[0].max_row or 0  # the declared size is good enough
        finally:
            workbook.close()
    marker = b"\n" if format == Upload.Format.CSV else None
    count = 0
    with open(path, "rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            if marker:
                count += block.count(marker)
            else:
                lowered = block.lower()
                count += lowered.count(b"<product>") + lowered.count(b"<product ")
    return count


def catalogue_upload_process(*, upload: CatalogueUpload) -> CatalogueUpload:
    """Import a waiting upload and store each record's outcome. Idempotent: a finished
    upload is returned as it is; one left "processing" by a lost worker starts over."""
    upload = Upload.objects.select_related("party", "created_by").get(pk=upload.pk)
    if upload.status not in (Upload.Status.PENDING, Upload.Status.PROCESSING):
        return upload
    # Refusal reasons are stored as text: in the uploader's language, not the worker's.
    language = getattr(upload.created_by, "preferred_language", "") or settings.LANGUAGE_CODE
    with translation.override(language):
        _process(upload)
    upload.refresh_from_db()
    return upload


def _process(upload: CatalogueUpload) -> None:
    Upload.objects.filter(pk=upload.pk).update(status=Upload.Status.PROCESSING, progress=1)
    CatalogueUploadRecord.objects.filter(upload=upload).delete()
    try:
        with local_path(upload.file.storage, upload.file.name) as source:
            progress = _Progress(upload, _count_hint(source, upload.format))
            try:
                summary = _run(upload, source, progress)
            finally:
                progress.close()
    except OnixImportError as exc:
        # The file as a whole cannot be read (not ONIX, broken XML, no template header).
        _finish(upload, status=Upload.Status.REFUSED, error=str(exc))
    except Exception:
        # Never leave an upload "importing" for ever: the page shows the failure and the
        # publisher can upload again; the error itself goes to the task's log.
        _finish(upload, status=Upload.Status.FAILED, error=_("The import failed unexpectedly."))
        raise
    else:
        _store(upload, summary)


def _run(upload: CatalogueUpload, source: str, progress: _Progress) -> ImportSummary:
    common = {"mode": upload.mode, "progress": progress, "holder": upload.party}
    if upload.format == Upload.Format.ONIX:
        return onix_import(source=source, default_country=upload.default_country, **common)
    publisher = PublisherRecord(name=upload.party.original_name, country=upload.party.country)
    records = read_template(
        source,
        format=upload.format,
        publisher=publisher,
        default_country=upload.default_country,
    )
    return import_records(records=records, **common)


def _store(upload: CatalogueUpload, summary: ImportSummary) -> None:
    written = summary.written
    _store_records(upload, summary.records, written=written)
    if written:
        status, error = Upload.Status.IMPORTED, ""
    else:
        status = Upload.Status.REFUSED
        error = _(
            "%(count)s records were refused, so nothing of the file was written "
            "(all or nothing). Correct them, or upload again in quarantine mode."
        ) % {"count": summary.works_refused}
    _finish(
        upload,
        status=status,
        error=error,
        records_read=len(summary.records),
        created=summary.works_created if written else 0,
        updated=summary.works_updated if written else 0,
        unchanged=summary.works_unchanged if written else 0,
        refused=summary.works_refused,
    )


def _store_records(
    upload: CatalogueUpload, results: Iterable[RecordResult], *, written: bool
) -> None:
    batch: list[CatalogueUploadRecord] = []
    # In file order: the writer reports refusals as it reads and creations per chunk.
    ordered = sorted(results, key=lambda result: (result.index is None, result.index or 0))
    for position, result in enumerate(ordered, start=1):
        batch.append(
            CatalogueUploadRecord(
                upload=upload,
                position=position,
                row=result.index,
                reference=result.reference[:255],
                title=result.title[:500],
                outcome=result.outcome,
                field=result.field[:255],
                value=(result.value or "")[:255],
                reason=result.reason,
                # An all-or-nothing upload that was refused wrote no work to link.
                work_id=result.work_id if written else None,
            )
        )
        if len(batch) >= _BATCH:
            CatalogueUploadRecord.objects.bulk_create(batch)
            batch = []
    CatalogueUploadRecord.objects.bulk_create(batch)


def _finish(upload: CatalogueUpload, *, status: str, error: str, **counts: int) -> None:
    with transaction.atomic():
        Upload.objects.filter(pk=upload.pk).update(
            status=status, error=error, progress=100, finished_at=timezone.now(), **counts
        )
