"""Valuation reports before lending: the holder's own, a bank's with consent, the external
history CSV, immutability once issued, attachment to a pledge application, the pages."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, connection, transaction

from finance.pledges.services import PledgeInput
from finance.valuation.model import Assumptions
from finance.valuation.models import ReportStatus, ValuationReport
from finance.valuation.reports import (
    pledge_apply_with_report,
    valuation_report_consent,
    valuation_report_decline,
    valuation_report_request,
    valuation_report_run,
)
from i18n.languages import LANGUAGE_CODES
from tests.factories.catalog import make_party, make_user
from tests.factories.pledges import Holder, make_bank
from tests.factories.royalties import usd_cny
from tests.mfa import login_with_mfa

pytestmark = pytest.mark.django_db
FAST = Assumptions(scenarios=300, min_fit_points=4, seed=11)


def history_csv(rows: list[str], name: str = "history.csv") -> SimpleUploadedFile:
    text = "work,period,currency,amount,source\n" + "\n".join(rows) + "\n"
    return SimpleUploadedFile(name, text.encode(), "text/csv")


def quarters(work_id: int | str, amounts: list[str], *, year: int = 2024, currency="CNY"):
    return [
        f"{work_id},{year + i // 4}-Q{i % 4 + 1},{currency},{amount},CCSC statement"
        for i, amount in enumerate(amounts)
    ]


@pytest.fixture
def holder():
    return Holder()


def _issued(report: ValuationReport) -> ValuationReport:
    valuation_report_run(report_id=report.pk)
    report.refresh_from_db()
    return report


def test_holder_values_own_work_with_external_history_and_ltv(
    holder, django_capture_on_commit_callbacks, celery_eager
):
    work = holder.work()
    with django_capture_on_commit_callbacks(execute=True):
        report = valuation_report_request(
            user=holder.user,
            requester=holder.party,
            works=[work],
            currency="CNY",
            loan_amount=Decimal("50000.00"),
            assumptions=FAST,
            history_file=history_csv(quarters(work.pk, ["10000"] * 8)),
        )
    report.refresh_from_db()  # the job ran after commit (eager Celery)
    assert report.status == ReportStatus.ISSUED and report.progress == 100
    assert re.fullmatch(r"VAL-\d{4}-\d{6}", report.number)
    valuation = report.valuation
    assert valuation.pledge is None and valuation.p10 <= valuation.p50 <= valuation.p90
    assert valuation.p50 > 0
    assert abs(valuation.ltv_p50 - Decimal("50000") / valuation.p50) < Decimal("0.00001")
    assert valuation.ltv_p10 >= valuation.ltv_p50
    # The external rows are the history the model used, dated at each quarter's first day.
    assert len(report.external_history) == 8
    assert valuation.inputs["history"][str(work.pk)][0] == ["2024-01-01", "10000.00"]
    assert len(report.series["p50"]) == FAST.horizon
    # Re-running the job (a redelivered task) changes nothing.
    again = _issued(report)
    assert again.valuation_id == valuation.pk and again.number == report.number


def test_bank_request_waits_for_the_holders_consent(holder):
    work = holder.work()
    bank_user, bank = make_bank()
    report = valuation_report_request(
        user=bank_user,
        requester=bank,
        works=[work],
        currency="CNY",
        loan_amount=Decimal("80000.00"),
        assumptions=FAST,
    )
    assert report.status == ReportStatus.AWAITING_CONSENT
    # The job leaves an unconsented request alone: no statement is read, no figure exists.
    assert _issued(report).valuation is None
    with pytest.raises(PermissionDenied):
        valuation_report_consent(report_id=report.pk, user=bank_user)
    valuation_report_consent(report_id=report.pk, user=holder.user)
    report = _issued(report)
    assert report.status == ReportStatus.ISSUED and report.valuation.ltv_p50 is None  # no history
    assert [e.action for e in report.events.all()] == ["request", "consent", "issue"]

    declined = valuation_report_request(
        user=bank_user,
        requester=bank,
        works=[work],
        currency="CNY",
        loan_amount=Decimal("80000.00"),
    )
    valuation_report_decline(report_id=declined.pk, user=holder.user, note="not now")
    assert _issued(declined).status == ReportStatus.DECLINED and declined.valuation is None


def test_who_may_ask(holder):
    work = holder.work()
    outsider = make_user()
    publisher = make_party(name="Another publisher", member=outsider)
    ask = dict(works=[work], currency="CNY", loan_amount=Decimal("1000.00"))
    with pytest.raises(ValidationError) as refused:  # neither the holder nor a bank
        valuation_report_request(user=outsider, requester=publisher, **ask)
    assert "requester" in refused.value.message_dict
    with pytest.raises(PermissionDenied):  # a party the user does not act for
        valuation_report_request(user=outsider, requester=holder.party, **ask)
    other = Holder()
    with pytest.raises(ValidationError) as mixed:
        valuation_report_request(
            user=holder.user, requester=holder.party, **{**ask, "works": [work, other.work()]}
        )
    assert "works" in mixed.value.message_dict
    assert not ValuationReport.objects.exists()


def test_a_bad_history_file_is_refused_whole(holder):
    work, second = holder.work(), holder.work()
    rows = [
        *quarters(work.pk, ["100", "200"]),
        f"{work.pk},2024-Q5,CNY,10,CCSC",  # no such quarter
        f"{second.pk},2024-03,CNY,abc,CCSC",  # not a number
        "999999,2024,CNY,10,CCSC",  # not a work of the report
        ",2024-H1,CNY,10,CCSC",  # several works: the row must say which
        f"{work.pk},2024-07,EUR,10,Label",  # no EUR/CNY rate
        f"{work.pk},2024-Q1,CNY,100,CCSC statement",  # a duplicate of the first row
        f"{work.pk},2024-Q4,CNY,1.234,CCSC",  # more decimals than CNY has
        f"{work.pk},2024-Q4,CNY,5,",  # no source
    ]
    with pytest.raises(ValidationError) as refused:
        valuation_report_request(
            user=holder.user,
            requester=holder.party,
            works=[work, second],
            currency="CNY",
            loan_amount=Decimal("1000.00"),
            history_file=history_csv(rows),
        )
    messages = refused.value.message_dict["history_file"]
    expected = [
        ("Row 4, period", "2024-Q5"),
        ("Row 5, amount", "abc"),
        ("Row 6, work", "999999"),
        ("Row 7, work", ""),
        ("Row 8, currency", "EUR"),
        ("Row 9, period", "2024-Q1"),
        ("Row 10, amount", "1.234"),
        ("Row 11, source", ""),
    ]
    assert len(messages) == len(expected), messages
    for message, (where, value) in zip(messages, expected, strict=True):
        assert message.startswith(f"{where} “{value}”"), message
    assert not ValuationReport.objects.exists()  # all or nothing


def test_external_history_in_another_currency_is_converted(holder):
    usd_cny(rate="7.0000", on=dt.date(2023, 12, 31))
    work = holder.work()
    report = valuation_report_request(
        user=holder.user,
        requester=holder.party,
        works=[work],
        currency="CNY",
        loan_amount=Decimal("1000.00"),
        assumptions=FAST,
        history_file=history_csv([",2024-Q1,USD,100.50,Label statement"]),
    )
    row = report.external_history[0]
    assert (row["converted"], row["start"], row["rate_as_of"]) == (
        "703.50",
        "2024-01-01",
        "2023-12-31",
    )


def _raw(sql: str, pk: int) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, [pk])


def test_an_issued_report_never_changes(holder):
    work = holder.work()
    report = _issued(
        valuation_report_request(
            user=holder.user,
            requester=holder.party,
            works=[work],
            currency="CNY",
            loan_amount=Decimal("1000.00"),
            assumptions=FAST,
        )
    )
    for change in (
        lambda: ValuationReport.objects.filter(pk=report.pk).update(loan_amount=Decimal(1)),
        lambda: _raw("DELETE FROM valuation_valuationreport WHERE id = %s", report.pk),
        lambda: type(report.valuation).objects.filter(pk=report.valuation_id).update(reason="x"),
    ):
        with pytest.raises(DatabaseError), transaction.atomic():
            change()
    report.refresh_from_db()
    assert report.loan_amount == Decimal("1000.00")


def _pledge_input(holder, bank, works, currency="CNY"):
    return PledgeInput(
        pledgor=holder.party,
        pledgee=bank,
        secured_amount=Decimal("50000.00"),
        currency=currency,
        starts_on=dt.date(2026, 1, 1),
        ends_on=dt.date(2028, 12, 31),
        works=works,
    )


def test_report_is_attached_to_a_later_pledge_application(holder, client):
    work, other_work = holder.work(), holder.work()
    bank_user, bank = make_bank()
    report = valuation_report_request(
        user=bank_user, requester=bank, works=[work], currency="CNY", loan_amount=Decimal("5e4")
    )
    valuation_report_consent(report_id=report.pk, user=holder.user)
    report = _issued(report)
    # The pledge form offers the subject's issued report to the holder.
    client.force_login(holder.user)
    form = client.get("/en/pledges/new/").text
    assert report.number in form
    # Not over works the pledge does not cover, not in another currency: nothing is filed.
    with pytest.raises(ValidationError) as refused:
        pledge_apply_with_report(
            user=holder.user, data=_pledge_input(holder, bank, [other_work]), report=report
        )
    assert "valuation_report" in refused.value.message_dict
    with pytest.raises(ValidationError):
        pledge_apply_with_report(
            user=holder.user, data=_pledge_input(holder, bank, [work], "USD"), report=report
        )
    assert not bank.pledges_held.exists()
    pledge = pledge_apply_with_report(
        user=holder.user, data=_pledge_input(holder, bank, [work]), report=report
    )
    report.refresh_from_db()
    assert report.pledge == pledge
    with pytest.raises(ValidationError):  # attached once
        pledge_apply_with_report(
            user=holder.user, data=_pledge_input(holder, bank, [work]), report=report
        )
    # The pledge shows it, to the pledgee and to examiners examining the pledge.
    login_with_mfa(client, bank_user)
    page = client.get(f"/en/pledges/{pledge.pk}/").text
    assert report.number in page
    examiner = make_user(roles=["examiner"])
    login_with_mfa(client, examiner)
    assert client.get(f"/en/valuation/reports/{report.pk}/").status_code == 200


def test_request_through_the_pages_in_every_language(
    holder, client, django_capture_on_commit_callbacks, celery_eager
):
    work = holder.work()
    client.force_login(holder.user)
    form = client.get(f"/en/valuation/reports/new/?holder={holder.party.pk}")
    assert form.status_code == 200 and f"#{work.pk}" in form.text
    data = {
        "requester": holder.party.pk,
        "holder": holder.party.pk,
        "works": [work.pk],
        "currency": "CNY",
        "loan_amount": "60000",
        "discount_rate": "0.1",
        "horizon_years": "10",
        "scenarios": "200",
        "seed": "3",
        "history_file": history_csv(quarters("", ["9000", "8800", "8700", "8500"])),
    }
    bad = client.post(
        f"/en/valuation/reports/new/?holder={holder.party.pk}",
        {**data, "history_file": history_csv([",2024-13,CNY,1,x"])},
    )
    assert bad.status_code == 200 and "Row 2, period" in bad.text
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/en/valuation/reports/new/?holder={holder.party.pk}", data)
    report = ValuationReport.objects.get()
    assert response.status_code == 302 and report.status == ReportStatus.ISSUED
    for language in LANGUAGE_CODES:
        page = client.get(f"/{language}/valuation/reports/{report.pk}/")
        assert page.status_code == 200, language
        assert report.number in page.text and 'id="ltv-p50"' in page.text
        assert "<svg" in page.text
    status = client.get(f"/en/valuation/reports/{report.pk}/status/").json()
    assert status["done"] and status["progress"] == 100
    # Another holder's member does not learn the report exists.
    stranger = Holder()
    client.force_login(stranger.user)
    assert client.get(f"/en/valuation/reports/{report.pk}/").status_code == 404
    assert client.get(f"/en/valuation/reports/new/?holder={holder.party.pk}").status_code == 403
