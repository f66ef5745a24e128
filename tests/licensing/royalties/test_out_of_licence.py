"""Use outside the licence (issue 25): held in a queue, never silently stated.

A Vietnam-only translation contract receives a report with lines for VN, ID
and MY: only the VN line is stated; ID and MY wait in the out-of-licence
queue, the licensee sees them (with the reason) on the report page, and the
licensor invoices, accepts or disputes them on the contract's queue page.
"""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from finance.models import Invoice
from licensing.royalties.close import period_close
from licensing.royalties.models import (
    LateUsage,
    OutOfLicenceEvent,
    OutOfLicenceLine,
    UsageLine,
)
from licensing.royalties.outlicence import (
    held_lines_accept,
    held_lines_dispute,
    held_lines_invoice,
)
from tests.factories.catalog import make_user
from tests.factories.royalties import RoyaltyDeal, import_rows, row

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_pdf")]


@pytest.fixture
def deal():
    return RoyaltyDeal()


@pytest.fixture
def contract(deal):  # translation into Vietnamese, Vietnam only (the factory's terms)
    return deal.royalty_contract()


def post_vn_id_my(tmp_path, deal, contract, period="2027-Q1"):
    return import_rows(
        tmp_path,
        deal,
        contract,
        period,
        [
            row(deal, territory="VN", units="10"),
            row(deal, territory="ID", units="20"),
            row(deal, territory="MY", units="30"),
        ],
    )


def test_vietnam_only_contract_does_not_state_indonesia_and_malaysia(tmp_path, deal, contract):
    report = post_vn_id_my(tmp_path, deal, contract)
    assert report.status == "posted" and report.held_rows == 2
    (statement,) = period_close(contracts=[contract], period="2027-Q1")
    assert statement.earnings == D("12.50")  # 10 VN units × 12.50 × 10 %, not 60 units
    assert list(UsageLine.objects.values_list("territory", flat=True)) == ["VN"]
    held = OutOfLicenceLine.objects.order_by("row_no")
    assert [(h.territory, h.reason, h.status) for h in held] == [
        ("ID", "territory", "held"),
        ("MY", "territory", "held"),
    ]


def test_channel_and_term_outside_the_licence_are_held(tmp_path, deal):
    contract = deal.royalty_contract(right={"media": ["retail"]})
    import_rows(tmp_path, deal, contract, "2027-Q1", [row(deal), row(deal, channel="online")])
    assert OutOfLicenceLine.objects.get().reason == "channel"
    import_rows(tmp_path, deal, contract, "2026-Q4", [row(deal, title="early")])
    assert OutOfLicenceLine.objects.filter(reason="term").count() == 1


def test_licensee_sees_the_held_lines_with_their_reason(tmp_path, deal, contract, client):
    report = post_vn_id_my(tmp_path, deal, contract)
    client.force_login(deal.buyer)
    page = client.get(reverse("royalties:report", args=[report.pk])).content.decode()
    assert 'data-testid="held-lines"' in page
    assert page.count('data-testid="held-lines"') == 1
    assert page.count("territory not licensed") == 2
    assert 'data-testid="held-queue"' not in page  # the licensee sees, the licensor decides
    client.force_login(deal.seller)
    page = client.get(reverse("royalties:report", args=[report.pk])).content.decode()
    assert reverse("royalties:held_usage", args=[contract.pk]) in page


def test_accepted_lines_flow_into_the_next_statement(tmp_path, deal, contract):
    post_vn_id_my(tmp_path, deal, contract)
    period_close(contracts=[contract], period="2027-Q1")
    indonesia = OutOfLicenceLine.objects.get(territory="ID")
    held_lines_accept(lines=[indonesia], user=deal.seller, note="licensed by letter")
    assert LateUsage.objects.filter(contract=contract, period="2027-Q1").exists()
    import_rows(tmp_path, deal, contract, "2027-Q2", [row(deal, units="0", net_receipts="0")])
    (q2,) = period_close(contracts=[contract], period="2027-Q2")
    assert q2.adjustments == D("25.00")  # 20 ID units × 12.50 × 10 %, restated for Q1
    event = OutOfLicenceEvent.objects.get()
    assert (event.action, event.from_status, event.to_status, event.actor_id) == (
        "accept",
        "held",
        "accepted",
        deal.seller.pk,
    )


def test_invoicing_held_lines_issues_a_finance_invoice(tmp_path, deal, contract):
    post_vn_id_my(tmp_path, deal, contract)
    lines = list(OutOfLicenceLine.objects.all())
    invoice = held_lines_invoice(lines=lines, user=deal.seller)
    assert isinstance(invoice, Invoice)
    assert (invoice.payer_id, invoice.payee_id) == (deal.licensee.pk, deal.licensor.pk)
    assert invoice.amount_net == D("62.50")  # 50 units × 12.50 × 10 %
    assert set(OutOfLicenceLine.objects.values_list("status", flat=True)) == {"invoiced"}
    assert OutOfLicenceEvent.objects.filter(action="invoice").count() == 2
    assert not UsageLine.objects.filter(territory__in=["ID", "MY"]).exists()


def test_only_the_licensor_decides(tmp_path, deal, contract):
    post_vn_id_my(tmp_path, deal, contract)
    line = OutOfLicenceLine.objects.first()
    with pytest.raises(PermissionDenied):
        held_lines_dispute(lines=[line], user=deal.buyer)
    held_lines_dispute(lines=[line], user=deal.seller)
    line.refresh_from_db()
    assert line.status == "disputed"


def test_queue_page_for_the_licensor(tmp_path, deal, contract, client):
    post_vn_id_my(tmp_path, deal, contract)
    url = reverse("royalties:held_usage", args=[contract.pk])
    client.force_login(deal.buyer)
    assert client.get(url).status_code == 404
    client.force_login(deal.seller)
    page = client.get(url).content.decode()
    assert 'value="accept"' in page and 'value="invoice"' in page and 'value="dispute"' in page
    ids = [str(pk) for pk in OutOfLicenceLine.objects.values_list("pk", flat=True)]
    response = client.post(url, {"action": "dispute", "line": ids})
    assert response.status_code == 302 and reverse("disputes:file") in response["Location"]
    assert set(OutOfLicenceLine.objects.values_list("status", flat=True)) == {"disputed"}


def test_accepting_after_the_late_report_was_restated_still_pays(tmp_path, deal, contract):
    """The late record a close already restated is reopened: the accepted line is stated."""
    import_rows(tmp_path, deal, contract, "2027-Q1", [row(deal, units="10")])
    period_close(contracts=[contract], period="2027-Q1")
    import_rows(  # a correction of Q1 that adds an Indonesian line: held
        tmp_path,
        deal,
        contract,
        "2027-Q1",
        [row(deal, units="10", title="v2"), row(deal, territory="ID", units="20", title="v2")],
        replace=True,
    )
    import_rows(tmp_path, deal, contract, "2027-Q2", [row(deal, units="0", net_receipts="0")])
    (q2,) = period_close(contracts=[contract], period="2027-Q2")
    assert q2.adjustments == D("0.00")  # the correction restates VN unchanged; ID is held
    assert not LateUsage.objects.filter(restated_in__isnull=True).exists()
    held_lines_accept(lines=list(OutOfLicenceLine.objects.all()), user=deal.seller)
    import_rows(
        tmp_path, deal, contract, "2027-Q3", [row(deal, units="0", net_receipts="0", title="q3")]
    )
    (q3,) = period_close(contracts=[contract], period="2027-Q3")
    assert q3.adjustments == D("25.00")  # 20 ID units × 12.50 × 10 %


def test_dispute_link_prefills_the_filing_form_for_parties_only(tmp_path, deal, contract, client):
    url = f"{reverse('disputes:file')}?work={contract.work_id}&contract={contract.pk}"
    client.force_login(deal.seller)
    form = client.get(url).context["form"]
    assert form.initial["case_type"] == "contract"
    assert form.initial["subject_ref"] == contract.number
    assert form.initial["respondent_name"] == contract.licensee.name
    assert form.initial["works"] == [contract.work_id]
    # A stranger's link fills nothing of a contract that is not theirs.
    client.force_login(make_user())
    assert client.get(url).context["form"].initial == {}


def test_format_outside_the_licence_is_held_and_old_print_media_mean_print_formats(tmp_path, deal):
    """A right's formats restrict what is licensed whatever the channel; a right written
    before the split with media ["print"] licenses the print formats through every
    channel (licensing.terms.legacy_media)."""
    contract = deal.royalty_contract(right={"media": ["print"]})
    rights = contract.get_terms().rights[0]
    assert rights.media == () and "paperback" in rights.formats and "ebook" not in rights.formats
    import_rows(
        tmp_path,
        deal,
        contract,
        "2027-Q1",
        [row(deal), row(deal, channel="online", format="Hard back"), row(deal, format="E-Book")],
    )
    held = OutOfLicenceLine.objects.get()
    assert (held.row_no, held.channel, held.format, held.reason) == (4, "retail", "ebook", "format")
    assert UsageLine.objects.count() == 2


def test_held_lines_are_invoiced_at_the_rate_of_their_channel_and_format(tmp_path, deal):
    """Two rates on one channel, one per format: each held line takes its format's."""
    contract = deal.royalty_contract(
        royalty_rates=[
            {"channel": "online", "format": "ebook", "basis": "net_receipts", "rate": "25"},
            {"channel": "online", "format": "audiobook", "basis": "net_receipts", "rate": "20"},
            {"channel": "*", "basis": "net_receipts", "rate": "5"},
        ]
    )
    import_rows(
        tmp_path,
        deal,
        contract,
        "2027-Q1",
        [
            row(deal, territory="ID", channel="online", format="audiobook"),
            row(deal, territory="ID", channel="online", format="ebook"),
            row(deal, territory="ID", channel="retail", format="paperback"),
        ],
    )
    invoice = held_lines_invoice(lines=list(OutOfLicenceLine.objects.all()), user=deal.seller)
    assert invoice.amount_net == D("30.00")  # 60.00 net each: 12.00 + 15.00 + 3.00
