"""Bulk rights lines: categories, preview (writes nothing), create (all or nothing)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from catalog.vocabulary import RightType
from marketplace.listings.bulk.categories import right_type_for
from marketplace.listings.bulk.services import BulkRefused, bulk_listings_create, bulk_preview
from marketplace.listings.bulk.sheet import read_text, read_upload
from marketplace.listings.models import Listing, ListingStatus
from tests.marketplace.listings.bulk.conftest import ISBNS

LINE = "translation; World ex US, CA; L ex en; exclusive; 2027-01-01..2031-12-31"


@pytest.mark.parametrize(
    ("category", "work_type", "right"),
    [
        ("translation", "literary", RightType.TRANSLATION),
        ("reprint", "literary", RightType.REPRINT),
        ("audio", "literary", RightType.AUDIO),
        ("e-book", "literary", RightType.EBOOK),
        ("film/TV", "literary", RightType.ADAPTATION),
        ("stage", "literary", RightType.PERFORMANCE),
        ("merchandising", "comic", RightType.MERCHANDISING),
        ("serialisation", "literary", RightType.REPRINT),
        ("anthology", "literary", RightType.REPRINT),
        ("digital", "literary", RightType.EBOOK),
        ("digital", "music", RightType.STREAMING),
        ("Digital Streaming", "music", RightType.STREAMING),
        ("sync", "music", RightType.SYNC),
        ("Film / TV adaptation", "literary", RightType.ADAPTATION),
    ],
)
def test_frankfurt_categories_map_to_right_types(category, work_type, right):
    assert right_type_for(category, work_type=work_type) == right


@pytest.mark.parametrize("category", ["other", "film rights maybe"])
def test_categories_without_a_right_type_are_refused_by_name(category):
    with pytest.raises(ValueError, match=f"“{category}”"):
        right_type_for(category)


def _rows(text, works=()):
    rows, errors = read_text(text, works=[f"#{w.pk}" for w in works])
    assert errors == []
    return rows


def test_preview_parses_every_cell_and_writes_nothing(seller, works, django_assert_max_num_queries):
    user, _ = seller
    text = "\n".join(
        [
            f"{ISBNS[0]}; translation, audio; World ex US, CA; L ex en; exclusive; 2027..2031",
            "978-7-5321-4567-6; e-book; ASEAN; Japanese, Korean, French; non-exclusive; 5 years",
            f"#{works[2].pk}; film/TV; Greater China; zh-Hant; ; ",
        ]
    )
    with django_assert_max_num_queries(12):
        preview = bulk_preview(user=user, rows=_rows(text), currency="USD")

    assert preview.ok, preview.errors
    first, second, third = preview.lines
    assert first.work == works[0] and second.work == works[1] and third.work == works[2]
    assert first.data.right_types == ["translation", "audio"]
    assert first.data.territories == ["WORLD"]
    assert sorted(first.data.excluded_territories) == ["CA", "US"]
    assert "en" not in first.data.languages and "ja" in first.data.languages
    assert (first.data.available_from, first.data.available_until) == (
        dt.date(2027, 1, 1),
        dt.date(2031, 12, 31),
    )
    assert first.data.term_months == 60
    assert first.cells["territories"].shown == "WORLD ex CA, US"
    assert second.data.languages == ["fr", "ja", "ko"]
    assert second.data.term_months == 60 and second.data.exclusivity == "non_exclusive"
    assert third.data.right_types == ["adaptation"] and third.data.exclusivity == "either"
    assert Listing.objects.count() == 0


def test_every_error_names_line_column_and_token(seller, works, unregistered, stranger):
    user, _ = seller
    text = "\n".join(
        [
            f"{ISBNS[0]}; other; World ex QQ; L ex; sometimes; 2031-01-01..2027-01-01",
            f"#{unregistered.pk}; translation; ASEAN; vi; exclusive; ",
            f"#{stranger[1].pk}; translation; ASEAN; vi; exclusive; ",
            "only; three; fields",
        ]
    )
    rows, sheet_errors = read_text(text, works=[])
    preview = bulk_preview(user=user, rows=rows, currency="USD", sheet_errors=sheet_errors)

    found = {(e.line, e.column, e.token) for e in preview.errors}
    assert {
        (1, "rights", "other"),
        (1, "territories", "QQ"),
        (1, "languages", "ex"),
        (1, "exclusivity", "sometimes"),
        (1, "period", "2031-01-01..2027-01-01"),
        (2, "work", f"#{unregistered.pk}"),
        (3, "work", f"#{stranger[1].pk}"),
        (4, "", "only; three; fields"),
    } <= found
    reasons = {(e.line, e.column): e.reason for e in preview.errors}
    assert reasons[2, "work"] == "only registered works can be listed"
    named = [e for e in preview.errors if e.column not in ("work", "")]
    assert named and all(f"“{e.token}”" in e.reason for e in named)
    assert not preview.ok
    assert Listing.objects.count() == 0


def test_five_field_lines_apply_to_each_selected_work(seller, works):
    user, _ = seller
    preview = bulk_preview(user=user, rows=_rows(LINE, works[:2]), currency="EUR")

    assert preview.ok, preview.errors
    assert [line.work for line in preview.lines] == works[:2]
    assert {line.data.currency for line in preview.lines} == {"EUR"}


def test_a_repeated_line_is_an_error(seller, works):
    user, _ = seller
    text = f"#{works[0].pk}; {LINE}\n#{works[0].pk}; {LINE}"
    preview = bulk_preview(user=user, rows=_rows(text), currency="USD")

    assert [(e.line, e.column, e.reason) for e in preview.errors] == [(2, "work", "repeats line 1")]


def test_create_writes_every_listing_in_one_go(seller, works):
    user, _ = seller
    created = bulk_listings_create(user=user, rows=_rows(LINE, works), currency="USD", publish=True)

    assert len(created) == 3
    listing = Listing.objects.get(work=works[1])
    assert listing.status == ListingStatus.PUBLISHED
    assert listing.exclusivity == "exclusive"
    assert sorted(listing.excluded_territories) == ["CA", "US"]
    assert listing.available_from == dt.date(2027, 1, 1)
    assert len(listing.languages) > 150 and "en" not in listing.languages
    assert listing.transitions.get().to_status == "published"


def test_create_is_all_or_nothing(seller, works, unregistered):
    user, _ = seller
    text = f"#{works[0].pk}; {LINE}\n#{unregistered.pk}; {LINE}"

    with pytest.raises(BulkRefused) as refused:
        bulk_listings_create(user=user, rows=_rows(text), currency="USD")

    assert [(e.line, e.column) for e in refused.value.preview.errors] == [(2, "work")]
    assert Listing.objects.count() == 0


def test_a_refusal_from_the_listing_service_rolls_back_the_batch(seller, works):
    """A line that passes the preview but that listing_publish refuses (the work was
    withdrawn from registration after the preview) undoes the lines before it."""
    user, _ = seller
    rows = _rows(LINE, works)
    works[2].applications.update(status="revoked")
    works[2].refresh_from_db()

    with pytest.raises(ValidationError):
        bulk_listings_create(user=user, rows=rows, currency="USD", publish=True)

    assert Listing.objects.count() == 0


def test_a_stranger_cannot_list_my_works(seller, works, stranger):
    preview = bulk_preview(user=stranger[0], rows=_rows(f"#{works[0].pk}; {LINE}"), currency="USD")

    assert [(e.column, e.token) for e in preview.errors] == [("work", f"#{works[0].pk}")]
    with pytest.raises(BulkRefused):
        bulk_listings_create(user=stranger[0], rows=_rows(f"{ISBNS[0]}; {LINE}"), currency="USD")
    assert Listing.objects.count() == 0


def test_csv_and_xlsx_sheets(seller, works):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from tests.factories.uploads import xlsx_bytes

    user, _ = seller
    header = ["ISBN", "Category", "Territory", "Languages", "Exclusivity", "Period", "Advance"]
    body = [ISBNS[0], "audio", "Asia ex JP", "Thai, vi", "exclusive", "2027..2028", "1500"]
    csv_file = SimpleUploadedFile(
        "rights.csv", (",".join(header) + "\n" + ",".join(f'"{c}"' for c in body)).encode()
    )
    xlsx_file = SimpleUploadedFile("rights.xlsx", xlsx_bytes([header, [int(ISBNS[0]), *body[1:]]]))

    for upload in (csv_file, xlsx_file):
        rows, errors = read_upload(upload, works=[])
        preview = bulk_preview(user=user, rows=rows, currency="USD", sheet_errors=errors)
        assert preview.ok, preview.errors
        (line,) = preview.lines
        assert line.work == works[0] and line.data.languages == ["th", "vi"]
        assert str(line.data.advance) == "1500" and line.line == 2


def test_a_sheet_without_the_columns_is_refused_by_name(seller, works):
    from django.core.files.uploadedfile import SimpleUploadedFile

    upload = SimpleUploadedFile("rights.csv", b"work,rights,colour\n1,2,3\n")
    rows, errors = read_upload(upload, works=[])

    assert rows == []
    assert {e.token for e in errors} == {"colour", "territories, languages, exclusivity, period"}


def test_the_preview_names_rights_not_held_before_anything_is_written(seller, works):
    """The listing service's rights-in check (No Rights In) is asked by the preview too."""
    from licensing.models import HeldRight
    from licensing.rightsin.services import held_right_add, held_right_remove

    user, _ = seller
    work = works[0]
    held = held_right_add(
        work=work,
        user=user,
        basis=HeldRight.Basis.ACQUIRED,
        right_type="translation",
        territories=["VN"],
        languages=["vi"],
        exclusive=True,
        source_ref="ACQ-1",
    )
    # The author contract recorded with the registered work gives way to this one.
    held_right_remove(held=work.rights_in.exclude(pk=held.pk).get(), user=user)
    text = f"#{work.pk}; translation; VN; vi; exclusive; \n#{work.pk}; translation; TH; th; ; "

    preview = bulk_preview(user=user, rows=_rows(text), currency="USD")

    assert [(e.line, e.column, e.token) for e in preview.errors] == [(2, "rights", "translation")]
    assert "No Rights In" in preview.errors[0].reason
    with pytest.raises(BulkRefused):
        bulk_listings_create(user=user, rows=_rows(text), currency="USD")
    assert Listing.objects.count() == 0
