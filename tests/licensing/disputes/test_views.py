"""Pages: filing, refusals over HTTP, dashboard with charts and exports, public summary."""

from __future__ import annotations

import io
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from openpyxl import load_workbook

from catalog.services import work_create
from licensing.disputes.cases import case_accept, case_assign_mediator, case_fail
from licensing.disputes.evidence import evidence_upload
from licensing.disputes.models import Case, CaseStatus
from tests.factories.catalog import make_party, make_user, work_input
from tests.licensing.disputes.test_disputes import file_case, make_mediator
from tests.mfa import login_with_mfa

pytestmark = pytest.mark.django_db


def url(name: str, *args: object, lang: str = "en") -> str:
    with translation.override(lang):
        return reverse(name, args=args)


def login(client, user) -> None:
    # Staff and mediators need a second factor in the session (catalog.kernel.mfa).
    login_with_mfa(client, user)


def test_claimant_files_a_case_through_the_form(client):
    user = make_user(email="holder@example.cn")
    party = make_party(member=user)
    work = work_create(holder=party, data=work_input())
    login(client, user)
    page = client.get(url("disputes:file"))
    assert page.status_code == 200
    response = client.post(
        url("disputes:file"),
        {
            "case_type": "infringement",
            "works": [work.pk],
            "summary": "Pirated e-book on a marketplace",
            "respondent_name": "E-book Bazaar",
            "respondent_url": "https://bazaar.example.com/item/9",
            "respondent_language": "vi",
            "respondent_time_zone": "Asia/Ho_Chi_Minh",
            "claimed_amount": "12000",
            "currency": "cny",
            "remedies": ["takedown", "damages"],
        },
    )
    case = Case.objects.get()
    assert response.status_code == 302 and response.url == url("disputes:detail", case.pk)
    assert case.claimed_amount == Decimal("12000") and case.currency == "CNY"
    assert list(case.works.all()) == [work]
    detail = client.get(response.url)
    assert case.number in detail.content.decode()


def test_form_errors_are_shown_not_raised(client):
    user = make_user()
    make_party(member=user)
    login(client, user)
    response = client.post(
        url("disputes:file"),
        {
            "case_type": "infringement",
            "summary": "No respondent contact",
            "respondent_name": "Somebody",
            "respondent_language": "en",
            "respondent_time_zone": "Asia/Shanghai",
        },
    )
    assert response.status_code == 200 and not Case.objects.exists()


def test_party_cannot_open_another_case_or_its_evidence(client):
    owner = make_user()
    make_party(member=owner)
    case = file_case(claimant_user=owner)
    item = evidence_upload(
        case=case, actor=owner, file=SimpleUploadedFile("a.txt", b"secret"), description="A"
    )
    stranger = make_user()
    make_party(member=stranger)
    file_case(claimant_user=stranger)
    login(client, stranger)
    assert client.get(url("disputes:detail", case.pk)).status_code == 404
    assert client.get(url("disputes:evidence", item.pk)).status_code == 404
    login(client, owner)
    download = client.get(url("disputes:evidence", item.pk))
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"secret"


def test_mediator_cannot_open_or_act_on_unassigned_case(client):
    staff = make_user(roles=["staff"], is_staff=True)
    mine_mediator, other_mediator = make_mediator(), make_mediator()
    case = case_accept(case=file_case(), actor=staff)
    case = case_assign_mediator(case=case, actor=staff, mediator=other_mediator)
    login(client, mine_mediator)
    assert client.get(url("disputes:detail", case.pk)).status_code == 404
    assert client.post(url("disputes:action", case.pk, "fail")).status_code == 404
    case.refresh_from_db()
    assert case.status == CaseStatus.MEDIATING
    login(client, other_mediator)
    assert client.get(url("disputes:detail", case.pk)).status_code == 200
    queue = client.get(url("disputes:queue"))
    assert case.number in queue.content.decode()


def test_accepting_twice_over_http_is_refused(client):
    staff = make_user(roles=["staff"], is_staff=True)
    case = file_case()
    login(client, staff)
    client.post(url("disputes:action", case.pk, "accept"))
    response = client.post(url("disputes:action", case.pk, "accept"), follow=True)
    assert "status" in response.content.decode()
    assert case.events.filter(action="accept").count() == 1


def test_party_cannot_accept_own_case(client):
    owner = make_user()
    make_party(member=owner)
    case = file_case(claimant_user=owner)
    login(client, owner)
    assert client.post(url("disputes:action", case.pk, "accept")).status_code == 403


def test_dashboard_staff_only_with_charts_and_exports(client):
    staff = make_user(roles=["staff"], is_staff=True)
    mediator = make_mediator()
    case = case_accept(case=file_case(), actor=staff)
    case = case_assign_mediator(case=case, actor=staff, mediator=mediator)
    case = case_fail(case=case, actor=mediator)
    year = case.closed_at.year
    query = f"?start={year}-01-01&end={year}-12-31&period=month"
    login(client, make_user())
    assert client.get(url("disputes:dashboard")).status_code == 403
    login(client, staff)
    page = client.get(url("disputes:dashboard") + query).content.decode()
    assert "<svg" in page and "Dispute dashboard" in page
    csv_response = client.get(url("disputes:dashboard") + query + "&format=csv")
    csv = b"".join(csv_response.streaming_content).decode()
    assert csv.splitlines()[0].startswith("period,case_type,accepted")
    xlsx = client.get(url("disputes:dashboard") + query + "&format=xlsx")
    sheet = load_workbook(io.BytesIO(b"".join(xlsx.streaming_content))).active
    assert sheet["A1"].value == "period" and sheet.max_row > 1


def test_public_statistics_has_no_party_names(client):
    staff = make_user(roles=["staff"], is_staff=True)
    case = case_accept(case=file_case(), actor=staff)
    year = case.accepted_at.year
    page = client.get(
        url("disputes:statistics", lang="zh-hans") + f"?start={year}-01-01&end={year}-12-31"
    ).content.decode()
    assert "Sunset Prints Shop" not in page and "<table" in page


def test_party_cannot_attach_another_cases_evidence_by_number(client):
    owner = make_user()
    make_party(member=owner)
    secret_case = file_case(claimant_user=owner)
    secret = evidence_upload(
        case=secret_case,
        actor=owner,
        file=SimpleUploadedFile("contract.pdf", b"confidential"),
        description="Confidential",
    )
    intruder = make_user()
    make_party(member=intruder)
    own_case = file_case(claimant_user=intruder)
    login(client, intruder)
    client.post(
        url("disputes:action", own_case.pk, "evidence"),
        {"description": "Look", "entry_seq": secret.entry.seq},
    )
    assert not own_case.evidence.exists()
    # The owner may attach it to their other case.
    other_case = file_case(claimant_user=owner)
    login(client, owner)
    client.post(
        url("disputes:action", other_case.pk, "evidence"),
        {"description": "Same document", "entry_seq": secret.entry.seq},
    )
    assert list(other_case.evidence.values_list("entry", flat=True)) == [secret.entry.seq]
