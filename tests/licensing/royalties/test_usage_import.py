"""Usage import: formats, matching, the manual queue, idempotency, quarantine, restatement."""

from __future__ import annotations

import json
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import IntegrityError, OperationalError, connection, connections, transaction
from openpyxl import Workbook

from licensing.royalties.models import LineKind, MatchRule, UnmatchedLine, UsageLine, UsageReport
from licensing.royalties.review import usage_report_review_decide
from licensing.royalties.selectors import unmapped_values
from licensing.royalties.services import (
    period_close,
    usage_import,
    usage_mapping_save,
    usage_match_manual,
    usage_unmapped_resolve,
    usage_value_map_save,
)
from tests.factories.royalties import (
    RoyaltyDeal,
    import_rows,
    row,
    write_csv,
)

# No PDF is read here (test_contracts_pdf.py reads them): WeasyPrint's seconds a document
# (two a contract) would buy nothing.
pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_pdf")]


@pytest.fixture
def deal():
    return RoyaltyDeal()


@pytest.fixture
def contract(deal):
    return deal.royalty_contract()


def test_csv_rows_match_by_isbn_in_any_spelling(tmp_path, deal, contract):
    hyphenated = (
        f"{deal.isbn[:3]}-{deal.isbn[3:5]}-{deal.isbn[5:9]}-{deal.isbn[9:12]}-{deal.isbn[12]}"
    )
    report = import_rows(
        tmp_path, deal, contract, "2027-Q1", [row(deal), row(deal, isbn=hyphenated, territory="TH")]
    )
    assert (report.status, report.good_rows, report.bad_rows) == ("posted", 2, 0)
    assert set(UsageLine.objects.values_list("matched_by", flat=True)) == {"identifier"}
    assert set(UsageLine.objects.values_list("contract_id", flat=True)) == {contract.pk}


def test_fuzzy_title_match_then_manual_match_is_remembered(tmp_path, deal, contract):
    report = import_rows(
        tmp_path,
        deal,
        contract,
        "2027-Q1",
        [
            row(deal, isbn="", title="River Town Chronicles, The", author="王小明"),
            row(deal, isbn="", title="Completely different book", author="Nobody"),
        ],
    )
    assert report.good_rows == 1 and report.unmatched_rows == 1
    assert UsageLine.objects.get().matched_by == "fuzzy"
    queued = UnmatchedLine.objects.get()
    assert (
        usage_match_manual(
            licensee=deal.licensee, match_key=queued.match_key, work=deal.work, user=deal.seller
        )
        == 1
    )
    assert MatchRule.objects.filter(licensee=deal.licensee, work=deal.work).exists()
    # The next file's same title is matched by the remembered rule.
    nxt = import_rows(
        tmp_path,
        deal,
        contract,
        "2027-Q2",
        [row(deal, isbn="", title="Completely  different BOOK", author="nobody")],
    )
    assert nxt.unmatched_rows == 0
    assert UsageLine.objects.filter(report=nxt).get().matched_by == "rule"


def test_same_file_or_same_period_is_refused_unless_replacing(tmp_path, deal, contract):
    path = write_csv(tmp_path / "q1.csv", [row(deal)])
    usage_import(contract=contract, period="2027-Q1", path=str(path), keep_file=False)
    with pytest.raises(ValidationError, match="already imported"):
        usage_import(contract=contract, period="2027-Q2", path=str(path), keep_file=False)
    other = write_csv(tmp_path / "q1b.csv", [row(deal, units="11")])
    with pytest.raises(ValidationError, match="already reported"):
        usage_import(contract=contract, period="2027-Q1", path=str(other), keep_file=False)
    replaced = usage_import(
        contract=contract, period="2027-Q1", path=str(other), replace=True, keep_file=False
    )
    replaced.replaces.refresh_from_db()
    assert replaced.status == "posted" and replaced.replaces.status == "superseded"


def test_bad_rows_quarantined_within_threshold(tmp_path, deal, contract, settings):
    settings.ROYALTIES_BAD_ROW_THRESHOLD_PERCENT = "10"
    rows = [row(deal) for _ in range(9)] + [row(deal, territory="ZZ", units="x")]
    report = import_rows(tmp_path, deal, contract, "2027-Q1", rows)
    assert (report.status, report.good_rows, report.bad_rows) == ("posted", 9, 1)
    problems = {(q.row_no, q.field) for q in report.quarantined.all()}
    assert problems == {(11, "territory"), (11, "units")}


def test_too_many_bad_rows_post_nothing(tmp_path, deal, contract):
    rows = [row(deal) for _ in range(50)] + [row(deal, list_price="12,5")]  # 1.96 % > 1 %
    report = import_rows(tmp_path, deal, contract, "2027-Q1", rows)
    assert report.status == "rejected" and "nothing was posted" in report.error
    assert not UsageLine.objects.exists()
    assert report.quarantined.get().reason == "not a number"


def test_xlsx_with_a_licensee_column_mapping(tmp_path, deal, contract):
    usage_mapping_save(
        licensee=deal.licensee,
        format="xlsx",
        mapping={"isbn": "EAN", "units": "Qty", "territory": "Country", "list_price": "RRP"},
    )
    book = Workbook()
    sheet = book.active
    sheet.append(["EAN", "Qty", "Country", "channel", "RRP"])
    sheet.append([deal.isbn, 30, "VN", "print", 12.5])
    sheet.append([deal.isbn, -2, "VN", "print", 12.5])
    book.save(tmp_path / "sales.xlsx")
    report = usage_import(
        contract=contract, period="2027-Q1", path=str(tmp_path / "sales.xlsx"), keep_file=False
    )
    assert report.status == "posted" and report.good_rows == 2
    assert sum(UsageLine.objects.values_list("list_amount", flat=True)) == D("350.00")


def test_import_usage_command_json(tmp_path, deal, contract, capsys):
    path = write_csv(tmp_path / "cmd.csv", [row(deal), row(deal, territory="TH")])
    call_command("import_usage", str(path), contract=contract.pk, period="2027-Q1", json=True)
    result = json.loads(capsys.readouterr().out)
    assert result["status"] == "posted" and result["good"] == 2


def test_replacing_a_closed_period_restates_on_the_next_statement(tmp_path, deal, contract):
    import_rows(tmp_path, deal, contract, "2027-Q1", [row(deal, units="100")])
    (first,) = period_close(contracts=[contract], period="2027-Q1")
    assert first.earnings == D("125.00")  # 100 × 12.50 × 10 %
    import_rows(tmp_path, deal, contract, "2027-Q1", [row(deal, units="120")], replace=True)
    first.refresh_from_db()
    assert first.earnings == D("125.00")  # closed: unchanged
    import_rows(tmp_path, deal, contract, "2027-Q2", [row(deal, units="10")])
    (second,) = period_close(contracts=[contract], period="2027-Q2")
    (adjustment,) = second.lines.filter(kind=LineKind.ADJUSTMENT)
    assert adjustment.amount == D("25.00") and adjustment.units == 20
    assert adjustment.restates_period == "2027-Q1"
    assert "units 100 → 120" in adjustment.description
    assert second.adjustments == D("25.00") and second.earnings == D("12.50")
    # Restating the same data again changes nothing.
    import_rows(tmp_path, deal, contract, "2027-Q3", [row(deal, units="11")])
    (third,) = period_close(contracts=[contract], period="2027-Q3")
    assert not third.lines.filter(kind=LineKind.ADJUSTMENT).exists()


def test_an_import_that_fails_midway_leaves_no_lines(tmp_path, deal, contract, monkeypatch):
    """Rows COPY'd straight into usage during the read go when the import fails."""
    from licensing.royalties import ingest

    monkeypatch.setattr(ingest, "CHUNK", 2)  # several chunks committed before the failure
    checked = ingest.RowChecker.check

    def failing(self, row_no, values):
        if row_no == 7:
            raise RuntimeError("disk full")
        return checked(self, row_no, values)

    monkeypatch.setattr(ingest.RowChecker, "check", failing)
    with pytest.raises(RuntimeError, match="disk full"):
        import_rows(tmp_path, deal, contract, "2027-Q1", [row(deal) for _ in range(10)])
    report = UsageReport.objects.get()
    assert report.status == "rejected" and "nothing was posted" in report.error
    assert not UsageLine.objects.exists()


def test_usage_lines_need_their_report_and_keep_it(tmp_path, deal, contract):
    """Migration 0003: the report reference is checked per statement, not per row."""
    report = import_rows(tmp_path, deal, contract, "2027-Q1", [row(deal)])
    line = UsageLine.objects.get()
    with pytest.raises(IntegrityError, match="does not exist"), transaction.atomic():
        UsageLine.objects.create(
            report_id=report.pk + 1000,
            row_no=1,
            contract=contract,
            work_id=line.work_id,
            territory="VN",
            channel="retail",
            units=1,
            list_amount=1,
            net_receipts=1,
            currency="USD",
            matched_by="identifier",
        )
    with (
        pytest.raises(IntegrityError, match="still referenced"),
        transaction.atomic(),
        connection.cursor() as cursor,
    ):
        cursor.execute("DELETE FROM royalties_usagereport WHERE id = %s", [report.pk])
    assert UsageLine.objects.count() == 1


def test_free_text_survives_the_copy_format(tmp_path, deal, contract):
    """Rows are written as COPY text: a tab, newline or backslash in a value nothing maps
    stays as written on the held row, and the row posts once the value is mapped."""
    odd = "hard\\back\tbox\nset"
    report = import_rows(tmp_path, deal, contract, "2027-Q1", [row(deal, format=odd)])
    assert (report.status, report.good_rows, report.unmapped_rows) == ("review", 0, 1)
    assert unmapped_values(report) == [("format", odd, 1)]
    usage_value_map_save(
        licensee=deal.licensee, kind="format", value=odd, target="hardback", user=None
    )
    assert usage_unmapped_resolve(report=report, user=None) == (1, 0)
    assert UsageLine.objects.get().format == "hardback"
    usage_report_review_decide(report=report, decision="post", user=None)
    # … and on through the close, whose statement lines are COPY text too.
    (statement,) = period_close(contracts=[contract], period="2027-Q1")
    line = statement.lines.get(kind=LineKind.EARNINGS)
    assert line.format == "hardback" and line.amount == D("12.50")
    assert line.amount_stmt == D("12.50")
    assert statement.lines.filter(work__isnull=True).exists()  # contract items: no work


@pytest.mark.django_db(transaction=True)
def test_a_report_being_referenced_cannot_be_deleted_under_the_inserting_transaction(
    tmp_path, deal, contract
):
    """Migration 0004: the statement-level check locks the parent as a foreign key would,
    so a concurrent DELETE waits for the insert and is then refused (no orphaned lines)."""
    report = import_rows(tmp_path, deal, contract, "2027-Q1", [row(deal)])
    line = UsageLine.objects.get()
    empty = UsageReport.objects.create(
        licensee=report.licensee,
        contract=contract,
        period="2027-Q2",
        period_start=report.period_start,
        period_end=report.period_end,
        format="csv",
        file_name="empty.csv",
        sha256="0" * 64,
        status="rejected",
    )
    other = connections.create_connection("default")
    try:
        with transaction.atomic():
            line.pk, line.report_id = None, empty.pk
            line.save()  # the insert's trigger locks the report it refers to
            with other.cursor() as cursor:
                cursor.execute("SET lock_timeout = '300ms'")
                with pytest.raises(OperationalError, match="lock timeout"):
                    cursor.execute("DELETE FROM royalties_usagereport WHERE id = %s", [empty.pk])
        with other.cursor() as cursor, pytest.raises(IntegrityError, match="still referenced"):
            cursor.execute("DELETE FROM royalties_usagereport WHERE id = %s", [empty.pk])
    finally:
        other.close()
    assert UsageLine.objects.filter(report=empty).count() == 1
