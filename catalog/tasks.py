"""Celery tasks of the catalog app (autodiscovered): thin, take ids, idempotent."""

from __future__ import annotations

from celery import shared_task

from catalog.imports.services import catalogue_upload_process
from catalog.models import CatalogueUpload


@shared_task(acks_late=True)
def catalogue_upload_import(upload_id: int) -> str:
    upload = CatalogueUpload.objects.get(pk=upload_id)
    return catalogue_upload_process(upload=upload).status
