"""In-memory search structures: exact Hamming-radius search and MinHash LSH.

No Django here: the benchmark drives these classes with synthetic data, the services
with data loaded from PostgreSQL (selectors.image_corpus).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Iterable
from functools import lru_cache

import numpy as np

from catalog.similarity.hashing import NUM_PERM

_CHUNKS = 4
_CHUNK_BITS = 16
_CHUNK_VALUES = 1 << _CHUNK_BITS
_CHUNK_MASK = np.uint64(_CHUNK_VALUES - 1)
_U64_MASK = (1 << 64) - 1

# Below this many hashes one vectorised scan (~1 ns per hash) beats probing 4 × 137 buckets.
SCAN_BELOW = 16_384


def as_uint64(values: Iterable[int] | np.ndarray) -> np.ndarray:
    """Signed (PostgreSQL bigint) or unsigned 64-bit hashes → uint64 array, same bits."""
    if isinstance(values, np.ndarray):
        if values.dtype == np.uint64:
            return values
        return values.astype(np.int64, copy=False).view(np.uint64)
    return np.fromiter((v & _U64_MASK for v in values), dtype=np.uint64)


@lru_cache(maxsize=_CHUNK_BITS + 1)
def _probe_masks(radius: int) -> np.ndarray:
    """Every 16-bit value with at most ``radius`` bits set (137 of them for radius 2)."""
    values = np.arange(_CHUNK_VALUES, dtype=np.uint64)
    return values[np.bitwise_count(values) <= radius]


class HammingIndex:
    """Exact search for all 64-bit hashes within Hamming distance r of a query.

    Multi-index hashing (Norouzi, Punjani & Fleet, CVPR 2012): the 64 bits are cut into
    4 chunks of 16. If two hashes differ in at most r bits, by the pigeonhole principle
    at least one chunk differs in at most ⌊r/4⌋ bits, so probing, in each chunk's table,
    every bucket within ⌊r/4⌋ bits of the query's chunk finds every true neighbour;
    candidates are then verified by their full distance, so nothing false survives. Each
    chunk table is a counting sort: ``offsets[v]:offsets[v+1]`` slices the rows whose
    chunk equals v. When the probes would touch a large share of the rows (tiny corpus,
    large radius, heavily clustered hashes) a plain vectorised scan is cheaper and just
    as exact, and is used instead.
    """

    def __init__(
        self,
        hashes: Iterable[int] | np.ndarray,
        *,
        scan_below: int = SCAN_BELOW,
        max_candidate_share: float = 0.25,
    ) -> None:
        self.hashes = np.ascontiguousarray(as_uint64(hashes))
        self._max_candidates = int(len(self) * max_candidate_share)
        self._tables: list[tuple[np.ndarray, np.ndarray]] = []
        if len(self) < scan_below:
            return
        row_dtype = np.int32 if len(self) < 2**31 else np.int64
        for chunk in range(_CHUNKS):
            keys = ((self.hashes >> np.uint64(chunk * _CHUNK_BITS)) & _CHUNK_MASK).astype(np.uint16)
            order = np.argsort(keys, kind="stable").astype(row_dtype)  # radix sort for uint16
            offsets = np.zeros(_CHUNK_VALUES + 1, dtype=np.int64)
            np.cumsum(np.bincount(keys, minlength=_CHUNK_VALUES), out=offsets[1:])
            self._tables.append((order, offsets))

    def __len__(self) -> int:
        return int(self.hashes.size)

    @property
    def nbytes(self) -> int:
        return self.hashes.nbytes + sum(o.nbytes + f.nbytes for o, f in self._tables)

    def search(self, query: int, radius: int) -> tuple[np.ndarray, np.ndarray]:
        """(rows, distances) of every stored hash within ``radius`` of ``query``,
        ordered by distance then row."""
        if not 0 <= radius <= 64:
            raise ValueError(f"radius {radius} is outside 0…64")
        q = np.uint64(query & _U64_MASK)
        candidates = self._candidates(int(q), radius) if self._tables else None
        if candidates is None:
            distances = np.bitwise_count(self.hashes ^ q)
            rows = np.flatnonzero(distances <= radius)
            distances = distances[rows]
        else:
            distances = np.bitwise_count(self.hashes[candidates] ^ q)
            keep = distances <= radius
            # A row close in several chunks was probed several times: keep it once.
            rows, first = np.unique(candidates[keep], return_index=True)
            distances = distances[keep][first]
        order = np.lexsort((rows, distances))
        return rows[order].astype(np.int64), distances[order].astype(np.int64)

    def search_many(
        self, queries: Iterable[int], radius: int
    ) -> list[tuple[np.ndarray, np.ndarray]]:
        return [self.search(q, radius) for q in queries]

    def _candidates(self, query: int, radius: int) -> np.ndarray | None:
        masks = _probe_masks(radius // _CHUNKS)
        spans = []
        total = 0
        for chunk, (_order, offsets) in enumerate(self._tables):
            probes = ((query >> (chunk * _CHUNK_BITS)) & (_CHUNK_VALUES - 1)) ^ masks
            probes = probes.astype(np.intp)
            starts = offsets[probes]
            lengths = offsets[probes + 1] - starts
            spans.append((starts, lengths))
            total += int(lengths.sum())
        if total > self._max_candidates:
            return None  # verifying that many random reads costs more than one scan
        parts = []
        for (order, _offsets), (starts, lengths) in zip(self._tables, spans, strict=True):
            nonempty = lengths > 0
            starts, lengths = starts[nonempty], lengths[nonempty]
            if not lengths.size:
                continue
            # Concatenate the slices order[start:start+length] without a Python loop.
            ends = np.cumsum(lengths)
            positions = np.arange(ends[-1]) + np.repeat(starts - (ends - lengths), lengths)
            parts.append(order[positions])
        if not parts:
            return np.empty(0, dtype=np.int64)
        return np.concatenate(parts).astype(np.intp)


def scan(hashes: np.ndarray, query: int, radius: int) -> np.ndarray:
    """Rows within ``radius`` by a full vectorised scan (the numpy brute force)."""
    distances = np.bitwise_count(as_uint64(hashes) ^ np.uint64(query & _U64_MASK))
    return np.flatnonzero(distances <= radius)


# --- MinHash LSH ------------------------------------------------------------

# 64 bands of 4 rows: a pair with Jaccard J shares at least one band key with
# probability 1 − (1 − J⁴)⁶⁴ — 0.98 at J = 0.5, 0.9999 at J = 0.6, but only 0.10 at
# J = 0.2 — so the candidate lists are short and nearly every pair above the 0.5
# threshold (services.TEXT_MIN_JACCARD) is among them.
LSH_BANDS = 64
LSH_ROWS = NUM_PERM // LSH_BANDS
_BAND_SALT = np.arange(1, LSH_BANDS + 1, dtype=np.uint64) * np.uint64(0x9E3779B97F4A7C15)


def band_keys(signature: np.ndarray) -> np.ndarray:
    """One signed 64-bit key per band (band number mixed in, so equal rows in different
    bands never collide); stored in a GIN-indexed bigint[] for SQL candidate search."""
    rows = np.asarray(signature, dtype=np.uint32).reshape(LSH_BANDS, LSH_ROWS).astype(np.uint64)
    key = _BAND_SALT.copy()
    with np.errstate(over="ignore"):
        for column in range(LSH_ROWS):
            key ^= rows[:, column]
            key *= np.uint64(0xBF58476D1CE4E5B9)
            key ^= key >> np.uint64(31)
    return key.view(np.int64)


class MinHashLSH:
    """Band-key buckets in memory; the same keys the database holds in TextSignature."""

    def __init__(self) -> None:
        self._buckets: dict[int, set[Hashable]] = defaultdict(set)

    def add(self, key: Hashable, signature: np.ndarray) -> None:
        for band in band_keys(signature).tolist():
            self._buckets[band].add(key)

    def candidates(self, signature: np.ndarray) -> set[Hashable]:
        found: set[Hashable] = set()
        for band in band_keys(signature).tolist():
            found |= self._buckets.get(band, set())
        return found
