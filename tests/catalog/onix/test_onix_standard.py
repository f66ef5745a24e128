"""ONIX as the standard has it: 3.1 and short tags, the official XSDs, optional elements
left out, per-record results and quarantine, sales rights for listings, and export that
EDItEUR's schema accepts."""

from __future__ import annotations

import functools
import io
import xml.etree.ElementTree as ET
from pathlib import Path

import defusedxml.ElementTree as SafeET
import pytest
import xmlschema
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation

from catalog.models import Party, Work
from catalog.onix.countries import isbn_country
from catalog.onix.importer import onix_import
from catalog.onix.rights import for_sale_countries, sales_rights, sales_rights_by_work
from catalog.onix.schema import SCHEMA_DIR
from catalog.services import WorkChanges, party_create, work_update
from catalog.territories import all_countries
from catalog.territory_strings import describe_countries
from catalog.vocabulary import PartyCategory, PartyKind
from tests.catalog.onix.test_onix import REFERENCE, _counts, _snapshot, _wipe, _work

FIXTURES = Path(__file__).parent / "fixtures" / "onix"
RELEASE31 = FIXTURES / "release31_reference.xml"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    with translation.override("en"):
        yield


@functools.cache
def _schema(name: str) -> xmlschema.XMLSchema10:
    return xmlschema.XMLSchema10(str(SCHEMA_DIR / name))


@functools.cache
def _short_names(release: str) -> dict[str, str]:
    """Reference → short tag, from EDItEUR's two XSDs (declared in the same order)."""
    reference = _schema(f"ONIX_BookProduct_{release}_reference.xsd")
    short = _schema(f"ONIX_BookProduct_{release}_short.xsd")
    names = dict(
        zip(
            (e.local_name for e in reference.elements.values()),
            (e.local_name for e in short.elements.values()),
            strict=True,
        )
    )
    # Spot checks against ONIX for Books' published tag list.
    assert names["RecordReference"] == "a001"
    assert names["CountryOfPublication"] == "b083"
    assert names["SalesRights"] == "salesrights"
    return names


def _to_short(path: Path, tmp_path: Path, release: str) -> Path:
    tree = ET.ElementTree(SafeET.parse(path).getroot())
    names = _short_names(release)
    reference_ns = f"http://ns.editeur.org/onix/{release}/reference"
    short_ns = f"http://ns.editeur.org/onix/{release}/short"
    for elem in tree.iter():
        local = elem.tag.rpartition("}")[2]
        elem.tag = f"{{{short_ns}}}{names[local]}"
    ET.register_namespace("", short_ns)
    out = tmp_path / f"short_{path.name}"
    tree.write(out, encoding="utf-8", xml_declaration=True)
    assert reference_ns not in out.read_text(encoding="utf-8")
    return out


def _edited(tmp_path: Path, source: Path, *replacements: tuple[str, str]) -> Path:
    text = source.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / f"edited_{source.name}"
    path.write_text(text, encoding="utf-8")
    return path


# --- ONIX 3.1, short tags, and the official schema ------------------------------------


def test_release_31_without_country_of_publication_imports():
    assert not _schema("ONIX_BookProduct_3.1_reference.xsd").is_valid(
        io.StringIO(RELEASE31.read_text().replace("<TitleDetail>", "<Nonsense/><TitleDetail>"))
    )
    assert _schema("ONIX_BookProduct_3.1_reference.xsd").is_valid(str(RELEASE31))

    summary = onix_import(source=RELEASE31)

    assert summary.written
    assert [(r.reference, r.outcome) for r in summary.records] == [
        ("th.chaophraya.9786165551236", "created"),
        ("th.chaophraya.9780000000002", "created"),
    ]
    river = _work("9786165551236")
    # 978-616 is Thailand's ISBN agency.
    assert river.country_of_origin == "TH"
    assert river.holder.original_name == "Chao Phraya Editions"
    assert river.original_title == "แม่น้ำสายเก่า: นวนิยาย"
    assert not river.synopsis_en and "three floods" in river.synopsis_th
    ledger = _work("9781234567897")
    # 978-1 is the English-language area (no country): the publisher's country, as the
    # file's first product established it, is used.
    assert ledger.country_of_origin == "TH"
    assert ledger.original_title == "The Monsoon Ledger"
    assert ledger.holder_id == river.holder_id


@pytest.mark.parametrize(("source", "release"), [(REFERENCE, "3.0"), (RELEASE31, "3.1")])
def test_short_tags_from_the_official_schema_read_as_reference_tags(source, release, tmp_path):
    short = _to_short(source, tmp_path, release)
    assert _schema(f"ONIX_BookProduct_{release}_short.xsd").is_valid(str(short))
    onix_import(source=source)
    expected = _snapshot()
    _wipe()

    summary = onix_import(source=short)

    assert summary.works_refused == 0
    assert _snapshot() == expected


def test_a_schema_error_is_named_by_schema_path_and_line(tmp_path):
    broken = _edited(
        tmp_path,
        RELEASE31,
        (
            "<ProductForm>ED</ProductForm>",
            "<ProductForm>ED</ProductForm><ProductForm>BC</ProductForm>",
        ),
        ("<CurrencyCode>THB</CurrencyCode>", "<CurrencyCode>BAHT</CurrencyCode>"),
    )

    summary = onix_import(source=broken)

    refused = {r.index: r for r in summary.refused}
    assert set(refused) == {1, 2}
    assert (
        refused[1].field == "/ONIXMessage/Product[1]/ProductSupply/SupplyDetail/Price/CurrencyCode"
    )
    assert refused[1].reason.endswith("(line 129)")
    assert refused[2].field == "/ONIXMessage/Product[2]/DescriptiveDetail"
    assert "ProductForm" in refused[2].reason
    assert not summary.written and _counts()["Work"] == 0


def test_files_without_the_namespace_are_validated_against_their_release(tmp_path):
    bare = _edited(tmp_path, RELEASE31, (' xmlns="http://ns.editeur.org/onix/3.1/reference"', ""))

    assert onix_import(source=bare).works_created == 2


def test_a_product_found_valid_is_not_checked_again(monkeypatch):
    from catalog.onix import reader

    cache.clear()
    calls = []
    real = reader.check_element
    monkeypatch.setattr(reader, "check_element", lambda *a, **k: calls.append(1) or real(*a, **k))
    onix_import(source=RELEASE31, dry_run=True)
    first = len(calls)

    onix_import(source=RELEASE31, dry_run=True)

    assert first == 3  # the header and two products
    assert len(calls) == first  # all three were found valid before


# --- the country fallback ----------------------------------------------------------------


def test_isbn_registration_groups_that_are_one_country():
    assert isbn_country("9787532145676") == "CN"
    assert isbn_country("9786041234567") == "VN"
    assert isbn_country("9786161234567") == "TH"
    assert isbn_country("9789741234567") == "TH"
    assert isbn_country("9789671234567") == "MY"
    assert isbn_country("9786021234567") == "ID"
    assert isbn_country("9789621234567") == "HK"
    # Language areas name no country.
    assert isbn_country("9780141036144") == ""
    assert isbn_country("9782070360024") == ""


def _without_country(tmp_path: Path, isbn_from: str, isbn_to: str) -> Path:
    # Product 3 of the reference file (a Vietnamese novel) without CountryOfPublication.
    return _edited(
        tmp_path,
        REFERENCE,
        ("<CountryOfPublication>VN</CountryOfPublication>", ""),
        (f"<IDValue>{isbn_from}</IDValue>", f"<IDValue>{isbn_to}</IDValue>"),
    )


def test_a_known_publisher_country_comes_before_the_isbn_group(tmp_path):
    # The publisher is known here as a Lao house; its ISBN is Vietnamese.
    party_create(
        kind=PartyKind.ORGANISATION,
        category=PartyCategory.PUBLISHER,
        name="Nhà xuất bản Sông Hồng",
        country="LA",
    )

    onix_import(source=_without_country(tmp_path, "9786041234567", "9786041234567"))

    assert _work("9786041234567").country_of_origin == "LA"


def test_the_sender_country_comes_next_then_the_default(tmp_path):
    language_area = "9780306406157"  # 978-0: English-language area, no country
    source = _without_country(tmp_path, "9786041234567", language_area)

    summary = onix_import(source=source)
    (refused,) = summary.refused
    assert refused.field == "PublishingDetail/CountryOfPublication"
    assert "give the country" in refused.reason
    assert not summary.written

    assert onix_import(source=source, default_country="kh").written
    assert _work(language_area).country_of_origin == "KH"
    _wipe()
    party_create(
        kind=PartyKind.ORGANISATION,
        category=PartyCategory.OTHER,
        name="Mekong Rights Agency",  # the file's Header/Sender
        country="SG",
    )
    onix_import(source=source, default_country="KH")
    assert _work(language_area).country_of_origin == "SG"


# --- per-record results, quarantine --------------------------------------------------------


def _two_bad_records(tmp_path: Path) -> Path:
    return _edited(
        tmp_path,
        REFERENCE,
        ("<IDValue>9786041234567</IDValue>", "<IDValue>9786041234568</IDValue>"),
        ("<Date>20210620</Date>", "<Date>20210231</Date>"),
    )


def test_all_or_nothing_lists_every_refusal_and_writes_nothing(tmp_path):
    summary = onix_import(source=_two_bad_records(tmp_path))

    assert [(r.index, r.outcome, r.field) for r in summary.records if r.outcome == "refused"] == [
        (3, "refused", "ProductIdentifier/IDValue"),
        (4, "refused", "PublishingDetail/PublishingDate/Date"),
    ]
    assert summary.refused[0].value == "9786041234568"
    assert "check digit" in summary.refused[0].reason
    assert not summary.written
    assert _counts()["Work"] == 0


def test_quarantine_writes_the_good_records_and_lists_the_refused(tmp_path):
    summary = onix_import(source=_two_bad_records(tmp_path), mode="quarantine")

    assert summary.written
    assert [r.outcome for r in summary.records] == [
        "created",
        "created",
        "refused",
        "refused",
        "created",
        "created",
    ]
    assert summary.records[0].title == "山海之间"
    assert summary.records[0].work_id == _work("9787532145676").pk
    assert _counts()["Work"] == 4

    again = onix_import(source=REFERENCE, mode="quarantine")
    assert [r.outcome for r in again.records] == [
        "unchanged",
        "unchanged",
        "created",
        "created",
        "unchanged",
        "unchanged",
    ]


def test_the_command_lists_refusals_and_quarantines_on_request(tmp_path):
    source = _two_bad_records(tmp_path)
    out = io.StringIO()

    call_command("import_onix", str(source), "--quarantine", stdout=out)

    text = out.getvalue()
    assert "records refused: 2" in text
    assert "refused: record 3 (ref vn.nxb-song-hong.9786041234567)" in text
    assert _counts()["Work"] == 4


def test_a_whole_chunk_refused_by_the_database_is_replayed_record_by_record(tmp_path, monkeypatch):
    from catalog.onix import writer

    def refuse(self, records):
        raise writer.IntegrityError("simulated")

    monkeypatch.setattr(writer.ChunkWriter, "_bulk_create", refuse)

    summary = onix_import(source=REFERENCE)

    assert summary.works_created == 6 and summary.written
    assert Party.objects.count() == 13


# --- sales rights for the listing grid -------------------------------------------------------


def test_sales_rights_come_back_typed_with_exclusions_and_rest_of_world():
    onix_import(source=RELEASE31)
    river = _work("9786165551236")

    entries = sales_rights(river)

    assert [(e.type, e.for_sale, e.exclusive, e.rest_of_world) for e in entries] == [
        ("01", True, True, False),
        ("03", False, False, False),
        ("02", True, False, True),
    ]
    assert entries[0].covered() == {"TH", "LA"}
    on_sale = for_sale_countries(entries)
    assert {"TH", "LA", "FR", "JP"} <= on_sale
    assert "US" not in on_sale
    assert sales_rights_by_work([river.pk])[river.pk] == entries


def test_onix_sales_rights_prefill_the_bulk_listing_grid():
    from marketplace.listings.bulk.prefill import grid_text

    onix_import(source=REFERENCE)
    novel = _work("9787532145676")  # for sale in CN exclusively, WORLD ex CN TW HK MO

    expected = all_countries() - {"TW", "HK", "MO"}
    assert for_sale_countries(sales_rights(novel)) == expected
    line = grid_text([novel]).splitlines()[1]
    assert f"; translation; {describe_countries(expected)};" in line


# --- export ---------------------------------------------------------------------------------------


def test_export_of_a_multilingual_catalogue_is_valid_onix_and_reads_back_the_same(tmp_path):
    onix_import(source=REFERENCE)
    onix_import(source=RELEASE31)
    novel = _work("9787532145676")
    work_update(
        work=novel,
        changes=WorkChanges(
            titles={"th": "ระหว่างภูเขาและทะเล"},
            synopses={"th": "สามรุ่นของครอบครัวหนึ่งในเมืองเล็กๆ ทางใต้ของแม่น้ำแยงซี"},
        ),
    )
    before = _snapshot()
    assert len(before) == 8
    assert {w.original_language for w in Work.objects.all()} >= {
        "zh-hans",
        "zh-hant",
        "th",
        "en",
        "vi",
    }
    exported = tmp_path / "export.xml"
    call_command("export_onix", str(exported), stdout=io.StringIO())

    schema = _schema("ONIX_BookProduct_3.0_reference.xsd")
    errors = [f"{e.path}: {e.reason}" for e in schema.iter_errors(str(exported))]
    assert errors == []

    _wipe()
    summary = onix_import(source=exported)
    assert summary.works_created == 8
    assert _snapshot() == before
