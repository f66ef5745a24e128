"""Staff refunds: the page (reason, amount, ledger preview, confirmation), Stripe refunds
through localstripe, reconciliation by charge.refunded / refund.updated, the refundable
limit, and refunds after the licensor was paid out."""

from __future__ import annotations

from decimal import Decimal

import pytest
import stripe
from django.core.exceptions import PermissionDenied, ValidationError

from finance.ledger import postings
from finance.ledger.selectors import account_balance, trial_balance
from finance.ledger.services import account_for, journal_post
from finance.models import JournalEntry, Refund, RefundRequest
from finance.payments.refunds import refund_request_create, refund_request_submit
from finance.payments.selectors import refundable_remaining
from finance.payments.services import confirm_with_test_card, payment_intent_for_invoice
from finance.payouts.selectors import payable_balances
from tests.factories.catalog import make_user
from tests.finance.conftest import make_invoice, post_event
from tests.mfa import login_with_mfa

pytestmark = pytest.mark.django_db


def bal(party, kind, currency="USD"):
    return account_balance(account_for(party=party, kind=kind, currency=currency))


@pytest.fixture
def staff():
    return make_user(roles=["staff"])


def pay(client, capture, invoice) -> dict:
    intent = confirm_with_test_card(attempt=payment_intent_for_invoice(invoice=invoice))
    with capture(execute=True):
        assert post_event(client, "payment_intent.succeeded", intent).status_code == 200
    invoice.refresh_from_db()
    return intent


def charge_refunded(client, capture, intent) -> None:
    charge = stripe.Charge.retrieve(intent["latest_charge"]["id"]).to_dict()
    with capture(execute=True):
        assert post_event(client, "charge.refunded", charge).status_code == 200


def refund(invoice, staff, amount, reason="requested_by_customer", note=""):
    made = refund_request_create(
        invoice=invoice, user=staff, amount=Decimal(amount), reason=reason, note=note
    )
    return refund_request_submit(request=made)


def test_partial_refunds_up_to_the_total_then_refused(
    client, stripe_local, celery_eager, django_capture_on_commit_callbacks, staff
):
    capture = django_capture_on_commit_callbacks
    invoice = make_invoice(amounts=("100.00",))
    intent = pay(client, capture, invoice)
    first = refund(invoice, staff, "30.00")
    assert first.refund_id.startswith("re_") and first.status == "pending"
    assert refundable_remaining(invoice) == Decimal("70.00")  # reserved before Stripe reports
    second = refund(invoice, staff, "70.00", reason="other", note="licence cancelled")
    with pytest.raises(ValidationError) as err:  # nothing left, even before the events
        refund(invoice, staff, "0.01")
    assert "amount" in err.value.message_dict
    charge_refunded(client, capture, intent)

    invoice.refresh_from_db()
    assert invoice.status == "refunded" and invoice.amount_refunded == Decimal("100.00")
    assert {r.refund_id for r in Refund.objects.filter(invoice=invoice)} == {
        first.refund_id,
        second.refund_id,
    }
    assert set(RefundRequest.objects.values_list("status", flat=True)) == {"succeeded"}
    assert refundable_remaining(invoice) == 0
    with pytest.raises(ValidationError):
        refund(invoice, staff, "1.00")
    for kind in ("payable", "revenue", "cash_in_transit"):
        assert bal(invoice.payee if kind == "payable" else None, kind) == 0, kind
    assert RefundRequest.objects.count() == 2
    assert trial_balance() == {"USD": 0}


@pytest.mark.parametrize(
    ("amount", "field"), [("0", "amount"), ("10.005", "amount"), ("100.01", "amount")]
)
def test_bad_refund_amounts_record_nothing(
    client, stripe_local, celery_eager, django_capture_on_commit_callbacks, staff, amount, field
):
    invoice = make_invoice(amounts=("100.00",))
    pay(client, django_capture_on_commit_callbacks, invoice)
    with pytest.raises(ValidationError) as err:
        refund(invoice, staff, amount)
    assert field in err.value.message_dict
    assert not RefundRequest.objects.exists()


def test_refunds_are_staff_only_and_need_a_reason(staff):
    invoice = make_invoice(amounts=("100.00",))
    with pytest.raises(PermissionDenied):
        refund(invoice, make_user(), "10.00")
    with pytest.raises(ValidationError) as err:
        refund(invoice, staff, "10.00", reason="because")
    assert "reason" in err.value.message_dict
    with pytest.raises(ValidationError) as err:
        refund(invoice, staff, "10.00", reason="other")
    assert "note" in err.value.message_dict
    with pytest.raises(ValidationError) as err:  # nothing was paid
        refund(invoice, staff, "10.00")
    assert not RefundRequest.objects.exists()


def test_refund_after_a_partial_payout_claws_back_from_the_payable(
    client, stripe_local, celery_eager, django_capture_on_commit_callbacks, staff
):
    capture = django_capture_on_commit_callbacks
    invoice = make_invoice(amounts=("100.00",))  # licensor's share 90, commission 10
    payee = invoice.payee
    intent = pay(client, capture, invoice)
    # 60 of the licensor's 90 was paid out (the entry a payout run posts).
    journal_post(
        memo="payout",
        lines=postings.payout_lines(
            payee=payee, currency="USD", amount=Decimal("60.00"), provider="stripe"
        ),
        idempotency_key="test-partial-payout",
    )
    assert bal(payee, "payable") == Decimal("-30.00")
    refund(invoice, staff, "100.00")
    charge_refunded(client, capture, intent)
    assert bal(payee, "payable") == Decimal("60.00")  # the licensor owes the 60 paid out
    assert payee.pk not in {p for p, _c, _a in payable_balances()}  # a debit is never paid

    later = make_invoice(payee=payee, amounts=("100.00",))
    pay(client, capture, later)
    assert bal(payee, "payable") == Decimal("-30.00")  # 90 earned − 60 recovered
    assert (payee.pk, "USD", Decimal("30.00")) in payable_balances(currency="USD")
    assert trial_balance() == {"USD": 0}


def test_failed_refund_is_reversed(
    client, stripe_local, celery_eager, django_capture_on_commit_callbacks, staff
):
    capture = django_capture_on_commit_callbacks
    invoice = make_invoice(amounts=("100.00",))
    intent = pay(client, capture, invoice)
    made = refund(invoice, staff, "40.00")
    charge_refunded(client, capture, intent)
    invoice.refresh_from_db()
    assert invoice.status == "partly_refunded"
    failed = stripe.Refund.retrieve(made.refund_id).to_dict() | {
        "status": "failed",
        "failure_reason": "expired_or_canceled_card",
    }
    for _ in range(2):  # replayed
        with capture(execute=True):
            assert post_event(client, "refund.updated", failed).status_code == 200
    invoice.refresh_from_db()
    assert invoice.status == "paid" and invoice.amount_refunded == 0
    made.refresh_from_db()
    assert made.status == "failed" and made.error == "expired_or_canceled_card"
    assert Refund.objects.get(refund_id=made.refund_id).failed_at is not None
    assert JournalEntry.objects.filter(idempotency_key__endswith=":refund_failed").count() == 1
    assert refundable_remaining(invoice) == Decimal("100.00")
    assert bal(invoice.payee, "payable") == Decimal("-90.00")
    # A stale charge.refunded still listing it does not book it again.
    charge_refunded(client, capture, intent)
    invoice.refresh_from_db()
    assert invoice.amount_refunded == 0
    assert trial_balance() == {"USD": 0}


def test_refund_updated_succeeded_books_it_when_it_comes_first(
    client, stripe_local, celery_eager, django_capture_on_commit_callbacks, staff
):
    capture = django_capture_on_commit_callbacks
    invoice = make_invoice(amounts=("100.00",))
    intent = pay(client, capture, invoice)
    made = refund(invoice, staff, "25.00")
    updated = stripe.Refund.retrieve(made.refund_id).to_dict()
    with capture(execute=True):
        assert post_event(client, "refund.updated", updated).status_code == 200
    charge_refunded(client, capture, intent)  # the same refund again: no second booking
    invoice.refresh_from_db()
    assert invoice.amount_refunded == Decimal("25.00")
    assert Refund.objects.filter(invoice=invoice).count() == 1
    made.refresh_from_db()
    assert made.status == "succeeded"


def test_refund_page_previews_the_ledger_then_refunds(
    client, stripe_local, celery_eager, django_capture_on_commit_callbacks, staff
):
    capture = django_capture_on_commit_callbacks
    invoice = make_invoice(amounts=("150.00",), tax_rate="6")  # 159: 135 / 15 / 9
    intent = pay(client, capture, invoice)
    login_with_mfa(client, staff)
    url = f"/en/finance/invoices/{invoice.pk}/refund/"
    page = client.get(url).content.decode()
    assert 'data-testid="refundable"' in page and "$159.00" in page

    form = {"reason": "requested_by_customer", "note": "", "amount": "53.00", "preview": "1"}
    preview = client.post(url, form).content.decode()
    assert 'data-testid="refund-preview"' in preview and 'name="confirm"' in preview
    # A third of each share: cash −53, licensor +45 (−135 → −90), commission +5, tax +3.
    for kind, amount in (("payable", "$45.00"), ("revenue", "$5.00"), ("tax_withheld", "$3.00")):
        assert f'data-kind="{kind}"' in preview and amount in preview
    assert "-$90.00" in preview  # the licensor's payable after
    assert not RefundRequest.objects.exists() and Refund.objects.count() == 0

    too_much = client.post(url, form | {"amount": "159.01"}).content.decode()
    assert "refund-preview" not in too_much and "can still be refunded" in too_much

    done = client.post(url, form | {"confirm": "1"})
    assert done.status_code == 302
    made = RefundRequest.objects.get()
    assert made.requested_by == staff and made.refund_id.startswith("re_")
    charge_refunded(client, capture, intent)
    invoice.refresh_from_db()
    assert invoice.status == "partly_refunded" and invoice.amount_refunded == Decimal("53.00")
    assert bal(invoice.payee, "payable") == Decimal("-90.00")
    detail = client.get(f"/en/finance/invoices/{invoice.pk}/").content.decode()
    assert 'data-testid="refund-invoice"' in detail and 'data-testid="receipt"' in detail
    assert trial_balance() == {"USD": 0}


def test_refund_page_is_staff_only(client, staff):
    invoice = make_invoice(amounts=("100.00",))
    buyer = make_user()
    client.force_login(buyer)
    assert client.get(f"/en/finance/invoices/{invoice.pk}/refund/").status_code == 403
    login_with_mfa(client, staff)
    assert client.get(f"/en/finance/invoices/{invoice.pk}/refund/").status_code == 200
    assert client.get("/en/finance/invoices/999999/refund/").status_code == 404
