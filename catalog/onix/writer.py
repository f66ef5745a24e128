"""The import's writer: one chunk of product records at a time, set-based.

Per chunk: one query for the works already holding its ISBNs, one for the parties its
publishers, senders and contributors name, one for those works' creators; then bulk
inserts of new parties, works, ISBNs, creators and ownership shares. An update goes
through ``work_update`` (it locks the row and publishes ``WorkChanged``); an unchanged
record costs nothing. If a bulk insert is refused by the database anyway, the chunk is
replayed record by record through the catalog services, each in a savepoint, so the
refusal is pinned on its record instead of failing the file.
"""

from __future__ import annotations

import dataclasses
import functools
from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db import IntegrityError, models, transaction
from django.utils import translation
from django.utils.translation import gettext
from modeltranslation.fields import TranslationField
from modeltranslation.utils import build_localized_fieldname

from catalog.models import OwnershipShare, Party, Work, WorkCreator, WorkIdentifier
from catalog.onix.parser import OnixImportError, ProductRecord, ShareRecord
from catalog.onix.results import ImportSummary, Progress, RecordResult
from catalog.services import (
    HUNDRED,
    CreatorInput,
    ShareInput,
    WorkChanges,
    WorkInput,
    party_create,
    validate_language,
    work_create,
    work_update,
)
from catalog.vocabulary import ALL_RIGHTS, IdentifierScheme, PartyCategory, PartyKind
from i18n.languages import DEFAULT_LANGUAGE, LANGUAGE_CODES
from i18n.translation_status import compute_status

# Service-level field names → the ONIX element that carried the value.
ONIX_FIELDS = {
    "original_title": "DescriptiveDetail/TitleDetail/TitleElement/TitleText",
    "original_language": "DescriptiveDetail/Language/LanguageCode",
    "country_of_origin": "PublishingDetail/CountryOfPublication",
    "country": "PublishingDetail/CountryOfPublication",
    "published_on": "PublishingDetail/PublishingDate/Date",
    "identifiers": "ProductIdentifier/IDValue",
    "isbn": "ProductIdentifier/IDValue",
    "subjects": "DescriptiveDetail/Subject",
    "name": "PublishingDetail/Publisher/PublisherName",
}
COUNTRY_FIELD = "PublishingDetail/CountryOfPublication"
# Rows per INSERT: full batches repeat one statement text, which psycopg parses once
# (splitting a statement with thousands of placeholders is costly in Python).
BATCH = 250

PartyKey = tuple[str, str]  # (original name, country)


def site_language(tag: str) -> str:
    return tag if tag in LANGUAGE_CODES else DEFAULT_LANGUAGE


def site_texts(texts: dict[str, str]) -> dict[str, str]:
    # Only site languages have translated columns; other languages live in original_title.
    return {code: value for code, value in texts.items() if code in LANGUAGE_CODES}


@dataclasses.dataclass
class _Party:
    """A party wanted by the chunk: existing (pk set) or to be created."""

    name: str
    country: str
    kind: str
    category: str
    language: str
    pk: int | None = None


class _Refused(Exception):
    def __init__(self, field: str, reason: str) -> None:
        self.field = field
        self.reason = reason


class ChunkWriter:
    def __init__(
        self,
        summary: ImportSummary,
        *,
        quarantine: bool,
        progress: Progress | None,
        holder: Party | None = None,
    ) -> None:
        self.summary = summary
        # The catalogue upload page's party holds every work of its file (catalog.imports).
        self.holder = (
            _Party(
                holder.original_name, holder.country, holder.kind, holder.category, "", pk=holder.pk
            )
            if holder is not None
            else None
        )
        self.quarantine = quarantine
        self.progress = progress
        self.seen: dict[str, ProductRecord] = {}  # ISBN → first record with it in the file
        self.parties: dict[PartyKey, _Party] = {}
        self.countries: dict[str, set[str]] = defaultdict(set)  # known name → countries
        self.looked_up: set[str] = set()

    # --- entry ---------------------------------------------------------------------

    def write(self, items: list[ProductRecord | OnixImportError]) -> None:
        records: list[ProductRecord] = []
        for item in items:
            if isinstance(item, OnixImportError):
                self._refuse_error(item)
            else:
                records.append(item)
        live = [r for r in records if not self._duplicate_or_deleted(r)]
        self._load_parties(live)
        existing = self._load_works(live)
        creators = self._load_creators(existing.values())
        new: list[ProductRecord] = []
        for record in live:
            try:
                self._resolve_country(record)
                work = existing.get(record.isbn)
                if work is None:
                    new.append(record)
                else:
                    self._check_existing(record, work)
                    self._update(record, work, creators.get(work.pk, set()))
            except _Refused as refusal:
                self._refuse(record, refusal.field, refusal.reason)
        self._create_all(new)

    # --- checks --------------------------------------------------------------------

    def _duplicate_or_deleted(self, record: ProductRecord) -> bool:
        first = self.seen.setdefault(record.isbn, record)
        if first is not record:
            self._refuse(
                record,
                "ProductIdentifier/IDValue",
                gettext("same ISBN as record %(index)s (ref %(reference)s)")
                % {"index": first.index, "reference": first.reference},
            )
            return True
        if record.deleted:
            self.summary.deletions_ignored += 1
            self._result(record, "unchanged", reason=gettext("deletion notice: ignored"))
            return True
        return False

    def _resolve_country(self, record: ProductRecord) -> None:
        """Steps 2 and 3 of the fallback (catalog.onix.countries): known parties."""
        if record.country_source != "onix":
            for name, source in ((record.publisher.name, "publisher"), (record.sender, "sender")):
                known = self.countries.get(name, set()) if name else set()
                if len(known) == 1:
                    record.country, record.country_source = next(iter(known)), source
                    break
        if not record.country:
            raise _Refused(
                COUNTRY_FIELD,
                gettext(
                    "the product does not say its country of publication and nothing else "
                    "does (publisher, sender, ISBN group): give the country for the upload"
                ),
            )
        record.publisher = dataclasses.replace(record.publisher, country=record.country)
        # What one product says of its publisher holds for the file's other products.
        self.countries[record.publisher.name].add(record.country)

    def _check_existing(self, record: ProductRecord, work: Work) -> None:
        if self.holder is not None:
            if work.holder_id != self.holder.pk:
                raise _Refused(
                    "ProductIdentifier/IDValue",
                    gettext(
                        "the work with ISBN %(isbn)s is held by another party: an upload "
                        "changes only its own party's works"
                    )
                    % {"isbn": record.isbn},
                )
            self._check_dates(record, work)
            return
        holder = work.holder
        publisher = record.publisher
        same = holder.original_name == publisher.name and publisher.country in {
            holder.country,
            work.country_of_origin,
        }
        if not same:
            raise _Refused(
                "PublishingDetail/Publisher/PublisherName",
                gettext(
                    "the work with ISBN %(isbn)s is held by %(holder)s (%(country)s); "
                    "an import does not change a work's holder"
                )
                % {"isbn": record.isbn, "holder": holder.original_name, "country": holder.country},
            )
        # The holder is who the file names as publisher: remember it as that party.
        self.parties[(publisher.name, publisher.country)] = _Party(
            holder.original_name, holder.country, holder.kind, holder.category, "", pk=holder.pk
        )
        self._check_dates(record, work)

    @staticmethod
    def _check_dates(record: ProductRecord, work: Work) -> None:
        if work.created_on and record.published_on and record.published_on < work.created_on:
            raise _Refused(
                "PublishingDetail/PublishingDate/Date", gettext("before the work's creation date")
            )

    # --- lookups (one query each per chunk) -----------------------------------------

    def _load_parties(self, records: list[ProductRecord]) -> None:
        names = {r.publisher.name for r in records} | {r.sender for r in records if r.sender}
        names |= {c.name for r in records for c in r.contributors}
        wanted = names - self.looked_up
        self.looked_up |= wanted
        if not wanted:
            return
        rows = (
            Party.objects.filter(original_name__in=wanted)
            .order_by("id")
            .values_list("id", "original_name", "country", "kind", "category")
        )
        for pk, name, country, kind, category in rows:
            self.countries[name].add(country)
            # Two parties may share a name and country; the oldest is the one kept.
            self.parties.setdefault(
                (name, country), _Party(name, country, kind, category, "", pk=pk)
            )

    @staticmethod
    def _load_works(records: list[ProductRecord]) -> dict[str, Work]:
        rows = WorkIdentifier.objects.filter(
            scheme=IdentifierScheme.ISBN, value__in=[r.isbn for r in records]
        ).select_related("work__holder")
        return {row.value: row.work for row in rows}

    @staticmethod
    def _load_creators(works) -> dict[int, set[tuple[int, str]]]:
        found: dict[int, set[tuple[int, str]]] = defaultdict(set)
        rows = WorkCreator.objects.filter(work__in=[w.pk for w in works]).values_list(
            "work_id", "party_id", "role"
        )
        for work_id, party_id, role in rows:
            found[work_id].add((party_id, role))
        return found

    # --- parties ---------------------------------------------------------------------

    def _want(self, key: PartyKey, *, kind: str, category: str, language: str) -> _Party:
        party = self.parties.get(key)
        if party is None:
            party = self.parties[key] = _Party(*key, kind, category, language)
            self.countries[key[0]].add(key[1])
        return party

    def _wanted_parties(self, record: ProductRecord) -> tuple[_Party, list[tuple[_Party, str]]]:
        holder = (
            self.holder
            or self.parties.get((record.publisher.name, record.publisher.country))
            or self._want(
                (record.publisher.name, record.publisher.country),
                kind=PartyKind.ORGANISATION,
                category=PartyCategory.PUBLISHER,
                language=record.language,
            )
        )
        roles: list[tuple[_Party, str]] = []
        for contributor in record.contributors:
            if not contributor.roles:
                self.summary.contributors_skipped += 1
                continue
            is_person = contributor.kind == PartyKind.PERSON
            party = self._want(
                (contributor.name, contributor.country or record.country),
                kind=contributor.kind,
                category=PartyCategory.CREATOR if is_person else PartyCategory.OTHER,
                language=record.language,
            )
            roles.extend((party, role) for role in contributor.roles)
        return holder, roles

    def _owner_parties(
        self, record: ProductRecord, holder: _Party
    ) -> tuple[list[tuple[_Party, ShareRecord]], _Party | None]:
        """The template's co-owners (the holder by its own name) and community, if any."""
        owners = []
        for share in record.shares:
            if share.name == holder.name and share.country in {"", holder.country}:
                owners.append((holder, share))
                continue
            key = (share.name, share.country or record.country)
            party = self._want(
                key, kind=PartyKind.ORGANISATION, category=PartyCategory.OTHER, language=""
            )
            owners.append((party, share))
        community = None
        if record.community is not None:
            community = self._want(
                (record.community.name, record.community.country),
                kind=PartyKind.COLLECTIVE,
                category=PartyCategory.OTHER,
                language=record.language,
            )
        return owners, community

    def _insert_parties(self, parties: list[_Party]) -> None:
        # A party named by several records of the chunk is one row.
        fresh = list({id(p): p for p in parties if p.pk is None}.values())
        rows = []
        for party in fresh:
            # ``name`` lands in the active language's column, as party_create does.
            with translation.override(site_language(party.language)):
                row = Party(
                    **_null_translations(Party),
                    kind=party.kind,
                    category=party.category,
                    name=party.name,
                    original_name=party.name,
                    country=party.country,
                )
            setattr(
                row, build_localized_fieldname("name", site_language(party.language)), party.name
            )
            if party.language in LANGUAGE_CODES:
                setattr(row, build_localized_fieldname("name", party.language), party.name)
            rows.append(row)
        for party, row in zip(
            fresh, Party.objects.bulk_create(rows, batch_size=BATCH), strict=True
        ):
            party.pk = row.pk
        self.summary.parties_created += len(fresh)

    # --- updates ---------------------------------------------------------------------

    def _update(self, record: ProductRecord, work: Work, existing: set[tuple[int, str]]) -> None:
        _, roles = self._wanted_parties(record)
        changes = WorkChanges(
            original_title=record.original_title,
            titles=site_texts(record.titles),
            synopses=site_texts(record.synopses),
            subjects=record.subjects,
            sales_rights=record.sales_rights,
            published_on=record.published_on,
        )
        wanted = {(party.pk, role) for party, role in roles}
        if not (wanted - existing) and _same(work, changes):
            self.summary.works_unchanged += 1
            self._result(record, "unchanged", work_id=work.pk)
            return
        self._insert_parties([party for party, _ in roles])
        changes.add_creators = _creator_inputs(roles)
        added = {(party.pk, role) for party, role in roles} - existing
        try:
            with transaction.atomic():
                changed = work_update(work=work, changes=changes)
        except ValidationError as exc:
            raise _Refused(*_service_error(exc)) from None
        self.summary.creators_added += len(added)
        if changed:
            self.summary.works_updated += 1
            self._result(record, "updated", work_id=work.pk)
        else:
            self.summary.works_unchanged += 1
            self._result(record, "unchanged", work_id=work.pk)

    # --- creates ---------------------------------------------------------------------

    def _create_all(self, records: list[ProductRecord]) -> None:
        if not records:
            return
        counts = dataclasses.replace(self.summary, records=[])
        try:
            with transaction.atomic():
                self._bulk_create(records)
        except (IntegrityError, ValidationError):
            # Pin the refusal on its record: replay one by one, each in a savepoint.
            for name in ("parties_created", "creators_added", "contributors_skipped"):
                setattr(self.summary, name, getattr(counts, name))
            self._forget_unsaved()
            for record in records:
                self._create_one(record)

    def _bulk_create(self, records: list[ProductRecord]) -> None:
        plans = []
        extras = {}  # id(record) → (co-owners, community): the template's own fields
        for record in records:
            holder, roles = self._wanted_parties(record)
            plans.append((record, holder, roles))
            extras[id(record)] = self._owner_parties(record, holder)
        self._insert_parties(
            [p for _, holder, roles in plans for p in (holder, *(r[0] for r in roles))]
            + [
                p
                for owners, community in extras.values()
                for p in (*(o[0] for o in owners), community)
                if p
            ]
        )
        works = Work.objects.bulk_create(
            [self._work_row(record, holder, extras[id(record)][1]) for record, holder, _ in plans],
            batch_size=BATCH,
        )
        identifiers, creators, shares = [], [], []
        for (record, holder, roles), work in zip(plans, works, strict=True):
            identifiers.append(
                WorkIdentifier(work=work, scheme=IdentifierScheme.ISBN, value=record.isbn)
            )
            identifiers.extend(
                WorkIdentifier(work=work, scheme=scheme, value=value)
                for scheme, value in record.identifiers
            )
            seen: set[tuple[int, str]] = set()
            for party, role in roles:
                if (party.pk, role) not in seen:
                    seen.add((party.pk, role))
                    creators.append(
                        WorkCreator(work=work, party_id=party.pk, role=role, position=len(seen) - 1)
                    )
            owners = extras[id(record)][0]
            shares.extend(
                OwnershipShare(
                    work=work, party_id=party.pk, right=share.right, percent=share.percent
                )
                for party, share in owners
            )
            if not owners:
                shares.append(
                    OwnershipShare(work=work, party_id=holder.pk, right=ALL_RIGHTS, percent=HUNDRED)
                )
            self.summary.creators_added += len(seen)
        WorkIdentifier.objects.bulk_create(identifiers, batch_size=BATCH)
        WorkCreator.objects.bulk_create(creators, batch_size=BATCH)
        OwnershipShare.objects.bulk_create(shares, batch_size=BATCH)
        for (record, _, _), work in zip(plans, works, strict=True):
            self.summary.works_created += 1
            self.summary.identifiers_created += 1
            self._result(record, "created", work_id=work.pk)

    @staticmethod
    def _work_row(record: ProductRecord, holder: _Party, community: _Party | None) -> Work:
        language = validate_language(record.language, field="original_language")
        titles, synopses = site_texts(record.titles), site_texts(record.synopses)
        # ``title`` lands in the active language's column, as work_create does.
        title = titles.get(language) or record.original_title
        with translation.override(site_language(language)):
            work = Work(
                **_null_translations(Work),
                holder_id=holder.pk,
                work_type=record.work_type,
                title=title,
                original_title=record.original_title.strip(),
                original_language=language,
                country_of_origin=record.country,
                published_on=record.published_on,
                subjects=record.subjects,
                sales_rights=record.sales_rights,
                created_on=record.created_on,
                source_flag=record.source_flag,
                community_holder_id=community.pk if community else None,
                traditional_element=record.traditional_element,
                new_contribution=record.new_contribution,
            )
        setattr(work, build_localized_fieldname("title", site_language(language)), title)
        for code, value in titles.items():
            setattr(work, build_localized_fieldname("title", code), value)
        for code, value in synopses.items():
            setattr(work, build_localized_fieldname("synopsis", code), value)
        work.translation_status = compute_status(work, "title", {})
        return work

    def _create_one(self, record: ProductRecord) -> None:
        """The slow path: one record through ``work_create``, in its own savepoint."""
        try:
            with transaction.atomic():
                holder, roles = self._wanted_parties(record)
                owners, community = self._owner_parties(record, holder)
                extra = [*(p for p, _ in owners), *([community] if community else [])]
                for party in (holder, *(p for p, _ in roles), *extra):
                    if party.pk is None:
                        with translation.override(site_language(party.language)):
                            party.pk = party_create(
                                kind=party.kind,
                                category=party.category,
                                name=party.name,
                                original_name=party.name,
                                country=party.country,
                            ).pk
                        self.summary.parties_created += 1
                data = WorkInput(
                    work_type=record.work_type,
                    original_title=record.original_title,
                    original_language=record.language,
                    country_of_origin=record.country,
                    titles=site_texts(record.titles),
                    synopses=site_texts(record.synopses),
                    identifiers=[(IdentifierScheme.ISBN, record.isbn), *record.identifiers],
                    creators=_creator_inputs(roles),
                    shares=[
                        ShareInput(Party(pk=party.pk), share.percent, share.right)
                        for party, share in owners
                    ]
                    or None,
                    created_on=record.created_on,
                    published_on=record.published_on,
                    source_flag=record.source_flag,
                    community_holder=Party(pk=community.pk) if community else None,
                    traditional_element=record.traditional_element,
                    new_contribution=record.new_contribution,
                    subjects=record.subjects,
                    sales_rights=record.sales_rights,
                )
                with translation.override(site_language(record.language)):
                    work = work_create(holder=Party.objects.get(pk=holder.pk), data=data)
        except ValidationError as exc:
            self._forget_unsaved()
            self._refuse(record, *_service_error(exc))
            return
        except IntegrityError as exc:
            self._forget_unsaved()
            self._refuse(
                record,
                "ProductIdentifier/IDValue",
                gettext("refused by the database (%(detail)s)")
                % {"detail": str(exc).splitlines()[0]},
            )
            return
        self.summary.works_created += 1
        self.summary.identifiers_created += 1
        self.summary.creators_added += len(data.creators)
        self._result(record, "created", work_id=work.pk)

    def _forget_unsaved(self) -> None:
        # Parties created inside a rolled-back savepoint no longer exist.
        ids = [p.pk for p in self.parties.values() if p.pk is not None]
        alive = set(Party.objects.filter(pk__in=ids).values_list("pk", flat=True))
        for party in self.parties.values():
            if party.pk is not None and party.pk not in alive:
                party.pk = None

    # --- results ---------------------------------------------------------------------

    def _result(self, record: ProductRecord, outcome: str, **extra: object) -> None:
        self.summary.records.append(
            RecordResult(
                reference=record.reference,
                title=record.original_title,
                outcome=outcome,
                index=record.index,
                isbn=record.isbn,
                **extra,
            )
        )
        if self.progress:
            self.progress("write")

    def _refuse(self, record: ProductRecord, field: str, reason: str) -> None:
        self.summary.works_refused += 1
        self.summary.records.append(
            RecordResult(
                reference=record.reference,
                title=record.original_title,
                outcome="refused",
                field=field,
                reason=reason,
                index=record.index,
                isbn=record.isbn,
            )
        )
        if self.progress:
            self.progress("write")

    def _refuse_error(self, error: OnixImportError) -> None:
        self.summary.works_refused += 1
        self.summary.records.append(
            RecordResult(
                reference=error.reference,
                title="",
                outcome="refused",
                field=error.field,
                reason=error.reason,
                index=error.index,
                value=error.value,
            )
        )
        if self.progress:
            self.progress("write")


@functools.cache
def _null_translations(model: type[models.Model]) -> dict[str, None]:
    """Every translated column, empty: given explicitly, modeltranslation does not work
    out each one's default (a language switch per column, most of a bulk row's cost)."""
    return {
        field.name: None
        for field in model._meta.concrete_fields
        if isinstance(field, TranslationField)
    }


def _creator_inputs(roles: list[tuple[_Party, str]]) -> list[CreatorInput]:
    parties = {p.pk: Party(pk=p.pk) for p, _ in roles}
    inputs, seen = [], set()
    for party, role in roles:
        if (party.pk, role) not in seen:
            seen.add((party.pk, role))
            inputs.append(CreatorInput(party=parties[party.pk], role=role))
    return inputs


def _same(work: Work, changes: WorkChanges) -> bool:
    """Would ``work_update`` leave ``work`` as it is? (Read-only; the service decides.)"""
    texts = [("title", changes.titles), ("synopsis", changes.synopses)]
    return (
        work.original_title == changes.original_title
        and all(
            getattr(work, build_localized_fieldname(name, code)) == value
            for name, values in texts
            for code, value in values.items()
        )
        and work.subjects == changes.subjects
        and work.sales_rights == changes.sales_rights
        and (changes.published_on is None or work.published_on == changes.published_on)
    )


def _service_error(exc: ValidationError) -> tuple[str, str]:
    if hasattr(exc, "error_dict"):
        key, errors = next(iter(exc.message_dict.items()))
        return ONIX_FIELDS.get(key, key), "; ".join(errors)
    return "Product", "; ".join(exc.messages)
