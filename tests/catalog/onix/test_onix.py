"""ONIX for Books 3.0 import/export: real files, real PostgreSQL, all-or-nothing writes."""

from __future__ import annotations

import datetime as dt
import io
import json
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import translation
from modeltranslation.utils import build_localized_fieldname

from catalog.models import OwnershipShare, Party, Work, WorkCreator, WorkIdentifier
from catalog.onix import OnixImportError
from catalog.onix.importer import onix_import
from catalog.vocabulary import CreatorRole, IdentifierScheme, PartyKind, WorkType
from i18n.languages import LANGUAGE_CODES
from tests.factories.onix import china_exclusive_world_otherwise

FIXTURES = Path(__file__).parent / "fixtures" / "onix"
REFERENCE = FIXTURES / "reference.xml"
SHORT = FIXTURES / "short_tags.xml"

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _english():
    # Error messages are translated; assert on the English ones.
    with translation.override("en"):
        yield


def _counts() -> dict[str, int]:
    models = (Work, Party, WorkIdentifier, WorkCreator, OwnershipShare)
    return {model.__name__: model.objects.count() for model in models}


def _work(isbn: str) -> Work:
    return Work.objects.get(identifiers__scheme=IdentifierScheme.ISBN, identifiers__value=isbn)


def _localized(work: Work, name: str) -> dict[str, str]:
    values = {code: getattr(work, build_localized_fieldname(name, code)) for code in LANGUAGE_CODES}
    return {code: value for code, value in values.items() if value}


def _snapshot() -> dict[str, dict]:
    """Everything an import writes, keyed by ISBN, free of database ids."""
    result = {}
    works = Work.objects.select_related("holder").prefetch_related(
        "identifiers", "creators__party", "shares__party"
    )
    for work in works:
        (isbn,) = [i.value for i in work.identifiers.all() if i.scheme == IdentifierScheme.ISBN]
        holder = work.holder
        result[isbn] = {
            "work_type": work.work_type,
            "original_title": work.original_title,
            "original_language": work.original_language,
            "country_of_origin": work.country_of_origin,
            "published_on": work.published_on,
            "subjects": work.subjects,
            "sales_rights": work.sales_rights,
            "titles": _localized(work, "title"),
            "synopses": _localized(work, "synopsis"),
            "translation_status": work.translation_status,
            "holder": (holder.original_name, holder.country, holder.kind, holder.category),
            "creators": [
                (c.party.original_name, c.party.country, c.party.kind, c.role, c.position)
                for c in work.creators.all()
            ],
            "shares": [(s.party.original_name, s.right, s.percent) for s in work.shares.all()],
        }
    return result


def _wipe() -> None:
    Work.objects.all().delete()
    Party.objects.all().delete()


def _refusals(summary) -> list[str]:
    return [result.message for result in summary.refused]


def _edited(tmp_path: Path, *replacements: tuple[str, str]) -> Path:
    text = REFERENCE.read_text(encoding="utf-8")
    for old, new in replacements:
        assert old in text, old
        text = text.replace(old, new)
    path = tmp_path / "edited.xml"
    path.write_text(text, encoding="utf-8")
    return path


def test_reference_file_creates_works_parties_and_isbns():
    summary = onix_import(source=REFERENCE)

    assert summary.products_read == 6
    assert summary.works_created == 6
    assert summary.identifiers_created == 6
    # 5 publishers (two records share one) + 8 named creators; the foreword writer
    # (role A23) is not a creator of the work and is skipped.
    assert summary.parties_created == 13
    assert summary.contributors_skipped == 1
    assert _counts() == {
        "Work": 6,
        "Party": 13,
        "WorkIdentifier": 6,
        "WorkCreator": 8,
        "OwnershipShare": 6,
    }

    novel = _work("9787532145676")
    assert novel.work_type == WorkType.LITERARY
    assert novel.original_language == "zh-hans"
    assert novel.original_title == "山海之间"
    assert novel.title_zh_hans == "山海之间"
    assert novel.title_en == "Between Mountains and Seas"
    assert not novel.title_vi
    assert novel.synopsis_zh_hans.startswith("三代人")
    assert novel.synopsis_en.startswith("Three generations")
    assert novel.subjects == [
        "BISAC:FIC019000",
        "THEMA:FBA",
        "family saga",
        "Zhejiang",
        "coming of age",
    ]
    assert novel.published_on == dt.date(2023, 3, 15)
    assert novel.country_of_origin == "CN"
    assert novel.translation_status["zh-hans"] == "reviewed"
    assert novel.translation_status["en"] == "reviewed"
    assert novel.translation_status["th"] == "missing"
    assert novel.holder.original_name == "江南文艺出版社"
    assert novel.holder.kind == PartyKind.ORGANISATION
    assert novel.holder.category == "publisher"
    assert novel.shares.get().party == novel.holder

    comic = _work("9787532145683")
    assert comic.work_type == WorkType.COMIC  # BISAC CGN* / Thema X*
    assert comic.original_title == "星河少年: 第一卷"
    assert comic.holder == novel.holder  # same name and country: one party
    assert comic.synopsis_zh_hans == "少年驾驶旧飞船穿越星河，寻找失踪的父亲。"  # HTML stripped
    assert [(c.party.original_name, c.role) for c in comic.creators.all()] == [
        ("周明", CreatorRole.AUTHOR),
        ("陈小鹿", CreatorRole.ILLUSTRATOR),
    ]

    vietnamese = _work("9786041234567")
    assert vietnamese.original_language == "vi"
    assert vietnamese.title_vi == "Mùa hạ cuối cùng"
    assert not vietnamese.title_zh_hans
    assert vietnamese.synopsis_vi.startswith("Mùa hè cuối cùng")
    assert vietnamese.creators.get().party.country == "VN"

    thai = _work("9786167123455")
    assert thai.original_language == "th"
    assert thai.title_th == "บ้านริมคลอง"
    assert thai.holder.original_name == "สำนักพิมพ์ริมน้ำ"
    assert thai.holder.country == "TH"
    # No ContributorPlace: the author is taken to be from the publisher's country.
    assert thai.creators.get().party.country == "TH"

    taiwanese = _work("9789865432102")
    assert taiwanese.original_language == "zh-hant"  # Chinese published in TW
    assert taiwanese.title_zh_hant == "霧中的港口"
    assert not taiwanese.title_zh_hans
    assert taiwanese.synopsis_zh_hant.startswith("基隆港")

    english = _work("9789811234569")  # given as a GTIN-13 (ProductIDType 03)
    assert english.original_title == "The River Year: Stories from the Mekong"
    assert english.title_en == english.original_title
    assert english.published_on == dt.date(2024, 5, 1)  # dateformat 01, YYYYMM
    assert english.synopsis_en == (
        "Twelve linked stories follow a fishing family on the Tonle Sap through one year."
    )
    creators = [(c.party.original_name, c.party.country, c.role) for c in english.creators.all()]
    assert creators == [
        ("Sokha Chan", "KH", CreatorRole.AUTHOR),
        ("Mei Ling Tan", "SG", CreatorRole.TRANSLATOR),
    ]


def test_sales_rights_are_kept_for_listings():
    onix_import(source=REFERENCE)

    assert _work("9787532145676").sales_rights == china_exclusive_world_otherwise()
    assert _work("9786041234567").sales_rights[0]["countries"] == ["VN", "LA", "KH"]
    rest = _work("9789811234569").sales_rights[-1]
    assert rest["rest_of_world"] is True
    assert rest["type"] == "02"


def test_short_tags_give_the_same_catalogue_as_reference_tags():
    onix_import(source=REFERENCE)
    from_reference = _snapshot()
    _wipe()

    summary = onix_import(source=SHORT)

    assert summary.works_created == 6
    assert _snapshot() == from_reference


def test_reimport_is_idempotent():
    onix_import(source=REFERENCE)
    counts, snapshot = _counts(), _snapshot()

    summary = onix_import(source=REFERENCE)

    assert summary.works_created == 0
    assert summary.works_updated == 0
    assert summary.works_unchanged == 6
    assert summary.parties_created == 0
    assert summary.identifiers_created == 0
    assert summary.creators_added == 0
    assert _counts() == counts
    assert _snapshot() == snapshot


def test_reimport_updates_changed_fields_and_adds_creators(tmp_path):
    onix_import(source=REFERENCE)
    counts = _counts()
    changed = _edited(
        tmp_path,
        (
            "<TitleText>Mùa hạ cuối cùng</TitleText>",
            "<TitleText>Mùa hạ cuối cùng (tái bản)</TitleText>",
        ),
        (
            "<CountriesIncluded>VN LA KH</CountriesIncluded>",
            "<CountriesIncluded>VN LA KH MM</CountriesIncluded>",
        ),
        ('<Date dateformat="00">20220901</Date>', '<Date dateformat="00">20230110</Date>'),
        (
            "<PersonName>สมใจ ศรีสุข</PersonName>\n      </Contributor>",
            "<PersonName>สมใจ ศรีสุข</PersonName>\n      </Contributor>\n"
            "      <Contributor><SequenceNumber>2</SequenceNumber>"
            "<ContributorRole>A12</ContributorRole><PersonName>ปรีชา ทองดี</PersonName>"
            "</Contributor>",
        ),
    )

    summary = onix_import(source=changed)

    assert summary.works_created == 0
    assert summary.works_updated == 2
    assert summary.works_unchanged == 4
    assert summary.parties_created == 1
    assert summary.creators_added == 1
    vietnamese = _work("9786041234567")
    assert vietnamese.original_title == "Mùa hạ cuối cùng (tái bản)"
    assert vietnamese.title_vi == "Mùa hạ cuối cùng (tái bản)"
    assert vietnamese.sales_rights[0]["countries"] == ["VN", "LA", "KH", "MM"]
    assert vietnamese.published_on == dt.date(2023, 1, 10)
    thai = _work("9786167123455")
    assert [(c.party.original_name, c.role, c.position) for c in thai.creators.all()] == [
        ("สมใจ ศรีสุข", CreatorRole.AUTHOR, 0),
        ("ปรีชา ทองดี", CreatorRole.ILLUSTRATOR, 1),
    ]
    assert _counts() == {
        **counts,
        "Party": counts["Party"] + 1,
        "WorkCreator": counts["WorkCreator"] + 1,
    }


def test_a_different_publisher_is_an_error_not_a_silent_holder_change(tmp_path):
    onix_import(source=REFERENCE)
    counts, snapshot = _counts(), _snapshot()
    changed = _edited(
        tmp_path,
        ("<TitleText>บ้านริมคลอง</TitleText>", "<TitleText>บ้านริมคลอง ฉบับใหม่</TitleText>"),
        (
            "<PublisherName>Straits Press</PublisherName>",
            "<PublisherName>Harbour Books</PublisherName>",
        ),
    )

    summary = onix_import(source=changed)

    (message,) = _refusals(summary)
    assert message.startswith(
        "record 6 (ref sg.straits-press.9789811234569): PublishingDetail/Publisher/PublisherName"
    )
    assert "Straits Press" in message
    assert not summary.written
    # Record 4's valid title change was not written either.
    assert _counts() == counts
    assert _snapshot() == snapshot


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "bad_isbn.xml",
            "record 3 (ref com.example.0003): ProductIdentifier/IDValue '9780306406158': "
            "not a valid ISBN (check digit)",
        ),
        (
            # The schema speaks first, by schema path and line: no TitleDetail at all.
            "missing_title.xml",
            "record 2 (ref vn.vidu.0002): /ONIXMessage/Product[2]/DescriptiveDetail: "
            "not valid against the ONIX schema: Unexpected child with tag 'Contributor' "
            "at position 3. Tag ('TitleDetail' | 'ThesisType') expected. (line 27)",
        ),
    ],
)
def test_a_refused_record_is_named_and_nothing_is_written(name, expected):
    onix_import(source=REFERENCE)  # earlier data must survive untouched too
    counts, snapshot = _counts(), _snapshot()

    summary = onix_import(source=FIXTURES / name)

    assert _refusals(summary) == [expected]
    assert [r.outcome for r in summary.records if r.outcome != "refused"] == ["created"] * (
        summary.products_read - 1
    )
    assert not summary.written
    assert _counts() == counts
    assert _snapshot() == snapshot


def test_broken_xml_is_refused_as_a_file():
    with pytest.raises(OnixImportError) as raised:
        onix_import(source=FIXTURES / "malformed.xml")

    assert str(raised.value).startswith(
        "record 2 (ref th.example.0002): "
        "DescriptiveDetail/TitleDetail/TitleElement/TitleText: malformed XML at line 34"
    )
    assert _counts()["Work"] == 0


def test_an_isbn_twice_in_one_file_is_an_error(tmp_path):
    changed = _edited(
        tmp_path, ("<IDValue>9786167123455</IDValue>", "<IDValue>9786041234567</IDValue>")
    )

    summary = onix_import(source=changed)

    (message,) = _refusals(summary)
    assert message.startswith("record 4 (ref th.rimnam.9786167123455): ProductIdentifier")
    assert "same ISBN as record 3" in message
    assert _counts()["Work"] == 0


@pytest.mark.parametrize(
    ("payload", "field"),
    [
        (
            b'<?xml version="1.0"?><!DOCTYPE m [<!ENTITY a "aaaaaaaaaa">'
            b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>'
            b'<ONIXMessage release="3.0"><Product>&b;</Product></ONIXMessage>',
            "DOCTYPE",
        ),
        (
            b'<?xml version="1.0"?><!DOCTYPE m SYSTEM "file:///etc/passwd">'
            b'<ONIXMessage release="3.0"/>',
            "DOCTYPE",
        ),
        (b'<ONIXMessage release="2.1"/>', "ONIXMessage/@release '2.1'"),
        (
            b'<ONIXMessage xmlns="http://ns.editeur.org/onix/3.0/reference" release="3.0">'
            b"<Header><SentDateTime>yesterday</SentDateTime></Header></ONIXMessage>",
            "/ONIXMessage/Header",
        ),
        (b"<Catalogue/>", "Catalogue"),
    ],
)
def test_unsafe_or_foreign_files_are_refused(payload, field):
    with pytest.raises(OnixImportError) as raised:
        onix_import(source=io.BytesIO(payload))

    assert str(raised.value).startswith(f"file: {field}")


def test_validation_errors_name_the_field(tmp_path):
    # Code-list and pattern errors are the schema's (ONIX list 74, list 91); a date
    # that matches the pattern but does not exist is the record reader's.
    cases = [
        (
            ("<LanguageCode>vie</LanguageCode>", "<LanguageCode>xxq</LanguageCode>"),
            "record 3 (ref vn.nxb-song-hong.9786041234567): "
            "/ONIXMessage/Product[3]/DescriptiveDetail/Language/LanguageCode: "
            "not valid against the ONIX schema",
        ),
        (
            (
                "<CountriesIncluded>VN LA KH</CountriesIncluded>",
                "<CountriesIncluded>VN QQ KH</CountriesIncluded>",
            ),
            "record 3 (ref vn.nxb-song-hong.9786041234567): "
            "/ONIXMessage/Product[3]/PublishingDetail/SalesRights/Territory/CountriesIncluded: "
            "not valid against the ONIX schema",
        ),
        (
            ("<Date>20210620</Date>", "<Date>20210231</Date>"),
            "record 4 (ref th.rimnam.9786167123455): "
            "PublishingDetail/PublishingDate/Date '20210231'",
        ),
    ]
    for replacement, expected in cases:
        summary = onix_import(source=_edited(tmp_path, replacement))
        (message,) = _refusals(summary)
        assert message.startswith(expected), message
    assert _counts()["Work"] == 0


def test_round_trip_export_then_import_into_a_clean_catalogue(tmp_path):
    onix_import(source=REFERENCE)
    before = _snapshot()
    exported = tmp_path / "export.xml"
    call_command("export_onix", str(exported), stdout=io.StringIO())
    _wipe()
    assert _counts()["Work"] == 0

    summary = onix_import(source=exported)

    assert summary.works_created == 6
    assert _snapshot() == before
    # And the export read back into the same catalogue changes nothing.
    again = onix_import(source=exported)
    assert again.works_unchanged == 6
    assert _snapshot() == before


def test_export_to_stdout_is_reference_tag_onix():
    onix_import(source=REFERENCE)
    out = io.StringIO()

    call_command("export_onix", "-", "--isbn", "9786167123455", stdout=out)

    xml = out.getvalue()
    assert 'xmlns="http://ns.editeur.org/onix/3.0/reference"' in xml
    assert xml.count("<Product>") == 1
    assert "<TitleText>บ้านริมคลอง</TitleText>" in xml


def test_command_prints_summary_as_json():
    out = io.StringIO()

    call_command("import_onix", str(REFERENCE), "--json", stdout=out)

    summary = json.loads(out.getvalue())
    assert summary["products_read"] == 6
    assert summary["works_created"] == 6
    assert summary["identifiers_created"] == 6
    assert summary["parties_created"] == 13
    assert summary["dry_run"] is False


def test_command_text_summary_and_dry_run():
    out = io.StringIO()

    call_command("import_onix", str(REFERENCE), "--dry-run", stdout=out)

    assert "works created: 6" in out.getvalue()
    assert _counts()["Work"] == 0


def test_command_fails_with_the_record_and_field():
    with pytest.raises(CommandError) as raised:
        call_command("import_onix", str(FIXTURES / "bad_isbn.xml"), stdout=io.StringIO())

    assert "1 records refused, nothing written" in str(raised.value)
    assert "record 3 (ref com.example.0003): ProductIdentifier/IDValue" in str(raised.value)
    assert _counts()["Work"] == 0


def test_deletion_notices_are_ignored(tmp_path):
    changed = _edited(
        tmp_path,
        (
            "<RecordReference>th.rimnam.9786167123455</RecordReference>\n"
            "    <NotificationType>03</NotificationType>",
            "<RecordReference>th.rimnam.9786167123455</RecordReference>\n"
            "    <NotificationType>05</NotificationType>",
        ),
    )

    summary = onix_import(source=changed)

    assert summary.deletions_ignored == 1
    assert summary.works_created == 5
    assert not WorkIdentifier.objects.filter(value="9786167123455").exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_imports_of_one_file_create_each_party_once():
    # Parties have no natural key, so only the import lock keeps two runs from both
    # missing "江南文艺出版社" and creating it twice.
    from concurrent.futures import ThreadPoolExecutor

    from django.db import connection

    def run() -> str:
        try:
            with translation.override("en"):
                summary = onix_import(source=REFERENCE)
            return f"created {summary.works_created}, unchanged {summary.works_unchanged}"
        finally:
            connection.close()

    with ThreadPoolExecutor(max_workers=2) as pool:
        results = sorted(pool.map(lambda _: run(), range(2)))

    assert results == ["created 0, unchanged 6", "created 6, unchanged 0"]
    assert _counts()["Work"] == 6
    assert _counts()["Party"] == 13
