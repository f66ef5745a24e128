"""Writing the listings index: bulk (re)indexing, deletes, rebuild behind an alias, checks.

Searches read ``<prefix>-listings`` (an alias). Concrete indices are
``<prefix>-listings-v<UTC stamp>``. A rebuild fills a new concrete index while the alias keeps
serving the old one, then moves the alias in one atomic ``_aliases`` call and drops the old
index: search answers throughout.

Concurrent writers stay correct without locks:

* Every write carries an external version — the time (µs) just before the writer read
  PostgreSQL — with ``version_type=external_gte``. Whoever read later wins, so a slow task
  cannot overwrite a fresher document, and the rebuild cannot overwrite a task's newer write.
* While a rebuild runs, the new index also carries the alias ``<alias>-building``; incremental
  writes go to the live alias *and* that one, so changes made during the rebuild reach the
  new index too. Writes name aliases with ``require_alias=true``, so a write that races an
  alias swap fails cleanly instead of auto-creating a stray index.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Prefetch, QuerySet
from elasticsearch import (
    ApiError,
    BadRequestError,
    Elasticsearch,
    NotFoundError,
    TransportError,
)
from elasticsearch.helpers import scan

from catalog.kernel.status import work_status_flags
from catalog.models import WorkCreator
from catalog.territories import expand
from licensing.availability import granted_cells, held_cells_on, unheld_cells, unsellable_cells
from licensing.encumbrances import encumbered_cells
from marketplace.listings.models import Exclusivity, Listing, ListingStatus
from marketplace.search.connection import ensure_connection
from marketplace.search.documents import (
    index_alias,
    listing_document,
    listing_index,
    normalise_language,
)
from marketplace.search.query import SearchUnavailable

__all__ = [
    "CheckReport",
    "IndexingError",
    "RebuildReport",
    "building_alias",
    "check_index",
    "create_index",
    "documents_for",
    "ensure_index",
    "index_listing_ids",
    "listings_for_index",
    "rebuild_index",
]

logger = logging.getLogger(__name__)

BULK_CHUNK = 1000
# A 1000-document chunk can take several seconds on a loaded (or embedded) engine.
BULK_TIMEOUT = 120.0


class IndexingError(RuntimeError):
    """The engine refused documents for a reason other than a newer version being there."""


def building_alias() -> str:
    return f"{index_alias()}-building"


def _version() -> int:
    """External version: microseconds now; take it *before* reading the rows it describes."""
    return time.time_ns() // 1000


def _client() -> Elasticsearch:
    try:
        return ensure_connection()
    except ValueError as exc:
        raise SearchUnavailable(str(exc)) from exc


def _guard(exc: Exception) -> None:
    """Re-raise engine unavailability as SearchUnavailable (tasks retry on it)."""
    if isinstance(exc, ApiError) and exc.meta.status not in (429, 502, 503, 504):
        return
    if isinstance(exc, ApiError | TransportError):
        raise SearchUnavailable(f"search engine unavailable: {exc}") from exc


# --- reading from PostgreSQL ---------------------------------------------------------------------


def listings_for_index(ids: Iterable[int] | None = None) -> QuerySet[Listing]:
    """Published listings with everything ``listing_document`` reads, in few queries."""
    qs = Listing.objects.filter(status=ListingStatus.PUBLISHED)
    if ids is not None:
        qs = qs.filter(pk__in=list(ids))
    return qs.select_related("work__holder").prefetch_related(
        "work__identifiers",
        Prefetch("work__creators", queryset=WorkCreator.objects.select_related("party")),
    )


def documents_for(listings: list[Listing], *, on: dt.date | None = None) -> list[dict]:
    """Index documents for ``listings``: one grants query and one flags lookup per work."""
    on = on or dt.date.today()
    work_ids = {listing.work_id for listing in listings}
    granted = granted_cells(work_ids, on=on)
    held = held_cells_on(work_ids, on=on)
    # Seizures, pledges and disputes: check_availability's encumbrances subtraction for the
    # day, per listing (an offer that may be exclusive reaches a pledge's restriction).
    encumbered = encumbered_cells(
        (
            (
                listing.pk,
                listing.work_id,
                listing.right_types,
                _countries(listing),
                [normalise_language(code) for code in listing.languages],
                listing.exclusivity != Exclusivity.NON_EXCLUSIVE,
            )
            for listing in listings
        ),
        on=on,
    )
    flags: dict[int, list[str]] = {}
    docs = []
    for listing in listings:
        if listing.work_id not in flags:
            flags[listing.work_id] = [flag.code for flag in work_status_flags(listing.work)]
        exclusive_only = listing.exclusivity == Exclusivity.EXCLUSIVE
        # Any grant ends an exclusive-only offer; a non-exclusive one only exclusive grants.
        blocked = unsellable_cells(granted.get(listing.work_id, {}), exclusive_only=exclusive_only)
        # And what the holder no longer holds today (rights in removed or run out since the
        # listing was checked against them): the same answer check_availability gives.
        blocked |= unheld_cells(
            held.get(listing.work_id, []),
            rights=listing.right_types,
            countries=_countries(listing),
            languages=[normalise_language(code) for code in listing.languages],
            on=on,
            exclusive_only=exclusive_only,
        )
        held_back = encumbered[listing.pk]
        docs.append(
            listing_document(
                listing,
                blocked=blocked | held_back.blocked,
                flags=[*flags[listing.work_id], *held_back.reasons],
                consent=held_back.consent,
                # Nothing a court order or blocking dispute leaves free: not found at all.
                withheld=bool(held_back.blocked) and len(held_back.blocked) == _offer_size(listing),
            )
        )
    return docs


def _offer_size(listing: Listing) -> int:
    """Cells the listing offers (encumbered cells are always among them)."""
    languages = {normalise_language(code) for code in listing.languages}
    return len(set(listing.right_types)) * len(_countries(listing)) * len(languages)


def _countries(listing: Listing) -> frozenset[str]:
    try:
        return expand(listing.territories, listing.excluded_territories or [])
    except ValidationError:
        return frozenset()  # listing_document logs it and offers nothing


# --- index admin ---------------------------------------------------------------------------------


def _new_index_name() -> str:
    return f"{index_alias()}-v{dt.datetime.now(dt.UTC):%Y%m%d%H%M%S%f}"


def create_index(name: str | None = None) -> str:
    """Create an empty concrete index with the current mapping; returns its name."""
    name = name or _new_index_name()
    client = _client()
    try:
        listing_index(name).create(using=client)
    except (ApiError, TransportError) as exc:
        _guard(exc)
        raise
    return name


def _alias_targets(client: Elasticsearch, alias: str) -> list[str]:
    try:
        return sorted(client.indices.get_alias(name=alias).body)
    except NotFoundError:
        return []


def ensure_index() -> str:
    """The concrete index behind the alias, creating an empty one if there is none."""
    client = _client()
    alias = index_alias()
    try:
        targets = _alias_targets(client, alias)
        if targets:
            return targets[0]
        # A fixed name: two first writers racing here create one index, not two behind the
        # alias (which would make writes through it fail).
        name = f"{alias}-v0"
        try:
            create_index(name)
        except BadRequestError as exc:
            if exc.error != "resource_already_exists_exception":
                raise
        client.indices.update_aliases(actions=[{"add": {"index": name, "alias": alias}}])
    except (ApiError, TransportError) as exc:
        _guard(exc)
        raise
    return name


def drop_indices() -> list[str]:
    """Delete every concrete index of this prefix (tests; an operator starting over)."""
    client = _client()
    pattern = f"{index_alias()}-v*"
    names = sorted(client.indices.get(index=pattern, allow_no_indices=True).body)
    if names:
        client.indices.delete(index=",".join(names))
    return names


# --- writing -------------------------------------------------------------------------------------


def _bulk(client: Elasticsearch, actions: list[dict], *, optional: frozenset[str] = frozenset()):
    """Send bulk actions; ignore stale versions, missing deletes and ``optional`` targets."""
    if not actions:
        return
    try:
        response = client.options(request_timeout=BULK_TIMEOUT).bulk(
            operations=actions, require_alias=True
        )
    except (ApiError, TransportError) as exc:
        _guard(exc)
        raise
    if not response.get("errors"):
        return
    failures = []
    for item in response["items"]:
        op, result = next(iter(item.items()))
        status = result.get("status", 200)
        if status < 300 or status == 409:  # 409: a fresher version is already indexed
            continue
        if op == "delete" and status == 404:
            continue
        if status == 404 and result.get("_index") in optional:
            continue  # the rebuild finished and took its alias with it
        if status in (429, 503):
            raise SearchUnavailable(f"search engine refused writes: {result.get('error')}")
        failures.append((op, result.get("_id"), result.get("error")))
    if failures:
        raise IndexingError(f"{len(failures)} bulk failures, first: {failures[0]}")


def _actions(targets: list[str], docs: list[dict], deleted: Iterable[int], version: int):
    actions: list[dict] = []
    for target in targets:
        for doc in docs:
            meta = {
                "_index": target,
                "_id": str(doc["listing_id"]),
                "version": version,
                "version_type": "external_gte",
            }
            actions += [{"index": meta}, doc]
        for pk in deleted:
            meta = {
                "_index": target,
                "_id": str(pk),
                "version": version,
                "version_type": "external_gte",
            }
            actions.append({"delete": meta})
    return actions


def _write_targets(client: Elasticsearch) -> list[str]:
    alias = index_alias()
    targets = [alias] if _alias_targets(client, alias) else []
    if _alias_targets(client, building_alias()):
        targets.append(building_alias())
    return targets


def index_listing_ids(listing_ids: Iterable[int], *, on: dt.date | None = None) -> int:
    """Bring the index in line with PostgreSQL for these listings; returns documents written.

    Published listings are (re)indexed, the rest (unpublished, deleted) removed. Idempotent.
    """
    ids = sorted({int(pk) for pk in listing_ids})
    if not ids:
        return 0
    client = _client()
    try:
        targets = _write_targets(client)
    except (ApiError, TransportError) as exc:
        _guard(exc)
        raise
    if not targets:
        ensure_index()
        targets = [index_alias()]
    written = 0
    for start in range(0, len(ids), BULK_CHUNK):
        chunk = ids[start : start + BULK_CHUNK]
        version = _version()
        listings = list(listings_for_index(chunk))
        docs = documents_for(listings, on=on)
        deleted = sorted(set(chunk) - {listing.pk for listing in listings})
        _bulk(
            client,
            _actions(targets, docs, deleted, version),
            optional=frozenset(targets[1:]),
        )
        written += len(docs)
    return written


def delete_listing_ids(listing_ids: Iterable[int]) -> None:
    """Remove documents whatever the database says (e.g. a listing row deleted outright)."""
    ids = sorted({int(pk) for pk in listing_ids})
    client = _client()
    try:
        targets = _write_targets(client)
    except (ApiError, TransportError) as exc:
        _guard(exc)
        raise
    _bulk(client, _actions(targets, [], ids, _version()), optional=frozenset(targets[1:]))


# --- rebuild -------------------------------------------------------------------------------------


@dataclass
class RebuildReport:
    index: str
    previous: list[str]
    documents: int
    seconds: float

    @property
    def rate(self) -> float:
        return self.documents / self.seconds if self.seconds else 0.0


def _chunks(qs: QuerySet[Listing], size: int) -> Iterator[tuple[int, list[Listing]]]:
    """Chunks of listings by primary key, each read with a version taken just before."""
    last = 0
    while True:
        version = _version()
        chunk = list(qs.filter(pk__gt=last).order_by("pk")[:size])
        if not chunk:
            return
        yield version, chunk
        last = chunk[-1].pk


def rebuild_index(
    *,
    chunk_size: int = BULK_CHUNK,
    progress: Callable[[int], None] | None = None,
    force: bool = False,
) -> RebuildReport:
    """Build a fresh index from PostgreSQL, then swap the alias to it atomically.

    Refuses to start while another rebuild holds the ``-building`` alias, unless ``force``
    (a crashed rebuild leaves it behind; ``force`` drops that half-built index).
    """
    client = _client()
    alias, building = index_alias(), building_alias()
    started = time.monotonic()
    try:
        stale = _alias_targets(client, building)
        if stale and not force:
            raise IndexingError(
                f"another rebuild is filling {stale[0]}; wait, or use --force if it died"
            )
        if stale:
            client.indices.delete(index=",".join(stale))
        name = create_index()
        # Until the swap, refreshes are wasted work (Elasticsearch; osmem is realtime anyway).
        client.indices.put_settings(index=name, settings={"index": {"refresh_interval": "-1"}})
        client.indices.update_aliases(actions=[{"add": {"index": name, "alias": building}}])
    except (ApiError, TransportError) as exc:
        _guard(exc)
        raise

    count = 0
    try:
        qs = listings_for_index()
        for version, listings in _chunks(qs, chunk_size):
            docs = documents_for(listings)
            _bulk(client, _actions([building], docs, (), version))
            count += len(docs)
            if progress:
                progress(len(docs))
        client.indices.put_settings(index=name, settings={"index": {"refresh_interval": "1s"}})
        client.indices.refresh(index=name)
        previous = [n for n in _alias_targets(client, alias) if n != name]
        actions: list[dict] = [{"remove": {"index": old, "alias": alias}} for old in previous]
        if (
            not previous
            and client.indices.exists(index=alias)
            and not _alias_targets(client, alias)
        ):
            # An index (not an alias) squats the alias name, e.g. auto-created by a stray
            # write: replace it in the same atomic call.
            actions.append({"remove_index": {"index": alias}})
        actions += [
            {"remove": {"index": name, "alias": building}},
            {"add": {"index": name, "alias": alias}},
        ]
        client.indices.update_aliases(actions=actions)
    except BaseException as exc:
        # Leave the live index alone and do not leave a half-built one behind.
        try:
            client.indices.delete(index=name, ignore_unavailable=True)
        except (ApiError, TransportError):
            logger.warning("could not drop half-built index %s", name)
        if isinstance(exc, ApiError | TransportError):
            _guard(exc)
        raise
    for old in previous:
        try:
            client.indices.delete(index=old, ignore_unavailable=True)
        except (ApiError, TransportError):
            logger.warning("could not drop previous index %s", old)
    return RebuildReport(name, previous, count, time.monotonic() - started)


# --- check ---------------------------------------------------------------------------------------


@dataclass
class CheckReport:
    index: str | None
    database: int
    indexed: int
    missing: list[int] = field(default_factory=list)  # published, not in the index
    extra: list[int] = field(default_factory=list)  # in the index, not published

    @property
    def ok(self) -> bool:
        return self.database == self.indexed and not self.missing and not self.extra


def check_index(*, compare_ids: bool = True) -> CheckReport:
    """Compare the index with PostgreSQL: counts, and with ``compare_ids`` which ids differ."""
    client = _client()
    alias = index_alias()
    database_ids = Listing.objects.filter(status=ListingStatus.PUBLISHED)
    try:
        targets = _alias_targets(client, alias)
        if not targets:
            return CheckReport(None, database_ids.count(), 0, [], [])
        client.indices.refresh(index=alias)
        indexed = client.count(index=alias)["count"]
        report = CheckReport(targets[0], database_ids.count(), indexed)
        if compare_ids:
            in_db = set(database_ids.values_list("pk", flat=True))
            in_index = {
                int(hit["_id"])
                for hit in scan(
                    client,
                    index=alias,
                    query={"query": {"match_all": {}}},
                    _source=False,
                    size=2000,
                )
            }
            report.missing = sorted(in_db - in_index)
            report.extra = sorted(in_index - in_db)
    except (ApiError, TransportError) as exc:
        _guard(exc)
        raise
    return report
