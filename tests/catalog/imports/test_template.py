"""The CSV/XLSX catalogue template: its columns, the blank files and the row reader."""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from openpyxl import Workbook, load_workbook

from catalog.imports.columns import COLUMNS, NAMES, blank_csv, blank_xlsx
from catalog.imports.reader import read_template
from catalog.onix.parser import OnixImportError, PublisherRecord, ShareRecord

DOCS = Path(__file__).resolve().parents[3] / "docs" / "catalogue.md"
PUBLISHER = PublisherRecord(name="Lotus Press", country="CN")

GOOD = {
    "reference": "LP-1",
    "isbn": "978-7-02-000220-7",
    "original_title": "长河落日",
    "original_language": "zh-Hans",
    "title_en": "Sunset over the Long River",
    "description_th": "นวนิยาย",
    "publication_date": "2024-05",
    "creators": "王安忆 (author) [CN]; Howard Goldblatt (translator) [US]",
    "co_owners": (
        "Lotus Press [CN] = 60 all; Mekong Books [VN] = 40% all; "
        "Mekong Books [VN] = 100 translation"
    ),
    "subjects": "THEMA:FB; river",
    "sales_territories": "WORLD",
    "sales_excluded": "US, CA",
}


def _csv(tmp_path, rows: list[dict[str, str]], header: list[str] | None = None) -> str:
    header = header or list(dict.fromkeys(k for row in rows for k in row))
    path = tmp_path / "catalogue.csv"
    with open(path, "w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=header)
        writer.writeheader()
        writer.writerows(rows)
    return str(path)


def _read(path: str, format: str = "csv", country: str = "") -> list:
    return list(read_template(path, format=format, publisher=PUBLISHER, default_country=country))


def test_docs_list_every_column():
    documented = set(re.findall(r"`([a-z_-]+)`", DOCS.read_text()))
    assert set(NAMES) - documented == set()


def test_blank_templates_have_every_column_and_no_data_row():
    rows = list(csv.reader(io.StringIO(blank_csv().decode("utf-8-sig"))))
    assert rows == [list(NAMES)]
    workbook = load_workbook(io.BytesIO(blank_xlsx()), read_only=True)
    first, notes = workbook.worksheets
    assert [list(r) for r in first.iter_rows(values_only=True)] == [list(NAMES)]
    explained = [row[0] for row in notes.iter_rows(min_row=2, values_only=True)]
    assert explained == [column.name for column in COLUMNS]


def test_a_full_row_becomes_a_product_record(tmp_path):
    (record,) = _read(_csv(tmp_path, [GOOD]), country="TH")
    assert record.isbn == "9787020002207"
    assert record.language == "zh-hans"
    assert record.titles == {"en": "Sunset over the Long River"}
    assert record.synopses == {"th": "นวนิยาย"}
    assert record.country == "TH"  # the form's answer: the row states none
    assert record.published_on.isoformat() == "2024-05-01"
    assert [(c.name, c.roles, c.country) for c in record.contributors] == [
        ("王安忆", ("author",), "CN"),
        ("Howard Goldblatt", ("translator",), "US"),
    ]
    assert record.shares == [
        ShareRecord("Lotus Press", "CN", Decimal(60)),
        ShareRecord("Mekong Books", "VN", Decimal(40)),
        ShareRecord("Mekong Books", "VN", Decimal(100), "translation"),
    ]
    assert record.subjects == ["THEMA:FB", "river"]
    assert record.sales_rights == [
        {
            "type": "01",
            "countries": [],
            "regions": ["WORLD"],
            "excluded_countries": ["US", "CA"],
            "excluded_regions": [],
            "rest_of_world": False,
        }
    ]
    assert record.publisher == PUBLISHER


def test_a_folk_art_row_needs_its_community_tradition_and_contribution(tmp_path):
    folk = {**GOOD, "co_owners": "", "source": "traditional", "community": "Cham weavers [VN]"}
    good = {**folk, "reference": "LP-2", "isbn": "9786041234567"}
    good |= {"traditional_element": "Cham brocade", "new_contribution": "a new palette"}
    refused, record = _read(_csv(tmp_path, [folk, good]))
    assert isinstance(refused, OnixImportError)
    assert (refused.index, refused.field) == (2, "traditional_element")
    assert record.source_flag == "traditional"
    assert record.community == PublisherRecord(name="Cham weavers", country="VN")
    assert (record.traditional_element, record.new_contribution) == (
        "Cham brocade",
        "a new palette",
    )


@pytest.mark.parametrize(
    ("column", "value", "reason"),
    [
        ("isbn", "9787020002208", "not a valid ISBN"),
        ("original_language", "klingon!", "not a BCP 47 language tag"),
        ("country_of_publication", "XX", "not an ISO 3166-1 country code"),
        ("work_type", "novel", "not a work type of this catalogue"),
        ("creators", "Someone (editor)", "“Someone (editor)”: “editor” is not a creator role"),
        (
            "co_owners",
            "Lotus Press = 60; Mekong Books [VN] = 30",
            "the shares of right “all” sum to 90, not 100",
        ),
        (
            "co_owners",
            "Lotus Press = 60 films",
            "“Lotus Press = 60 films”: “films” is not a right type",
        ),
        ("other_identifiers", "isrc:nope", "“isrc:nope” is not a valid ISRC"),
        ("publication_date", "2024-13-01", "no such date"),
        ("sales_territories", "EUROPE", "“EUROPE” is not an ISO 3166-1 country code or WORLD"),
    ],
)
def test_a_bad_value_refuses_its_row_naming_column_and_reason(tmp_path, column, value, reason):
    other = {**GOOD, "reference": "LP-9", "isbn": "9786041234567"}
    refused, record = _read(_csv(tmp_path, [{**GOOD, column: value}, other]))
    assert (refused.index, refused.reference, refused.field) == (2, "LP-1", column)
    assert refused.reason == reason
    assert record.reference == "LP-9"  # the next row is read on


def test_a_header_without_required_columns_or_with_unknown_ones_refuses_the_file(tmp_path):
    with pytest.raises(OnixImportError, match="isbn, original_language"):
        _read(_csv(tmp_path, [{"reference": "x", "original_title": "t"}]))
    with pytest.raises(OnixImportError, match="not a column of the catalogue template"):
        _read(_csv(tmp_path, [{**GOOD, "price": "12"}]))


def test_xlsx_rows_read_like_csv_rows_with_numbers_and_dates(tmp_path):
    import datetime as dt

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["reference", "isbn", "original_title", "original_language", "publication_date"])
    sheet.append(["LP-1", 9787020002207, "长河落日", "zh-hans", dt.datetime(2024, 5, 1)])
    sheet.append([None, None, None, None, None])
    path = tmp_path / "catalogue.xlsx"
    workbook.save(path)
    (record,) = _read(str(path), format="xlsx", country="CN")
    assert (record.isbn, record.published_on) == ("9787020002207", dt.date(2024, 5, 1))
    assert record.country == "CN"
