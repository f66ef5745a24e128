"""Deposits into the evidence chain and daily Merkle roots.

Appends are serialised by a transaction-scoped advisory lock: the holder
reads the chain head, inserts, and releases the lock only when its
transaction ends, so the next depositor sees the committed head. The lock
is held until the *caller's* outermost transaction commits — keep
transactions that deposit short. Without the lock the database would still
refuse a gap or a fork (primary key on ``seq`` plus the link trigger), but
concurrent depositors would fail instead of queueing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection, transaction
from django.utils.translation import gettext as _

from catalog.evidence.models import DAILY_ROOT_KIND, GENESIS_HASH, DailyRoot, EvidenceEntry
from catalog.evidence.verification import (
    MetadataError,
    canonical_json,
    compute_entry_hash,
    hash_stored_file,
    merkle_root,
    normalise_metadata,
)

# One well-known 64-bit key for pg_advisory_xact_lock, derived from a name so it
# cannot collide by accident with another package's numeric key.
CHAIN_LOCK_KEY = int.from_bytes(
    hashlib.sha256(b"catalog.evidence.chain").digest()[:8], "big", signed=True
)
KIND_RE = re.compile(r"^[a-z][a-z0-9_.]{0,63}$")
BULK_BATCH = 5000


@dataclass(frozen=True)
class EvidenceItem:
    """A metadata-only deposit for ``evidence_deposit_many``: ``data`` is hashed, not stored."""

    kind: str
    subject: str
    data: bytes
    metadata: dict | None = None


@dataclass
class _Head:
    now: dt.datetime
    seq: int
    entry_hash: str
    created_at: dt.datetime | None


@dataclass(frozen=True)
class _Content:
    kind: str
    subject: str
    storage_name: str
    sha256: str
    size: int
    metadata: dict


def _validated(*, kind: str, subject: str, metadata: dict | None) -> tuple[str, str, dict]:
    if not isinstance(kind, str) or not KIND_RE.match(kind):
        raise ValidationError(
            {
                "kind": _("“%(kind)s” is not a kind: lower-case letters, digits, _ or ., max 64")
                % {"kind": kind}
            }
        )
    if not isinstance(subject, str) or not subject.strip() or len(subject) > 255:
        raise ValidationError(
            {
                "subject": _("“%(subject)s” must be a non-empty reference ≤ 255 chars")
                % {"subject": subject}
            }
        )
    try:
        return kind, subject, normalise_metadata(metadata)
    except MetadataError as exc:
        raise ValidationError({"metadata": str(exc)}) from exc


def _lock_chain() -> _Head:
    """Take the chain lock and read the head with a snapshot taken *after* the lock.

    The two statements must stay separate: under READ COMMITTED each
    statement gets a fresh snapshot, so the second one sees whatever the
    previous lock holder committed. The database clock is the one clock all
    app servers share, so ``created_at`` (and day boundaries) come from it.
    """
    if not connection.in_atomic_block:
        raise RuntimeError("evidence deposits must run inside transaction.atomic()")
    with connection.cursor() as cur:
        cur.execute("SELECT pg_advisory_xact_lock(%s)", [CHAIN_LOCK_KEY])
        cur.execute(
            "SELECT clock_timestamp(), e.seq, e.entry_hash, e.created_at "
            "FROM (SELECT 1) AS one LEFT JOIN LATERAL (SELECT seq, entry_hash, created_at "
            "FROM evidence_evidenceentry ORDER BY seq DESC LIMIT 1) AS e ON true"
        )
        now, seq, entry_hash, created_at = cur.fetchone()
    return _Head(
        now=now, seq=seq or 0, entry_hash=entry_hash or GENESIS_HASH, created_at=created_at
    )


def _append(
    head: _Head,
    contents: Iterable[_Content],
    *,
    batch_size: int = BULK_BATCH,
    progress: Callable[[int], None] | None = None,
    keep: bool = True,
) -> tuple[int, list[EvidenceEntry]]:
    """Chain ``contents`` after ``head`` and insert them; the one place entries are built.

    Returns (count, entries); ``keep=False`` drops inserted rows as it goes
    so a bulk deposit of millions runs in constant memory.
    """
    # created_at never goes backwards along the chain, even if the clock does;
    # that keeps every UTC day a contiguous range of seq for its Merkle root.
    created_at = max(head.now, head.created_at) if head.created_at else head.now
    created: list[EvidenceEntry] = []
    batch: list[EvidenceEntry] = []
    count = 0

    def insert() -> None:
        nonlocal count
        EvidenceEntry.objects.bulk_create(batch)
        count += len(batch)
        if progress:
            progress(len(batch))
        if keep:
            created.extend(batch)
        batch.clear()

    for content in contents:
        seq = head.seq + 1
        entry = EvidenceEntry(
            seq=seq,
            kind=content.kind,
            subject=content.subject,
            storage_name=content.storage_name,
            sha256=content.sha256,
            size=content.size,
            metadata=content.metadata,
            prev_hash=head.entry_hash,
            created_at=created_at,
        )
        entry.entry_hash = compute_entry_hash(
            seq=seq,
            kind=entry.kind,
            subject=entry.subject,
            sha256=entry.sha256,
            size=entry.size,
            metadata=entry.metadata,
            prev_hash=entry.prev_hash,
            created_at=created_at,
        )
        batch.append(entry)
        head.seq, head.entry_hash, head.created_at = seq, entry.entry_hash, created_at
        if len(batch) >= batch_size:
            insert()
    if batch:
        insert()
    return count, created


def _holds(name: str, digest: str) -> bool:
    try:
        return hash_stored_file(name)[0] == digest
    except FileNotFoundError:
        return False


def _store_content_addressed(digest: str, data: bytes) -> str:
    """Store ``data`` under evidence/<ab>/<sha256>, sharing the file with identical deposits.

    An existing file is reused only if it still holds these bytes: if it was
    tampered with, the new deposit gets its own copy (storage picks a free
    name) and the altered file stays as it is — evidence for verify_evidence.
    """
    name = f"evidence/{digest[:2]}/{digest}"
    if _holds(name, digest):
        return name
    saved = default_storage.save(name, ContentFile(data))
    if saved != name and _holds(name, digest):
        # A concurrent deposit of the same bytes stored it first; keep one copy.
        default_storage.delete(saved)
        return name
    return saved


@transaction.atomic
def evidence_deposit_bytes(
    *,
    kind: str,
    subject: str,
    data: bytes,
    metadata: dict | None = None,
    store: bool = True,
) -> EvidenceEntry:
    """Hash ``data`` into the chain; with ``store`` keep the bytes under evidence/<ab>/<sha256>.

    The file is written before the chain lock is taken so the lock is held
    only for the insert. If the transaction later rolls back, the stored file
    stays as an unreferenced, content-addressed orphan — harmless.
    """
    kind, subject, metadata = _validated(kind=kind, subject=subject, metadata=metadata)
    if not isinstance(data, bytes | bytearray | memoryview):
        raise ValidationError(
            {"data": _("expected bytes, got %(type)s") % {"type": type(data).__name__}}
        )
    data = bytes(data)
    digest = hashlib.sha256(data).hexdigest()
    name = _store_content_addressed(digest, data) if store else ""
    content = _Content(kind, subject, name, digest, len(data), metadata)
    return _append(_lock_chain(), [content])[1][0]


@transaction.atomic
def evidence_deposit_file(
    *,
    kind: str,
    subject: str,
    storage_name: str,
    metadata: dict | None = None,
) -> EvidenceEntry:
    """Hash a file already in default storage (streamed, 1 MiB chunks) and chain it by name.

    The file is not copied: whoever owns it must never overwrite or delete
    it, or ``verify_evidence`` will report this entry — which is the point.
    """
    kind, subject, metadata = _validated(kind=kind, subject=subject, metadata=metadata)
    if not storage_name:
        raise ValidationError({"storage_name": _("a stored file name is required")})
    try:
        digest, size = hash_stored_file(storage_name)
    except FileNotFoundError as exc:
        raise ValidationError(
            {
                "storage_name": _("“%(storage_name)s” does not exist in default storage")
                % {"storage_name": storage_name}
            }
        ) from exc
    content = _Content(kind, subject, storage_name, digest, size, metadata)
    return _append(_lock_chain(), [content])[1][0]


@transaction.atomic
def evidence_deposit_many(
    *,
    items: Iterable[EvidenceItem],
    batch_size: int = BULK_BATCH,
    progress: Callable[[int], None] | None = None,
) -> int:
    """Deposit many metadata-only items in one transaction; returns how many.

    Hashes are computed exactly as for single deposits (same ``_append``);
    used by imports of historical evidence and by ``bench_evidence``.
    """

    def contents() -> Iterable[_Content]:
        for item in items:
            kind, subject, metadata = _validated(
                kind=item.kind, subject=item.subject, metadata=item.metadata
            )
            digest = hashlib.sha256(item.data).hexdigest()
            yield _Content(kind, subject, "", digest, len(item.data), metadata)

    head = _lock_chain()
    count, _ = _append(head, contents(), batch_size=batch_size, progress=progress, keep=False)
    return count


def _day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    start = dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)
    return start, start + dt.timedelta(days=1)


@transaction.atomic
def evidence_record_daily_root(*, day: dt.date) -> DailyRoot:
    """Record (once) the Merkle root of ``day``'s entries (UTC) and anchor it in the chain.

    Idempotent: an existing root for the day is returned unchanged. Only an
    ended day (by the database clock) can be recorded — until then more
    entries could join it; afterwards the insert trigger refuses any entry
    dated on or before a recorded day.
    The root is itself deposited as a ``daily_root`` entry, so it is chained
    like any other evidence and cannot be swapped without breaking the chain.
    """
    head = _lock_chain()  # no entry can be added to `day` while we read it
    existing = DailyRoot.objects.filter(day=day).first()
    if existing is not None:
        return existing
    if day >= head.now.astimezone(dt.UTC).date():
        raise ValidationError(
            {"day": _("%(day)s has not ended yet (UTC)") % {"day": day.isoformat()}}
        )
    start, end = _day_bounds(day)
    rows = list(
        EvidenceEntry.objects.filter(created_at__gte=start, created_at__lt=end)
        .order_by("seq")
        .values_list("seq", "entry_hash")
    )
    root = DailyRoot(
        day=day,
        merkle_root=merkle_root([entry_hash for _, entry_hash in rows]),
        first_seq=rows[0][0] if rows else None,
        last_seq=rows[-1][0] if rows else None,
        entry_count=len(rows),
    )
    statement = {
        "day": day.isoformat(),
        "merkle_root": root.merkle_root,
        "first_seq": root.first_seq,
        "last_seq": root.last_seq,
        "entry_count": root.entry_count,
    }
    data = canonical_json(statement).encode()
    anchor = _append(
        head,
        [
            _Content(
                DAILY_ROOT_KIND,
                f"evidence.dailyroot:{day.isoformat()}",
                "",
                hashlib.sha256(data).hexdigest(),
                len(data),
                statement,
            )
        ],
    )[1][0]
    root.anchor_seq = anchor.seq
    root.save(force_insert=True)
    return root


def evidence_record_due_roots() -> list[DailyRoot]:
    """Record every missing root from the first unrecorded day up to yesterday (UTC).

    What the daily beat task runs: a missed night is caught up the next time.
    Each day commits on its own, so a failure keeps the days before it.
    """
    last = DailyRoot.objects.order_by("-day").values_list("day", flat=True).first()
    if last is not None:
        start = last + dt.timedelta(days=1)
    else:
        first = EvidenceEntry.objects.order_by("seq").values_list("created_at", flat=True).first()
        if first is None:
            return []
        start = first.astimezone(dt.UTC).date()
    with connection.cursor() as cur:
        cur.execute("SELECT clock_timestamp()")
        db_now = cur.fetchone()[0]
    today = db_now.astimezone(dt.UTC).date()
    recorded = []
    day = start
    while day < today:
        recorded.append(evidence_record_daily_root(day=day))
        day += dt.timedelta(days=1)
    return recorded
