"""Royalty-stream sales through the services: eligibility, sealed bids, the close, settlement
and what the royalty close then pays the buyer and the holder."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from catalog.kernel.workflow import SYSTEM
from finance.ledger.selectors import account_balance, trial_balance
from finance.ledger.services import AccountKind, account_for
from finance.models import InvoiceStatus
from finance.pledges import services as pledges
from finance.streams import services
from finance.streams.eligibility import history_sufficient, offer_eligibility
from finance.streams.models import StreamHolding, StreamOffer, StreamStatus
from finance.streams.selectors import bids_visible, offer_band
from finance.streams.tasks import close_due
from licensing.royalties.models import LineKind, Statement
from licensing.royalties.services import period_close
from marketplace.listings.models import Notification
from tests.factories.catalog import make_user
from tests.factories.pledges import Holder, make_bank, make_court, make_pledge
from tests.factories.streams import StreamDeal, make_bidder, pay

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("fast_pdf")]
D0 = dt.date


def _past(offer: StreamOffer) -> StreamOffer:
    """Move the closing time behind us (as the clock would)."""
    StreamOffer.objects.filter(pk=offer.pk).update(
        closes_at=timezone.now() - dt.timedelta(seconds=1)
    )
    offer.refresh_from_db()
    return offer


def _periods(months: int) -> list[tuple[str, dt.date, dt.date]]:
    rows = []
    for i in range(months):
        year, month = 2027 + i // 12, i % 12 + 1
        end = (D0(year + month // 12, month % 12 + 1, 1)) - dt.timedelta(days=1)
        rows.append((f"{year}-{month:02d}", D0(year, month, 1), end))
    return rows


def test_history_needs_twelve_periods_or_three_years():
    assert history_sufficient(_periods(12))
    assert not history_sufficient(_periods(11))
    three_years = [
        ("2027", D0(2027, 1, 1), D0(2027, 12, 31)),
        ("2029", D0(2029, 1, 1), D0(2029, 12, 31)),
    ]
    assert history_sufficient(three_years)
    assert not history_sufficient(three_years[:1])
    assert not history_sufficient([])


def test_short_history_is_refused_until_staff_verify_external_statements(tmp_path):
    deal = StreamDeal(tmp_path, periods=["2027-H1", "2027-H2"])
    offer = deal.offer()
    with pytest.raises(ValidationError) as refused:
        services.stream_offer_open(offer=offer, user=deal.seller)
    assert "12 closed statement periods" in str(refused.value.message_dict["works"])
    assert StreamOffer.objects.get(pk=offer.pk).status == StreamStatus.DRAFT
    with pytest.raises(PermissionDenied):
        services.stream_external_verify(offer=offer, user=deal.seller, note="my own word")
    staff = make_user(is_staff=True)
    services.stream_external_verify(offer=offer, user=staff, note="CISAC statements 2019–2026")
    opened = services.stream_offer_open(offer=offer, user=deal.seller)
    assert opened.status == StreamStatus.OPEN and opened.events.last().action == "open"


def test_three_years_of_statements_open_the_offer_with_a_band(tmp_path):
    deal = StreamDeal(tmp_path)
    offer = deal.offer()
    assert offer_eligibility(offer).ok
    services.stream_offer_open(offer=offer, user=deal.seller)
    band = offer_band(offer)
    assert band is not None and D(0) < band.p10 <= band.p50 <= band.p90
    assert band.chart.startswith("<svg") or "<svg" in band.chart[:200]
    # The band is the share sold: a whole stream's band is four times a quarter's.
    whole = offer_band(deal.offer(share_percent=D("100")))
    assert whole.p50 == pytest.approx(band.p50 * 4, rel=D("0.001"))


def test_someone_else_cannot_offer_the_holders_stream(tmp_path):
    deal = StreamDeal(tmp_path, periods=[])
    _user, stranger = make_bidder("Stranger Ltd")
    with pytest.raises(PermissionDenied):
        deal.offer(holder=stranger)
    assert not StreamOffer.objects.exists()


def test_sealed_bids_are_hidden_until_the_close_and_the_highest_at_reserve_wins(tmp_path):
    deal = StreamDeal(tmp_path)
    offer = deal.offer(reserve=D("200"))
    services.stream_offer_open(offer=offer, user=deal.seller)
    a_user, a = make_bidder("Harbour Music Fund")
    b_user, b = make_bidder("Mekong Royalty Partners", country="TH")
    services.stream_bid_place(offer=offer, bidder=a, amount="250", user=a_user)
    services.stream_bid_place(offer=offer, bidder=b, amount="240", user=b_user)
    services.stream_bid_place(offer=offer, bidder=b, amount="300.50", user=b_user)
    with pytest.raises(ValidationError):  # raise only
        services.stream_bid_place(offer=offer, bidder=b, amount="260", user=b_user)
    with pytest.raises(ValidationError):  # cents only
        services.stream_bid_place(offer=offer, bidder=a, amount="260.001", user=a_user)
    with pytest.raises(PermissionDenied):  # a bidder acts only for its own party
        services.stream_bid_place(offer=offer, bidder=a, amount="999", user=b_user)
    with pytest.raises(ValidationError):
        services.stream_bid_place(offer=offer, bidder=deal.licensor, amount="999", user=deal.seller)
    # Sealed: the holder sees no amounts, each bidder only its own.
    assert bids_visible(offer, deal.seller) == []
    assert [bid.amount for bid in bids_visible(offer, a_user)] == [D("250")]
    assert [bid.amount for bid in bids_visible(offer, b_user)] == [D("300.50")]
    with pytest.raises(ValidationError):  # not before its time
        services.stream_offer_close(offer=offer, user=deal.seller)
    with pytest.raises(ValidationError):  # the holder cannot withdraw a live auction
        services.stream_offer_cancel(offer=offer, user=deal.seller)
    _past(offer)
    with pytest.raises(PermissionDenied):
        services.stream_offer_close(offer=offer, user=a_user)
    closed = services.stream_offer_close(offer=offer, user=deal.seller)
    assert closed.status == StreamStatus.CLOSED and closed.buyer == b
    assert closed.amount == D("300.50") and closed.invoice.amount_due == D("300.50")
    assert closed.invoice.payer_id == b.pk and closed.invoice.payee_id == deal.licensor.pk
    assert closed.invoice.status == InvoiceStatus.OPEN
    assert [bid.bidder for bid in bids_visible(closed, deal.seller)] == [b, a]
    assert [bid.amount for bid in bids_visible(closed, a_user)] == [D("250")]
    with pytest.raises(ValidationError):
        services.stream_bid_place(offer=closed, bidder=a, amount="900", user=a_user)


def test_a_tie_goes_to_the_earliest_bid_and_the_beat_task_closes(tmp_path):
    deal = StreamDeal(tmp_path)
    offer = deal.offer(reserve=None)
    services.stream_offer_open(offer=offer, user=deal.seller)
    a_user, a = make_bidder("First Fund")
    b_user, b = make_bidder("Second Fund")
    services.stream_bid_place(offer=offer, bidder=a, amount="150", user=a_user)
    services.stream_bid_place(offer=offer, bidder=b, amount="150", user=b_user)
    _past(offer)
    assert close_due() == 1
    offer.refresh_from_db()
    assert offer.buyer == a and offer.status == StreamStatus.CLOSED
    assert close_due() == 0
    # Notices: the winner is asked to pay, the other bidder hears it did not win (no amounts).
    won = Notification.objects.get(user=a_user, kind="stream").text
    assert offer.invoice.number in won and "150" not in won
    assert "did not win" in Notification.objects.get(user=b_user, kind="stream").text


def test_no_bid_at_the_reserve_closes_unsold(tmp_path):
    deal = StreamDeal(tmp_path)
    offer = deal.offer(reserve=D("1000"))
    services.stream_offer_open(offer=offer, user=deal.seller)
    user, bidder = make_bidder("Low Ball Capital")
    services.stream_bid_place(offer=offer, bidder=bidder, amount="999.99", user=user)
    offer = services.stream_offer_close(offer=_past(offer), user=SYSTEM)
    assert offer.status == StreamStatus.CLOSED and offer.buyer is None and offer.invoice is None
    assert not StreamHolding.objects.exists()


def _sold(deal, *, term_periods=4, share="25", django_capture_on_commit_callbacks=None):
    offer = deal.offer(
        mode="fixed", price=D("500"), share_percent=D(share), term_periods=term_periods
    )
    services.stream_offer_open(offer=offer, user=deal.seller)
    user, buyer = make_bidder("Harbour Music Fund")
    offer = services.stream_buy(offer=offer, buyer=buyer, user=user)
    with django_capture_on_commit_callbacks(execute=True):
        pay(offer.invoice)
    offer.refresh_from_db()
    return offer, buyer


def test_payment_settles_into_a_holding_from_the_next_period(
    tmp_path, django_capture_on_commit_callbacks
):
    deal = StreamDeal(tmp_path)
    offer, buyer = _sold(
        deal, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks
    )
    assert offer.status == StreamStatus.SETTLED
    holding = offer.holding
    assert (holding.buyer, holding.holder, holding.share_percent) == (buyer, deal.licensor, D(25))
    assert (holding.start_period, holding.end_period) == ("2030-H1", "2031-H2")
    assert (holding.starts_on, holding.ends_on) == (D0(2030, 1, 1), D0(2031, 12, 31))
    # Settling again (a replayed event) changes nothing.
    assert services.stream_offer_settle(offer=offer) == holding
    assert StreamHolding.objects.count() == 1


def test_first_statement_after_settlement_pays_the_buyer_its_share(
    tmp_path, django_capture_on_commit_callbacks, celery_eager
):
    deal = StreamDeal(tmp_path)
    _offer, buyer = _sold(
        deal, term_periods=1, django_capture_on_commit_callbacks=django_capture_on_commit_callbacks
    )
    # 10 units × 12.50 × 10 % = 12.50 → 75 : 25 by largest remainder: 9.38 and 3.12.
    with django_capture_on_commit_callbacks(execute=True):
        statements = deal.close("2030-H1", units="10")
    by_payee = {s.payee_id: s for s in statements}
    assert set(by_payee) == {deal.licensor.pk, buyer.pk}
    holder, bought = by_payee[deal.licensor.pk], by_payee[buyer.pk]
    assert (holder.earnings, bought.earnings) == (D("9.38"), D("3.12"))
    assert (holder.share_percent, bought.share_percent) == (D("75"), D("25"))
    assert bought.lines.filter(kind=LineKind.EARNINGS).get().work_id == deal.work.pk
    # The ledger: each statement's payable in its payee's account, and balanced.
    payable = account_balance(account_for(party=buyer, kind=AccountKind.PAYABLE, currency="USD"))
    assert -payable == bought.amount_payable
    assert all(total == 0 for total in trial_balance().values())
    # A period closes once: closing it again adds nothing.
    assert period_close(contracts=[deal.contract], period="2030-H1") == []
    assert Statement.objects.filter(period="2030-H1").count() == 2
    # After the one-period term the holder has the whole share again.
    with django_capture_on_commit_callbacks(execute=True):
        later = deal.close("2030-H2", units="10")
    assert [(s.payee_id, s.earnings) for s in later] == [(deal.licensor.pk, D("12.50"))]


def test_pledged_work_needs_the_pledgees_consent():
    holder = Holder()
    work = holder.work()
    bank_user, bank = make_bank()
    pledge = make_pledge(holder, (bank_user, bank), works=[work])
    offer = services.stream_offer_create(
        user=holder.user,
        holder=holder.party,
        works=[work],
        title="Pledged stream",
        share_percent=D("10"),
        term_periods=None,
        mode="fixed",
        currency="CNY",
        price=D("9000"),
    )
    services.stream_external_verify(offer=offer, user=make_user(is_staff=True), note="2019–2026")
    with pytest.raises(ValidationError) as refused:
        services.stream_offer_open(offer=offer, user=holder.user)
    assert [pledge.number in reason for reason in refused.value.message_dict["works"]] == [True]
    with pytest.raises(PermissionDenied):
        services.stream_consent_give(offer=offer, pledge=pledge, user=holder.user)
    services.stream_consent_give(offer=offer, pledge=pledge, user=bank_user)
    assert services.stream_offer_open(offer=offer, user=holder.user).status == StreamStatus.OPEN


def test_a_seized_work_cannot_be_offered_or_sold(tmp_path):
    deal = StreamDeal(tmp_path)
    offer = deal.offer(mode="fixed", price=D("500"))
    services.stream_offer_open(offer=offer, user=deal.seller)
    court_user, court = make_court()
    pledges.seizure_record(
        user=court_user,
        court=court,
        case_number="(2026)京0491民初88号",
        works=[deal.work],
        starts_on=timezone.localdate(),
        ends_on=None,
        right_types=None,
        document=SimpleUploadedFile(
            "order.pdf", b"%PDF-1.4 ruling", content_type="application/pdf"
        ),
    )
    user, buyer = make_bidder("Harbour Music Fund")
    with pytest.raises(ValidationError) as refused:
        services.stream_buy(offer=offer, buyer=buyer, user=user)
    assert "Seized" in str(refused.value.message_dict["works"])
    again = deal.offer()
    with pytest.raises(ValidationError):
        services.stream_offer_open(offer=again, user=deal.seller)
