"""Write works as an ONIX for Books 3.0 message (reference tags), one <Product> per work.

What the importer reads, this writes, so export → import into an empty catalogue gives
back the same works, parties and ISBNs. Works without an ISBN have no ONIX product
identifier and are skipped (and counted).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TextIO

from django.db.models import QuerySet
from django.utils import timezone
from modeltranslation.utils import build_localized_fieldname

from catalog.models import Work
from catalog.onix.parser import (
    CREATOR_ROLE_CODES,
    KEYWORDS_SCHEME,
    PROPRIETARY_SCHEME,
    REFERENCE_NAMESPACE,
    SUBJECT_PREFIXES,
    WORK_TYPE_SCHEME_NAME,
    bcp47_to_onix_language,
)
from catalog.vocabulary import IdentifierScheme, PartyKind, WorkType
from i18n.languages import LANGUAGE_CODES

RECORD_REFERENCE_PREFIX = "copyright-marketplace.work"
_SCHEMES_BY_PREFIX = {prefix: scheme for scheme, prefix in SUBJECT_PREFIXES.items()}


@dataclass
class ExportSummary:
    works_exported: int = 0
    works_skipped: int = 0  # no ISBN


def _add(parent: ET.Element, tag: str, text: str | None = None, **attrs: str) -> ET.Element:
    elem = ET.SubElement(parent, tag, {k: v for k, v in attrs.items() if v})
    if text is not None:
        elem.text = text
    return elem


def _language_attrs(tag: str) -> dict[str, str]:
    code, script = bcp47_to_onix_language(tag)
    return {"language": code, "textscript": script}


def _isbn(work: Work) -> str:
    return next((i.value for i in work.identifiers.all() if i.scheme == IdentifierScheme.ISBN), "")


def _descriptive_detail(product: ET.Element, work: Work) -> None:
    dd = _add(product, "DescriptiveDetail")
    _add(dd, "ProductComposition", "00")
    book_like = work.work_type in {WorkType.LITERARY, WorkType.COMIC}
    _add(dd, "ProductForm", "BA" if book_like else "00")
    detail = _add(dd, "TitleDetail")
    _add(detail, "TitleType", "01")
    element = _add(detail, "TitleElement")
    _add(element, "TitleElementLevel", "01")
    _add(element, "TitleText", work.original_title)
    for code in LANGUAGE_CODES:
        title = getattr(work, build_localized_fieldname("title", code)) or ""
        if not title or code == work.original_language:
            continue
        detail = _add(dd, "TitleDetail")
        _add(detail, "TitleType", "06")  # title in another language
        element = _add(detail, "TitleElement")
        _add(element, "TitleElementLevel", "01")
        _add(element, "TitleText", title, **_language_attrs(code))
    for sequence, creator in enumerate(work.creators.all(), start=1):
        party = creator.party
        contributor = _add(dd, "Contributor")
        _add(contributor, "SequenceNumber", str(sequence))
        _add(contributor, "ContributorRole", CREATOR_ROLE_CODES[creator.role])
        is_person = party.kind == PartyKind.PERSON
        _add(contributor, "PersonName" if is_person else "CorporateName", party.original_name)
        place = _add(contributor, "ContributorPlace")
        # 04 currently resident in / 09 registered in (ONIX list 151)
        _add(place, "ContributorPlaceRelator", "04" if is_person else "09")
        _add(place, "CountryCode", party.country)
    language = _add(dd, "Language")
    _add(language, "LanguageRole", "01")
    code, script = bcp47_to_onix_language(work.original_language)
    _add(language, "LanguageCode", code)
    if script:
        _add(language, "ScriptCode", script)
    keywords = []
    for subject in work.subjects:
        prefix, _, value = subject.partition(":")
        if prefix in _SCHEMES_BY_PREFIX and value:
            elem = _add(dd, "Subject")
            _add(elem, "SubjectSchemeIdentifier", _SCHEMES_BY_PREFIX[prefix])
            _add(elem, "SubjectCode", value)
        else:
            keywords.append(subject)
    if keywords:
        elem = _add(dd, "Subject")
        _add(elem, "SubjectSchemeIdentifier", KEYWORDS_SCHEME)
        _add(elem, "SubjectHeadingText", "; ".join(keywords))
    elem = _add(dd, "Subject")
    _add(elem, "SubjectSchemeIdentifier", PROPRIETARY_SCHEME)
    _add(elem, "SubjectSchemeName", WORK_TYPE_SCHEME_NAME)
    _add(elem, "SubjectCode", work.work_type)


def _collateral_detail(product: ET.Element, work: Work) -> None:
    texts = [
        (code, getattr(work, build_localized_fieldname("synopsis", code)) or "")
        for code in LANGUAGE_CODES
    ]
    texts = [(code, text) for code, text in texts if text.strip()]
    if not texts:
        return
    collateral = _add(product, "CollateralDetail")
    for code, text in texts:
        content = _add(collateral, "TextContent")
        _add(content, "TextType", "03")  # description
        _add(content, "ContentAudience", "00")
        # <Text> takes no textscript (ONIX 3.0 XSD): Chinese synopses say "chi" and the
        # reader takes the script from the work's own language or country.
        _add(content, "Text", text, textformat="06", language=_language_attrs(code)["language"])


def _publishing_detail(product: ET.Element, work: Work) -> None:
    pd = _add(product, "PublishingDetail")
    publisher = _add(pd, "Publisher")
    _add(publisher, "PublishingRole", "01")
    _add(publisher, "PublisherName", work.holder.original_name)
    _add(pd, "CountryOfPublication", work.country_of_origin)
    if work.published_on:
        date = _add(pd, "PublishingDate")
        _add(date, "PublishingDateRole", "01")
        _add(date, "Date", work.published_on.strftime("%Y%m%d"), dateformat="00")
    rest_of_world = ""
    for rights in work.sales_rights or []:
        if rights.get("rest_of_world"):
            rest_of_world = rights["type"]
            continue
        elem = _add(pd, "SalesRights")
        _add(elem, "SalesRightsType", rights["type"])
        territory = _add(elem, "Territory")
        for key, tag in (
            ("countries", "CountriesIncluded"),
            ("regions", "RegionsIncluded"),
            ("excluded_countries", "CountriesExcluded"),
            ("excluded_regions", "RegionsExcluded"),
        ):
            if rights.get(key):
                _add(territory, tag, " ".join(rights[key]))
    if rest_of_world:
        _add(pd, "ROWSalesRightsType", rest_of_world)


def work_to_product(work: Work, isbn: str) -> ET.Element:
    product = ET.Element("Product")
    _add(product, "RecordReference", f"{RECORD_REFERENCE_PREFIX}.{work.pk}")
    _add(product, "NotificationType", "03")  # confirmed record
    identifier = _add(product, "ProductIdentifier")
    _add(identifier, "ProductIDType", "15")
    _add(identifier, "IDValue", isbn)
    _descriptive_detail(product, work)
    _collateral_detail(product, work)
    _publishing_detail(product, work)
    return product


def onix_export(
    *,
    works: QuerySet[Work] | Iterable[Work],
    out: TextIO,
    sender_name: str = "Copyright marketplace",
) -> ExportSummary:
    """Stream ``works`` to ``out`` as an ONIX 3.0 message; one product in memory at a time."""
    if isinstance(works, QuerySet):
        works = (
            works.select_related("holder")
            .prefetch_related("identifiers", "creators__party")
            .order_by("pk")
            .iterator(chunk_size=500)
        )
    summary = ExportSummary()
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(f'<ONIXMessage xmlns="{REFERENCE_NAMESPACE}" release="3.0">\n')
    header = ET.Element("Header")
    sender = _add(header, "Sender")
    _add(sender, "SenderName", sender_name)
    _add(header, "SentDateTime", timezone.now().strftime("%Y%m%dT%H%M%z"))
    _write(out, header)
    for work in works:
        isbn = _isbn(work)
        if not isbn:
            summary.works_skipped += 1
            continue
        _write(out, work_to_product(work, isbn))
        summary.works_exported += 1
    out.write("</ONIXMessage>\n")
    return summary


def _write(out: TextIO, elem: ET.Element) -> None:
    ET.indent(elem, space="  ", level=1)
    out.write("  " + ET.tostring(elem, encoding="unicode") + "\n")
