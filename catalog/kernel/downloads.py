"""How a file leaves the platform: one delivery for every download.

A view first decides that the reader may see the file (catalog.kernel.permissions,
the package's selectors), then returns one of these responses. Private files
are always an attachment of type ``application/octet-stream``: the browser
saves them and never renders them on our origin, so an uploaded HTML or SVG
file cannot run script there, and ``nosniff`` stops it from guessing otherwise.
The sandbox CSP covers a browser that opens the file anyway. Nothing is
cached by shared caches or kept by the browser.

On a storage that signs URLs (S3 with ``querystring_auth``), a stored private
file is not streamed through Django: the reader is redirected to a URL that
is valid for ``querystring_expire`` seconds and makes S3 answer with the same
attachment headers.
"""

from __future__ import annotations

import io
from typing import IO

from django.core.files.storage import Storage, default_storage
from django.db.models.fields.files import FieldFile
from django.http import FileResponse, HttpResponse, HttpResponseRedirect
from django.utils.http import content_disposition_header
from PIL import Image, UnidentifiedImageError

SANDBOX_CSP = "sandbox; default-src 'none'"
PRIVATE_CACHE = "private, no-store"
PUBLIC_CACHE = "public, max-age=300"
OCTET_STREAM = "application/octet-stream"

# Raster formats every browser shows in <img> and none executes; SVG is not one.
INLINE_IMAGE_TYPES = {
    "PNG": "image/png",
    "JPEG": "image/jpeg",
    "GIF": "image/gif",
    "WEBP": "image/webp",
}

Source = FieldFile | str | bytes


def _secure(response: HttpResponse, *, cache: str) -> HttpResponse:
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = SANDBOX_CSP
    response["Cache-Control"] = cache
    return response


def _signs_urls(storage: Storage) -> bool:
    # django-storages' S3 backend; a filesystem storage has no such attribute.
    return bool(getattr(storage, "querystring_auth", False))


def _stored(source: FieldFile | str, storage: Storage | None) -> tuple[Storage, str]:
    if isinstance(source, FieldFile):
        return source.storage, source.name
    return storage or default_storage, source


def private_file_response(
    source: Source, *, filename: str, storage: Storage | None = None
) -> HttpResponse:
    """Deliver a private file the caller has already checked the reader may see.

    ``source`` is a stored file (a FieldFile, or a name in ``storage``, the
    default storage unless given) or the bytes of a document made on request
    (statements, invoices, signed copies).
    """
    if isinstance(source, bytes):
        response = FileResponse(
            io.BytesIO(source), as_attachment=True, filename=filename, content_type=OCTET_STREAM
        )
        return _secure(response, cache=PRIVATE_CACHE)
    storage, name = _stored(source, storage)
    if _signs_urls(storage):
        url = storage.url(
            name,
            parameters={
                "ResponseContentDisposition": content_disposition_header(True, filename),
                "ResponseContentType": OCTET_STREAM,
                "ResponseCacheControl": PRIVATE_CACHE,
            },
        )
        # The redirect carries a bearer URL: it must not be cached either.
        return _secure(HttpResponseRedirect(url), cache=PRIVATE_CACHE)
    response = FileResponse(
        storage.open(name, "rb"), as_attachment=True, filename=filename, content_type=OCTET_STREAM
    )
    return _secure(response, cache=PRIVATE_CACHE)


def _inline_image_type(handle: IO[bytes]) -> str | None:
    """The MIME type of a raster image judged by its content, not its name; else None."""
    try:
        with Image.open(handle) as image:  # reads the header only; nothing is decoded
            kind = INLINE_IMAGE_TYPES.get(image.format or "")
    except (UnidentifiedImageError, Image.DecompressionBombError, OSError):
        kind = None
    handle.seek(0)
    return kind


def public_file_response(source: FieldFile, *, filename: str) -> HttpResponse:
    """Deliver a file the public may see (a published sample).

    A PNG, JPEG, GIF or WebP image (by content) is shown inline with its own
    type so the verify page can show it in <img>; anything else is an
    octet-stream attachment like a private file. Streamed from the storage, so
    it works with DEBUG off and on object storage.
    """
    handle = source.storage.open(source.name, "rb")
    image_type = _inline_image_type(handle)
    response = FileResponse(
        handle,
        as_attachment=image_type is None,
        filename=filename,
        content_type=image_type or OCTET_STREAM,
    )
    return _secure(response, cache=PUBLIC_CACHE)
