"""Streaming, validating reader of ONIX for Books 3.0 <Product> records.

Nothing here touches the database: each <Product> becomes a ``ProductRecord`` whose
fields are already checked (ISBN check digit, ISO 639-2/B language → BCP 47, ISO 3166-1
countries, dates), or an ``OnixImportError`` naming the record, the field and the value.

Files are read with ``iterparse`` and each finished <Product> is dropped from the tree,
so memory stays flat however many records a file holds. DTDs and entity declarations
are refused (defusedxml): ONIX 3.0 needs neither, and they are how XML bombs and
external-entity reads get in.
"""

from __future__ import annotations

import datetime as dt
import html
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from decimal import Decimal

import langcodes
import pycountry
from django.core.exceptions import ValidationError
from django.utils.html import strip_tags
from django.utils.translation import gettext
from stdnum import isbn as stdnum_isbn
from stdnum.exceptions import InvalidChecksum, InvalidLength
from stdnum.exceptions import ValidationError as StdnumError

from catalog.identifiers import normalise_identifier
from catalog.onix.countries import isbn_country
from catalog.vocabulary import (
    ALL_RIGHTS,
    CreatorRole,
    IdentifierScheme,
    PartyKind,
    SourceFlag,
    WorkType,
)

REFERENCE_NAMESPACE = "http://ns.editeur.org/onix/3.0/reference"
SHORT_NAMESPACE = "http://ns.editeur.org/onix/3.0/short"

# Short tag → reference tag for every element this reader looks at (and their parents).
# Short-tag files are renamed element by element as they stream in, so the rest of the
# reader, and every error message, speaks reference names only.
SHORT_TO_REFERENCE: dict[str, str] = {
    "ONIXmessage": "ONIXMessage",
    "header": "Header",
    "sender": "Sender",
    "x298": "SenderName",
    "x299": "ContactName",
    "j272": "EmailAddress",
    "x307": "SentDateTime",
    "m184": "DefaultLanguageOfText",
    "product": "Product",
    "a001": "RecordReference",
    "a002": "NotificationType",
    "a194": "RecordSourceType",
    "a197": "RecordSourceName",
    "productidentifier": "ProductIdentifier",
    "b221": "ProductIDType",
    "b233": "IDTypeName",
    "b244": "IDValue",
    "descriptivedetail": "DescriptiveDetail",
    "x314": "ProductComposition",
    "b012": "ProductForm",
    "b333": "ProductFormDetail",
    "titledetail": "TitleDetail",
    "b202": "TitleType",
    "titleelement": "TitleElement",
    "x409": "TitleElementLevel",
    "b203": "TitleText",
    "b030": "TitlePrefix",
    "b031": "TitleWithoutPrefix",
    "b029": "Subtitle",
    "contributor": "Contributor",
    "b034": "SequenceNumber",
    "b035": "ContributorRole",
    "b036": "PersonName",
    "b037": "PersonNameInverted",
    "b039": "NamesBeforeKey",
    "b040": "KeyNames",
    "b047": "CorporateName",
    "b044": "BiographicalNote",
    "contributorplace": "ContributorPlace",
    "x418": "ContributorPlaceRelator",
    "b251": "CountryCode",
    "language": "Language",
    "b253": "LanguageRole",
    "b252": "LanguageCode",
    "x420": "ScriptCode",
    "subject": "Subject",
    "x425": "MainSubject",
    "b067": "SubjectSchemeIdentifier",
    "b171": "SubjectSchemeName",
    "b068": "SubjectSchemeVersion",
    "b069": "SubjectCode",
    "b070": "SubjectHeadingText",
    "collateraldetail": "CollateralDetail",
    "textcontent": "TextContent",
    "x426": "TextType",
    "x427": "ContentAudience",
    "d104": "Text",
    "publishingdetail": "PublishingDetail",
    "imprint": "Imprint",
    "b079": "ImprintName",
    "publisher": "Publisher",
    "b291": "PublishingRole",
    "b081": "PublisherName",
    "b209": "CityOfPublication",
    "b083": "CountryOfPublication",
    "b394": "PublishingStatus",
    "publishingdate": "PublishingDate",
    "x448": "PublishingDateRole",
    "j260": "DateFormat",
    "b306": "Date",
    "salesrights": "SalesRights",
    "b089": "SalesRightsType",
    "territory": "Territory",
    "x449": "CountriesIncluded",
    "x450": "RegionsIncluded",
    "x451": "CountriesExcluded",
    "x452": "RegionsExcluded",
    "x456": "ROWSalesRightsType",
}

# ONIX list 17 (contributor role) → our creator roles. Roles without an equivalent
# (foreword, editor, …) are not creators of the work and are skipped, and counted.
CONTRIBUTOR_ROLES: dict[str, str] = {
    "A01": CreatorRole.AUTHOR,  # By (author)
    "A02": CreatorRole.AUTHOR,  # With
    "A09": CreatorRole.AUTHOR,  # Created by
    "A14": CreatorRole.AUTHOR,  # Text by
    "A05": CreatorRole.LYRICIST,  # Lyrics by
    "A06": CreatorRole.COMPOSER,  # By (composer)
    "A07": CreatorRole.ARTIST,  # By (artist)
    "A08": CreatorRole.PHOTOGRAPHER,  # By (photographer)
    "A11": CreatorRole.DESIGNER,  # Designed by
    "A12": CreatorRole.ILLUSTRATOR,  # Illustrated by
    "A13": CreatorRole.PHOTOGRAPHER,  # Photographs by
    "A35": CreatorRole.ARTIST,  # Artwork by
    "B06": CreatorRole.TRANSLATOR,  # Translated by
    "D02": CreatorRole.DIRECTOR,  # Director
    "E01": CreatorRole.PERFORMER,  # Performed by
    "E07": CreatorRole.PERFORMER,  # Read by
}
# The code the exporter writes for each creator role.
CREATOR_ROLE_CODES: dict[str, str] = {
    CreatorRole.AUTHOR: "A01",
    CreatorRole.LYRICIST: "A05",
    CreatorRole.COMPOSER: "A06",
    CreatorRole.ARTIST: "A07",
    CreatorRole.DESIGNER: "A11",
    CreatorRole.ILLUSTRATOR: "A12",
    CreatorRole.PHOTOGRAPHER: "A13",
    CreatorRole.TRANSLATOR: "B06",
    CreatorRole.DIRECTOR: "D02",
    CreatorRole.PERFORMER: "E01",
}

# Subject schemes (ONIX list 27) kept in Work.subjects, as "<PREFIX>:<code>".
# Keywords (scheme 20) are kept as plain words.
SUBJECT_PREFIXES: dict[str, str] = {"10": "BISAC", "93": "THEMA"}
KEYWORDS_SCHEME = "20"
PROPRIETARY_SCHEME = "24"
# A proprietary subject scheme (list 27 code 24) that states our work type outright,
# so an exported work comes back with the same type whatever its other subjects say.
WORK_TYPE_SCHEME_NAME = "copyright-marketplace work type"
# ONIX list 175: comic book / comic album formats.
COMIC_FORM_DETAILS = frozenset({"B139", "B140"})

# ONIX list 49 region codes that are not ISO 3166-2 subdivisions.
ONIX_REGIONS = frozenset({"WORLD", "ECZ", "GB-AIR", "GB-APS", "GB-CHA", "GB-EWS", "ES-CN"})
# Chinese published here is written in traditional characters unless stated otherwise.
TRADITIONAL_CHINESE_COUNTRIES = frozenset({"TW", "HK", "MO"})

_SALES_RIGHTS_TYPE = re.compile(r"^0[0-8]$")
_BISAC = re.compile(r"^[A-Z]{3}\d{6}$")
_SUBJECT_MAX = 64  # Work.subjects items are varchar(64)
_TITLE_MAX = 500  # Work.original_title
_NAME_MAX = 255  # Party.original_name


class OnixImportError(Exception):
    """One bad record (or a bad file): which record, which field, which value, and why."""

    def __init__(
        self,
        *,
        field: str,
        reason: str,
        value: str | None = None,
        index: int | None = None,
        reference: str = "",
    ) -> None:
        self.index = index
        self.reference = reference
        self.field = field
        self.value = value
        self.reason = reason
        super().__init__(self._message())

    def _message(self) -> str:
        if self.index is None:
            where = gettext("file")
        elif self.reference:
            where = gettext("record %(index)s (ref %(reference)s)") % {
                "index": self.index,
                "reference": self.reference,
            }
        else:
            where = gettext("record %(index)s") % {"index": self.index}
        what = self.field if self.value is None else f"{self.field} '{self.value}'"
        return f"{where}: {what}: {self.reason}"


@dataclass(frozen=True)
class ContributorRecord:
    sequence: int
    name: str
    kind: str  # PartyKind
    country: str  # ISO 3166-1 alpha-2, "" when the record does not say
    roles: tuple[str, ...]  # CreatorRole values
    unmapped_roles: tuple[str, ...]  # ONIX role codes with no creator role


@dataclass(frozen=True)
class PublisherRecord:
    name: str
    country: str


@dataclass(frozen=True)
class ShareRecord:
    """A co-owner's share of one right (catalogue template); percent of 100."""

    name: str
    country: str  # "" = the work's country
    percent: Decimal
    right: str = ALL_RIGHTS


@dataclass
class ProductRecord:
    index: int  # 1-based position of the <Product> in the file
    reference: str
    notification_type: str
    isbn: str  # ISBN-13, compact
    deleted: bool = False
    work_type: str = WorkType.LITERARY
    language: str = ""  # BCP 47, lower case
    country: str = ""  # country of publication, or the fallback's (catalog.onix.countries)
    country_source: str = ""  # onix / publisher / sender / isbn / default; "" = still unknown
    isbn_country: str = ""  # the ISBN agency's country, "" if a language area or region
    sender: str = ""  # Header/Sender/SenderName
    original_title: str = ""
    titles: dict[str, str] = field(default_factory=dict)  # BCP 47 → title
    synopses: dict[str, str] = field(default_factory=dict)  # BCP 47 → text
    contributors: list[ContributorRecord] = field(default_factory=list)
    publisher: PublisherRecord | None = None
    subjects: list[str] = field(default_factory=list)
    published_on: dt.date | None = None
    sales_rights: list[dict] = field(default_factory=list)
    # What only the catalogue template carries (catalog/imports/reader.py); ONIX records
    # keep the defaults: the ISBN alone, all rights to the holder, an original work.
    identifiers: list[tuple[str, str]] = field(default_factory=list)  # besides the ISBN
    shares: list[ShareRecord] = field(default_factory=list)  # empty: 100 % to the holder
    created_on: dt.date | None = None
    source_flag: str = SourceFlag.ORIGINAL
    community: PublisherRecord | None = None  # traditional works: whose tradition
    traditional_element: str = ""
    new_contribution: str = ""

    def error(self, field: str, value: str | None, reason: str) -> OnixImportError:
        return OnixImportError(
            index=self.index, reference=self.reference, field=field, value=value, reason=reason
        )


# --- codes -----------------------------------------------------------------------------


def onix_language_to_bcp47(code: str, *, script: str = "", country: str = "") -> str | None:
    """ISO 639-2/B (or /T) as ONIX writes it → our BCP 47 tag; None if no such language.

    Chinese needs a script to be useful here (zh-hans / zh-hant are separate site
    languages): the stated script wins, else the country the text is for decides.
    """
    code = (code or "").strip().lower()
    if not re.fullmatch(r"[a-z]{3}", code):
        return None
    language = pycountry.languages.get(bibliographic=code) or pycountry.languages.get(alpha_3=code)
    if language is None:
        return None
    tag = langcodes.standardize_tag(code).lower()
    if tag == "zh":
        script = (script or "").strip().lower()
        if script in {"hans", "hant"}:
            return f"zh-{script}"
        return "zh-hant" if country in TRADITIONAL_CHINESE_COUNTRIES else "zh-hans"
    return tag


def bcp47_to_onix_language(tag: str) -> tuple[str, str]:
    """Our BCP 47 tag → (ISO 639-2/B code, ISO 15924 script or "") for ONIX."""
    parsed = langcodes.Language.get(tag)
    language = pycountry.languages.get(alpha_2=parsed.language) or pycountry.languages.get(
        alpha_3=parsed.language
    )
    if language is None:
        raise ValueError(f"no ISO 639-2 code for {tag!r}")
    code = getattr(language, "bibliographic", None) or language.alpha_3
    return code, parsed.script or ""


def _is_country(code: str) -> bool:
    return (
        bool(re.fullmatch(r"[A-Z]{2}", code)) and pycountry.countries.get(alpha_2=code) is not None
    )


def _is_region(code: str) -> bool:
    return code in ONIX_REGIONS or pycountry.subdivisions.get(code=code) is not None


# --- element helpers (tags are reference names by the time these run) ------------------


def _text(elem: ET.Element | None, path: str) -> str:
    if elem is None:
        return ""
    found = elem.find(path)
    if found is None:
        return ""
    return " ".join("".join(found.itertext()).split())


def _clean_block(text: str) -> str:
    lines = (" ".join(line.split()) for line in text.splitlines())
    return "\n".join(line for line in lines if line)


def _rich_text(elem: ET.Element) -> str:
    """A <Text>: plain, escaped HTML (textformat 02/05) or embedded XHTML → plain text."""
    if len(elem):
        raw = "".join(elem.itertext())
    else:
        raw = elem.text or ""
        if elem.get("textformat") in {"02", "03", "05"}:
            raw = html.unescape(strip_tags(raw))
    return _clean_block(raw)


def _parse_date(value: str, fmt: str) -> dt.date:
    """ONIX list 55 formats we accept: 00 YYYYMMDD, 01 YYYYMM, 05 YYYY, 13/14 datetimes."""
    fmt = fmt or "00"
    patterns = {"00": r"(\d{4})(\d{2})(\d{2})", "01": r"(\d{4})(\d{2})", "05": r"(\d{4})"}
    if fmt in {"13", "14"}:
        fmt, value = "00", value[:8]
    pattern = patterns.get(fmt)
    if pattern is None:
        raise ValueError(gettext("date format %(format)s is not supported") % {"format": fmt})
    match = re.fullmatch(pattern, value)
    if not match:
        raise ValueError(gettext("does not match date format %(format)s") % {"format": fmt})
    parts = [int(p) for p in match.groups()] + [1, 1]
    try:
        return dt.date(parts[0], parts[1], parts[2])
    except ValueError:
        raise ValueError(gettext("no such date")) from None


def _isbn_problem(value: str) -> str:
    try:
        stdnum_isbn.validate(value)
    except InvalidChecksum:
        return gettext("not a valid ISBN (check digit)")
    except InvalidLength:
        return gettext("not a valid ISBN (length)")
    except StdnumError:
        return gettext("not a valid ISBN (format)")
    return gettext("not a valid ISBN")


# --- product ---------------------------------------------------------------------------


def _read_isbn(product: ET.Element, record: ProductRecord) -> str:
    """ISBN-13 (type 15), else a 978/979 GTIN-13 (type 03), else an ISBN-10 (type 02)."""
    candidates: dict[str, str] = {}
    for pid in product.findall("ProductIdentifier"):
        id_type, value = _text(pid, "ProductIDType"), _text(pid, "IDValue")
        compact = re.sub(r"[\s-]", "", value)
        if id_type == "03" and not compact.startswith(("978", "979")):
            continue  # a GTIN of something that is not a book
        if id_type in {"15", "03", "02"} and id_type not in candidates:
            candidates[id_type] = value
    for id_type in ("15", "03", "02"):
        if id_type in candidates:
            value = candidates[id_type]
            try:
                return normalise_identifier(IdentifierScheme.ISBN, value)
            except ValidationError:
                raise record.error(
                    "ProductIdentifier/IDValue", value, _isbn_problem(value)
                ) from None
    raise record.error(
        "ProductIdentifier",
        None,
        gettext("missing: no ISBN (ProductIDType 15, or 03 holding a 978/979 GTIN-13)"),
    )


def _title_element(detail: ET.Element) -> ET.Element | None:
    elements = detail.findall("TitleElement")
    for element in elements:
        if _text(element, "TitleElementLevel") == "01":
            return element
    return elements[0] if elements else None


def _title_text(element: ET.Element) -> str:
    title = _text(element, "TitleText")
    if not title:
        title = " ".join(
            part
            for part in (_text(element, "TitlePrefix"), _text(element, "TitleWithoutPrefix"))
            if part
        )
    subtitle = _text(element, "Subtitle")
    return f"{title}: {subtitle}" if title and subtitle else title


def _language_attr(record: ProductRecord, elem: ET.Element, field_path: str) -> str | None:
    code = elem.get("language")
    if code is None:
        return None
    tag = onix_language_to_bcp47(code, script=elem.get("textscript", ""), country=record.country)
    if tag is None:
        raise record.error(
            f"{field_path}/@language", code, gettext("not an ISO 639-2 language code")
        )
    # Chinese in a Chinese record follows the record's own script, not a country guess.
    if tag.startswith("zh-") and not elem.get("textscript") and record.language.startswith("zh-"):
        tag = record.language
    return tag


def _read_language(dd: ET.Element, record: ProductRecord, default_language: str) -> str:
    for lang in dd.findall("Language"):
        if _text(lang, "LanguageRole") != "01":
            continue
        code = _text(lang, "LanguageCode")
        country = _text(lang, "CountryCode") or record.country
        tag = onix_language_to_bcp47(code, script=_text(lang, "ScriptCode"), country=country)
        if tag is None:
            raise record.error(
                "DescriptiveDetail/Language/LanguageCode",
                code,
                gettext("not an ISO 639-2 language code"),
            )
        return tag
    if default_language:
        tag = onix_language_to_bcp47(default_language, country=record.country)
        if tag is None:
            raise record.error(
                "Header/DefaultLanguageOfText",
                default_language,
                gettext("not an ISO 639-2 language code"),
            )
        return tag
    raise record.error(
        "DescriptiveDetail/Language",
        None,
        gettext("missing: no language of text (LanguageRole 01)"),
    )


def _read_titles(dd: ET.Element, record: ProductRecord) -> None:
    details = dd.findall("TitleDetail")
    distinctive = [d for d in details if _text(d, "TitleType") == "01"]
    if not distinctive:
        raise record.error(
            "DescriptiveDetail/TitleDetail",
            None,
            gettext("missing: a product needs its distinctive title (TitleType 01)"),
        )
    element = _title_element(distinctive[0])
    title = _title_text(element) if element is not None else ""
    if not title:
        raise record.error(
            "DescriptiveDetail/TitleDetail/TitleElement/TitleText",
            None,
            gettext("missing: the distinctive title is empty"),
        )
    if len(title) > _TITLE_MAX:
        raise record.error(
            "DescriptiveDetail/TitleDetail/TitleElement/TitleText",
            title[:40] + "…",
            gettext("longer than %(max)s characters") % {"max": _TITLE_MAX},
        )
    record.original_title = title
    record.titles[record.language] = title
    # TitleType 06: the title in another language, the language given on the text.
    for detail in details:
        if _text(detail, "TitleType") != "06":
            continue
        element = _title_element(detail)
        if element is None:
            continue
        text_elem = element.find("TitleText")
        carrier = next(
            (e for e in (text_elem, element, detail) if e is not None and e.get("language")),
            None,
        )
        translated = _title_text(element)
        if carrier is None or not translated:
            continue
        tag = _language_attr(
            record, carrier, "DescriptiveDetail/TitleDetail/TitleElement/TitleText"
        )
        if tag and tag not in record.titles:
            record.titles[tag] = translated[:_TITLE_MAX]


def _read_contributors(dd: ET.Element, record: ProductRecord) -> None:
    contributors = []
    for position, elem in enumerate(dd.findall("Contributor"), start=1):
        field_path = "DescriptiveDetail/Contributor"
        sequence_text = _text(elem, "SequenceNumber")
        if sequence_text and not sequence_text.isdigit():
            raise record.error(
                f"{field_path}/SequenceNumber", sequence_text, gettext("not a number")
            )
        codes = [" ".join((r.text or "").split()) for r in elem.findall("ContributorRole")]
        if not codes:
            raise record.error(
                f"{field_path}/ContributorRole",
                None,
                gettext("missing: a contributor needs a role"),
            )
        corporate = _text(elem, "CorporateName")
        name = _text(elem, "PersonName") or " ".join(
            part for part in (_text(elem, "NamesBeforeKey"), _text(elem, "KeyNames")) if part
        )
        kind = PartyKind.PERSON
        if not name and corporate:
            name, kind = corporate, PartyKind.ORGANISATION
        if not name:
            if elem.find("UnnamedPersons") is not None:
                continue  # "anonymous", "various": nobody to record as a party
            raise record.error(
                f"{field_path}/PersonName",
                None,
                gettext("missing: no PersonName, KeyNames or CorporateName"),
            )
        if len(name) > _NAME_MAX:
            raise record.error(
                f"{field_path}/PersonName",
                name[:40] + "…",
                gettext("longer than %(max)s characters") % {"max": _NAME_MAX},
            )
        country = ""
        for place in elem.findall("ContributorPlace"):
            code = _text(place, "CountryCode")
            if not code:
                continue
            if not _is_country(code):
                raise record.error(
                    f"{field_path}/ContributorPlace/CountryCode",
                    code,
                    gettext("not an ISO 3166-1 country code"),
                )
            country = country or code
        roles = tuple(dict.fromkeys(CONTRIBUTOR_ROLES[c] for c in codes if c in CONTRIBUTOR_ROLES))
        unmapped = tuple(c for c in codes if c not in CONTRIBUTOR_ROLES)
        sequence = int(sequence_text) if sequence_text else position
        contributors.append(ContributorRecord(sequence, name, kind, country, roles, unmapped))
    record.contributors = sorted(contributors, key=lambda c: c.sequence)


def _read_subjects(dd: ET.Element, record: ProductRecord, form_details: set[str]) -> None:
    subjects: list[str] = []
    comic = bool(form_details & COMIC_FORM_DETAILS)
    stated_type = ""
    for elem in dd.findall("Subject"):
        scheme = _text(elem, "SubjectSchemeIdentifier")
        code = _text(elem, "SubjectCode")
        field_path = "DescriptiveDetail/Subject/SubjectCode"
        if scheme in SUBJECT_PREFIXES:
            code = code.upper()
            if not code:
                raise record.error(
                    field_path, None, gettext("missing: a coded subject needs a code")
                )
            if scheme == "10" and not _BISAC.match(code):
                raise record.error(field_path, code, gettext("not a BISAC subject code"))
            comic = comic or (scheme == "10" and code.startswith("CGN"))
            comic = comic or (scheme == "93" and code.startswith("X"))
            subjects.append(f"{SUBJECT_PREFIXES[scheme]}:{code}")
        elif scheme == KEYWORDS_SCHEME:
            heading = _text(elem, "SubjectHeadingText")
            subjects.extend(word.strip() for word in heading.split(";") if word.strip())
        elif scheme == PROPRIETARY_SCHEME and (
            _text(elem, "SubjectSchemeName") == WORK_TYPE_SCHEME_NAME
        ):
            if code not in WorkType.values:
                raise record.error(field_path, code, gettext("not a work type of this catalogue"))
            stated_type = code
    for subject in subjects:
        if len(subject) > _SUBJECT_MAX:
            raise record.error(
                "DescriptiveDetail/Subject",
                subject[:40] + "…",
                gettext("longer than %(max)s characters") % {"max": _SUBJECT_MAX},
            )
    record.subjects = list(dict.fromkeys(subjects))
    record.work_type = stated_type or (WorkType.COMIC if comic else WorkType.LITERARY)


def _read_synopses(product: ET.Element, record: ProductRecord) -> None:
    for content in product.findall("CollateralDetail/TextContent"):
        if _text(content, "TextType") != "03":
            continue
        for text in content.findall("Text"):
            path = "CollateralDetail/TextContent/Text"
            tag = (
                _language_attr(record, text, path)
                or _language_attr(record, content, "CollateralDetail/TextContent")
                or record.language
            )
            body = _rich_text(text)
            if body and tag not in record.synopses:
                record.synopses[tag] = body


def _read_territory(record: ProductRecord, territory: ET.Element | None) -> dict[str, list[str]]:
    lists: dict[str, list[str]] = {}
    for tag, key, is_country in (
        ("CountriesIncluded", "countries", True),
        ("RegionsIncluded", "regions", False),
        ("CountriesExcluded", "excluded_countries", True),
        ("RegionsExcluded", "excluded_regions", False),
    ):
        codes = _text(territory, tag).split()
        for code in codes:
            if is_country and not _is_country(code):
                raise record.error(
                    f"PublishingDetail/SalesRights/Territory/{tag}",
                    code,
                    gettext("not an ISO 3166-1 country code"),
                )
            if not is_country and not _is_region(code):
                raise record.error(
                    f"PublishingDetail/SalesRights/Territory/{tag}",
                    code,
                    gettext("not an ONIX region code"),
                )
        lists[key] = list(dict.fromkeys(codes))
    return lists


def _read_publishing(product: ET.Element, record: ProductRecord, default_country: str) -> None:
    pd = product.find("PublishingDetail")
    if pd is None:
        raise record.error("PublishingDetail", None, gettext("missing"))
    country = _text(pd, "CountryOfPublication")
    if country:
        if not _is_country(country):
            raise record.error(
                "PublishingDetail/CountryOfPublication",
                country,
                gettext("not an ISO 3166-1 country code"),
            )
        record.country_source = "onix"
    # Not stated (it is optional): the ISBN agency's country, else the default. The
    # importer may still prefer a party the catalogue knows (catalog.onix.countries).
    record.isbn_country = isbn_country(record.isbn)
    if not country and record.isbn_country:
        country, record.country_source = record.isbn_country, "isbn"
    elif not country and default_country:
        country, record.country_source = default_country, "default"
    record.country = country

    publisher = next(
        (p for p in pd.findall("Publisher") if _text(p, "PublishingRole") in {"01", ""}), None
    )
    name = _text(publisher, "PublisherName")
    if not name:
        raise record.error(
            "PublishingDetail/Publisher/PublisherName",
            None,
            gettext("missing: a product needs its publisher (PublishingRole 01)"),
        )
    if len(name) > _NAME_MAX:
        raise record.error(
            "PublishingDetail/Publisher/PublisherName",
            name[:40] + "…",
            gettext("longer than %(max)s characters") % {"max": _NAME_MAX},
        )
    record.publisher = PublisherRecord(name=name, country=country)

    dates = {_text(d, "PublishingDateRole"): d for d in pd.findall("PublishingDate")}
    date_elem = dates.get("01") or dates.get("11")  # publication date, else first publication
    if date_elem is not None:
        date_node = date_elem.find("Date")
        value = _text(date_elem, "Date")
        fmt = (date_node.get("dateformat") if date_node is not None else None) or _text(
            date_elem, "DateFormat"
        )
        try:
            record.published_on = _parse_date(value, fmt)
        except ValueError as exc:
            raise record.error("PublishingDetail/PublishingDate/Date", value, str(exc)) from None

    for rights in pd.findall("SalesRights"):
        rights_type = _text(rights, "SalesRightsType")
        if not _SALES_RIGHTS_TYPE.match(rights_type):
            raise record.error(
                "PublishingDetail/SalesRights/SalesRightsType",
                rights_type or None,
                gettext("not a sales rights type (ONIX list 46)"),
            )
        lists = _read_territory(record, rights.find("Territory"))
        if not lists["countries"] and not lists["regions"]:
            raise record.error(
                "PublishingDetail/SalesRights/Territory",
                None,
                gettext("missing: CountriesIncluded or RegionsIncluded"),
            )
        record.sales_rights.append({"type": rights_type, **lists, "rest_of_world": False})
    rest = _text(pd, "ROWSalesRightsType")
    if rest:
        if not _SALES_RIGHTS_TYPE.match(rest):
            raise record.error(
                "PublishingDetail/ROWSalesRightsType",
                rest,
                gettext("not a sales rights type (ONIX list 46)"),
            )
        record.sales_rights.append(
            {
                "type": rest,
                "countries": [],
                "regions": [],
                "excluded_countries": [],
                "excluded_regions": [],
                "rest_of_world": True,
            }
        )


def build_product(
    product: ET.Element,
    *,
    index: int,
    default_country: str = "",
    default_language: str = "",
) -> ProductRecord:
    """One <Product> element (reference tag names) → a validated ``ProductRecord``."""
    reference = _text(product, "RecordReference")
    notification = _text(product, "NotificationType")
    record = ProductRecord(
        index=index, reference=reference, notification_type=notification, isbn=""
    )
    if not reference:
        raise record.error("RecordReference", None, gettext("missing"))
    record.isbn = _read_isbn(product, record)
    if notification == "05":
        # A deletion notice: nothing to import, and its other fields may be absent.
        record.deleted = True
        return record
    _read_publishing(product, record, default_country)
    dd = product.find("DescriptiveDetail")
    if dd is None:
        raise record.error("DescriptiveDetail", None, gettext("missing"))
    record.language = _read_language(dd, record, default_language)
    _read_titles(dd, record)
    _read_contributors(dd, record)
    form_details = {" ".join((e.text or "").split()) for e in dd.findall("ProductFormDetail")}
    _read_subjects(dd, record, form_details)
    _read_synopses(product, record)
    return record
