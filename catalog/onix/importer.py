"""Apply ONIX <Product> records to the catalog: all of a file, or none of it.

Three passes. Read: every record is parsed and checked on its own (parser), before
anything is written. Then, in one transaction under an import lock, plan: checks that
need the whole file or the database (an ISBN twice in the file, an update whose
publisher is not the work's holder); and write, through the catalog services. Anything
the services still refuse is reported against its record and rolls the whole file back.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import BinaryIO

from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import translation
from django.utils.translation import gettext
from modeltranslation.utils import build_localized_fieldname

from catalog.models import Party, Work, WorkIdentifier
from catalog.onix.parser import OnixImportError, ProductRecord, iter_products
from catalog.services import (
    CreatorInput,
    WorkChanges,
    WorkInput,
    party_create,
    work_create,
    work_update,
)
from catalog.vocabulary import IdentifierScheme, PartyCategory, PartyKind
from i18n.languages import DEFAULT_LANGUAGE, LANGUAGE_CODES

# Imports take this transaction-level lock so two files naming the same new publisher
# or author cannot both miss it and create it twice (parties have no natural key).
ONIX_IMPORT_LOCK = 0x0_0A1C_0001
_CHUNK = 5000

# Service-level field names → the ONIX element that carried the value.
_ONIX_FIELDS = {
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


@dataclass
class ImportSummary:
    products_read: int = 0
    works_created: int = 0
    works_updated: int = 0
    works_unchanged: int = 0
    deletions_ignored: int = 0
    parties_created: int = 0
    identifiers_created: int = 0
    creators_added: int = 0
    contributors_skipped: int = 0  # roles with no creator equivalent (foreword, editor…)
    dry_run: bool = False

    def as_dict(self) -> dict[str, int | bool]:
        return asdict(self)


Progress = Callable[[str], None]  # called with "read" or "write" once per record


def _site_language(tag: str) -> str:
    return tag if tag in LANGUAGE_CODES else DEFAULT_LANGUAGE


def _site_texts(texts: dict[str, str]) -> dict[str, str]:
    # Only site languages have translated columns; other languages live in original_title.
    return {code: value for code, value in texts.items() if code in LANGUAGE_CODES}


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


class _Importer:
    def __init__(self, records: list[ProductRecord], summary: ImportSummary) -> None:
        self.records = records
        self.summary = summary
        self.existing: dict[str, Work] = {}
        self.parties: dict[tuple[str, str], Party] = {}

    # --- plan ----------------------------------------------------------------------

    def plan(self) -> None:
        seen: dict[str, ProductRecord] = {}
        for record in self.records:
            first = seen.setdefault(record.isbn, record)
            if first is not record:
                raise record.error(
                    "ProductIdentifier/IDValue",
                    record.isbn,
                    gettext("same ISBN as record %(index)s (ref %(reference)s)")
                    % {"index": first.index, "reference": first.reference},
                )
        isbns = [r.isbn for r in self.records if not r.deleted]
        for chunk in _chunks(isbns):
            rows = (
                WorkIdentifier.objects.filter(scheme=IdentifierScheme.ISBN, value__in=chunk)
                .select_related("work__holder")
                .prefetch_related("work__creators")
            )
            self.existing.update({row.value: row.work for row in rows})
        for record in self.records:
            work = self.existing.get(record.isbn)
            if work is None or record.deleted:
                continue
            self._check_holder(record, work)
            if work.created_on and record.published_on and record.published_on < work.created_on:
                raise record.error(
                    "PublishingDetail/PublishingDate/Date",
                    record.published_on.strftime("%Y%m%d"),
                    gettext("before the work's creation date"),
                )
            # The holder is who the file names as publisher: remember it as that party.
            self.parties[(record.publisher.name, record.publisher.country)] = work.holder

    @staticmethod
    def _check_holder(record: ProductRecord, work: Work) -> None:
        holder = work.holder
        publisher = record.publisher
        same = holder.original_name == publisher.name and publisher.country in {
            holder.country,
            work.country_of_origin,
        }
        if not same:
            raise record.error(
                "PublishingDetail/Publisher/PublisherName",
                publisher.name,
                gettext(
                    "the work with ISBN %(isbn)s is held by %(holder)s (%(country)s); "
                    "an import does not change a work's holder"
                )
                % {"isbn": record.isbn, "holder": holder.original_name, "country": holder.country},
            )

    def _preload_parties(self) -> None:
        names = {r.publisher.name for r in self.records if r.publisher}
        names |= {c.name for r in self.records for c in r.contributors}
        for chunk in _chunks(sorted(names)):
            for party in Party.objects.filter(original_name__in=chunk).order_by("id"):
                # Two parties may share a name and country; the oldest is the one kept.
                self.parties.setdefault((party.original_name, party.country), party)

    # --- write ---------------------------------------------------------------------

    def _party(self, *, name: str, country: str, kind: str, category: str, language: str) -> Party:
        key = (name, country)
        party = self.parties.get(key)
        if party is None:
            names = {language: name} if language in LANGUAGE_CODES else None
            with translation.override(_site_language(language)):
                party = party_create(
                    kind=kind,
                    category=category,
                    name=name,
                    original_name=name,
                    country=country,
                    names=names,
                )
            self.parties[key] = party
            self.summary.parties_created += 1
        return party

    def _creators(self, record: ProductRecord) -> list[CreatorInput]:
        creators: list[CreatorInput] = []
        seen: set[tuple[int, str]] = set()
        for contributor in record.contributors:
            if not contributor.roles:
                self.summary.contributors_skipped += 1
                continue
            is_person = contributor.kind == PartyKind.PERSON
            party = self._party(
                name=contributor.name,
                country=contributor.country or record.country,
                kind=contributor.kind,
                category=PartyCategory.CREATOR if is_person else PartyCategory.OTHER,
                language=record.language,
            )
            for role in contributor.roles:
                if (party.pk, role) not in seen:
                    seen.add((party.pk, role))
                    creators.append(CreatorInput(party=party, role=role))
        return creators

    def _create(self, record: ProductRecord) -> None:
        holder = self._party(
            name=record.publisher.name,
            country=record.publisher.country,
            kind=PartyKind.ORGANISATION,
            category=PartyCategory.PUBLISHER,
            language=record.language,
        )
        creators = self._creators(record)
        data = WorkInput(
            work_type=record.work_type,
            original_title=record.original_title,
            original_language=record.language,
            country_of_origin=record.country,
            titles=_site_texts(record.titles),
            synopses=_site_texts(record.synopses),
            identifiers=[(IdentifierScheme.ISBN, record.isbn)],
            creators=creators,
            published_on=record.published_on,
            subjects=record.subjects,
            sales_rights=record.sales_rights,
        )
        # work_create writes ``title`` into the active language's column: make that the
        # work's own language, not whatever locale the command happens to run in.
        with translation.override(_site_language(record.language)):
            work = work_create(holder=holder, data=data)
        self.existing[record.isbn] = work
        self.summary.works_created += 1
        self.summary.identifiers_created += 1
        self.summary.creators_added += len(creators)

    def _update(self, record: ProductRecord, work: Work) -> None:
        creators = self._creators(record)
        changes = WorkChanges(
            original_title=record.original_title,
            titles=_site_texts(record.titles),
            synopses=_site_texts(record.synopses),
            subjects=record.subjects,
            sales_rights=record.sales_rights,
            published_on=record.published_on,
            add_creators=creators,
        )
        existing = {(c.party_id, c.role) for c in work.creators.all()}
        new_creators = {(c.party.pk, c.role) for c in creators} - existing
        # Full feeds resend every record; an unchanged one costs no write (nor row lock).
        if not new_creators and _same(work, changes):
            self.summary.works_unchanged += 1
            return
        changed = work_update(work=work, changes=changes)
        self.summary.creators_added += len(new_creators)
        if changed:
            self.summary.works_updated += 1
        else:
            self.summary.works_unchanged += 1

    def write(self, progress: Progress | None) -> None:
        self._preload_parties()
        for record in self.records:
            if record.deleted:
                self.summary.deletions_ignored += 1
            else:
                try:
                    work = self.existing.get(record.isbn)
                    if work is None:
                        self._create(record)
                    else:
                        self._update(record, work)
                except ValidationError as exc:
                    raise _service_error(record, exc) from None
                except IntegrityError as exc:
                    raise record.error(
                        "ProductIdentifier/IDValue",
                        record.isbn,
                        gettext("refused by the database (%(detail)s)")
                        % {"detail": str(exc).splitlines()[0]},
                    ) from None
            if progress:
                progress("write")


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


def _service_error(record: ProductRecord, exc: ValidationError) -> OnixImportError:
    if hasattr(exc, "error_dict"):
        key, errors = next(iter(exc.message_dict.items()))
        return record.error(_ONIX_FIELDS.get(key, key), None, "; ".join(errors))
    return record.error("Product", None, "; ".join(exc.messages))


def onix_import(
    *,
    source: str | Path | BinaryIO,
    default_country: str = "",
    dry_run: bool = False,
    progress: Progress | None = None,
) -> ImportSummary:
    """Import an ONIX 3.0 file: create or update works, parties and ISBNs, all or nothing.

    Raises ``OnixImportError`` naming the record and field of the first problem; then
    nothing of the file has been written. ``dry_run`` does every check and write, then
    rolls back, so its summary is exactly what a real run would do.
    """
    summary = ImportSummary(dry_run=dry_run)
    records: list[ProductRecord] = []
    for record in iter_products(source, default_country=default_country.upper()):
        records.append(record)
        summary.products_read += 1
        if progress:
            progress("read")
    importer = _Importer(records, summary)
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [ONIX_IMPORT_LOCK])
        importer.plan()
        importer.write(progress)
        if dry_run:
            transaction.set_rollback(True)
    return summary
