"""The CSV/XLSX catalogue template: one row per work, these columns, in this order.

docs/catalogue.md lists every column with its format (a test keeps the two in step);
the blank template the upload page offers is written from this list, so the file a
publisher fills in and the reader that reads it cannot disagree.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from openpyxl import Workbook

from catalog.kernel.csvsafe import SafeCsvWriter, xlsx_row
from i18n.languages import LANGUAGE_CODES


@dataclass(frozen=True)
class Column:
    name: str
    required: bool
    help: str | Promise
    example: str = ""


# Several values in one cell are separated by ";".
SEPARATOR = ";"

COLUMNS: tuple[Column, ...] = (
    Column("reference", True, _("your own record reference, unique in the file"), "LP-0001"),
    Column("isbn", True, _("ISBN-13 or ISBN-10; the key an update is matched by"), "9787020002207"),
    Column(
        "other_identifiers",
        False,
        _("scheme:value pairs (isrc, ismn, isan, iswc), separated by ;"),
        "",
    ),
    Column(
        "work_type",
        False,
        _("literary (default), comic, music, audiovisual, fine_art, craft, photography, other"),
        "literary",
    ),
    Column("original_title", True, _("the title in the original language"), "长河落日"),
    Column("original_language", True, _("BCP 47 tag of the original language"), "zh-hans"),
    *(
        Column(f"title_{code}", False, _("the title in this site language"), "")
        for code in LANGUAGE_CODES
    ),
    *(
        Column(f"description_{code}", False, _("the description in this site language"), "")
        for code in LANGUAGE_CODES
    ),
    Column(
        "country_of_publication",
        False,
        _("ISO 3166-1 alpha-2; empty: the country answered in the upload form"),
        "CN",
    ),
    Column("publication_date", False, _("YYYY-MM-DD, YYYY-MM or YYYY"), "2024-05-01"),
    Column("creation_date", False, _("YYYY-MM-DD, YYYY-MM or YYYY"), ""),
    Column(
        "creators",
        False,
        _(
            "Name (role) [country]; … — roles: author, illustrator, composer, lyricist, "
            "performer, director, designer, artist, photographer, translator"
        ),
        "王安忆 (author) [CN]",
    ),
    Column(
        "co_owners",
        False,
        _(
            "Name [country] = share right; … (share in per cent, right: all or a right type); "
            "per right the shares sum to 100; empty: all rights to you"
        ),
        "",
    ),
    Column("subjects", False, _("BISAC:code, THEMA:code or keywords, separated by ;"), "THEMA:FB"),
    Column("source", False, _("original (default), public_domain or traditional"), "original"),
    Column(
        "community",
        False,
        _("for traditional works: the community or collective, Name [country]"),
        "",
    ),
    Column("traditional_element", False, _("for traditional works: the tradition drawn on"), ""),
    Column("new_contribution", False, _("for traditional works: what is new in this work"), ""),
    Column(
        "sales_rights_type", False, _("ONIX list 46 code; default 01 (for sale, exclusive)"), ""
    ),
    Column("sales_territories", False, _("ISO country codes or WORLD, separated by spaces"), ""),
    Column("sales_excluded", False, _("ISO country codes excluded from them"), ""),
)
NAMES: tuple[str, ...] = tuple(column.name for column in COLUMNS)
REQUIRED: frozenset[str] = frozenset(c.name for c in COLUMNS if c.required)


def blank_csv() -> bytes:
    """The header row only (an example row left in would be imported as a work), UTF-8
    with a BOM so that Excel opens it as UTF-8."""
    stream = io.StringIO()
    SafeCsvWriter(stream).writerow(NAMES)
    return ("\ufeff" + stream.getvalue()).encode("utf-8")


def blank_xlsx() -> bytes:
    """The header row on the first sheet (the one read); a second sheet explains each
    column with an example."""
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "catalogue"
    sheet.append(xlsx_row(sheet, NAMES))
    notes = workbook.create_sheet("columns")
    notes.append([str(_("column")), str(_("required")), str(_("format")), str(_("example"))])
    for column in COLUMNS:
        required = str(_("yes")) if column.required else ""
        notes.append(xlsx_row(notes, [column.name, required, str(column.help), column.example]))
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
