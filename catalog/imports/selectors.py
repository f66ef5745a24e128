"""Reads of catalogue uploads: who may see which, and the works an upload wrote."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404

from catalog.kernel.permissions import AnyUser, acting_party_ids, is_staff
from catalog.models import CatalogueUpload, CatalogueUploadRecord, Work


def uploads_for(user: AnyUser) -> QuerySet[CatalogueUpload]:
    """The uploads of the parties ``user`` acts for; every upload for staff."""
    uploads = CatalogueUpload.objects.select_related("party", "created_by")
    if is_staff(user):
        return uploads
    return uploads.filter(party_id__in=acting_party_ids(user))


def upload_for(user: AnyUser, pk: int) -> CatalogueUpload:
    """One upload, or 404 for anyone who does not act for its party (nor is staff)."""
    upload = uploads_for(user).filter(pk=pk).first()
    if upload is None:
        raise Http404
    return upload


def upload_works(upload: CatalogueUpload) -> QuerySet[Work]:
    """The works ``upload`` created, updated or found unchanged (not the refused records):
    what "register this whole upload" registers."""
    return Work.objects.filter(
        upload_records__upload=upload,
        upload_records__outcome__in=[
            CatalogueUploadRecord.Outcome.CREATED,
            CatalogueUploadRecord.Outcome.UPDATED,
            CatalogueUploadRecord.Outcome.UNCHANGED,
        ],
    ).distinct()
