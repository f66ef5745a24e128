"""Late and corrected usage reports (issue 25): never lost, never counted twice.

A licensee with three contracts (one work each, retail at 10 % of list price,
12 % above 50 cumulative units) files 2027-Q3 usage. Whatever arrives after
a contract closed 2027-Q3 — a late report under another of its contracts, a
correction of an earlier report — flows into the contract's next statement
as named prior-period adjustments, and the figures over all closes equal one
on-time computation over all the lines.
"""

from __future__ import annotations

import itertools
import json
import threading
from decimal import Decimal as D

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.urls import reverse
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st

from catalog.services import work_create
from licensing.royalties.close import Rates, compute_earnings
from licensing.royalties.exports import statement_csv
from licensing.royalties.models import LineKind, Statement, UsageReport
from licensing.royalties.review import usage_report_review_decide
from licensing.royalties.services import statements_close_for_licensee, usage_import
from tests.factories.catalog import work_input
from tests.factories.contracts import make_terms
from tests.factories.rightsin import acquire_rights
from tests.factories.royalties import RoyaltyDeal, isbn13, row, write_csv
from tests.factories.uploads import isolate_storage

pytestmark = pytest.mark.django_db

RATES = [
    {
        "channel": "retail",
        "basis": "list_price",
        "rate": "10",
        "escalators": [{"above_units": 50, "rate": "12"}],
    }
]
_files = itertools.count(1)
_works = itertools.count(1)


class Licensee:
    """One licensor, one licensee, three works each under its own contract."""

    def __init__(self, *, advance: str = "0", country: str = "VN", spare: bool = False):
        self.deal = RoyaltyDeal(licensee_country=country)
        self.contracts, self.isbns = [], []
        for i in range(4 if spare else 3):
            if i:
                self.deal.isbn = isbn13(700_000 + next(_works) * 7 + i)
                self.deal.work = work_create(
                    holder=self.deal.licensor,
                    data=work_input(
                        identifiers=[("isbn", self.deal.isbn)], titles={"en": f"Work {i}"}
                    ),
                )
                acquire_rights(self.deal.work, user=self.deal.seller)
            self.isbns.append(self.deal.isbn)
            self.contracts.append(self.deal.royalty_contract(royalty_rates=RATES, advance=advance))
        # A fourth contract to file reports under, none of whose work's usage is reported.
        self.spare = self.contracts.pop() if spare else None

    def post(
        self, tmp_path, filing, period: str, lines, *, corrects=None, replace=False, skip=False
    ):
        """``lines``: (work index, units, list price[, line id]) rows, filed under contract
        ``filing`` (an index, or a contract). ``skip``: the file repeats lines already
        posted; it stops for review and the licensee skips them."""
        number = next(_files)  # in the titles too: two files never have the same hash
        rows = [
            row(
                self.deal,
                isbn=self.isbns[line[0]],
                title=f"file {number}",
                units=str(line[1]),
                list_price=str(line[2]),
                line_id=line[3] if len(line) > 3 else "",
            )
            for line in lines
        ]
        path = write_csv(tmp_path / f"usage-{number}.csv", rows)
        report = usage_import(
            contract=self.contracts[filing] if isinstance(filing, int) else filing,
            period=period,
            path=str(path),
            keep_file=False,
            replace=replace,
            **({"corrects": corrects} if corrects else {}),
        )
        if skip:
            assert report.status == "review", (report.status, report.error)
            report = usage_report_review_decide(report=report, decision="skip", user=None)
        assert report.status == "posted", report.error
        return report

    def close(self, period: str) -> dict[int, Statement]:
        statements_close_for_licensee(licensee=self.deal.licensee, period=period)
        return {
            s.contract_id: s
            for s in Statement.objects.filter(
                contract__in=self.contracts, period=period
            ).prefetch_related("lines")
        }

    def stated(self, contract) -> D:
        """Everything stated for the contract so far: earnings plus adjustments."""
        return sum(
            (s.earnings + s.adjustments for s in Statement.objects.filter(contract=contract)),
            D(0),
        )


def one_computation(lines_by_period: list[list[tuple]], contract_index: int) -> D:
    """The contract's earnings had every line arrived on time: one chain over the periods."""
    terms = make_terms(royalty_rates=RATES)
    cumulative, residue, total = {}, D(0), D(0)
    for lines in lines_by_period:
        rows = [
            (1, "retail", "VN", "paperback", "USD", units, D(str(price)) * units, D("60.00"))
            for w, units, price in lines
            if w == contract_index
        ]
        figures = compute_earnings(
            terms, rows, cumulative=cumulative, residue=residue, rates=Rates(None)
        )
        cumulative, residue, total = figures.cumulative, figures.residue, total + figures.earnings
    return total


Q3_ON_TIME = [(0, 30, "12.50"), (1, 40, "9.99"), (2, 20, "15.00")]
Q3_LATE = [(0, 40, "45.50"), (1, 60, "43.25"), (2, 50, "42.35")]
Q4 = [(0, 10, "12.50"), (1, 5, "9.99"), (2, 7, "15.00")]


def test_a_late_report_under_another_contract_is_an_adjustment_on_the_next_statement(
    tmp_path, client
):
    """The reproduction of issue 25: the late lines were lost (adjustments 0.00)."""
    lic = Licensee()
    lic.post(tmp_path, 0, "2027-Q3", Q3_ON_TIME)
    lic.close("2027-Q3")
    # Under the second contract: the (contract, period) duplicate check lets it through,
    # and its lines go to each work's own contract, all three closed for 2027-Q3.
    late = lic.post(tmp_path, 1, "2027-Q3", Q3_LATE)
    lic.post(tmp_path, 0, "2027-Q4", Q4)
    q4 = lic.close("2027-Q4")
    for index, contract in enumerate(lic.contracts):
        statement = q4[contract.pk]
        adjustments = [ln for ln in statement.lines.all() if ln.kind == LineKind.ADJUSTMENT]
        assert adjustments, f"contract {index}: the late lines were lost"
        assert all(ln.restates_period == "2027-Q3" for ln in adjustments)
        assert all(ln.source_report_id == late.pk for ln in adjustments)
        assert any(f"report {late.pk}" in ln.description for ln in adjustments)
        assert statement.adjustments == sum((ln.amount for ln in adjustments), D(0))
        assert statement.adjustments > 0
        # Q3 + Q4 stated = one on-time computation over all lines.
        assert lic.stated(contract) == one_computation([Q3_ON_TIME + Q3_LATE, Q4], index)
    # The export names the source report and the period restated.
    csv_text = statement_csv(q4[lic.contracts[1].pk])
    assert "restates_period" in csv_text and "source_report" in csv_text
    assert f"2027-Q3,{late.pk}" in csv_text.replace('"', "")
    # … and so does the statement page, linking the report.
    client.force_login(lic.deal.seller)
    page = client.get(reverse("royalties:statement", args=[q4[lic.contracts[1].pk].pk]))
    assert f"Restates 2027-Q3 · report {late.pk}" in page.content.decode()
    assert reverse("royalties:report", args=[late.pk]) in page.content.decode()


def test_usage_arriving_after_two_closes_restates_both_periods(tmp_path):
    """The escalator position moves for the later closed period too (the documented rule)."""
    lic = Licensee()
    lic.post(tmp_path, 0, "2027-Q3", Q3_ON_TIME)
    lic.close("2027-Q3")
    lic.post(tmp_path, 0, "2027-Q4", Q4)
    lic.close("2027-Q4")
    late = lic.post(tmp_path, 2, "2027-Q3", Q3_LATE)
    q1 = lic.close("2028-Q1")
    for index, contract in enumerate(lic.contracts):
        lines = [ln for ln in q1[contract.pk].lines.all() if ln.kind == LineKind.ADJUSTMENT]
        assert {ln.restates_period for ln in lines} == {"2027-Q3", "2027-Q4"}
        assert {ln.source_report_id for ln in lines if ln.restates_period == "2027-Q3"} == {late.pk}
        assert lic.stated(contract) == one_computation([Q3_ON_TIME + Q3_LATE, Q4, []], index)
    # Nothing left to restate: the next close has no adjustment.
    q2 = lic.close("2028-Q2")
    assert all(not s.adjustments for s in q2.values())


def test_a_correction_restates_by_difference_once(tmp_path):
    lic = Licensee()
    original = lic.post(tmp_path, 0, "2027-Q3", Q3_ON_TIME)
    lic.close("2027-Q3")
    fixed = [(0, 35, "12.50"), (1, 40, "9.99")]  # work 0: 5 more units; work 2's line withdrawn
    with pytest.raises(ValidationError, match="correct"):  # filed where the original was
        lic.post(tmp_path, 1, "2027-Q3", fixed, corrects=original)
    correction = lic.post(tmp_path, 0, "2027-Q3", fixed, corrects=original)
    assert correction.replaces_id == original.pk
    original.refresh_from_db()
    assert original.status == "superseded"
    # The same correction again, or a second correction of the superseded report: refused.
    with pytest.raises(ValidationError):
        lic.post(tmp_path, 0, "2027-Q3", [*fixed, (1, 1, "9.99")], corrects=original)
    q4 = lic.close("2027-Q4")
    first, second, third = (q4[c.pk] for c in lic.contracts)
    (adjustment,) = [ln for ln in first.lines.all() if ln.kind == LineKind.ADJUSTMENT]
    assert adjustment.units == 5 and adjustment.source_report_id == correction.pk
    assert adjustment.amount == D("6.25")  # 5 × 12.50 × 10 %
    assert not second.adjustments
    assert third.adjustments == D("-30.00")  # 20 × 15.00 × 10 % withdrawn
    for index, contract in enumerate(lic.contracts):
        assert lic.stated(contract) == one_computation([fixed, []], index)
    q1 = lic.close("2028-Q1")
    assert all(not s.adjustments for s in q1.values())


def test_a_correction_must_be_of_a_report_of_the_same_licensee(tmp_path):
    lic, other = Licensee(), Licensee()
    theirs = other.post(tmp_path, 0, "2027-Q3", Q3_ON_TIME)
    with pytest.raises(ValidationError, match="correct"):
        lic.post(tmp_path, 0, "2027-Q3", Q4, corrects=theirs)


def test_the_upload_form_offers_the_licensees_posted_reports_to_correct(tmp_path, client, settings):
    isolate_storage(settings, tmp_path / "storage")
    lic = Licensee()
    original = lic.post(tmp_path, 0, "2027-Q3", Q3_ON_TIME)
    client.force_login(lic.deal.buyer)
    page = client.get(reverse("royalties:reports")).content.decode()
    assert f'<option value="{original.pk}">{original.pk}: {original.file_name}' in page
    path = write_csv(tmp_path / "fixed.csv", [row(lic.deal, isbn=lic.isbns[0], units="31")])
    with open(path, "rb") as handle:
        response = client.post(
            reverse("royalties:reports"),
            {
                "contract": lic.contracts[0].pk,
                "period": "2027-Q3",
                "file": SimpleUploadedFile("fixed.csv", handle.read()),
                "corrects": original.pk,
            },
        )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert UsageReport.objects.get(file_name="fixed.csv").replaces_id == original.pk


@pytest.mark.django_db(transaction=True)
def test_two_corrections_of_one_report_at_once_post_only_one(tmp_path):
    lic = Licensee()
    original = lic.post(tmp_path, 0, "2027-Q3", Q3_ON_TIME)
    lic.close("2027-Q3")
    results: list[str] = []
    barrier = threading.Barrier(2)

    def attempt(units: int) -> None:
        try:
            path = write_csv(
                tmp_path / f"correction-{units}.csv",
                [row(lic.deal, isbn=lic.isbns[0], units=str(units))],
            )
            barrier.wait()
            report = usage_import(
                contract=lic.contracts[0],
                period="2027-Q3",
                path=str(path),
                keep_file=False,
                corrects=original,
            )
            results.append(report.status)
        except ValidationError:
            results.append("refused")
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(u,)) for u in (31, 32)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(results) in (["posted", "refused"], ["posted", "rejected"]), results
    assert UsageReport.objects.filter(replaces=original, status="posted").count() == 1
    winner = UsageReport.objects.get(replaces=original, status="posted")
    units = winner.lines.get().units
    q4 = lic.close("2027-Q4")
    (adjustment,) = [
        ln for ln in q4[lic.contracts[0].pk].lines.all() if ln.kind == LineKind.ADJUSTMENT
    ]
    assert adjustment.units == units - 30


@pytest.mark.django_db(transaction=True)
def test_a_report_posting_while_its_period_closes_is_stated_once(tmp_path):
    """The close either reads the lines or the posting records them as late (the share
    lock on the licensee's contracts): never neither, never both."""
    lic = Licensee()
    lic.post(tmp_path, 0, "2027-Q3", Q3_ON_TIME)
    outcome: dict[str, str] = {}
    barrier = threading.Barrier(2)

    def post() -> None:
        try:
            barrier.wait()
            lic.post(tmp_path, 1, "2027-Q3", Q3_LATE)
            outcome["post"] = "posted"
        finally:
            connection.close()

    def close() -> None:
        try:
            barrier.wait()
            lic.close("2027-Q3")
            outcome["close"] = "closed"
        except ValidationError:  # "still being imported": closed again below
            outcome["close"] = "refused"
        finally:
            connection.close()

    threads = [threading.Thread(target=post), threading.Thread(target=close)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert outcome["post"] == "posted", outcome
    lic.close("2027-Q3")  # closes only what is new
    lic.close("2027-Q4")
    for index, contract in enumerate(lic.contracts):
        assert lic.stated(contract) == one_computation([Q3_ON_TIME + Q3_LATE, []], index)


# --- the property: any split, any order relative to the closes ------------------------------------

PERIODS = ["2027-Q3", "2027-Q4", "2028-Q1"]
usage_line = st.tuples(
    st.integers(0, 2),  # work
    st.integers(0, 1),  # period: 2027-Q3 or 2027-Q4
    st.integers(1, 40),  # units
    st.sampled_from(["12.50", "9.99", "7.33"]),
)
# A report: how many closes after its period it arrives (0 = on time), and whether it is
# first filed short (units halved) and then corrected — or first filed in part and then
# sent again whole in a file that repeats the part (skipped at review).
report_plan = st.tuples(st.integers(0, 2), st.sampled_from(["once", "corrected", "resent"]))


@settings(
    max_examples=25,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
    # An example builds three contracts and closes three periods (about a second): no
    # shrinking, which would take minutes; a failure prints its example as drawn.
    phases=[Phase.explicit, Phase.reuse, Phase.generate],
)
@given(
    lines=st.lists(usage_line, min_size=1, max_size=12),
    plans=st.lists(report_plan, min_size=3, max_size=3),
    correct_after=st.integers(0, 1),
    data=st.data(),
)
def test_any_split_into_late_corrected_and_overlapping_reports_pays_as_one_on_time_report(
    tmp_path_factory, fast_pdf, lines, plans, correct_after, data
):
    tmp_path = tmp_path_factory.mktemp("split")
    # A licensee in a country with no withholding rate: tax is rounded per statement,
    # so with it the sum of payables could differ by a cent per close.
    lic = Licensee(advance="20", country="KH", spare=True)
    # Each line goes to one of three reports per period (filed under distinct contracts,
    # so the per-contract duplicate check never refuses one). Each line carries the
    # licensee's own line id: two equal lines are two sales, not one sent twice.
    slots = [data.draw(st.integers(0, 2)) for _ in lines]
    groups: dict[tuple[int, int], list[tuple]] = {}
    for index, ((work, period, units, price), slot) in enumerate(zip(lines, slots, strict=True)):
        groups.setdefault((period, slot), []).append((work, units, price, f"L{index}"))
    # What posts before each close: close k is PERIODS[k].
    events: dict[int, list] = {0: [], 1: [], 2: []}
    # Per period, one file (under the spare contract) sending the resent groups whole.
    resend: dict[int, tuple[int, list]] = {}
    for (period, slot), group in groups.items():
        filing = slot
        delay, plan = plans[slot]
        arrives = min(period + delay, 2)
        if plan == "resent" and len(group) > 1:
            part = group[: len(group) // 2]
            events[arrives].append(("post", period, filing, part, None))
            at, whole = resend.get(period, (0, []))
            resend[period] = (max(at, min(arrives + correct_after, 2)), whole + group)
        elif plan == "corrected":
            # Short, not long: a period that ends negative carries a balance forward
            # instead of paying, and then "paid" alone would not compare.
            wrong = [(w, (units + 1) // 2, price, lid) for w, units, price, lid in group]
            fixed_at = min(arrives + correct_after, 2)
            events[arrives].append(("wrong", period, filing, wrong, (period, slot)))
            events[fixed_at].append(("fix", period, filing, group, (period, slot)))
        else:
            events[arrives].append(("post", period, filing, group, None))
    for period, (at, whole) in resend.items():
        events[at].append(("resend", period, lic.spare, whole, None))
    posted: dict[tuple, UsageReport] = {}
    for index, period in enumerate(PERIODS):
        for kind, usage_period, filing, group, key in events[index]:
            if kind == "fix":
                lic.post(tmp_path, filing, PERIODS[usage_period], group, corrects=posted[key])
                continue
            if kind == "resend":
                lic.post(tmp_path, filing, PERIODS[usage_period], group, skip=True)
                continue
            report = lic.post(tmp_path, filing, PERIODS[usage_period], group)
            if key is not None:
                posted[key] = report
        lic.close(period)
    by_period = [
        [(w, u, p) for w, period, u, p in lines if period == 0],
        [(w, u, p) for w, period, u, p in lines if period == 1],
        [],
    ]
    for index, contract in enumerate(lic.contracts):
        expected = one_computation(by_period, index)
        assert lic.stated(contract) == expected
        paid = sum((s.amount_payable for s in Statement.objects.filter(contract=contract)), D(0))
        assert paid == max(D(0), expected - D(20))


def test_the_import_command_files_a_correction(tmp_path, capsys):
    lic = Licensee()
    original = lic.post(tmp_path, 0, "2027-Q3", Q3_ON_TIME)
    path = write_csv(tmp_path / "fixed.csv", [row(lic.deal, isbn=lic.isbns[0], units="31")])
    call_command(
        "import_usage",
        str(path),
        contract=lic.contracts[0].pk,
        period="2027-Q3",
        corrects=original.pk,
        json=True,
    )
    result = json.loads(capsys.readouterr().out)
    assert result["status"] == "posted" and result["replaces"] == original.pk
