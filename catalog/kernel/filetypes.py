"""What a file is, judged by its bytes — never by its name or the browser's word for it.

A file named ``evidence.pdf`` that holds HTML is HTML here. The few formats the
platform accepts are recognised by their signatures (and, for Office files, by the
parts inside the zip); text is text only if all of it is UTF-8 without NUL bytes.
Anything that starts with markup is HTML, SVG or XML: none of them is accepted
anywhere, because a browser that renders one runs its scripts on our origin.
puremagic only names what we refuse, so the message can say what the file was.
"""

from __future__ import annotations

import codecs
import re
import zipfile
from dataclasses import dataclass
from typing import IO

import puremagic
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

HEAD_BYTES = 64 * 1024
_CHUNK = 1024 * 1024


@dataclass(frozen=True)
class FileType:
    key: str
    mime: str
    label: str | Promise


def _types(*rows: tuple[str, str, str | Promise]) -> dict[str, FileType]:
    return {key: FileType(key, mime, label) for key, mime, label in rows}


TYPES = _types(
    ("pdf", "application/pdf", "PDF"),
    ("png", "image/png", "PNG"),
    ("jpeg", "image/jpeg", "JPEG"),
    ("gif", "image/gif", "GIF"),
    ("webp", "image/webp", "WebP"),
    ("tiff", "image/tiff", "TIFF"),
    ("mp3", "audio/mpeg", "MP3"),
    ("wav", "audio/wav", "WAV"),
    ("flac", "audio/flac", "FLAC"),
    ("ogg", "audio/ogg", "Ogg"),
    ("m4a", "audio/mp4", "M4A"),
    ("mp4", "video/mp4", "MP4"),
    ("mov", "video/quicktime", "QuickTime"),
    ("webm", "video/webm", "WebM"),
    ("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "DOCX"),
    ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "XLSX"),
    (
        "pptx",
        "application/vnd.openxmlformats-officedocument.presentationml.presentation",
        "PPTX",
    ),
    ("text", "text/plain", _("plain text (UTF-8)")),
    # gzip-compressed data: accepted only where a reader streams it (DDEX DSR usage
    # reports, licensing/royalties/dsr), which checks what it unpacks as it reads.
    ("gzip", "application/gzip", _("gzip-compressed data")),
    # XML whose root is an ONIX for Books message: accepted for catalogue uploads only,
    # parsed with DTDs and entities refused (catalog/onix/parser.py), and delivered back
    # only as an attachment, never rendered (catalog.kernel.downloads).
    ("onix", "application/xml", _("an ONIX for Books message")),
    # Never accepted: named so that a refusal can say what the file was.
    ("html", "text/html", _("an HTML document")),
    ("svg", "image/svg+xml", _("an SVG image")),
    ("xml", "application/xml", _("an XML document")),
    ("office_macro", "application/octet-stream", _("an Office document with macros")),
    ("ole", "application/x-ole-storage", _("a legacy Office document (DOC, XLS, PPT)")),
    ("zip", "application/zip", _("a ZIP archive")),
    ("not_utf8", "application/octet-stream", _("text not encoded as UTF-8, or binary data")),
    ("binary", "application/octet-stream", _("binary data of an unknown type")),
)

IMAGE_KEYS = frozenset({"png", "jpeg", "gif", "webp", "tiff"})
ZIP_KEYS = frozenset({"docx", "xlsx", "pptx", "office_macro", "zip"})

_SIGNATURES = (
    (b"%PDF-", "pdf"),
    (b"\x89PNG\r\n\x1a\n", "png"),
    (b"\xff\xd8\xff", "jpeg"),
    (b"GIF87a", "gif"),
    (b"GIF89a", "gif"),
    (b"II*\x00", "tiff"),
    (b"MM\x00*", "tiff"),
    (b"fLaC", "flac"),
    (b"OggS", "ogg"),
    (b"ID3", "mp3"),
    (b"\x1a\x45\xdf\xa3", "webm"),
    (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "ole"),
    (b"\x1f\x8b", "gzip"),
)
_RIFF = {b"WEBP": "webp", b"WAVE": "wav"}
_FTYP = {b"M4A ": "m4a", b"M4B ": "m4a", b"qt  ": "mov"}
# A document whose first tag is one of these is rendered as a page by browsers.
_HTML_TAGS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<script", b"<iframe")
# The first element of a document after its prolog (declaration, comments, instructions).
_PROLOG = re.compile(rb"\A(?:\s|<\?.*?\?>|<!--.*?-->)*", re.DOTALL)
_ONIX_ROOT = re.compile(rb"<(?:[\w.-]+:)?onixmessage[\s>/]")


def sniff(handle: IO[bytes]) -> FileType:
    """The type of the file open in ``handle`` (read from the start, left at the start)."""
    handle.seek(0)
    head = handle.read(HEAD_BYTES)
    handle.seek(0)
    key = _binary_key(head, handle) or _markup_key(head) or _text_key(handle)
    if key == "binary":
        return _named_binary(head)
    return TYPES[key]


def _binary_key(head: bytes, handle: IO[bytes]) -> str | None:
    for signature, key in _SIGNATURES:
        if head.startswith(signature):
            return key
    if head[:4] == b"RIFF" and head[8:12] in _RIFF:
        return _RIFF[head[8:12]]
    if head[4:8] == b"ftyp":
        return _FTYP.get(head[8:12], "mp4")
    if len(head) > 1 and head[0] == 0xFF and head[1] & 0xE0 == 0xE0:
        return "mp3"  # an MPEG audio frame without an ID3 tag
    if head.startswith(b"PK\x03\x04"):
        return _zip_key(handle)
    return None


def _zip_key(handle: IO[bytes]) -> str:
    try:
        with zipfile.ZipFile(handle) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return "binary"
    finally:
        handle.seek(0)
    if any(name.endswith("vbaProject.bin") for name in names):
        return "office_macro"
    if "[Content_Types].xml" in names:
        for part, key in (
            ("xl/workbook.xml", "xlsx"),
            ("word/document.xml", "docx"),
            ("ppt/presentation.xml", "pptx"),
        ):
            if part in names:
                return key
    return "zip"


def _markup_key(head: bytes) -> str | None:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n\x0c").lower()
    if not text.startswith(b"<"):
        return None
    # Reference tags name the root ONIXMessage, short tags ONIXmessage; files without the
    # ONIX namespace are common, and the ONIX reader accepts them. Judged by the root, not
    # by tags inside: "<Header>" starts like "<head", and product texts may hold XHTML.
    # Such a file is only ever parsed as XML and delivered as an attachment.
    if _ONIX_ROOT.match(text[_PROLOG.match(text).end() :]):
        return "onix"
    if b"<svg" in text:
        return "svg"
    if any(tag in text for tag in _HTML_TAGS):
        return "html"
    return "xml"


def _text_key(handle: IO[bytes]) -> str:
    """Text only if every byte decodes as UTF-8 and none is NUL (usage readers expect it)."""
    decoder = codecs.getincrementaldecoder("utf-8")()
    try:
        while chunk := handle.read(_CHUNK):
            if b"\x00" in chunk:
                return "binary"
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return "not_utf8"
    finally:
        handle.seek(0)
    return "text"


def _named_binary(head: bytes) -> FileType:
    # puremagic's best guess is only a guess (it reads any "MZ" header as ZoneAlarm
    # data), so the message says so.
    try:
        guess = puremagic.magic_string(head)[0].name
    except (puremagic.PureError, IndexError, ValueError):
        return TYPES["binary"]
    label = _("binary data that looks like: %(guess)s") % {"guess": guess}
    return FileType("binary", "application/octet-stream", label)
