"""Files for upload tests: real formats, hostile ones, and a look at what storage holds."""

from __future__ import annotations

import io
import re
import struct
import zipfile
import zlib
from pathlib import Path

from openpyxl import Workbook
from PIL import Image

HTML = b"<!DOCTYPE html><html><body><script>fetch('/api/me')</script></body></html>"
SVG = (
    b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg">'
    b"<script>alert(document.cookie)</script></svg>"
)
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def png_bytes(width: int = 8, height: int = 8) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (200, 30, 30)).save(buffer, format="PNG")
    return buffer.getvalue()


def png_claiming(width: int, height: int) -> bytes:
    """A PNG whose header claims ``width`` × ``height`` pixels over a few bytes of data:
    decoding it would allocate width × height × 3 bytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 64))
        + chunk(b"IEND", b"")
    )


def xlsx_bytes(rows: list[list[object]]) -> bytes:
    book = Workbook()
    for values in rows:
        book.active.append(values)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def without_dimension(data: bytes) -> bytes:
    """The same workbook with the sheets' <dimension> removed (it is optional)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info)
            if info.filename.startswith("xl/worksheets/"):
                content = re.sub(rb"<dimension [^>]*/>", b"", content)
            target.writestr(info.filename, content)
    return buffer.getvalue()


def xlsx_bomb(unpacked_mb: int) -> bytes:
    """A valid workbook carrying one member that inflates to ``unpacked_mb`` MB."""
    source = zipfile.ZipFile(io.BytesIO(xlsx_bytes([["isbn", "units"]])))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, source.read(info))
        target.writestr("xl/media/padding.bin", b"\x00" * (unpacked_mb * 2**20))
    return buffer.getvalue()


def isolate_storage(settings, root: Path) -> Path:
    """Point every file-system storage at ``root`` for this test (``settings`` is
    pytest-django's fixture, so Django's storage handler is reset), so that what a
    refused upload left behind can be seen apart from other tests and processes."""
    aliases = {}
    for alias, config in settings.STORAGES.items():
        if alias == "staticfiles" or "FileSystemStorage" not in config["BACKEND"]:
            aliases[alias] = config
            continue
        options = {**config.get("OPTIONS", {}), "location": str(root / alias)}
        aliases[alias] = {**config, "OPTIONS": options}
    settings.STORAGES = aliases
    settings.MEDIA_ROOT = str(root / "media")
    return root


def stored_files(root: Path) -> list[Path]:
    return sorted(path for path in root.rglob("*") if path.is_file())
