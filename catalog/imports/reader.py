"""Rows of the CSV/XLSX catalogue template → the records the ONIX parser yields.

A row becomes a ``ProductRecord``, as an ONIX <Product> does, so both paths go through
the one catalogue writer; the template also fills what only it carries — identifiers
besides the ISBN, co-owners with shares per right, the folk-art fields and a creation
date. A row that cannot be read is an ``OnixImportError`` naming the row,
the column, the value and the reason; the other rows are read on regardless, so one
upload lists every problem.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from collections import defaultdict
from collections.abc import Iterator
from decimal import Decimal, InvalidOperation

import pycountry
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext

from catalog.identifiers import normalise_identifier
from catalog.imports.columns import NAMES, REQUIRED, SEPARATOR
from catalog.kernel.uploads import sheet_too_large
from catalog.onix.parser import (
    ContributorRecord,
    OnixImportError,
    ProductRecord,
    PublisherRecord,
    ShareRecord,
)
from catalog.services import validate_language
from catalog.vocabulary import (
    ALL_RIGHTS,
    CreatorRole,
    IdentifierScheme,
    PartyKind,
    RightType,
    SourceFlag,
    WorkType,
)
from i18n.languages import LANGUAGE_CODES

HUNDRED = Decimal(100)
_NAMED = re.compile(
    r"^(?P<name>[^\[\]()]+?)\s*(?:\((?P<role>[\w ]+)\))?\s*(?:\[(?P<country>\w+)\])?$"
)
_SHARE = re.compile(
    r"^(?P<name>[^\[\]=]+?)\s*(?:\[(?P<country>\w+)\])?\s*=\s*(?P<percent>[\d.,]+)\s*%?\s*(?P<right>\w+)?$"
)
_SALES_RIGHTS_TYPE = re.compile(r"^0[0-8]$")
_TITLE_MAX = 500
_NAME_MAX = 255


Item = ProductRecord | OnixImportError


def read_template(
    path: str, *, format: str, publisher: PublisherRecord, default_country: str = ""
) -> Iterator[Item]:
    """Each data row of the file as a record, or as the error that refuses it.

    ``publisher`` is the uploading party (name and country): it holds every work of the
    file. A file-level problem (no header, a required column missing, a sheet over the
    caps) is raised, not yielded: no row of such a file can be read.
    """
    rows = _csv_rows(path) if format == "csv" else _xlsx_rows(path)
    header = next(rows, None)
    if header is None:
        raise OnixImportError(field="file", reason=gettext("the file is empty"))
    columns = _header(header[1])
    for row_no, values in rows:
        cells = {name: (values[i] if i < len(values) else "") for name, i in columns.items()}
        if not any(cells.values()):
            continue
        record = ProductRecord(
            index=row_no,
            reference=cells.get("reference", ""),
            notification_type="03",
            isbn="",
            publisher=publisher,
        )
        try:
            _fill(record, cells, default_country=default_country or publisher.country)
        except OnixImportError as exc:
            yield exc
        else:
            yield record


def _header(cells: list[str]) -> dict[str, int]:
    columns: dict[str, int] = {}
    for i, raw in enumerate(cells):
        name = raw.strip().lstrip("\ufeff").lower()
        if not name:
            continue
        if name not in NAMES:
            raise OnixImportError(
                field=raw.strip(),
                reason=gettext("not a column of the catalogue template (docs/catalogue.md)"),
            )
        if name in columns:
            raise OnixImportError(field=name, reason=gettext("the column appears twice"))
        columns[name] = i
    missing = sorted(REQUIRED - set(columns))
    if missing:
        raise OnixImportError(
            field=", ".join(missing),
            reason=gettext("required columns are missing from the header row"),
        )
    return columns


def _csv_rows(path: str) -> Iterator[tuple[int, list[str]]]:
    with open(path, encoding="utf-8-sig", newline="") as handle:
        for row_no, row in enumerate(csv.reader(handle), start=1):
            yield row_no, [cell.strip() for cell in row]


def _xlsx_rows(path: str) -> Iterator[tuple[int, list[str]]]:
    from openpyxl import load_workbook  # only the workers that read XLSX pay for it

    max_rows, max_columns = settings.UPLOAD_XLSX_MAX_ROWS, settings.UPLOAD_XLSX_MAX_COLUMNS
    workbook = load_workbook(path, read_only=True, data_only=True)
    try:
        sheet = workbook.worksheets[0]
        # The upload check trusted the declared <dimension>; count what is really there.
        sheet.reset_dimensions()
        for row_no, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            if row_no > max_rows or len(row) > max_columns:
                raise OnixImportError(field="file", reason=" ".join(sheet_too_large().messages))
            yield row_no, [_cell_text(value) for value in row]
    finally:
        workbook.close()


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))  # an ISBN typed as a number arrives as a float
    return str(value).strip()


# --- one row -----------------------------------------------------------------------


def _fill(record: ProductRecord, cells: dict[str, str], *, default_country: str) -> None:
    def refuse(column: str, reason: str) -> OnixImportError:
        return record.error(column, cells.get(column) or None, reason)

    if not record.reference:
        raise refuse("reference", gettext("missing"))
    isbn = cells.get("isbn", "")
    if not isbn:
        raise refuse("isbn", gettext("missing"))
    try:
        record.isbn = normalise_identifier(IdentifierScheme.ISBN, isbn)
    except ValidationError:
        raise refuse("isbn", gettext("not a valid ISBN")) from None
    record.identifiers = _identifiers(cells.get("other_identifiers", ""), refuse)

    work_type = cells.get("work_type", "").lower() or WorkType.LITERARY
    if work_type not in WorkType.values:
        raise refuse("work_type", gettext("not a work type of this catalogue"))
    record.work_type = work_type
    record.original_title = cells.get("original_title", "")
    if not record.original_title:
        raise refuse("original_title", gettext("missing"))
    if len(record.original_title) > _TITLE_MAX:
        raise refuse(
            "original_title", gettext("longer than %(max)s characters") % {"max": _TITLE_MAX}
        )
    try:
        record.language = validate_language(cells.get("original_language", ""))
    except ValidationError:
        raise refuse("original_language", gettext("not a BCP 47 language tag")) from None
    for code in LANGUAGE_CODES:
        title = cells.get(f"title_{code}", "")
        if len(title) > _TITLE_MAX:
            raise refuse(
                f"title_{code}", gettext("longer than %(max)s characters") % {"max": _TITLE_MAX}
            )
        if title:
            record.titles[code] = title
        if description := cells.get(f"description_{code}", ""):
            record.synopses[code] = description

    stated = cells.get("country_of_publication", "").upper()
    if not _is_country(stated or default_country):
        raise refuse("country_of_publication", gettext("not an ISO 3166-1 country code"))
    # As for ONIX: a stated country is kept; the form's answer is the fallback's last step.
    record.country = stated or default_country
    record.country_source = "onix" if stated else "default"
    record.published_on = _date(cells, "publication_date", refuse)
    record.created_on = _date(cells, "creation_date", refuse)
    if record.created_on and record.published_on and record.published_on < record.created_on:
        raise refuse("publication_date", gettext("publication cannot precede creation"))
    record.contributors = _creators(cells.get("creators", ""), refuse)
    record.shares = _shares(cells.get("co_owners", ""), refuse)
    record.subjects = _split(cells.get("subjects", ""))
    _folk_art(record, cells, refuse)
    record.sales_rights = _sales_rights(cells, refuse)


def _split(cell: str) -> list[str]:
    return [part.strip() for part in cell.split(SEPARATOR) if part.strip()]


def _is_country(code: str) -> bool:
    return (
        bool(re.fullmatch(r"[A-Z]{2}", code)) and pycountry.countries.get(alpha_2=code) is not None
    )


def _date(cells: dict[str, str], column: str, refuse) -> dt.date | None:
    value = cells.get(column, "")
    if not value:
        return None
    for pattern, fmt in (
        (r"\d{4}-\d{2}-\d{2}", "%Y-%m-%d"),
        (r"\d{4}-\d{2}", "%Y-%m"),
        (r"\d{4}", "%Y"),
    ):
        if re.fullmatch(pattern, value):
            try:
                return dt.datetime.strptime(value, fmt).date()
            except ValueError:
                raise refuse(column, gettext("no such date")) from None
    raise refuse(column, gettext("not a date (YYYY-MM-DD, YYYY-MM or YYYY)"))


def _identifiers(cell: str, refuse) -> list[tuple[str, str]]:
    identifiers = []
    for part in _split(cell):
        scheme, _, value = part.partition(":")
        scheme = scheme.strip().lower()
        if scheme not in IdentifierScheme.values or scheme == IdentifierScheme.ISBN or not value:
            raise refuse(
                "other_identifiers",
                gettext("“%(part)s” is not scheme:value with scheme isrc, ismn, isan or iswc")
                % {"part": part},
            )
        try:
            identifiers.append((scheme, normalise_identifier(scheme, value.strip())))
        except ValidationError:
            raise refuse(
                "other_identifiers",
                gettext("“%(part)s” is not a valid %(scheme)s")
                % {"part": part, "scheme": scheme.upper()},
            ) from None
    return identifiers


def _named(part: str, column: str, refuse) -> tuple[str, str, str]:
    match = _NAMED.match(part)
    if match is None or len(match["name"]) > _NAME_MAX:
        raise refuse(column, gettext("“%(part)s” is not Name (role) [country]") % {"part": part})
    country = (match["country"] or "").upper()
    if country and not _is_country(country):
        raise refuse(
            column, gettext("“%(code)s” is not an ISO 3166-1 country code") % {"code": country}
        )
    return match["name"].strip(), (match["role"] or "").strip().lower(), country


def _creators(cell: str, refuse) -> list[ContributorRecord]:
    creators = []
    for sequence, part in enumerate(_split(cell), start=1):
        name, role, country = _named(part, "creators", refuse)
        if role not in CreatorRole.values:
            raise refuse(
                "creators",
                gettext("“%(part)s”: “%(role)s” is not a creator role")
                % {"part": part, "role": role},
            )
        creators.append(ContributorRecord(sequence, name, PartyKind.PERSON, country, (role,), ()))
    return creators


def _shares(cell: str, refuse) -> list[ShareRecord]:
    shares = []
    totals: dict[str, Decimal] = defaultdict(Decimal)
    for part in _split(cell):
        match = _SHARE.match(part)
        if match is None:
            raise refuse(
                "co_owners",
                gettext("“%(part)s” is not Name [country] = share right") % {"part": part},
            )
        try:
            percent = Decimal(match["percent"].replace(",", "."))
        except InvalidOperation:
            raise refuse(
                "co_owners", gettext("“%(part)s”: not a number") % {"part": part}
            ) from None
        right = (match["right"] or ALL_RIGHTS).lower()
        if right != ALL_RIGHTS and right not in RightType.values:
            raise refuse(
                "co_owners",
                gettext("“%(part)s”: “%(right)s” is not a right type")
                % {"part": part, "right": right},
            )
        if not (0 < percent <= HUNDRED):
            raise refuse(
                "co_owners",
                gettext("“%(part)s”: a share is more than 0 and at most 100") % {"part": part},
            )
        country = (match["country"] or "").upper()
        if country and not _is_country(country):
            raise refuse(
                "co_owners",
                gettext("“%(code)s” is not an ISO 3166-1 country code") % {"code": country},
            )
        shares.append(ShareRecord(match["name"].strip(), country, percent, right))
        totals[right] += percent
    for right, total in totals.items():
        if total != HUNDRED:
            raise refuse(
                "co_owners",
                gettext("the shares of right “%(right)s” sum to %(total)s, not 100")
                % {"right": right, "total": total},
            )
    return shares


def _folk_art(record: ProductRecord, cells: dict[str, str], refuse) -> None:
    source = cells.get("source", "").lower() or SourceFlag.ORIGINAL
    if source not in SourceFlag.values:
        raise refuse("source", gettext("not original, public_domain or traditional"))
    record.source_flag = source
    record.traditional_element = cells.get("traditional_element", "")
    record.new_contribution = cells.get("new_contribution", "")
    if community := cells.get("community", ""):
        name, _role, country = _named(community, "community", refuse)
        record.community = PublisherRecord(name=name, country=country or record.country)
    if source == SourceFlag.TRADITIONAL:
        for column in ("community", "traditional_element", "new_contribution"):
            if not cells.get(column):
                raise refuse(column, gettext("required for works based on traditional culture"))


def _sales_rights(cells: dict[str, str], refuse) -> list[dict]:
    territories = cells.get("sales_territories", "").upper().replace(",", " ").split()
    excluded = cells.get("sales_excluded", "").upper().replace(",", " ").split()
    rights_type = cells.get("sales_rights_type", "") or "01"
    if not territories:
        if excluded or cells.get("sales_rights_type"):
            raise refuse(
                "sales_territories", gettext("missing: the territories the rights are for")
            )
        return []
    if not _SALES_RIGHTS_TYPE.match(rights_type):
        raise refuse("sales_rights_type", gettext("not a sales rights type (ONIX list 46)"))
    countries, regions = [], []
    for code in territories:
        if code == "WORLD":
            regions.append(code)
        elif _is_country(code):
            countries.append(code)
        else:
            raise refuse(
                "sales_territories",
                gettext("“%(code)s” is not an ISO 3166-1 country code or WORLD") % {"code": code},
            )
    for code in excluded:
        if not _is_country(code):
            raise refuse(
                "sales_excluded",
                gettext("“%(code)s” is not an ISO 3166-1 country code") % {"code": code},
            )
    return [
        {
            "type": rights_type,
            "countries": list(dict.fromkeys(countries)),
            "regions": regions[:1],
            "excluded_countries": list(dict.fromkeys(excluded)),
            "excluded_regions": [],
            "rest_of_world": False,
        }
    ]
