"""The catalogue upload page → the Celery job → the per-record results and error report."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from catalog.imports.selectors import upload_works
from catalog.models import CatalogueUpload, OwnershipShare, Work, WorkIdentifier
from catalog.services import work_create
from tests.factories.catalog import make_party, make_user, work_input
from tests.mfa import login_with_mfa

pytestmark = pytest.mark.django_db

ONIX = Path(__file__).parents[1] / "onix" / "fixtures" / "onix" / "reference.xml"
HEADER = [
    "reference",
    "isbn",
    "original_title",
    "original_language",
    "title_en",
    "creators",
    "co_owners",
    "source",
    "community",
    "traditional_element",
    "new_contribution",
]
GOOD = [
    "LP-1",
    "9787020002207",
    "长河落日",
    "zh-hans",
    "Sunset over the Long River",
    "王安忆 (author) [CN]",
    "Lotus Press [CN] = 60 all; Mekong Books [VN] = 40 all",
    "",
    "",
    "",
    "",
]
FOLK = [
    "LP-2",
    "9786041234567",
    "Hoa văn Chăm",
    "vi",
    "Cham patterns",
    "",
    "",
    "traditional",
    "Cham weavers [VN]",
    "Cham brocade motifs",
    "a new colour system",
]
# Shares of 60 + 30: the row is refused, naming co_owners.
BAD = ["=HYPERLINK(3)", "9786167123455", "ริมน้ำ", "th", "", "", "Lotus Press = 60; X [TH] = 30"]
BAD += ["", "", "", ""]


@pytest.fixture
def publisher():
    user = make_user()
    party = make_party(name="Lotus Press", country="CN", member=user)
    return user, party


def _csv_file(rows: list[list[str]]) -> SimpleUploadedFile:
    stream = io.StringIO()
    writer = csv.writer(stream)
    writer.writerow(HEADER)
    writer.writerows(rows)
    return SimpleUploadedFile("catalogue.csv", stream.getvalue().encode(), "text/csv")


def _xlsx_file(rows: list[list[str]]) -> SimpleUploadedFile:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile("catalogue.xlsx", buffer.getvalue())


def _upload(client, party, file, *, mode="all_or_nothing", country="CN", capture):
    with capture(execute=True):
        response = client.post(
            reverse("catalogue:upload"),
            {"party": party.pk, "file": file, "mode": mode, "default_country": country},
        )
    assert response.status_code == 302, re.findall(
        r"errorlist[^>]*>(.*?)</ul>", response.content.decode(), re.S
    )
    return CatalogueUpload.objects.get(pk=int(response["Location"].rstrip("/").split("/")[-1]))


def _results(client, upload) -> list[tuple[str, str, str]]:
    page = client.get(reverse("catalogue:job", args=[upload.pk])).content.decode()
    rows = [
        (record.reference, record.outcome, record.field)
        for record in upload.records.order_by("position")
    ]
    for reference, _outcome, _field in rows:
        assert reference in page
    assert page.count('data-outcome="') == len(rows)
    return rows


def test_onix_file_through_the_page_creates_works_held_by_the_uploader(
    client, publisher, celery_eager, django_capture_on_commit_callbacks
):
    user, party = publisher
    client.force_login(user)
    file = SimpleUploadedFile("feed.xml", ONIX.read_bytes(), "application/xml")
    upload = _upload(client, party, file, capture=django_capture_on_commit_callbacks)
    assert (upload.status, upload.format, upload.progress) == ("imported", "onix", 100)
    assert upload.created == 6 and upload.refused == 0
    results = _results(client, upload)
    assert {outcome for _, outcome, _ in results} == {"created"}
    works = upload_works(upload)
    assert works.count() == 6
    # The file names four publishers; the upload page's party holds every work.
    assert set(works.values_list("holder_id", flat=True)) == {party.pk}

    again = _upload(
        client,
        party,
        SimpleUploadedFile("feed.xml", ONIX.read_bytes(), "application/xml"),
        capture=django_capture_on_commit_callbacks,
    )
    assert (again.created, again.unchanged) == (0, 6)
    assert {r.outcome for r in again.records.all()} == {"unchanged"}
    assert set(upload_works(again)) == set(works)


def test_csv_all_or_nothing_writes_nothing_and_reports_every_refusal(
    client, publisher, celery_eager, django_capture_on_commit_callbacks
):
    user, party = publisher
    client.force_login(user)
    before = Work.objects.count()
    upload = _upload(
        client, party, _csv_file([GOOD, FOLK, BAD]), capture=django_capture_on_commit_callbacks
    )
    assert upload.status == "refused"
    assert "nothing of the file was written" in upload.error
    assert Work.objects.count() == before
    assert upload.refused == 1 and not upload_works(upload).exists()
    results = _results(client, upload)
    assert ("=HYPERLINK(3)", "refused", "co_owners") in results
    assert not upload.records.exclude(work=None).exists()

    report = client.get(reverse("catalogue:errors_csv", args=[upload.pk]))
    assert report["Content-Type"] == "application/octet-stream"
    text = b"".join(report.streaming_content).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[0] == ["row", "reference", "title", "field", "value", "reason"]
    (line,) = rows[1:]
    assert line[:2] == ["4", "'=HYPERLINK(3)"]  # what looks like a formula is written as text
    assert line[3:5] == ["co_owners", "Lotus Press = 60; X [TH] = 30"]
    assert "sum to 90, not 100" in line[5]


def test_csv_quarantine_writes_the_good_rows_with_shares_and_folk_art(
    client, publisher, celery_eager, django_capture_on_commit_callbacks
):
    user, party = publisher
    client.force_login(user)
    upload = _upload(
        client,
        party,
        _csv_file([GOOD, FOLK, BAD]),
        mode="quarantine",
        capture=django_capture_on_commit_callbacks,
    )
    assert (upload.status, upload.created, upload.refused) == ("imported", 2, 1)
    results = _results(client, upload)
    assert [outcome for _, outcome, _ in results] == ["created", "created", "refused"]
    novel = WorkIdentifier.objects.get(value="9787020002207").work
    shares = OwnershipShare.objects.filter(work=novel).select_related("party")
    assert sorted((s.party.original_name, s.percent) for s in shares) == [
        ("Lotus Press", 60),
        ("Mekong Books", 40),
    ]
    assert shares.get(percent=60).party == party  # the uploader, found by its own name
    folk = WorkIdentifier.objects.get(value="9786041234567").work
    assert folk.source_flag == "traditional"
    assert folk.community_holder.original_name == "Cham weavers"
    assert (folk.traditional_element, folk.new_contribution) == (
        "Cham brocade motifs",
        "a new colour system",
    )
    assert set(upload_works(upload)) == {novel, folk}


def test_xlsx_upload_reads_like_csv(
    client, publisher, celery_eager, django_capture_on_commit_callbacks
):
    user, party = publisher
    client.force_login(user)
    upload = _upload(client, party, _xlsx_file([GOOD]), capture=django_capture_on_commit_callbacks)
    assert (upload.status, upload.format, upload.created) == ("imported", "xlsx", 1)
    assert upload_works(upload).get().original_title == "长河落日"


def test_status_endpoint_reports_progress_and_counts(
    client, publisher, celery_eager, django_capture_on_commit_callbacks
):
    user, party = publisher
    client.force_login(user)
    upload = _upload(
        client,
        party,
        _csv_file([GOOD, BAD]),
        mode="quarantine",
        capture=django_capture_on_commit_callbacks,
    )
    data = client.get(reverse("catalogue:status", args=[upload.pk])).json()
    assert data == {
        "status": "imported",
        "status_label": "Imported",
        "progress": 100,
        "read": 2,
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "refused": 1,
        "error": "",
        "done": True,
    }


def test_a_file_that_is_not_onix_csv_or_xlsx_is_refused_at_the_form(client, publisher):
    user, party = publisher
    client.force_login(user)
    svg = SimpleUploadedFile("feed.xml", b"<?xml version='1.0'?><catalogue/>")
    response = client.post(
        reverse("catalogue:upload"),
        {"party": party.pk, "file": svg, "mode": "quarantine", "default_country": "CN"},
    )
    assert response.status_code == 200
    assert "is an XML document; catalogue files in ONIX may be" in response.content.decode()
    assert not CatalogueUpload.objects.exists()


def test_one_may_upload_only_for_a_party_one_acts_for(client, publisher):
    user, _party = publisher
    other = make_party(name="Other Press", member=make_user())
    client.force_login(user)
    response = client.post(
        reverse("catalogue:upload"),
        {
            "party": other.pk,
            "file": _csv_file([GOOD]),
            "mode": "quarantine",
            "default_country": "CN",
        },
    )
    assert response.status_code == 200  # not a choice of the form
    assert not CatalogueUpload.objects.exists()


def test_another_publisher_sees_no_job_results_or_report_but_staff_do(
    client, publisher, celery_eager, django_capture_on_commit_callbacks
):
    user, party = publisher
    client.force_login(user)
    upload = _upload(
        client,
        party,
        _csv_file([GOOD, BAD]),
        mode="quarantine",
        capture=django_capture_on_commit_callbacks,
    )
    names = ("catalogue:job", "catalogue:status", "catalogue:errors_csv")
    rival = make_user()
    make_party(name="Rival Press", member=rival)
    client.force_login(rival)
    for name in names:
        assert client.get(reverse(name, args=[upload.pk])).status_code == 404
    assert upload.file_name not in client.get(reverse("catalogue:upload")).content.decode()
    staff = make_user(is_staff=True)
    login_with_mfa(client, staff)
    for name in names:
        assert client.get(reverse(name, args=[upload.pk])).status_code == 200


def test_blank_templates_download(client, publisher):
    client.force_login(publisher[0])
    response = client.get(reverse("catalogue:template", args=["csv"]))
    assert b"".join(response.streaming_content).decode("utf-8-sig").startswith("reference,isbn,")
    response = client.get(reverse("catalogue:template", args=["xlsx"]))
    assert b"".join(response.streaming_content).startswith(b"PK")
    assert client.get(reverse("catalogue:template", args=["pdf"])).status_code == 404


@pytest.mark.parametrize(
    ("mode", "status", "created"), [("all_or_nothing", "refused", 0), ("quarantine", "imported", 2)]
)
def test_onix_modes_with_a_refused_product(
    client, publisher, celery_eager, django_capture_on_commit_callbacks, mode, status, created
):
    user, party = publisher
    client.force_login(user)
    file = SimpleUploadedFile("bad.xml", (ONIX.parent / "bad_isbn.xml").read_bytes())
    upload = _upload(client, party, file, mode=mode, capture=django_capture_on_commit_callbacks)
    assert (upload.status, upload.created, upload.refused) == (status, created, 1)
    assert WorkIdentifier.objects.filter(value="9787800000010").exists() == bool(created)
    refused = upload.records.get(outcome="refused")
    assert (refused.row, refused.reference, refused.field, refused.value) == (
        3,
        "com.example.0003",
        "ProductIdentifier/IDValue",
        "9780306406158",
    )
    assert refused.reason == "not a valid ISBN (check digit)"


def test_an_upload_cannot_change_another_partys_works(
    client, publisher, celery_eager, django_capture_on_commit_callbacks
):
    user, party = publisher
    client.force_login(user)
    feed = ONIX.read_bytes()
    _upload(
        client, party, SimpleUploadedFile("a.xml", feed), capture=django_capture_on_commit_callbacks
    )
    rival = make_user()
    rival_party = make_party(name="Rival Press", member=rival)
    client.force_login(rival)
    upload = _upload(
        client,
        rival_party,
        SimpleUploadedFile("b.xml", feed.replace("山海之间".encode(), b"Stolen")),
        mode="quarantine",
        capture=django_capture_on_commit_callbacks,
    )
    assert (upload.refused, upload.created, upload.updated) == (6, 0, 0)
    reasons = {r.reason for r in upload.records.all()}
    assert all("is held by another party: an upload changes only" in r for r in reasons)
    assert not Work.objects.filter(original_title__contains="Stolen").exists()
    assert set(Work.objects.values_list("holder_id", flat=True)) == {party.pk}


def test_a_template_without_its_required_columns_is_refused_as_a_whole(
    client, publisher, celery_eager, django_capture_on_commit_callbacks
):
    user, party = publisher
    client.force_login(user)
    file = SimpleUploadedFile("c.csv", b"reference,title_en\nR1,Title\n", "text/csv")
    upload = _upload(client, party, file, capture=django_capture_on_commit_callbacks)
    assert upload.status == "refused" and not upload.records.exists()
    assert upload.error == (
        "file: isbn, original_language, original_title: "
        "required columns are missing from the header row"
    )


def test_the_job_page_links_to_a_batch_of_exactly_the_uploads_works(
    client, publisher, celery_eager, django_capture_on_commit_callbacks
):
    user, party = publisher
    client.force_login(user)
    other = work_create(holder=party, data=work_input(original_title="不在此次上传"))
    upload = _upload(
        client,
        party,
        _csv_file([GOOD, FOLK]),
        mode="quarantine",
        capture=django_capture_on_commit_callbacks,
    )
    page = client.get(reverse("catalogue:job", args=[upload.pk])).content.decode()
    link = f"{reverse('registration:batch_new')}?party={party.pk}&amp;upload={upload.pk}"
    assert link in page
    batch_page = client.get(link.replace("&amp;", "&")).content.decode()
    assert "长河落日" in batch_page and "Hoa văn Chăm" in batch_page
    assert other.original_title not in batch_page


def test_staff_read_an_upload_and_its_records_in_the_admin(
    client, publisher, admin_user, celery_eager, django_capture_on_commit_callbacks
):
    user, party = publisher
    client.force_login(user)
    upload = _upload(
        client,
        party,
        _csv_file([GOOD, BAD]),
        mode="quarantine",
        capture=django_capture_on_commit_callbacks,
    )
    login_with_mfa(client, admin_user)  # /admin/ needs a second factor
    page = client.get(reverse("admin:catalog_catalogueupload_change", args=[upload.pk]))
    assert page.status_code == 200
    assert "=HYPERLINK(3)" in page.content.decode() and "LP-1" in page.content.decode()
    assert client.get(reverse("admin:catalog_catalogueupload_add")).status_code == 403
