"""Apply product records to the catalog: all of a file or none of it, or quarantine.

``onix_import`` streams an ONIX file through the reader (XSD check, then the record
reader) into ``import_records``, the writer; the CSV/XLSX upload builds the same
``ProductRecord`` objects and calls ``import_records`` itself.

The writer takes records in chunks, inside one transaction under an import lock: each
chunk costs a handful of set-based queries (its ISBNs, its party names, its works'
creators) and bulk inserts, never a query per product (catalog.onix.writer). Every
record gets a ``RecordResult``: created, updated, unchanged, or refused with the field
and the reason. Mode ``all_or_nothing`` reads the whole file, lists every refusal, and
writes nothing if there is one; ``quarantine`` writes the good records and lists the
refused ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import BinaryIO, Literal

from django.db import connection, transaction

from catalog.models import Party
from catalog.onix.parser import OnixImportError, ProductRecord
from catalog.onix.reader import iter_records
from catalog.onix.results import ImportSummary, Progress, RecordResult
from catalog.onix.writer import ChunkWriter

__all__ = ["ImportSummary", "RecordResult", "import_records", "onix_import"]

# Imports take this transaction-level lock so two files naming the same new publisher
# or author cannot both miss it and create it twice (parties have no natural key).
ONIX_IMPORT_LOCK = 0x0_0A1C_0001
CHUNK = 1000

Mode = Literal["all_or_nothing", "quarantine"]
MODES: tuple[Mode, ...] = ("all_or_nothing", "quarantine")


def _chunks(items: Iterable[ProductRecord | OnixImportError]) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(islice(iterator, CHUNK)):
        yield chunk


def import_records(
    *,
    records: Iterable[ProductRecord | OnixImportError],
    mode: Mode = "all_or_nothing",
    dry_run: bool = False,
    progress: Progress | None = None,
    holder: Party | None = None,
) -> ImportSummary:
    """Write ``records`` (each a checked ``ProductRecord`` or why one was refused).

    ``holder`` (the catalogue upload page's party): it holds every new work, whatever
    publisher a record names, and a record for a work another party holds is refused.

    Returns the summary with one ``RecordResult`` per record. Nothing is written when
    ``dry_run``, nor in ``all_or_nothing`` mode when any record is refused; ``written``
    says whether the transaction was committed.
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    summary = ImportSummary(dry_run=dry_run, mode=mode)

    def counted(items: Iterable[ProductRecord | OnixImportError]):
        for item in items:
            summary.products_read += 1
            if progress:
                progress("read")
            yield item

    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ONIX_IMPORT_LOCK])
        writer = ChunkWriter(
            summary, quarantine=mode == "quarantine", progress=progress, holder=holder
        )
        for chunk in _chunks(counted(records)):
            writer.write(chunk)
        # File order (a chunk lists what the reader refused before what it wrote).
        summary.records.sort(key=lambda result: result.index or 0)
        keep = not dry_run and (mode == "quarantine" or not summary.works_refused)
        if not keep:
            transaction.set_rollback(True)
    summary.written = keep
    return summary


def onix_import(
    *,
    source: str | Path | BinaryIO,
    default_country: str = "",
    dry_run: bool = False,
    progress: Progress | None = None,
    mode: Mode = "all_or_nothing",
    holder: Party | None = None,
) -> ImportSummary:
    """Import an ONIX 3.0 or 3.1 file (reference or short tags); see ``import_records``.

    Raises ``OnixImportError`` only for a problem with the file as a whole (not XML,
    not ONIX, a DTD, an invalid header, XML broken part-way); then nothing is written.
    ``default_country`` is the last step of the country fallback (catalog.onix.countries).
    """
    return import_records(
        records=iter_records(source, default_country=default_country.upper()),
        mode=mode,
        dry_run=dry_run,
        progress=progress,
        holder=holder,
    )
