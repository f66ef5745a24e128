"""How entry hashes and daily Merkle roots are computed, and the walk that re-checks them.

Entry hash
    ``sha256(canonical_json({...}))`` over exactly these keys: ``seq``, ``kind``,
    ``subject``, ``sha256``, ``size``, ``metadata``, ``prev_hash`` and
    ``created_at`` (UTC, ISO 8601 with microseconds and ``+00:00``).
    Canonical JSON = ``json.dumps(sort_keys=True, separators=(",", ":"),
    ensure_ascii=False)`` encoded as UTF-8. Floats are refused in metadata
    (jsonb would not give the same text back), so anyone can recompute a
    hash from the row with any JSON library. ``storage_name`` is not hashed:
    the content hash already pins the file, wherever it lives.

Daily Merkle root
    Leaves are the day's entry hashes (32 raw bytes each) in ``seq`` order.
    Each level pairs neighbours: ``parent = sha256(left || right)``. An odd
    last node is *promoted* unchanged to the next level (not duplicated, so
    [a, b, c] and [a, b, c, c] get different roots). One leaf: the root is that
    leaf. No leaves: ``sha256(b"")``. The root is stored with its entry count.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass

from django.core.files.storage import default_storage
from django.db import connection, transaction

from catalog.evidence.models import DAILY_ROOT_KIND, GENESIS_HASH, DailyRoot

FILE_CHUNK = 1024 * 1024
# The exact string encoder json.dumps(ensure_ascii=False) uses (the C one when available).
_encode_str = json.encoder.encode_basestring
EMPTY_ROOT = hashlib.sha256(b"").hexdigest()


class MetadataError(ValueError):
    pass


def _check_json_value(value: object, path: str) -> None:
    if value is None or isinstance(value, bool | int | str):
        if isinstance(value, str) and "\x00" in value:
            raise MetadataError(f"{path}: NUL characters cannot be stored")
        return
    if isinstance(value, float):
        raise MetadataError(f"{path}: floats are not allowed, use a string (e.g. a Decimal)")
    if isinstance(value, list | tuple):
        for i, item in enumerate(value):
            _check_json_value(item, f"{path}[{i}]")
        return
    if isinstance(value, dict):
        for key, item in value.items():
            if not isinstance(key, str):
                raise MetadataError(f"{path}: keys must be strings, got {key!r}")
            _check_json_value(item, f"{path}.{key}")
        return
    raise MetadataError(f"{path}: {type(value).__name__} is not a JSON value")


def normalise_metadata(metadata: dict | None) -> dict:
    """``metadata`` as it will read back from the database, or MetadataError."""
    metadata = {} if metadata is None else metadata
    if not isinstance(metadata, dict):
        raise MetadataError("metadata must be a JSON object")
    _check_json_value(metadata, "metadata")
    # Round-trip once so tuples become lists, exactly as the database returns them.
    return json.loads(canonical_json(metadata))


def canonical_json(value: object) -> str:
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def format_timestamp(value: dt.datetime) -> str:
    return value.astimezone(dt.UTC).isoformat(timespec="microseconds")


def _entry_hash(
    seq: int,
    kind: str,
    subject: str,
    sha256: str,
    size: int,
    metadata_json: str,
    prev_hash: str,
    created_at: str,
) -> str:
    # canonical_json(payload) written out by hand (keys in sorted order) because
    # the walk does this 100k+ times; tests check it against json.dumps.
    enc = _encode_str
    text = (
        '{"created_at":' + enc(created_at)
        + ',"kind":' + enc(kind)
        + ',"metadata":' + metadata_json
        + ',"prev_hash":' + enc(prev_hash)
        + ',"seq":' + str(seq)
        + ',"sha256":' + enc(sha256)
        + ',"size":' + str(size)
        + ',"subject":' + enc(subject)
        + "}"
    )  # fmt: skip
    return hashlib.sha256(text.encode()).hexdigest()


def compute_entry_hash(
    *,
    seq: int,
    kind: str,
    subject: str,
    sha256: str,
    size: int,
    metadata: dict,
    prev_hash: str,
    created_at: dt.datetime,
) -> str:
    """sha256 of the canonical JSON of the entry's fields (see the module docstring)."""
    return _entry_hash(
        seq,
        kind,
        subject,
        sha256,
        size,
        canonical_json(metadata),
        prev_hash,
        format_timestamp(created_at),
    )


def merkle_root(leaves: Sequence[str] | Sequence[bytes]) -> str:
    """Root of the tree described in the module docstring; leaves as hex or raw bytes."""
    level = [bytes.fromhex(leaf) if isinstance(leaf, str) else leaf for leaf in leaves]
    if not level:
        return EMPTY_ROOT
    sha = hashlib.sha256
    while len(level) > 1:
        nxt = [sha(level[i] + level[i + 1]).digest() for i in range(0, len(level) - 1, 2)]
        if len(level) % 2:
            nxt.append(level[-1])  # promoted, not duplicated
        level = nxt
    return level[0].hex()


def hash_stored_file(name: str) -> tuple[str, int]:
    """(sha256 hex, size) of a file in default storage, read in 1 MiB chunks."""
    digest = hashlib.sha256()
    size = 0
    with default_storage.open(name, "rb") as fh:
        while chunk := fh.read(FILE_CHUNK):
            digest.update(chunk)
            size += len(chunk)
    return digest.hexdigest(), size


# --- the walk ---------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    what: str
    seq: int | None = None
    day: dt.date | None = None

    def __str__(self) -> str:
        if self.seq is not None:
            return f"entry {self.seq}: {self.what}"
        return f"daily root {self.day.isoformat() if self.day else '?'}: {self.what}"


@dataclass
class VerificationResult:
    ok: bool = True
    entries_checked: int = 0
    files_checked: int = 0
    roots_checked: int = 0
    last_seq: int = 0
    head_hash: str = GENESIS_HASH
    seconds: float = 0.0
    first_problem: Problem | None = None
    files_skipped: bool = False

    def as_dict(self) -> dict:
        data = asdict(self)
        problem = self.first_problem
        data["first_problem"] = (
            None
            if problem is None
            else {
                "seq": problem.seq,
                "day": problem.day.isoformat() if problem.day else None,
                "what": problem.what,
                "message": str(problem),
            }
        )
        return data


# created_at comes back already in the hashed form (UTC ISO 8601, microseconds), which
# skips building 100k datetimes only to format them again; same fixed width, so
# comparing the strings compares the instants.
_WALK_SQL = """
    SELECT seq, kind, subject, storage_name, sha256, size, metadata::text, prev_hash, entry_hash,
           to_char(created_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"+00:00"')
      FROM evidence_evidenceentry ORDER BY seq
"""


def check_stored_file(row: tuple) -> Problem | None:
    seq, name, expected_sha, expected_size = row
    try:
        digest, size = hash_stored_file(name)
    except FileNotFoundError:
        return Problem(f"stored file {name} is missing", seq=seq)
    except OSError as exc:
        return Problem(f"stored file {name} cannot be read ({exc})", seq=seq)
    if digest != expected_sha:
        return Problem(f"stored file {name} hash mismatch", seq=seq)
    if size != expected_size:
        return Problem(f"stored file {name} size mismatch ({size} ≠ {expected_size})", seq=seq)
    return None


class _RootTracker:
    """Checks every entry against its day's recorded root while the walk streams by."""

    def __init__(self, roots: Iterable[DailyRoot]) -> None:
        self.by_day = {root.day.isoformat(): root for root in roots}
        self.leaves: list[bytes] = []
        self.checked = 0
        self.anchored: set[str] = set()

    def see(self, seq: int, day: str, entry_hash: str) -> Problem | None:
        root = self.by_day.get(day)
        if root is None:
            return None
        if root.entry_count == 0 or not (root.first_seq <= seq <= root.last_seq):
            return Problem(
                f"dated {day} but outside that day's recorded root "
                f"({root.entry_count} entries, {root.first_seq}–{root.last_seq})",
                seq=seq,
            )
        if seq == root.first_seq:
            self.leaves = []
        self.leaves.append(bytes.fromhex(entry_hash))
        if seq == root.last_seq:
            self.checked += 1
            computed = merkle_root(self.leaves)
            self.leaves = []
            if computed != root.merkle_root:
                return Problem("Merkle root mismatch (root altered)", day=root.day)
        return None

    def anchor(self, seq: int, statement: dict) -> Problem | None:
        """A daily_root entry: the recorded root must be exactly the one it anchors."""
        day = str(statement.get("day"))
        root = self.by_day.get(day)
        if root is None:
            return Problem(f"anchors the daily root of {day}, which is missing", seq=seq)
        recorded = {
            "day": day,
            "merkle_root": root.merkle_root,
            "first_seq": root.first_seq,
            "last_seq": root.last_seq,
            "entry_count": root.entry_count,
        }
        if root.anchor_seq != seq or recorded != statement:
            return Problem(f"differs from the root anchored in entry {seq}", day=root.day)
        self.anchored.add(day)
        return None

    def finish(self, last_seq: int) -> Problem | None:
        """After the walk: entries a root vouches for but the chain no longer has, then roots."""
        missing: list[Problem] = []
        for root in self.by_day.values():
            day = root.day.isoformat()
            if root.entry_count and root.last_seq > last_seq:
                missing.append(
                    Problem(
                        f"missing (the daily root of {day} covers entries up to "
                        f"{root.last_seq}, the chain ends at {last_seq})",
                        seq=max(root.first_seq, last_seq + 1),
                    )
                )
            if root.anchor_seq is not None and root.anchor_seq > last_seq:
                missing.append(
                    Problem(f"missing (it anchors the daily root of {day})", seq=root.anchor_seq)
                )
        if missing:
            return min(missing, key=lambda p: p.seq)
        for root in sorted(self.by_day.values(), key=lambda r: r.day):
            if root.day.isoformat() not in self.anchored:
                return Problem(
                    f"entry {root.anchor_seq} does not anchor it (root forged)", day=root.day
                )
            if root.entry_count == 0 and root.merkle_root != EMPTY_ROOT:
                return Problem("an empty day must have the empty root (root altered)", day=root.day)
        return None


class _Walk:
    def __init__(self, *, check_files: bool, check_roots: bool, workers: int) -> None:
        self.result = VerificationResult(files_skipped=not check_files)
        self.check_files = check_files
        self.check_roots = check_roots
        self.workers = max(1, workers)
        self.tracker = _RootTracker([])

    def run(self, batch_size: int, progress: Callable[[int], None] | None) -> None:
        if self.check_roots:
            self.tracker = _RootTracker(DailyRoot.objects.all())
        pool = ThreadPoolExecutor(max_workers=self.workers) if self.check_files else None
        try:
            problem = self._walk(pool, batch_size, progress)
        finally:
            if pool is not None:
                pool.shutdown(wait=True)
        if problem is None and self.check_roots:
            problem = self.tracker.finish(self.result.last_seq)
        self.result.roots_checked = self.tracker.checked
        self.result.first_problem = problem
        self.result.ok = problem is None

    def _walk(
        self,
        pool: ThreadPoolExecutor | None,
        batch_size: int,
        progress: Callable[[int], None] | None,
    ) -> Problem | None:
        result, tracker, check_roots = self.result, self.tracker, self.check_roots
        expected_seq, prev_hash, prev_created = 1, GENESIS_HASH, ""
        loads, dumps = json.loads, canonical_json
        with connection.chunked_cursor() as cursor:
            cursor.execute(_WALK_SQL)
            while rows := cursor.fetchmany(batch_size):
                files: list[tuple] = []
                problem = None
                for row in rows:
                    seq, kind, subject, name, sha256, size, meta, stored_prev, entry_hash, ts = row
                    if seq != expected_seq:
                        problem = Problem(
                            f"missing (the next stored entry is {seq})", seq=expected_seq
                        )
                    elif stored_prev != prev_hash:
                        problem = Problem(
                            f"prev_hash is not the hash of entry {seq - 1} (chain broken)"
                            if seq > 1
                            else "prev_hash is not the genesis hash (chain broken)",
                            seq=seq,
                        )
                    elif ts < prev_created:
                        problem = Problem("deposited before the entry preceding it", seq=seq)
                    elif entry_hash != _entry_hash(
                        seq,
                        kind,
                        subject,
                        sha256,
                        size,
                        "{}" if meta == "{}" else dumps(loads(meta)),
                        stored_prev,
                        ts,
                    ):
                        problem = Problem("entry hash mismatch (row altered)", seq=seq)
                    elif check_roots:
                        problem = tracker.see(seq, ts[:10], entry_hash)
                        if problem is None and kind == DAILY_ROOT_KIND:
                            problem = tracker.anchor(seq, loads(meta))
                    if problem is not None:
                        break
                    result.entries_checked += 1
                    expected_seq, prev_hash, prev_created = seq + 1, entry_hash, ts
                    if name and pool is not None:
                        files.append((seq, name, sha256, size))
                result.last_seq, result.head_hash = expected_seq - 1, prev_hash
                if progress:
                    progress(len(rows))
                # Files of entries before a row problem are checked first, so the
                # problem reported is always the one with the lowest seq.
                if files:
                    for file_problem in pool.map(check_stored_file, files):
                        result.files_checked += 1
                        if file_problem is not None:
                            return file_problem
                if problem is not None:
                    return problem
        return None


def verify_chain(
    *,
    check_files: bool = True,
    check_roots: bool = True,
    batch_size: int = 5000,
    workers: int = 4,
    progress: Callable[[int], None] | None = None,
) -> VerificationResult:
    """Walk the whole chain in ``seq`` order and stop at the first problem.

    Rows stream through a server-side cursor ``batch_size`` at a time, in one
    read-only REPEATABLE READ transaction (when not called inside one) so
    entries and roots are one consistent snapshot. Stored files are re-hashed
    on ``workers`` threads (hashlib releases the GIL for large buffers).
    """
    started = time.perf_counter()
    walk = _Walk(check_files=check_files, check_roots=check_roots, workers=workers)
    snapshot = not connection.in_atomic_block
    with transaction.atomic():
        if snapshot:
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
        walk.run(batch_size, progress)
    walk.result.seconds = time.perf_counter() - started
    return walk.result
