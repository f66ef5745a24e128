"""Overlapping reports (issue 25): a file that repeats usage already reported stops for
review before it posts, and the licensee's decision posts it once — skip the repeated
lines, post it as a correction, or post it anyway with a reason the licensor sees."""

from __future__ import annotations

import itertools
import json
import threading
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.db import connection
from django.urls import reverse

from catalog.services import work_create
from licensing.royalties.models import LineKind, Statement, UsageLine, UsageReport
from licensing.royalties.overlap import fingerprint, line_overlaps, period_overlaps
from licensing.royalties.review import usage_report_review_decide, usage_report_withdraw
from licensing.royalties.services import statements_close_for_licensee, usage_import
from tests.factories.catalog import work_input
from tests.factories.rightsin import acquire_rights
from tests.factories.royalties import RoyaltyDeal, isbn13, row, write_csv

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_pdf")]
_files = itertools.count(1)
_works = itertools.count(1)


class Licensee:
    """One licensor, one licensee, ``works`` works each under its own contract (print, 10 %)."""

    def __init__(self, works: int = 2):
        self.deal = RoyaltyDeal()
        self.isbns = [self.deal.isbn]
        self.contracts = [self.deal.royalty_contract()]
        for number in range(2, works + 1):
            self.deal.isbn = isbn13(800_000 + next(_works) * 7)
            self.deal.work = work_create(
                holder=self.deal.licensor,
                data=work_input(
                    identifiers=[("isbn", self.deal.isbn)], titles={"en": f"Work {number}"}
                ),
            )
            acquire_rights(self.deal.work, user=self.deal.seller)
            self.isbns.append(self.deal.isbn)
            self.contracts.append(self.deal.royalty_contract())

    def file(self, tmp_path, lines):
        """``lines``: (work index, units, net receipts[, line id]) rows."""
        rows = [
            row(
                self.deal,
                isbn=self.isbns[line[0]],
                units=str(line[1]),
                net_receipts=str(line[2]),
                line_id=line[3] if len(line) > 3 else "",
                title=f"file {next(_files)}",  # two files never share a hash
            )
            for line in lines
        ]
        return write_csv(tmp_path / f"usage-{next(_files)}.csv", rows)

    def send(self, tmp_path, period, lines, *, filing=0, **options):
        return usage_import(
            contract=self.contracts[filing],
            period=period,
            path=str(self.file(tmp_path, lines)),
            keep_file=False,
            **options,
        )

    def close(self, period):
        statements_close_for_licensee(licensee=self.deal.licensee, period=period)

    def stated(self) -> D:
        return sum(
            (
                s.earnings + s.adjustments
                for s in Statement.objects.filter(contract__in=self.contracts)
            ),
            D(0),
        )


FIRST = [(0, 10, "60.00"), (1, 4, "20.00"), (0, 3, "18.00")]
NEW = [(1, 6, "30.00")]


def test_a_partial_file_repeating_lines_of_an_earlier_report_stops_for_review(tmp_path):
    """Before: the repeated lines posted again and were stated twice."""
    lic = Licensee()
    first = lic.send(tmp_path, "2027-Q1", FIRST)
    assert first.status == "posted"
    # Filed under the other contract: the (contract, period) check let it through.
    again = lic.send(tmp_path, "2027-Q1", FIRST[:2] + NEW, filing=1)
    assert again.status == "review"
    assert not UsageLine.objects.filter(report__status="posted", report=again).exists()
    (found,) = line_overlaps(again)
    assert (found.report.pk, found.lines, found.units) == (first.pk, 2, 14)
    assert found.net_receipts == D("80.00")
    assert [earlier for _new, earlier in found.sample] == [2, 3]  # rows of the first file
    posted = usage_report_review_decide(report=again, decision="skip", user=lic.deal.buyer)
    assert (posted.status, posted.good_rows, posted.review_skipped) == ("posted", 1, 2)
    assert list(posted.lines.values_list("units", flat=True)) == [6]
    lic.close("2027-Q1")
    # Every line once: (10 + 4 + 3 + 6) units × 12.50 × 10 %.
    assert lic.stated() == D("28.75")


def test_the_licensees_own_line_ids_tell_identical_sales_apart(tmp_path):
    lic = Licensee()
    lic.send(tmp_path, "2027-Q1", [(0, 10, "60.00", "INV-1")])
    other_sale = lic.send(tmp_path, "2027-Q1", [(0, 10, "60.00", "INV-2")], filing=1)
    assert other_sale.status == "posted"
    resent = lic.send(tmp_path, "2027-Q2", [(0, 10, "60.00", "INV-1")])
    assert resent.status == "posted"  # another period: another sale
    lic.send(tmp_path, "2027-Q3", [(0, 10, "60.00", "INV-9")])
    repeated = lic.send(tmp_path, "2027-Q3", [(0, 10, "60.0", "INV-9")], filing=1)
    assert repeated.status == "review"  # 60.0 and 60.00 are one amount


def test_the_fingerprint_covers_every_identifying_field():
    base = {
        "match_key": "id:isbn:9780000000001",
        "territory": "VN",
        "channel": "print",
        "format": "paperback",
        "period": "2027-Q1",
        "units": 10,
        "price": "12.50",
        "net": "60.00",
        "line_id": "",
    }
    same = fingerprint(**base)
    assert fingerprint(**{**base, "price": "12.5", "net": "60", "format": "Paperback"}) == same
    for field, other in [
        ("match_key", "id:isbn:9780000000002"),
        ("territory", "TH"),
        ("channel", "ebook"),
        ("format", "hardback"),
        ("period", "2027-Q2"),
        ("units", 11),
        ("price", "12.51"),
        ("net", "60.01"),
        ("line_id", "A1"),
    ]:
        assert fingerprint(**{**base, field: other}) != same, field
    assert -(2**63) <= same < 2**63  # a PostgreSQL bigint


def test_lines_of_a_superseded_report_are_not_overlaps(tmp_path):
    lic = Licensee()
    first = lic.send(tmp_path, "2027-Q1", FIRST)
    correction = lic.send(tmp_path, "2027-Q1", FIRST[:1], corrects=first)
    assert correction.status == "posted"  # the report it corrects is not an overlap
    # The lines the correction withdrew (rows 3 and 4 of the first file) are no overlap;
    # the one it kept is.
    again = lic.send(tmp_path, "2027-Q1", FIRST, filing=1)
    assert again.status == "review"
    (found,) = line_overlaps(again)
    assert (found.report.pk, found.lines, found.sample) == (correction.pk, 1, [(2, 2)])


@pytest.mark.parametrize("later", ["2027-Q4", "2027-11", "2027"])
def test_a_period_of_another_length_overlapping_a_posted_one_stops_for_review(tmp_path, later):
    lic = Licensee()
    half = lic.send(tmp_path, "2027-H2", [(0, 10, "60.00")])
    quarter = lic.send(tmp_path, later, [(0, 7, "42.00")])
    assert quarter.status == "review"
    (found,) = period_overlaps(quarter)
    assert (found.report.pk, found.lines, found.net_receipts) == (half.pk, 1, D("60.00"))
    # Skipping lines settles nothing here: a reason is needed.
    with pytest.raises(ValidationError, match="overlaps report"):
        usage_report_review_decide(report=quarter, decision="skip", user=lic.deal.buyer)
    with pytest.raises(ValidationError, match="Say why"):
        usage_report_review_decide(report=quarter, decision="post", user=lic.deal.buyer)
    posted = usage_report_review_decide(
        report=quarter,
        decision="post",
        reason="Q4 figures are the bookshop's own, the H2 file was the distributor's",
        user=lic.deal.buyer,
    )
    assert posted.status == "posted" and posted.review_decision == "post"
    assert posted.review_reason.startswith("Q4 figures")


def test_a_period_overlap_needs_the_same_contract_and_work(tmp_path):
    lic = Licensee()
    lic.send(tmp_path, "2027-H2", [(0, 10, "60.00")])
    assert lic.send(tmp_path, "2027-Q4", [(1, 7, "42.00")], filing=1).status == "posted"
    assert lic.send(tmp_path, "2028-Q1", [(0, 7, "42.00")]).status == "posted"


def test_a_file_repeating_one_earlier_report_can_be_posted_as_its_correction(tmp_path):
    lic = Licensee()
    first = lic.send(tmp_path, "2027-Q1", FIRST)
    lic.close("2027-Q1")
    fixed = lic.send(tmp_path, "2027-Q1", [FIRST[0], (1, 5, "25.00")], filing=1)
    assert fixed.status == "review"
    posted = usage_report_review_decide(report=fixed, decision="correction", user=lic.deal.buyer)
    first.refresh_from_db()
    assert (posted.status, posted.replaces_id, first.status) == ("posted", first.pk, "superseded")
    assert posted.contract_id == first.contract_id  # filed where the original was
    lic.close("2027-Q2")
    adjustments = Statement.objects.filter(period="2027-Q2", contract__in=lic.contracts)
    # Work 2: 4 → 5 units (+1.25); work 1: the 3-unit row withdrawn (−3.75).
    assert sum((s.adjustments for s in adjustments), D(0)) == D("-2.50")
    assert lic.stated() == D("18.75")  # (10 + 5) × 12.50 × 10 %, once


def test_a_correction_is_refused_when_the_file_repeats_more_than_one_report(tmp_path):
    lic = Licensee(works=3)
    lic.send(tmp_path, "2027-Q1", FIRST[:1])
    lic.send(tmp_path, "2027-Q1", FIRST[1:2], filing=1)
    both = lic.send(tmp_path, "2027-Q1", FIRST[:2] + NEW, filing=2)
    assert both.status == "review"
    with pytest.raises(ValidationError, match="one earlier report"):
        usage_report_review_decide(report=both, decision="correction", user=lic.deal.buyer)
    both.refresh_from_db()
    assert both.status == "review"


def test_only_the_licensee_decides_and_only_once(tmp_path):
    lic = Licensee()
    lic.send(tmp_path, "2027-Q1", FIRST)
    again = lic.send(tmp_path, "2027-Q1", FIRST, filing=1)
    with pytest.raises(PermissionDenied):
        usage_report_review_decide(report=again, decision="skip", user=lic.deal.seller)
    usage_report_review_decide(report=again, decision="skip", user=lic.deal.buyer)
    with pytest.raises(ValidationError, match="not awaiting review"):
        usage_report_review_decide(report=again, decision="post", reason="x", user=lic.deal.buyer)
    assert UsageLine.objects.filter(report=again).count() == 0


def test_a_withdrawn_report_posts_nothing_and_the_file_may_come_again(tmp_path):
    lic = Licensee()
    lic.send(tmp_path, "2027-Q1", FIRST)
    path = lic.file(tmp_path, FIRST)
    again = usage_import(
        contract=lic.contracts[1], period="2027-Q1", path=str(path), keep_file=False
    )
    with pytest.raises(ValidationError, match="already imported"):  # while in review
        usage_import(contract=lic.contracts[1], period="2027-Q2", path=str(path), keep_file=False)
    withdrawn = usage_report_withdraw(report=again, user=lic.deal.buyer)
    assert withdrawn.status == "rejected"
    assert not UsageLine.objects.filter(report=again).exists()
    lic.close("2027-Q1")
    assert lic.stated() == D("21.25")


@pytest.mark.django_db(transaction=True)
def test_two_submissions_of_one_review_post_it_once(tmp_path):
    lic = Licensee()
    lic.send(tmp_path, "2027-Q1", FIRST)
    again = lic.send(tmp_path, "2027-Q1", FIRST[:2] + NEW, filing=1)
    results: list[str] = []
    barrier = threading.Barrier(2)

    def decide(decision: str) -> None:
        try:
            barrier.wait()
            usage_report_review_decide(
                report=again, decision=decision, reason="both sent", user=lic.deal.buyer
            )
            results.append(decision)
        except ValidationError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=decide, args=(d,)) for d in ("skip", "post")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) in (["refused", "skip"], ["post", "refused"]), results
    again.refresh_from_db()
    assert again.status == "posted" and again.review_decision in ("skip", "post")
    expected = 1 if again.review_decision == "skip" else 3
    assert UsageLine.objects.filter(report=again).count() == expected


@pytest.mark.django_db(transaction=True)
def test_two_reports_repeating_each_other_posting_at_once_are_not_both_posted(tmp_path):
    """The posting lock: the second to post sees the first one's lines."""
    lic = Licensee()
    paths = [lic.file(tmp_path, FIRST), lic.file(tmp_path, FIRST)]
    statuses: list[str] = []
    barrier = threading.Barrier(2)

    def send(index: int) -> None:
        try:
            barrier.wait()
            report = usage_import(
                contract=lic.contracts[index],
                period="2027-Q1",
                path=str(paths[index]),
                keep_file=False,
            )
            statuses.append(report.status)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=(i,)) for i in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(statuses) == ["posted", "review"]


def test_the_import_command_stops_at_review_or_applies_the_choice(tmp_path, capsys):
    lic = Licensee()
    lic.send(tmp_path, "2027-Q1", FIRST)
    args = {"contract": lic.contracts[1].pk, "period": "2027-Q1", "json": True}
    with pytest.raises(CommandError, match="awaiting review"):
        call_command("import_usage", str(lic.file(tmp_path, FIRST[:1] + NEW)), **args)
    stopped = json.loads(capsys.readouterr().out)
    assert stopped["status"] == "review" and stopped["overlapping_lines"] == 1
    UsageReport.objects.filter(pk=stopped["report"]).update(status="rejected")
    call_command(
        "import_usage", str(lic.file(tmp_path, FIRST[:1] + NEW)), on_overlap="skip", **args
    )
    result = json.loads(capsys.readouterr().out)
    assert (result["status"], result["good"], result["skipped"]) == ("posted", 1, 1)
    # A half-year over the quarter already reported: posting it anyway needs a reason.
    with pytest.raises(CommandError, match="Say why"):
        call_command(
            "import_usage",
            str(lic.file(tmp_path, FIRST[:1])),
            on_overlap="post",
            **{**args, "period": "2027-H1"},
        )


def test_the_review_page_shows_the_overlap_and_posts_the_choice(tmp_path, client):
    lic = Licensee()
    first = lic.send(tmp_path, "2027-Q1", FIRST)
    again = lic.send(tmp_path, "2027-Q1", FIRST[:2] + NEW, filing=1)
    url = reverse("royalties:report_review", args=[again.pk])
    client.force_login(lic.deal.seller)  # the licensor: not its review
    assert client.get(url).status_code == 404
    client.force_login(lic.deal.buyer)
    page = client.get(url).content.decode()
    assert 'data-testid="overlap-lines"' in page
    assert reverse("royalties:report", args=[first.pk]) in page
    assert page.count('data-testid="review-row"') == 3  # the rows as they would post
    detail = client.get(reverse("royalties:report", args=[again.pk])).content.decode()
    assert url in detail  # the job page sends the licensee to the review
    response = client.post(url, {"decision": "post", "reason": ""})
    assert response.status_code == 200 and "Say why" in response.content.decode()
    response = client.post(url, {"decision": "post", "reason": "the shop sold them twice"})
    assert response.status_code == 302
    again.refresh_from_db()
    assert again.status == "posted"
    assert client.get(url).status_code == 302  # decided: back to the report
    # The licensor sees the reason on the report page.
    client.force_login(lic.deal.seller)
    detail = client.get(reverse("royalties:report", args=[again.pk])).content.decode()
    assert "the shop sold them twice" in detail


def test_a_report_without_overlap_posts_as_before(tmp_path):
    lic = Licensee()
    assert lic.send(tmp_path, "2027-Q1", FIRST).status == "posted"
    assert lic.send(tmp_path, "2027-Q2", FIRST).status == "posted"
    lic.close("2027-Q1")
    late = lic.send(tmp_path, "2027-Q1", NEW, filing=1)
    assert late.status == "posted"
    lic.close("2027-Q2")
    kinds = set(Statement.objects.filter(period="2027-Q2").values_list("lines__kind", flat=True))
    assert LineKind.ADJUSTMENT in kinds
