"""Benchmark of the image pre-check: one query against N registered perceptual hashes.

By default the corpus is synthetic and in memory — no database needed. ``--db`` instead
loads the real corpus from PostgreSQL the way the pre-check does and times that too.
"""

from __future__ import annotations

import time

import numpy as np
import psutil
from django.core.management.base import BaseCommand, CommandError, CommandParser
from tqdm import tqdm

from catalog.similarity import selectors
from catalog.similarity.index import HammingIndex, scan
from catalog.similarity.services import IMAGE_RADIUS

# Planted around each of the first half of the queries: inside the radius, on its edge,
# and just beyond it (which must *not* be found).
PLANT_DISTANCES = (0, 2, 5, 8, 10, 11, 14)
ORIENTATIONS = 8  # the pre-check queries each image in its eight orientations


def _flip_bits(rng: np.random.Generator, value: int, distance: int) -> int:
    for bit in rng.choice(64, size=distance, replace=False).tolist():
        value ^= 1 << bit
    return value


def synthetic_corpus(
    n: int, queries: int, distribution: str, seed: int
) -> tuple[np.ndarray, list[int], int]:
    """(hashes, queries, planted count). "clustered" mimics real pHashes: biased bits
    (skewed buckets) and families of near-identical designs."""
    rng = np.random.default_rng(seed)
    if distribution == "uniform":
        hashes = rng.integers(0, 2**64, size=n, dtype=np.uint64)
    else:
        bias = rng.uniform(0.15, 0.85, size=64)
        family = 20
        centres = (rng.random((n // family + 1, 64)) < bias).astype(np.uint64)
        members = np.repeat(centres, family, axis=0)[:n]
        members ^= (rng.random((n, 64)) < 0.05).astype(np.uint64)
        hashes = (members << np.arange(64, dtype=np.uint64)).sum(axis=1, dtype=np.uint64)
    picks = rng.integers(0, n, size=queries)
    query_hashes = [_flip_bits(rng, int(hashes[i]), 7) for i in picks]  # near the data
    planted = 0
    slots = rng.permutation(n)
    for q in query_hashes[: queries // 2]:
        for distance in PLANT_DISTANCES:
            hashes[slots[planted]] = _flip_bits(rng, q, distance)
            planted += 1
    return hashes, query_hashes, planted


def _percentiles(samples: list[float]) -> str:
    p50, p95 = np.percentile(np.array(samples) * 1e3, [50, 95])
    return f"{p50:10.3f} {p95:10.3f}"


class Command(BaseCommand):
    help = (
        "Time one image pre-check query against N perceptual hashes: p50/p95 for the "
        "multi-index Hamming index, a numpy brute-force scan and a pure-Python loop, with "
        "recall against brute force. In-memory synthetic data, no database needed; --db "
        "uses the hashes stored in PostgreSQL instead."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--n", type=int, default=100_000, help="corpus size (synthetic)")
        parser.add_argument("--queries", type=int, default=200)
        parser.add_argument("--radius", type=int, default=IMAGE_RADIUS)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--distribution", choices=("uniform", "clustered"), default="uniform")
        parser.add_argument(
            "--no-python", action="store_true", help="skip the (slow) pure-Python brute force"
        )
        parser.add_argument(
            "--db", action="store_true", help="load the corpus from PostgreSQL and time that"
        )

    def handle(self, *args: object, **options: object) -> None:
        radius: int = options["radius"]
        queries_n: int = options["queries"]
        rss_before = psutil.Process().memory_info().rss
        if options["db"]:
            hashes, queries, _planted = self._db_corpus(queries_n, options["seed"])
        else:
            if options["n"] < len(PLANT_DISTANCES) * queries_n:
                raise CommandError("--n too small for the planted neighbours")
            t0 = time.perf_counter()
            hashes, queries, planted = synthetic_corpus(
                options["n"], queries_n, options["distribution"], options["seed"]
            )
            self.stdout.write(
                f"corpus: {hashes.size:,} synthetic hashes ({options['distribution']}), "
                f"generated in {time.perf_counter() - t0:.1f} s; {planted:,} planted at "
                f"distances {PLANT_DISTANCES} around {queries_n // 2} of the queries"
            )
        t0 = time.perf_counter()
        index = HammingIndex(hashes)
        build_s = time.perf_counter() - t0
        rss_after = psutil.Process().memory_info().rss
        self.stdout.write(
            f"index build: {build_s * 1e3:.0f} ms; index {index.nbytes / 2**20:.1f} MiB; "
            f"process RSS +{(rss_after - rss_before) / 2**20:.0f} MiB; "
            f"radius {radius} of 64 bits; {len(queries)} queries"
        )

        python_hashes = None if options["no_python"] else hashes.tolist()
        times: dict[str, list[float]] = {"index": [], "numpy": [], "python": [], "batch": []}
        found = expected = extra = beyond = 0
        rng = np.random.default_rng(options["seed"] + 1)
        for q in tqdm(queries, desc="queries", disable=options["verbosity"] < 1):
            t0 = time.perf_counter()
            rows, _distances = index.search(q, radius)
            times["index"].append(time.perf_counter() - t0)

            t0 = time.perf_counter()
            truth = scan(hashes, q, radius)
            times["numpy"].append(time.perf_counter() - t0)

            if python_hashes is not None:
                t0 = time.perf_counter()
                loop = [i for i, h in enumerate(python_hashes) if (h ^ q).bit_count() <= radius]
                times["python"].append(time.perf_counter() - t0)
                if loop != truth.tolist():
                    raise CommandError(f"numpy scan and Python loop disagree for {q:#x}")

            # One image = eight orientations = eight unrelated hashes to look up.
            batch = [q] + [int(h) for h in rng.integers(0, 2**64, size=7, dtype=np.uint64)]
            t0 = time.perf_counter()
            index.search_many(batch, radius)
            times["batch"].append(time.perf_counter() - t0)

            got, want = set(rows.tolist()), set(truth.tolist())
            found += len(got & want)
            expected += len(want)
            extra += len(got - want)
            beyond += int(
                np.count_nonzero(
                    np.bitwise_count(hashes[rows.astype(np.intp)] ^ np.uint64(q)) > radius
                )
            )

        self.stdout.write(f"{'time per query (ms)':<42} {'p50':>10} {'p95':>10}")
        self.stdout.write(
            f"{'multi-index hashing (HammingIndex)':<42} {_percentiles(times['index'])}"
        )
        self.stdout.write(f"{'numpy brute-force scan':<42} {_percentiles(times['numpy'])}")
        if times["python"]:
            self.stdout.write(
                f"{'pure-Python brute force (int.bit_count)':<42} {_percentiles(times['python'])}"
            )
        self.stdout.write(
            f"{'image pre-check, 8 orientations (index)':<42} {_percentiles(times['batch'])}"
        )
        recall = found / expected if expected else 1.0
        self.stdout.write(
            f"recall vs brute force: {recall:.4f} ({found:,} of {expected:,} within radius "
            f"found; {extra} not in brute force; {beyond} beyond the radius)"
        )
        if recall != 1.0 or extra or beyond:
            raise CommandError("the index disagrees with brute force")

    def _db_corpus(self, queries_n: int, seed: int) -> tuple[np.ndarray, list[int], int]:
        t0 = time.perf_counter()
        _file_ids, _work_ids, signed = selectors.hashed_work_files()
        load_s = time.perf_counter() - t0
        if not signed.size:
            raise CommandError("no hashed work files in the database")
        hashes = signed.view(np.uint64)
        selectors._cache.clear()
        t0 = time.perf_counter()
        selectors.image_corpus()
        cold_s = time.perf_counter() - t0
        t0 = time.perf_counter()
        selectors.image_corpus()
        warm_s = time.perf_counter() - t0
        self.stdout.write(
            f"corpus: {hashes.size:,} hashed work files from PostgreSQL; one-query load "
            f"{load_s * 1e3:.0f} ms; cache rebuild (load + index) {cold_s * 1e3:.0f} ms; "
            f"cache hit (version check) {warm_s * 1e3:.1f} ms"
        )
        rng = np.random.default_rng(seed)
        picks = rng.integers(0, hashes.size, size=queries_n)
        queries = [_flip_bits(rng, int(hashes[i]), 5) for i in picks]
        return hashes, queries, 0
