"""Channels and formats apart, licensees' own words resolved, unknown words held — never
"other" (licensing/royalties/vocabulary.py, unmapped.py; docs/royalties.md)."""

from __future__ import annotations

import importlib
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.utils import translation

from licensing.models import Grant
from licensing.royalties.models import (
    OutOfLicenceLine,
    QuarantinedRow,
    UnmappedRow,
    UsageLine,
    UsageValueMap,
)
from licensing.royalties.review import usage_report_review_decide
from licensing.royalties.selectors import unmapped_values
from licensing.royalties.services import (
    period_close,
    usage_unmapped_resolve,
    usage_value_map_delete,
    usage_value_map_save,
)
from licensing.royalties.vocabulary import (
    CHANNEL,
    FORMAT,
    TERRITORY,
    ValueResolver,
    builtin_lookup,
    channel_label,
    format_label,
    value_key,
)
from licensing.terms import Terms
from tests.factories.catalog import make_user
from tests.factories.royalties import RoyaltyDeal, import_rows, row

SPLIT = importlib.import_module("licensing.royalties.migrations.0011_channels_and_formats_split")


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("Vietnam", "VN"),
        ("Viet Nam", "VN"),
        ("VIET-NAM", "VN"),
        ("Việt Nam", "VN"),
        ("Viet Nam", "VN"),
        ("เวียดนาม", "VN"),
        ("越南", "VN"),
        ("ဗီယက်နမ်", "VN"),  # Burmese
        ("ຫວຽດນາມ", "VN"),  # Lao
        ("វៀតណាម", "VN"),  # Khmer
        ("vn", "VN"),
        ("VNM", "VN"),
        ("UK", "GB"),
        ("South Korea", "KR"),
        ("Laos", "LA"),
        ("Burma", "MM"),
        ("Myanmar (Burma)", "MM"),
        ("泰國", "TH"),  # traditional Chinese
        ("Pilipinas", "PH"),
        ("Hong Kong SAR China", "HK"),
    ],
)
def test_territories_from_names_in_the_interface_languages_codes_and_variants(raw, code):
    assert builtin_lookup(TERRITORY, raw) == code


@pytest.mark.parametrize(
    ("kind", "raw", "code"),
    [
        (CHANNEL, "retail", "retail"),
        (CHANNEL, " Online ", "online"),
        (CHANNEL, "LIBRARY", "library"),
        (CHANNEL, "Book Club", "book_club"),
        (CHANNEL, "On-demand stream", "streaming"),
        (FORMAT, "Hard back", "hardback"),
        (FORMAT, "HB", "hardback"),
        (FORMAT, "hardcover", "hardback"),
        (FORMAT, "ebook", "ebook"),
        (FORMAT, "E-Book", "ebook"),
        (FORMAT, "Paperback", "paperback"),
        (FORMAT, "Comic issue", "comic_issue"),
        (FORMAT, "LP", "album"),
    ],
)
def test_channel_and_format_synonyms(kind, raw, code):
    assert builtin_lookup(kind, raw) == code


def test_a_format_is_not_a_channel_and_nothing_unknown_is_guessed():
    assert builtin_lookup(CHANNEL, "hardback") is None
    assert builtin_lookup(FORMAT, "retail") is None
    assert builtin_lookup(CHANNEL, "kiosk") is None
    assert builtin_lookup(TERRITORY, "Atlantis") is None
    assert value_key(" Hard-Back ") == value_key("hardback")


def test_own_maps_come_before_the_built_ins_and_old_channels_are_formats():
    resolver = ValueResolver({CHANNEL: {"club": "direct"}})
    assert resolver.resolve(CHANNEL, "Club") == "direct"  # built-in: book_club
    assert resolver.channel("E-book") == ("online", "ebook")  # the old "ebook" channel
    assert resolver.channel("print") == ("retail", "")
    assert resolver.channel("kiosk") == (None, "")


@pytest.mark.django_db
def test_a_real_shaped_publisher_file_imports_without_quarantine(tmp_path):
    deal = RoyaltyDeal()
    contract = deal.royalty_contract()  # Vietnam only
    spellings = [
        ("Vietnam", "retail", "hardback"),
        ("Viet Nam", "online", "Hard back"),
        ("Việt Nam", "library", "HB"),
        ("เวียดนาม", "Retail", "paperback"),
        ("越南", "ONLINE", "E-Book"),
        ("VNM", "Library", "ebook"),
    ]
    rows = [
        row(deal, territory=territory, channel=channel, format=fmt, units="4")
        for territory, channel, fmt in spellings
    ]
    report = import_rows(tmp_path, deal, contract, "2027-Q1", rows)
    assert report.status == "posted"
    assert (report.good_rows, report.bad_rows, report.unmapped_rows, report.held_rows) == (
        6,
        0,
        0,
        0,
    )
    assert not QuarantinedRow.objects.filter(warning=False).exists()
    lines = UsageLine.objects.order_by("row_no")
    assert {line.territory for line in lines} == {"VN"}
    assert [(line.channel, line.format) for line in lines] == [
        ("retail", "hardback"),
        ("online", "hardback"),
        ("library", "hardback"),
        ("retail", "paperback"),
        ("online", "ebook"),
        ("library", "ebook"),
    ]


@pytest.mark.django_db
def test_held_rows_join_the_report_once_their_values_are_mapped(tmp_path, settings):
    settings.ROYALTIES_BAD_ROW_THRESHOLD_PERCENT = "50"
    deal = RoyaltyDeal()
    contract = deal.royalty_contract()
    rows = [
        row(deal, units="10"),
        row(deal, channel="Kiosk", units="1"),
        row(deal, channel="kiosk ", units="2"),
        row(deal, channel="KIOSK", territory="Sai Gon", units="3"),
        row(deal, territory="Sai Gon", units="4"),
        row(deal, units="x"),  # a bad row stays bad
    ]
    report = import_rows(tmp_path, deal, contract, "2027-Q1", rows)
    # Rows wait for values to be mapped: the report stops before posting (review.py).
    assert report.status == "review"
    assert (report.good_rows, report.bad_rows, report.unmapped_rows) == (1, 1, 4)
    assert not UsageLine.objects.exclude(channel="retail").exists()  # nothing became "other"
    assert unmapped_values(report) == [
        ("channel", "Kiosk", 3),  # three spellings, one key, shown as the first
        ("territory", "Sai Gon", 2),
    ]
    assert QuarantinedRow.objects.filter(warning=False).count() == 1

    usage_value_map_save(
        licensee=deal.licensee, kind="channel", value="kiosk", target="retail", user=deal.buyer
    )
    assert usage_unmapped_resolve(report=report, user=deal.buyer) == (2, 2)
    held = UnmappedRow.objects.get(row_no=5)  # Kiosk + Sai Gon: only the territory is left
    assert (held.channel, held.territory) == ("", "Sai Gon")
    usage_value_map_save(
        licensee=deal.licensee, kind="territory", value="SAI-GON", target="vn", user=deal.buyer
    )
    assert usage_unmapped_resolve(report=report, user=deal.buyer) == (2, 0)
    report.refresh_from_db()
    assert (report.good_rows, report.bad_rows, report.unmapped_rows) == (5, 1, 0)
    assert unmapped_values(report) == []
    assert sorted(UsageLine.objects.values_list("units", flat=True)) == [1, 2, 3, 4, 10]
    report = usage_report_review_decide(report=report, decision="post", user=deal.buyer)
    assert report.status == "posted"
    (statement,) = period_close(contracts=[contract], period="2027-Q1", enqueue_ledger=False)
    assert statement.earnings == D("25.00")  # 20 units × 12.50 × 10 %


@pytest.mark.django_db
def test_rows_mapped_after_posting_join_the_posted_report_as_posting_would(tmp_path):
    """Posted with a value still unmapped: mapped later, its rows post with the report's
    checks — outside the licence they are held for the licensor, a closed period is
    restated as late usage."""
    deal = RoyaltyDeal()
    contract = deal.royalty_contract()  # Vietnam only
    rows = [row(deal), row(deal, territory="Java"), row(deal, territory="Hà Nội", units="7")]
    report = import_rows(tmp_path, deal, contract, "2027-Q1", rows)
    assert (report.status, report.unmapped_rows) == ("review", 2)
    report = usage_report_review_decide(report=report, decision="post", user=deal.buyer)
    assert report.status == "posted" and report.unmapped_rows == 2  # still held, not lost
    (q1,) = period_close(contracts=[contract], period="2027-Q1", enqueue_ledger=False)
    assert q1.earnings == D("12.50")

    usage_value_map_save(
        licensee=deal.licensee, kind="territory", value="java", target="ID", user=None
    )
    usage_value_map_save(
        licensee=deal.licensee, kind="territory", value="Ha Noi", target="VN", user=None
    )
    assert usage_unmapped_resolve(report=report, user=None) == (2, 0)
    held = OutOfLicenceLine.objects.get()
    assert (held.row_no, held.territory, held.reason) == (3, "ID", "territory")
    report.refresh_from_db()
    assert (report.held_rows, report.good_rows, report.unmapped_rows) == (1, 3, 0)
    assert UsageLine.objects.filter(report=report).count() == 2
    # Q1 is closed: the Hà Nội row is late usage, restated on the next statement.
    (q2,) = period_close(contracts=[contract], period="2027-Q2", enqueue_ledger=False)
    assert q2.adjustments == D("8.75")  # 7 units × 12.50 × 10 %


@pytest.mark.django_db
def test_value_maps_belong_to_one_licensee(tmp_path):
    first, second = RoyaltyDeal(), RoyaltyDeal()
    usage_value_map_save(
        licensee=first.licensee, kind="channel", value="Kiosk", target="retail", user=first.buyer
    )
    report = import_rows(
        tmp_path, second, second.royalty_contract(), "2027-Q1", [row(second, channel="kiosk")]
    )
    assert report.unmapped_rows == 1 and unmapped_values(report) == [("channel", "kiosk", 1)]
    with pytest.raises(PermissionDenied):
        usage_value_map_save(
            licensee=second.licensee, kind="channel", value="x", target="retail", user=first.buyer
        )
    with pytest.raises(PermissionDenied):
        usage_unmapped_resolve(report=report, user=first.buyer)
    with pytest.raises(PermissionDenied):
        usage_value_map_delete(value_map=UsageValueMap.objects.get(), user=second.buyer)
    assert UsageValueMap.objects.get().licensee == first.licensee


@pytest.mark.django_db
def test_a_value_map_names_a_real_code_and_saving_again_changes_it():
    deal = RoyaltyDeal()
    for kind, target, message in [
        ("channel", "hardback", "is not a sales channel"),
        ("format", "retail", "is not a format"),
        ("territory", "XX", "is not an ISO 3166-1 country code"),
        ("territory", "ASEAN", "is not an ISO 3166-1 country code"),
    ]:
        with pytest.raises(ValidationError, match=message):
            usage_value_map_save(
                licensee=deal.licensee, kind=kind, value="kiosk", target=target, user=None
            )
    with pytest.raises(ValidationError):
        usage_value_map_save(
            licensee=deal.licensee, kind="colour", value="x", target="x", user=None
        )
    with pytest.raises(ValidationError):
        usage_value_map_save(
            licensee=deal.licensee, kind="format", value=" - ", target="ebook", user=None
        )
    usage_value_map_save(
        licensee=deal.licensee, kind="format", value="Kindle Ed.", target="ebook", user=None
    )
    usage_value_map_save(
        licensee=deal.licensee, kind="format", value="kindle ed", target="paperback", user=None
    )
    (only,) = UsageValueMap.objects.all()
    assert (only.value, only.target) == ("kindleed", "paperback")


@pytest.mark.django_db
def test_a_rejected_report_keeps_its_held_rows_but_they_cannot_join_it(tmp_path):
    deal = RoyaltyDeal()
    contract = deal.royalty_contract()
    report = import_rows(
        tmp_path, deal, contract, "2027-Q1", [row(deal, channel="kiosk"), row(deal, units="x")]
    )
    assert report.status == "rejected" and unmapped_values(report) == [("channel", "kiosk", 1)]
    with pytest.raises(ValidationError, match="can no longer join"):
        usage_unmapped_resolve(report=report, user=None)


@pytest.mark.django_db
def test_the_migration_splits_old_channel_values(tmp_path):
    deal = RoyaltyDeal()
    contract = deal.royalty_contract()
    import_rows(tmp_path, deal, contract, "2027-Q1", [row(deal), row(deal), row(deal)])
    first, second, third = UsageLine.objects.order_by("row_no")
    # As lines were stored before the split.
    UsageLine.objects.filter(pk=first.pk).update(channel="print", format="Hardcover")
    UsageLine.objects.filter(pk=second.pk).update(channel="ebook", format="")
    UsageLine.objects.filter(pk=third.pk).update(channel="audiobook", format="mp3 thing")
    with connection.cursor() as cursor:
        SPLIT.lines_forward(cursor)
    assert [(line.channel, line.format) for line in UsageLine.objects.order_by("row_no")] == [
        ("retail", "hardback"),
        ("online", "ebook"),
        ("online", "mp3 thing"),  # not a format anyone knows: kept as written
    ]
    old = {
        "currency": "USD",
        "rights": [
            {
                "right_type": "translation",
                "territories": ["VN"],
                "languages": ["vi"],
                "start": "2027-01-01",
                "end": "2030-12-31",
                "media": ["print", "ebook"],
            },
            {
                "right_type": "audio",
                "territories": ["VN"],
                "languages": ["vi"],
                "start": "2027-01-01",
                "end": "2030-12-31",
                "media": ["audiobook", "streaming"],
            },
        ],
        "royalty_rates": [
            {"channel": "print", "basis": "list_price", "rate": "10"},
            {"channel": "ebook", "basis": "net_receipts", "rate": "25"},
            {"channel": "audiobook", "basis": "net_receipts", "rate": "20"},
            {"channel": "streaming", "basis": "per_unit", "rate": "0.01", "format": "Hardcover"},
        ],
    }
    new = SPLIT.terms_forward(old)
    assert [(r["channel"], r["format"]) for r in new["royalty_rates"]] == [
        ("retail", "*"),
        ("online", "ebook"),
        ("online", "audiobook"),
        ("streaming", "hardback"),
    ]
    assert new["rights"][0]["media"] == [] and "ebook" in new["rights"][0]["formats"]
    assert new["rights"][1]["media"] == ["streaming", "online"]
    assert SPLIT.terms_forward(new) is None  # once is enough
    # Old terms read (an immutable offer version) as the migrated ones; a free-text rate
    # format is the migration's to translate, not the reader's.
    coded = {key: value[:3] if key == "royalty_rates" else value for key, value in old.items()}
    migrated = {key: value[:3] if key == "royalty_rates" else value for key, value in new.items()}
    assert Terms.from_dict(coded) == Terms.from_dict(migrated)
    grant = Grant.objects.get(licensee=deal.licensee, work=deal.work)  # the contract's
    Grant.objects.filter(pk=grant.pk).update(media=["print", "streaming"])
    SPLIT.forward(_Apps(), _Editor())
    assert Grant.objects.get(pk=grant.pk).media == ["streaming", "retail"]
    assert UsageLine.objects.get(row_no=first.row_no).channel == "retail"  # idempotent


class _Apps:
    """The migration's ``apps`` for a direct call: today's models have its fields."""

    @staticmethod
    def get_model(app, name):
        from django.apps import apps

        return apps.get_model(app, name)


class _Editor:
    connection = connection


@pytest.mark.django_db
def test_the_old_vocabulary_still_reads_in_an_old_users_file(tmp_path):
    """A licensee whose file still says print / ebook in the channel column."""
    deal = RoyaltyDeal()
    contract = deal.royalty_contract()
    report = import_rows(
        tmp_path,
        deal,
        contract,
        "2027-Q1",
        [
            row(deal, channel="print", format="paperback"),
            row(deal, channel="ebook", format=""),
            row(deal, channel="audiobook", format="mp3"),  # a detail of the old channel
        ],
    )
    assert report.unmapped_rows == 0 and report.good_rows == 3
    assert list(UsageLine.objects.order_by("row_no").values_list("channel", "format")) == [
        ("retail", "paperback"),
        ("online", "ebook"),
        ("online", "audiobook"),
    ]


@pytest.mark.django_db
def test_a_stranger_cannot_map_for_a_licensee():
    deal = RoyaltyDeal()
    with pytest.raises(PermissionDenied):
        usage_value_map_save(
            licensee=deal.licensee, kind="channel", value="x", target="retail", user=make_user()
        )


def test_codes_are_shown_by_their_labels_and_old_words_as_written():
    with translation.override("en"):
        assert (channel_label("retail"), format_label("hardback")) == (
            "Retail (shops)",
            "Hardback",
        )
    assert (channel_label("print"), format_label("mp3 thing")) == ("print", "mp3 thing")
