"""What each kind of upload may be, checked before a byte of it is stored.

Every path that stores a file someone sent calls ``validate_upload(kind=…, file=…)``
first. It refuses, with a message naming the limit, a file that is

* larger than the kind's cap (``settings.UPLOAD_LIMITS``, bytes, per kind);
* of a type the kind does not allow, judged by content (``catalog.kernel.filetypes``):
  HTML, SVG and XML are allowed nowhere (an ONIX for Books message is its own type,
  accepted only as a catalogue upload);
* an image of more than ``settings.UPLOAD_IMAGE_MAX_PIXELS`` pixels — read from the
  header, before any pixel is decoded;
* a zip (XLSX, DOCX, PPTX) whose members unpack to more than
  ``settings.UPLOAD_ZIP_MAX_UNCOMPRESSED`` bytes (a zip bomb);
* a workbook whose sheets declare more than ``UPLOAD_XLSX_MAX_ROWS`` rows or
  ``UPLOAD_XLSX_MAX_COLUMNS`` columns (the usage reader also counts what is really
  there, since the declaration can lie).
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import tempfile
import zipfile
from collections.abc import Iterator
from typing import IO

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import models
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy
from openpyxl.utils import column_index_from_string
from PIL import Image, UnidentifiedImageError

from catalog.kernel.filetypes import IMAGE_KEYS, TYPES, ZIP_KEYS, FileType, sniff

__all__ = [
    "ALLOWED",
    "FileType",
    "UploadKind",
    "configure_pillow",
    "sheet_too_large",
    "validate_upload",
]


class UploadKind(models.TextChoices):
    # The labels finish "the limit for …" and "… may be": plural nouns.
    WORK_IMAGE = "work_image", gettext_lazy("work images")
    WORK_AUDIO = "work_audio", gettext_lazy("audio samples")
    WORK_VIDEO = "work_video", gettext_lazy("video samples")
    WORK_DOCUMENT = "work_document", gettext_lazy("document samples")
    WORK_TEXT = "work_text", gettext_lazy("text samples")
    PROTECTED_MARK = "protected_mark", gettext_lazy("protected mark images")
    DEAL_ATTACHMENT = "deal_attachment", gettext_lazy("negotiation attachments")
    USAGE_CSV = "usage_csv", gettext_lazy("usage reports in CSV")
    USAGE_XLSX = "usage_xlsx", gettext_lazy("usage reports in XLSX")
    USAGE_DSR = "usage_dsr", gettext_lazy("usage reports in DSR")
    DISPUTE_EVIDENCE = "dispute_evidence", gettext_lazy("dispute evidence")
    COURT_ORDER = "court_order", gettext_lazy("court orders")
    TAX_RESIDENCY = "tax_residency", gettext_lazy("certificates of tax residence")
    CATALOGUE_ONIX = "catalogue_onix", gettext_lazy("catalogue files in ONIX")
    CATALOGUE_CSV = "catalogue_csv", gettext_lazy("catalogue files in CSV")
    CATALOGUE_XLSX = "catalogue_xlsx", gettext_lazy("catalogue files in XLSX")
    ROYALTY_HISTORY_CSV = "royalty_history_csv", gettext_lazy("royalty histories in CSV")


_IMAGES = ("png", "jpeg", "gif", "webp", "tiff")
ALLOWED: dict[str, tuple[str, ...]] = {
    UploadKind.WORK_IMAGE: _IMAGES,
    UploadKind.WORK_AUDIO: ("mp3", "wav", "flac", "ogg", "m4a"),
    UploadKind.WORK_VIDEO: ("mp4", "mov", "webm"),
    UploadKind.WORK_DOCUMENT: ("pdf",),
    UploadKind.WORK_TEXT: ("text", "pdf", "docx"),
    UploadKind.PROTECTED_MARK: _IMAGES,
    UploadKind.DEAL_ATTACHMENT: (
        "pdf",
        "png",
        "jpeg",
        "gif",
        "webp",
        "docx",
        "xlsx",
        "pptx",
        "text",
    ),
    UploadKind.USAGE_CSV: ("text",),
    UploadKind.USAGE_XLSX: ("xlsx",),
    UploadKind.USAGE_DSR: ("text", "gzip"),
    UploadKind.DISPUTE_EVIDENCE: (
        *("pdf", *_IMAGES, "docx", "xlsx", "text"),
        *("mp3", "wav", "m4a", "mp4"),
    ),
    UploadKind.COURT_ORDER: ("pdf", "png", "jpeg", "tiff"),
    UploadKind.TAX_RESIDENCY: ("pdf", "png", "jpeg"),
    UploadKind.CATALOGUE_ONIX: ("onix",),
    UploadKind.CATALOGUE_CSV: ("text",),
    UploadKind.CATALOGUE_XLSX: ("xlsx",),
    UploadKind.ROYALTY_HISTORY_CSV: ("text",),
}
# Pillow's name for each image type: the header is parsed by that plugin only.
_PIL_FORMATS = {"png": "PNG", "jpeg": "JPEG", "gif": "GIF", "webp": "WEBP", "tiff": "TIFF"}
_SHEET = re.compile(r"xl/worksheets/[^/]+\.xml")
_DIMENSION = re.compile(rb"<(?:\w+:)?dimension\s+ref=\"(?:[A-Z]+\d+:)?([A-Z]+)(\d+)\"")


# One translated message per refusal; each names the limit or the allowed types.
MESSAGES = {
    "too_large": gettext_lazy("“%(name)s” is %(size)s; the limit for %(kind)s is %(limit)s."),
    "type_not_allowed": gettext_lazy("“%(name)s” is %(type)s; %(kind)s may be: %(allowed)s."),
    "pixels": gettext_lazy(
        "“%(name)s” is %(width)s × %(height)s pixels; the limit for images is %(limit)s megapixels."
    ),
    "pixel_bomb": gettext_lazy(
        "“%(name)s” is far larger than the limit of %(limit)s megapixels for images."
    ),
    "unreadable_image": gettext_lazy("“%(name)s” is not a readable image."),
    "unpacks_too_large": gettext_lazy(
        "“%(name)s” unpacks to %(size)s; the limit for packed documents is %(limit)s."
    ),
    "rows": gettext_lazy(
        "“%(name)s” has %(rows)s rows; the limit for spreadsheets is %(limit)s rows."
    ),
    "columns": gettext_lazy(
        "“%(name)s” has %(columns)s columns; the limit for spreadsheets is %(limit)s columns."
    ),
    "unreadable_workbook": gettext_lazy("“%(name)s” is not a readable workbook."),
    "sheet_too_large": gettext_lazy(
        "The sheet has more than %(rows)s rows or %(columns)s columns, the limits for spreadsheets."
    ),
}


def _error(code: str, **params: object) -> ValidationError:
    return ValidationError(str(MESSAGES[code]) % params, code=code)


def configure_pillow() -> None:
    """Make every decode in the process refuse a decompression bomb, not only uploads.

    Pillow warns above MAX_IMAGE_PIXELS and raises above twice that; the similarity
    hashing and certificate code decode images long after upload."""
    Image.MAX_IMAGE_PIXELS = settings.UPLOAD_IMAGE_MAX_PIXELS


def validate_upload(
    *, kind: str, file: object, name: str | None = None, field: str | None = None
) -> FileType:
    """The type of ``file`` if ``kind`` accepts it; else ValidationError (on ``field``).

    ``file``: an uploaded/Django file, an open binary file, bytes, or a path.
    Reads only what it must (the header, a zip's directory, a sheet's first bytes,
    all of a text file) and leaves the file at its start.
    """
    kind = UploadKind(kind)
    try:
        with _opened(file) as (handle, size, file_name):
            return _validate(kind, handle, size, name or file_name)
    except ValidationError as exc:
        if field is None:
            raise
        raise ValidationError({field: exc.messages}) from exc


def _validate(kind: UploadKind, handle: IO[bytes], size: int, name: str) -> FileType:
    limit = settings.UPLOAD_LIMITS[kind.value]
    if size > limit:
        raise _error(
            "too_large",
            name=name,
            size=filesizeformat(size),
            kind=kind.label,
            limit=filesizeformat(limit),
        )
    detected = sniff(handle)
    if detected.key not in ALLOWED[kind]:
        raise _refusal(kind, detected, name)
    if detected.key in IMAGE_KEYS:
        _check_pixels(handle, name, detected.key)
    if detected.key in ZIP_KEYS:
        _check_unpacked_size(handle, name)
    if detected.key == "xlsx":
        _check_sheet_size(handle, name)
    handle.seek(0)
    return detected


def _refusal(kind: UploadKind, detected: FileType, name: str) -> ValidationError:
    allowed = ", ".join(str(TYPES[key].label) for key in ALLOWED[kind])
    return _error(
        "type_not_allowed", name=name, type=detected.label, kind=kind.label, allowed=allowed
    )


def _check_pixels(handle: IO[bytes], name: str, key: str) -> None:
    limit = settings.UPLOAD_IMAGE_MAX_PIXELS
    megapixels = f"{limit / 1_000_000:g}"
    try:
        # open() parses the header only; no load(), so no pixel is decoded here.
        with Image.open(handle, formats=[_PIL_FORMATS[key]]) as image:
            width, height = image.size
    except Image.DecompressionBombError as exc:
        raise _error("pixel_bomb", name=name, limit=megapixels) from exc
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise _error("unreadable_image", name=name) from exc
    finally:
        handle.seek(0)
    if width * height > limit:
        raise _error("pixels", name=name, width=width, height=height, limit=megapixels)


def _check_unpacked_size(handle: IO[bytes], name: str) -> None:
    # zipfile stops decompressing a member at its declared size, so the declared
    # sizes bound what any reader of this file (openpyxl included) can unpack.
    limit = settings.UPLOAD_ZIP_MAX_UNCOMPRESSED
    try:
        with zipfile.ZipFile(handle) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    finally:
        handle.seek(0)
    if unpacked > limit:
        raise _error(
            "unpacks_too_large",
            name=name,
            size=filesizeformat(unpacked),
            limit=filesizeformat(limit),
        )


def _check_sheet_size(handle: IO[bytes], name: str) -> None:
    """Each sheet's declared <dimension>, read from its first bytes, against the caps."""
    max_rows, max_columns = settings.UPLOAD_XLSX_MAX_ROWS, settings.UPLOAD_XLSX_MAX_COLUMNS
    try:
        with zipfile.ZipFile(handle) as archive:
            for info in archive.infolist():
                if not _SHEET.fullmatch(info.filename):
                    continue
                with archive.open(info) as sheet:
                    found = _DIMENSION.search(sheet.read(16 * 1024))
                if found is None:
                    continue  # undeclared: the reader counts while it streams
                columns = column_index_from_string(found.group(1).decode())
                rows = int(found.group(2))
                if rows > max_rows:
                    raise _error("rows", name=name, rows=rows, limit=max_rows)
                if columns > max_columns:
                    raise _error("columns", name=name, columns=columns, limit=max_columns)
    except (zipfile.BadZipFile, ValueError) as exc:
        raise _error("unreadable_workbook", name=name) from exc
    finally:
        handle.seek(0)


def sheet_too_large() -> ValidationError:
    """For readers that count rows and columns while streaming a workbook."""
    return _error(
        "sheet_too_large",
        rows=settings.UPLOAD_XLSX_MAX_ROWS,
        columns=settings.UPLOAD_XLSX_MAX_COLUMNS,
    )


@contextlib.contextmanager
def _opened(file: object) -> Iterator[tuple[IO[bytes], int, str]]:
    if isinstance(file, bytes | bytearray):
        yield io.BytesIO(file), len(file), "file"
        return
    if isinstance(file, str | os.PathLike):
        with open(file, "rb") as handle:
            yield handle, os.fstat(handle.fileno()).st_size, os.path.basename(file)
        return
    size = getattr(file, "size", None)
    if size is None:
        file.seek(0, os.SEEK_END)
        size = file.tell()
    file.seek(0)
    try:
        yield file, size, os.path.basename(getattr(file, "name", "") or "file")
    finally:
        file.seek(0)


def spool_upload(upload: UploadedFile) -> str:
    """The upload's bytes in a temporary file of the same extension, for jobs that read a
    path after the request is gone; the caller (or its job) removes the file."""
    fd, path = tempfile.mkstemp(suffix=os.path.splitext(upload.name)[1])
    with os.fdopen(fd, "wb") as handle:
        for chunk in upload.chunks():
            handle.write(chunk)
    return path
