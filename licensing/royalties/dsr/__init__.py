"""DDEX DSR (Digital Sales Reporting) flat files, as the standard defines them.

``reader``: stream a report's records (HEAD/FOOT, escaping, multi-file, gzip);
``profiles``: the supported profiles' record types and cells (``profiles.json``);
``reconcile``: summary records against their detail; ``usage``: records → the usage
import's rows (``licensing.royalties.ingest``). ``sniff`` tells a DSR file by its bytes.
docs/royalties.md, *DDEX DSR*, cites the standard's clauses each part follows.
"""

from __future__ import annotations

import gzip

GZIP_MAGIC = b"\x1f\x8b"


def sniff(path: str) -> bool:
    """Whether ``path`` (plain or gzip) is a DSR file: its first record, after any
    "#" heading lines (Part 1 §6.6.9), is a HEAD record."""
    with open(path, "rb") as probe:
        gz = probe.read(2) == GZIP_MAGIC
    try:
        with gzip.open(path, "rb") if gz else open(path, "rb") as handle:
            head = handle.read(64 * 1024)
    except (OSError, EOFError):
        return False
    for line in head.lstrip(b"\xef\xbb\xbf").splitlines():
        if not line.strip() or line.startswith(b"#"):
            continue
        return line.startswith(b"HEAD\t")
    return False
