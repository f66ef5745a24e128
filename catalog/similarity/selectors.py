"""Reads of the similarity pre-check, including the per-process image index cache."""

from __future__ import annotations

import threading
from dataclasses import dataclass

import numpy as np
from django.db import connections, router
from django.db.models import QuerySet

from catalog.models import WorkFile
from catalog.similarity.hashing import TEXT_SCHEME
from catalog.similarity.index import HammingIndex
from catalog.similarity.models import (
    ProtectedMark,
    SimilarityCheck,
    SimilarityHit,
    TextSignature,
)


def similarity_hits_for_work(*, work_id: int) -> QuerySet[SimilarityHit]:
    """Hits of a work's latest pre-check, protected marks first, then by score."""
    return SimilarityHit.objects.filter(subject_id=work_id).select_related(
        "matched_work", "matched_file", "matched_mark", "subject_file"
    )


def similarity_check_for_work(*, work_id: int) -> SimilarityCheck | None:
    return SimilarityCheck.objects.filter(work_id=work_id).first()


# --- image corpus -----------------------------------------------------------


@dataclass(frozen=True)
class ImageCorpus:
    """Every hashed work file, as parallel arrays; ``index`` rows index into them."""

    key: tuple[str, int]  # (database, version) it was loaded from
    file_ids: np.ndarray
    work_ids: np.ndarray
    index: HammingIndex


_cache_lock = threading.Lock()
_cache: dict[str, ImageCorpus] = {}


_VERSION_SQL = (
    # Clearing the flag tells the triggers that a value was read in this transaction, so
    # the next change must bump again (migration 0002 explains the flag).
    "SELECT set_config('similarity.image_index_dirty', 'off', true),"
    " (SELECT version FROM similarity_imageindexversion WHERE id = 1)"
)


def image_index_version(*, using: str = "default") -> int:
    """Changes (never repeats) whenever a work file's hash is added, changed or removed."""
    with connections[using].cursor() as cursor:
        cursor.execute(_VERSION_SQL)
        _flag, version = cursor.fetchone()
    return version or 0


def _database_key(using: str) -> str:
    db = connections[using].settings_dict
    return f"{using}:{db.get('HOST')}:{db.get('PORT')}:{db['NAME']}"


_HASHED_FILES_SQL = (
    "SELECT string_agg(int8send(id) || int8send(work_id) || int8send(phash), ''::bytea)"
    " FROM catalog_workfile WHERE phash IS NOT NULL"
)


def hashed_work_files(*, using: str = "default") -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(file ids, work ids, signed phashes) of every work file with a hash, in one query.

    The rows travel as one bytea of fixed 24-byte records rather than N Python tuples
    (no million short-lived objects; ~1.5× faster than values_list at a million rows),
    and a single aggregate keeps the three columns of each row together.
    """
    with connections[using].cursor() as cursor:
        cursor.execute(_HASHED_FILES_SQL)
        (blob,) = cursor.fetchone()
    records = np.frombuffer(bytes(blob or b""), dtype=[("f", ">i8"), ("w", ">i8"), ("h", ">i8")])
    return (
        records["f"].astype(np.int64),
        records["w"].astype(np.int64),
        records["h"].astype(np.int64),
    )


def image_corpus(*, using: str | None = None) -> ImageCorpus:
    """The image index of all hashed work files, rebuilt only when their version changed.

    The version is read *before* the rows, so a cache entry never claims a newer state
    than it holds: a write that lands in between makes the next call rebuild again.
    Inside a transaction that itself changed hashes, the version read sees that change,
    so the index built then includes the transaction's own rows; if it rolls back, the
    version goes back too and no longer matches the cache, which is rebuilt.
    """
    using = using or router.db_for_read(WorkFile)
    key = (_database_key(using), image_index_version(using=using))
    with _cache_lock:
        cached = _cache.get(key[0])
        if cached is not None and cached.key == key:
            return cached
        file_ids, work_ids, hashes = hashed_work_files(using=using)
        corpus = ImageCorpus(
            key=key, file_ids=file_ids, work_ids=work_ids, index=HammingIndex(hashes)
        )
        _cache[key[0]] = corpus
        return corpus


def active_marks() -> tuple[np.ndarray, HammingIndex]:
    """(mark ids, index) of active protected marks — a few thousand at most, loaded fresh."""
    rows = list(ProtectedMark.objects.filter(active=True).values_list("id", "phash"))
    ids = np.array([r[0] for r in rows], dtype=np.int64)
    return ids, HammingIndex(np.array([r[1] for r in rows], dtype=np.int64))


# --- texts --------------------------------------------------------------------


def text_candidates(*, band_keys: list[int], exclude_work_id: int) -> list[tuple[int, bytes]]:
    """(work id, signature) of other works sharing at least one LSH band (GIN index)."""
    if not band_keys:
        return []
    rows = (
        TextSignature.objects.filter(scheme=TEXT_SCHEME, band_keys__overlap=band_keys)
        .exclude(work_id=exclude_work_id)
        .values_list("work_id", "signature")
    )
    return [(work_id, bytes(signature)) for work_id, signature in rows]
